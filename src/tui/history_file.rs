//! Where the query bar's history is kept between runs: `$XDG_STATE_HOME/annals/history`
//! (`~/.local/state/annals/history`), one query a line, newest last. It is annals' own
//! file, never a log: losing it loses only convenience, so reading it never fails.

use std::path::{Path, PathBuf};

use super::line::HISTORY_LIMIT;

/// The history file, if this system has a place for state (or data) files.
pub fn path() -> Option<PathBuf> {
    let base = dirs::state_dir().or_else(dirs::data_local_dir)?;
    Some(base.join("annals").join("history"))
}

/// The queries kept in `path`, oldest first (none when it cannot be read).
pub fn load(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let lines: Vec<String> = text
        .lines()
        .map(|l| crate::text::sanitize(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let skip = lines.len().saturating_sub(HISTORY_LIMIT);
    lines.into_iter().skip(skip).collect()
}

/// Adds `query` at the end of `path` (creating its directory), on one line, keeping the
/// newest [`HISTORY_LIMIT`] queries. The file is written as every file annals writes
/// (`crate::write`): whole or not at all, so a crash never leaves half a history.
pub fn append(path: &Path, query: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let line: String = query.chars().filter(|c| !c.is_control()).collect();
    let mut lines = load(path);
    lines.push(line);
    let skip = lines.len().saturating_sub(HISTORY_LIMIT);
    let mut text = lines[skip..].join("\n");
    text.push('\n');
    crate::write::write_new(path, &text, true).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_kept_a_line_each_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("annals").join("history");
        assert!(load(&path).is_empty(), "no file yet is no history");
        append(&path, "actor:huawei").unwrap();
        append(&path, "tag:chips\nsince:2025").unwrap();
        assert_eq!(load(&path), ["actor:huawei", "tag:chipssince:2025"]);
        for n in 0..HISTORY_LIMIT {
            append(&path, &format!("q{n}")).unwrap();
        }
        let kept = load(&path);
        assert_eq!(
            kept.len(),
            HISTORY_LIMIT,
            "the file keeps the newest queries only"
        );
        assert_eq!(
            kept.last().map(String::as_str),
            Some(format!("q{}", HISTORY_LIMIT - 1).as_str())
        );
    }
}
