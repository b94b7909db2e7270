//! Where the query bar's history is kept between runs: `$XDG_STATE_HOME/annals/history`
//! (`~/.local/state/annals/history`), one query a line, newest last. It is annals' own
//! file, never a log: losing it loses only convenience, so reading it never fails.

use std::io::Write;
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

/// Adds `query` at the end of `path` (creating its directory), on one line.
pub fn append(path: &Path, query: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let line: String = query.chars().filter(|c| !c.is_control()).collect();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    writeln!(file, "{line}")
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
    }
}
