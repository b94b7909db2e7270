//! The one canonical layout of a log's text, shared by `fmt` (the whole file) and `add` (the
//! new event): the order of tables and of keys, double-quoted strings, short arrays on one
//! line, one blank line between entries. Comments stay with the entry or key they precede
//! (toml_edit keeps them in the decor of what follows them), and nothing is dropped.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// Key orders: the loader's lists of the keys each table may have, which follow PRODUCT.md's
/// format; a key not listed keeps its place after them.
pub use crate::load::{ACTOR_KEYS, ERA_KEYS, EVENT_KEYS, SOURCE_KEYS, TIMELINE_KEYS, VIEW_KEYS};

/// The top-level sections, in the order the canonical layout writes them.
pub const SECTIONS: &[&str] = &["timeline", "actors", "eras", "views", "events"];

/// An array is written on one line when `key = [...]` fits in this many columns.
const ONE_LINE: usize = 80;

/// Puts a table's keys in `order` and lays each key and value out canonically. Keys that
/// name sub-tables (`[[events.sources]]`) are left to [`tidy_sources`].
pub fn tidy_table(table: &mut Table, order: &[&str]) {
    let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
    table.sort_values_by(|a, _, b, _| rank(a.get()).cmp(&rank(b.get())));
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for key in keys {
        let is_value = table.get(&key).is_some_and(Item::is_value);
        if let Some(mut k) = table.key_mut(&key) {
            let comments = comment_block(raw(k.leaf_decor().prefix()));
            k.fmt();
            if is_value {
                k.leaf_decor_mut().set_prefix(comments);
                k.leaf_decor_mut().set_suffix(" ");
            }
        }
        if let Some(Item::Value(value)) = table.get_mut(&key) {
            tidy_value(value, key.len());
        }
    }
    let suffix = same_line_comment(raw(table.decor().suffix()));
    table.decor_mut().set_suffix(suffix);
}

/// Makes `sources = [{…}]` the `[[….sources]]` tables that follow their entry (when the
/// array holds only inline tables and no comment, which a table could not keep), and lays
/// each source out canonically.
pub fn tidy_sources(entry: &mut Table) {
    if let Some(item) = entry.get_mut("sources")
        && item.is_array()
        && comments_in_item(item).is_empty()
    {
        let taken = std::mem::take(item);
        *item = match taken.into_array_of_tables() {
            Ok(tables) => Item::ArrayOfTables(tables),
            Err(same) => same,
        };
        // The comments before `sources = ` go before the first `[[….sources]]`.
        if let Some(mut key) = entry.key_mut("sources") {
            let comments = comment_block(raw(key.leaf_decor().prefix()));
            key.fmt();
            if let Some(Item::ArrayOfTables(tables)) = entry.get_mut("sources")
                && let Some(first) = tables.get_mut(0)
            {
                first.decor_mut().set_prefix(comments);
            }
        }
    }
    if let Some(Item::ArrayOfTables(sources)) = entry.get_mut("sources") {
        for source in sources.iter_mut() {
            tidy_table(source, SOURCE_KEYS);
        }
    }
}

/// A value after `key = `: one space before it, a comment after it on the same line kept.
fn tidy_value(value: &mut Value, key_len: usize) {
    let suffix = same_line_comment(raw(value.decor().suffix()));
    match value {
        Value::String(_) => requote(value),
        Value::Array(array) => tidy_array(array, key_len),
        _ => {}
    }
    value.decor_mut().set_prefix(" ");
    value.decor_mut().set_suffix(suffix);
}

/// A string value double-quoted (see [`basic_string`]), its decor kept.
fn requote(value: &mut Value) {
    if let Value::String(s) = value
        && let Some(encoded) = basic_string(s)
        && let Ok(mut fresh) = encoded.parse::<Value>()
    {
        *fresh.decor_mut() = s.decor().clone();
        *value = fresh;
    }
}

/// A string written as a double-quoted (basic) string, when it is written otherwise (a
/// literal `'…'` or `'''…'''`); `None` to keep its text as written.
fn basic_string(s: &toml_edit::Formatted<String>) -> Option<String> {
    let written = s.as_repr().and_then(|r| r.as_raw().as_str())?;
    if written.starts_with('"') {
        return None;
    }
    Some(encode_string(s.value()))
}

/// `text` as a TOML basic string: `"…"`, or `"""…"""` when it holds a line break.
pub fn encode_string(text: &str) -> String {
    let multi = text.contains('\n');
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(if multi { "\"\"\"\n" } else { "\"" });
    let mut quotes = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            // In a multi-line string a quote is escaped only where it would end the string.
            '"' if multi && quotes < 2 && chars.peek().is_some() => {
                out.push('"');
                quotes += 1;
                continue;
            }
            '"' => out.push_str("\\\""),
            '\n' if multi => out.push('\n'),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
        quotes = 0;
    }
    out.push_str(if multi { "\"\"\"" } else { "\"" });
    out
}

/// Short arrays of plain values on one line; others one value a line, each comment kept on
/// the line it was on (after a value) or on its own line (before one).
fn tidy_array(array: &mut Array, key_len: usize) {
    for value in array.iter_mut() {
        requote(value);
    }
    let plain = array
        .iter()
        .all(|v| !matches!(v, Value::Array(_) | Value::InlineTable(_)));
    let no_comments = array.iter().all(|v| comments_in_value(v).is_empty())
        && comment_lines(raw(Some(array.trailing()))).is_empty();
    if plain && no_comments {
        one_line(array);
        let mut bare = array.clone();
        bare.decor_mut().clear();
        if key_len + 3 + bare.to_string().len() <= ONE_LINE {
            return;
        }
    }
    for value in array.iter_mut() {
        let mut prefix = indented_comments(raw(value.decor().prefix()));
        prefix.push_str("\n    ");
        value.decor_mut().set_prefix(prefix);
        // A comment between a value and its comma (rare) stays where it is.
        if comment_lines(raw(value.decor().suffix())).is_empty() {
            value.decor_mut().set_suffix("");
        }
    }
    let mut end = indented_comments(raw(Some(array.trailing())));
    end.push('\n');
    array.set_trailing(end);
    array.set_trailing_comma(true);
}

/// The comments of a decor inside a multi-line array: one on its first line stays on the line
/// before (after the previous value's comma, or the `[`); the others on lines of their own.
fn indented_comments(decor: &str) -> String {
    let mut out = same_line_comment(decor);
    let rest = decor.split_once('\n').map_or("", |(_, rest)| rest);
    for c in comment_lines(rest) {
        out.push_str(&format!("\n    {c}"));
    }
    out
}

fn one_line(array: &mut Array) {
    for (i, value) in array.iter_mut().enumerate() {
        value.decor_mut().set_prefix(if i == 0 { "" } else { " " });
        value.decor_mut().set_suffix("");
    }
    array.set_trailing("");
    array.set_trailing_comma(false);
}

/// Puts every table of a log in the canonical order — `[timeline]`, actors, eras, views,
/// events, then anything else — each entry's `[[….sources]]` right after it, one blank line
/// before each, and a comment block at the top of the file kept at the top.
pub fn order_tables(doc: &mut DocumentMut) {
    let header = take_file_header(doc);
    let mut next = 0isize;
    let mut first = true;
    let mut place = |table: &mut Table| {
        if table.is_implicit() {
            return;
        }
        let comments = comment_block(raw(table.decor().prefix()));
        let blank = if first { "" } else { "\n" };
        table.decor_mut().set_prefix(format!("{blank}{comments}"));
        table.set_position(Some(next));
        next += 1;
        first = false;
    };
    let mut names: Vec<String> = SECTIONS.iter().map(|s| s.to_string()).collect();
    for (key, _) in doc.as_table().iter() {
        if !names.iter().any(|n| n == key) {
            names.push(key.to_string());
        }
    }
    for name in names {
        match doc.as_table_mut().get_mut(&name) {
            Some(Item::Table(section)) => {
                hide_if_empty(section);
                place(section);
                for (_, item) in section.iter_mut() {
                    if let Item::Table(entry) = item {
                        place(entry);
                    }
                }
            }
            Some(Item::ArrayOfTables(entries)) => place_entries(entries, &mut place),
            _ => {}
        }
    }
    doc.decor_mut().set_prefix(header);
    let trailing = comment_block(doc.trailing().as_str().unwrap_or(""));
    let trailing = if trailing.is_empty() {
        trailing
    } else {
        format!("\n{trailing}")
    };
    doc.set_trailing(trailing);
}

fn place_entries(entries: &mut ArrayOfTables, place: &mut impl FnMut(&mut Table)) {
    for entry in entries.iter_mut() {
        place(entry);
        if let Some(Item::ArrayOfTables(sources)) = entry.get_mut("sources") {
            for source in sources.iter_mut() {
                place(source);
            }
        }
    }
}

/// A section header with nothing under it but its entries (`[actors]` above `[actors.x]`)
/// and no comment is left out, as the entries' headers name it.
fn hide_if_empty(section: &mut Table) {
    let has_values = section.iter().any(|(_, item)| item.is_value());
    let has_comments = !comment_lines(raw(section.decor().prefix())).is_empty()
        || !comment_lines(raw(section.decor().suffix())).is_empty();
    if !has_values && !has_comments && !section.is_empty() {
        section.set_implicit(true);
    }
}

/// The comment block that opens the file, when a blank line parts it from the first entry
/// (a file's own header): taken from that entry, to stay at the top wherever the entry goes.
fn take_file_header(doc: &mut DocumentMut) -> String {
    let mut header = comment_block(raw(doc.decor().prefix()));
    let position = first_position(doc.as_table());
    if let Some(position) = position {
        let mut split = None;
        for_each_table(doc.as_table_mut(), &mut |t: &mut Table| {
            if t.position() == Some(position) && split.is_none() {
                let prefix = raw(t.decor().prefix()).to_string();
                if let Some(at) = last_blank_line(&prefix) {
                    let (top, own) = prefix.split_at(at);
                    split = Some(comment_block(top));
                    t.decor_mut().set_prefix(own.to_string());
                }
            }
        });
        header.push_str(&split.unwrap_or_default());
    }
    if header.is_empty() {
        header
    } else {
        format!("{header}\n")
    }
}

/// The smallest position of a table shown in the file.
fn first_position(root: &Table) -> Option<isize> {
    let mut least: Option<isize> = None;
    for_each_table_ref(root, &mut |t| {
        if !t.is_implicit()
            && let Some(p) = t.position()
        {
            least = Some(least.map_or(p, |q| q.min(p)));
        }
    });
    least
}

/// Calls `f` on every table under `table`, in arrays of tables too.
pub fn for_each_table(table: &mut Table, f: &mut impl FnMut(&mut Table)) {
    for (_, item) in table.iter_mut() {
        match item {
            Item::Table(t) => {
                f(t);
                for_each_table(t, f);
            }
            Item::ArrayOfTables(a) => {
                for t in a.iter_mut() {
                    f(t);
                    for_each_table(t, f);
                }
            }
            _ => {}
        }
    }
}

/// [`for_each_table`], reading.
pub fn for_each_table_ref(table: &Table, f: &mut impl FnMut(&Table)) {
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => {
                f(t);
                for_each_table_ref(t, f);
            }
            Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    f(t);
                    for_each_table_ref(t, f);
                }
            }
            _ => {}
        }
    }
}

/// The byte offset just after the last blank line of a decor, if a comment comes before it.
fn last_blank_line(prefix: &str) -> Option<usize> {
    let mut at = None;
    let mut offset = 0;
    let mut seen_comment = false;
    for line in prefix.split_inclusive('\n') {
        if line.trim().is_empty() && line.ends_with('\n') && seen_comment {
            at = Some(offset + line.len());
        }
        seen_comment |= line.trim_start().starts_with('#');
        offset += line.len();
    }
    at
}

/// Every comment in a whole document, for proving that formatting kept them all.
pub fn comments(doc: &DocumentMut) -> Vec<String> {
    let mut out = Vec::new();
    push_comments(&mut out, raw(doc.decor().prefix()));
    push_comments(&mut out, raw(doc.decor().suffix()));
    comments_in_table(doc.as_table(), &mut out);
    push_comments(&mut out, doc.trailing().as_str().unwrap_or(""));
    out.sort();
    out
}

fn comments_in_table(table: &Table, out: &mut Vec<String>) {
    push_comments(out, raw(table.decor().prefix()));
    push_comments(out, raw(table.decor().suffix()));
    for (key, item) in table.iter() {
        if let Some(k) = table.key(key) {
            push_comments(out, raw(k.leaf_decor().prefix()));
            push_comments(out, raw(k.leaf_decor().suffix()));
        }
        out.extend(comments_in_item(item));
    }
}

fn comments_in_item(item: &Item) -> Vec<String> {
    let mut out = Vec::new();
    match item {
        Item::Value(v) => out.extend(comments_in_value(v)),
        Item::Table(t) => comments_in_table(t, &mut out),
        Item::ArrayOfTables(a) => {
            for t in a.iter() {
                comments_in_table(t, &mut out);
            }
        }
        Item::None => {}
    }
    out
}

fn comments_in_value(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    push_comments(&mut out, raw(value.decor().prefix()));
    push_comments(&mut out, raw(value.decor().suffix()));
    match value {
        Value::Array(a) => {
            for v in a.iter() {
                out.extend(comments_in_value(v));
            }
            push_comments(&mut out, raw(Some(a.trailing())));
        }
        Value::InlineTable(t) => comments_in_inline(t, &mut out),
        _ => {}
    }
    out
}

fn comments_in_inline(table: &InlineTable, out: &mut Vec<String>) {
    for (key, value) in table.iter() {
        if let Some(k) = table.key(key) {
            push_comments(out, raw(k.leaf_decor().prefix()));
            push_comments(out, raw(k.leaf_decor().suffix()));
        }
        out.extend(comments_in_value(value));
    }
    push_comments(out, raw(Some(table.trailing())));
}

fn push_comments(out: &mut Vec<String>, decor: &str) {
    out.extend(comment_lines(decor).into_iter().map(String::from));
}

/// The text of a decor (whitespace and comments only), or nothing.
fn raw(decor: Option<&toml_edit::RawString>) -> &str {
    decor.and_then(|r| r.as_str()).unwrap_or("")
}

/// Whether a text ends its lines with `\r\n` (as its first line does).
pub fn uses_crlf(text: &str) -> bool {
    text.split_once('\n')
        .is_some_and(|(first, _)| first.ends_with('\r'))
}

/// `text` with every line ended by `\r\n` (`crlf`) or `\n`: toml_edit ends the lines it
/// writes with `\n` whatever the file used.
pub fn line_ends(text: String, crlf: bool) -> String {
    let lf = text.replace("\r\n", "\n");
    if crlf { lf.replace('\n', "\r\n") } else { lf }
}

/// The comments of a decor, each trimmed, one per line.
fn comment_lines(decor: &str) -> Vec<&str> {
    decor
        .lines()
        .filter_map(|line| line.find('#').map(|at| line[at..].trim_end()))
        .collect()
}

/// The comments of a decor as lines of their own, each ending in a line break.
fn comment_block(decor: &str) -> String {
    comment_lines(decor)
        .into_iter()
        .map(|c| format!("{c}\n"))
        .collect()
}

/// The comment on a decor's first line (after a value, before the line ends), if any.
fn first_line_comment(decor: &str) -> Option<&str> {
    let first = decor.split('\n').next().unwrap_or("");
    first.find('#').map(|at| first[at..].trim_end())
}

/// ` # comment` for a comment on the decor's first line, else nothing.
fn same_line_comment(decor: &str) -> String {
    first_line_comment(decor).map_or_else(String::new, |c| format!(" {c}"))
}
