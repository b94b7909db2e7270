//! `e`: the person's editor at a place in the log. Which editor (`$VISUAL`, else `$EDITOR`,
//! else `vi`, split into words as a shell would), and how each one is told the line and
//! column, is pure and tested here; running it hands the real terminal over and takes it
//! back.
//!
//! | editor | at a line | at a line and column |
//! |---|---|---|
//! | vi (and anything unknown) | `+LINE file` | `+LINE file` |
//! | vim, nvim, gvim, mvim | `+LINE file` | `+call cursor(LINE,COL) file` |
//! | nano | `+LINE file` | `+LINE,COL file` |
//! | emacs, emacsclient, kak, micro | `+LINE file` | `+LINE:COL file` |
//! | hx (helix) | `file:LINE` | `file:LINE:COL` |
//! | code, codium, code-insiders | `-g file:LINE` | `-g file:LINE:COL` |
//! | subl, zed | `file:LINE` | `file:LINE:COL` |

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Where to open the editor: a file, a line, and a column when one is known (an error's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub column: Option<usize>,
}

/// The editor's words: `$VISUAL`, else `$EDITOR` (each only when set and not blank), else
/// `vi`; split as a shell splits words, so `emacs -nw` and `code --wait` work, and a path
/// with spaces can be quoted.
pub fn editor_words(var: impl Fn(&str) -> Option<String>) -> Result<Vec<String>, String> {
    let (name, value) = ["VISUAL", "EDITOR"]
        .into_iter()
        .find_map(|name| {
            var(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (name, v))
        })
        .unwrap_or(("", "vi".to_string()));
    match shlex::split(&value) {
        Some(words) if !words.is_empty() => Ok(words),
        _ => Err(format!(
            "${name} is not a command annals can run (`{}`): check its quotes",
            crate::text::sanitize(&value)
        )),
    }
}

/// The whole command line: the editor's words, then the place as that editor takes it.
pub fn command(words: &[String], place: &Place) -> Vec<OsString> {
    let mut argv: Vec<OsString> = words.iter().map(OsString::from).collect();
    let program = words
        .first()
        .map(|w| {
            Path::new(w)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let program = program.strip_suffix(".exe").unwrap_or(&program);
    let (line, file) = (place.line.max(1), place.path.as_os_str());
    let with_suffix = |at: String| {
        let mut arg = file.to_os_string();
        arg.push(at);
        arg
    };
    let at = match place.column {
        Some(col) => format!(":{line}:{}", col.max(1)),
        None => format!(":{line}"),
    };
    match program {
        "code" | "codium" | "code-insiders" | "vscodium" => {
            argv.push("-g".into());
            argv.push(with_suffix(at));
        }
        "hx" | "helix" | "subl" | "zed" => argv.push(with_suffix(at)),
        _ => {
            argv.push(plus_argument(program, line, place.column).into());
            argv.push(file.to_os_string());
        }
    }
    argv
}

/// The `+…` argument of the editors that take one before the file.
fn plus_argument(program: &str, line: usize, column: Option<usize>) -> String {
    let Some(col) = column.map(|c| c.max(1)) else {
        return format!("+{line}");
    };
    match program {
        "vim" | "nvim" | "gvim" | "mvim" | "vimx" => format!("+call cursor({line},{col})"),
        "nano" => format!("+{line},{col}"),
        "emacs" | "emacsclient" | "kak" | "micro" => format!("+{line}:{col}"),
        _ => format!("+{line}"),
    }
}

/// Runs the editor on the terminal annals is drawn on, and waits for it: what went wrong,
/// if anything, in words.
pub fn run(argv: &[OsString]) -> Result<(), String> {
    use std::io::IsTerminal;
    let Some((program, args)) = argv.split_first() else {
        return Err("no editor to run".to_string());
    };
    let mut command = std::process::Command::new(program);
    command.args(args);
    // Keys come from the terminal, as the explorer's do, even when standard input is not
    // it (the explorer then reads /dev/tty).
    if !std::io::stdin().is_terminal()
        && let Ok(tty) = std::fs::File::open("/dev/tty")
    {
        command.stdin(tty);
    }
    let name = crate::text::sanitize(&program.to_string_lossy()).into_owned();
    match command.status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{name} ended with {status}")),
        Err(e) => Err(format!(
            "cannot run `{name}`: {e}; set $VISUAL or $EDITOR to your editor"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(editor: &str, column: Option<usize>) -> Vec<String> {
        let words = editor_words(|name| (name == "EDITOR").then(|| editor.to_string())).unwrap();
        let place = Place {
            path: PathBuf::from("log/2025 notes.toml"),
            line: 12,
            column,
        };
        command(&words, &place)
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn each_editor_is_told_the_line_its_own_way() {
        let f = "log/2025 notes.toml";
        assert_eq!(argv("vi", None), ["vi", "+12", f]);
        assert_eq!(argv("/usr/bin/vim", None), ["/usr/bin/vim", "+12", f]);
        assert_eq!(argv("nvim", None), ["nvim", "+12", f]);
        assert_eq!(argv("nano", None), ["nano", "+12", f]);
        assert_eq!(argv("emacs -nw", None), ["emacs", "-nw", "+12", f]);
        assert_eq!(argv("kak", None), ["kak", "+12", f]);
        assert_eq!(argv("hx", None), ["hx", "log/2025 notes.toml:12"]);
        assert_eq!(
            argv("code --wait", None),
            ["code", "--wait", "-g", "log/2025 notes.toml:12"]
        );
        assert_eq!(argv("subl", None), ["subl", "log/2025 notes.toml:12"]);
        assert_eq!(argv("ed", None), ["ed", "+12", f]);
    }

    #[test]
    fn editors_that_take_a_column_get_the_errors_column() {
        let f = "log/2025 notes.toml";
        assert_eq!(argv("vim", Some(7)), ["vim", "+call cursor(12,7)", f]);
        assert_eq!(argv("nvim", Some(7)), ["nvim", "+call cursor(12,7)", f]);
        assert_eq!(argv("vi", Some(7)), ["vi", "+12", f]);
        assert_eq!(argv("nano", Some(7)), ["nano", "+12,7", f]);
        assert_eq!(
            argv("emacsclient -t", Some(7)),
            ["emacsclient", "-t", "+12:7", f]
        );
        assert_eq!(argv("kak", Some(7)), ["kak", "+12:7", f]);
        assert_eq!(argv("hx", Some(7)), ["hx", "log/2025 notes.toml:12:7"]);
        assert_eq!(
            argv("code", Some(7)),
            ["code", "-g", "log/2025 notes.toml:12:7"]
        );
    }

    #[test]
    fn an_editor_that_cannot_start_or_fails_is_said_in_words() {
        let err = run(&["/nonexistent/annals-editor".into()]).unwrap_err();
        assert!(
            err.starts_with("cannot run `/nonexistent/annals-editor`: "),
            "{err}"
        );
        assert!(
            err.ends_with("; set $VISUAL or $EDITOR to your editor"),
            "{err}"
        );
        assert_eq!(run(&["true".into()]), Ok(()));
        let err = run(&["false".into()]).unwrap_err();
        assert!(err.starts_with("false ended with exit status: 1"), "{err}");
        assert!(run(&[]).is_err());
    }

    #[test]
    fn visual_comes_before_editor_and_vi_is_the_last_resort() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            let vars: std::collections::HashMap<&str, &str> = pairs.iter().copied().collect();
            move |name: &str| vars.get(name).map(|v| v.to_string())
        };
        let words = |pairs| editor_words(env(pairs)).unwrap();
        assert_eq!(words(&[("VISUAL", "hx"), ("EDITOR", "nano")]), ["hx"]);
        assert_eq!(words(&[("VISUAL", " "), ("EDITOR", "nano")]), ["nano"]);
        assert_eq!(words(&[]), ["vi"]);
        assert_eq!(
            words(&[("EDITOR", "'/opt/my editor/bin/ed' --flag")]),
            ["/opt/my editor/bin/ed", "--flag"]
        );
        let err = editor_words(env(&[("VISUAL", "vim 'unclosed")])).unwrap_err();
        assert!(err.starts_with("$VISUAL is not a command"), "{err}");
    }
}
