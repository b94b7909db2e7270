//! Opening a source's URL in the person's browser, where there is a display to show it on.

/// What became of a request to open a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// A browser was asked to show it.
    Yes,
    /// There is no display here (a terminal over SSH, a console): nothing was started.
    NoDisplay,
    /// Starting the browser failed; the text says why.
    Failed(String),
}

/// Whether a browser could show anything here: on Linux and the BSDs a graphical session
/// names its display in `DISPLAY` or `WAYLAND_DISPLAY`; macOS and Windows always have one.
pub fn has_display(var: impl Fn(&str) -> Option<String>) -> bool {
    if cfg!(any(target_os = "macos", windows)) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| var(name).is_some_and(|v| !v.is_empty()))
}

/// Opens `url` in the default browser, without waiting for it, when there is a display.
pub fn open(url: &str) -> Opened {
    if !has_display(|name| std::env::var(name).ok()) {
        return Opened::NoDisplay;
    }
    match open::that_detached(url) {
        Ok(()) => Opened::Yes,
        Err(e) => Opened::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::has_display;

    #[test]
    #[cfg(not(any(target_os = "macos", windows)))]
    fn a_display_is_named_by_display_or_wayland_display() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(!has_display(env(&[])));
        assert!(!has_display(env(&[("DISPLAY", "")])));
        assert!(has_display(env(&[("DISPLAY", ":0")])));
        assert!(has_display(env(&[("WAYLAND_DISPLAY", "wayland-0")])));
    }
}
