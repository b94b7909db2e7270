//! The unified diff `fmt --check` prints (similar's line diff, which insta already brings
//! into the tree, rather than one more diff written by hand).

/// What turning `old` into `new` changes, as `diff -u` prints it, for the file `name`.
pub fn unified(old: &str, new: &str, name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .missing_newline_hint(true)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_names_the_file_and_shows_only_what_changes() {
        let d = unified("a\nb\nc\n", "a\nB\nc\n", "log.toml");
        assert_eq!(
            d,
            "--- log.toml\n+++ log.toml (formatted)\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
        );
        assert_eq!(unified("same\n", "same\n", "x"), "");
    }
}
