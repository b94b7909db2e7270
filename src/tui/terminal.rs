//! Taking over the terminal and always giving it back: on quit, on error, and on a panic
//! (the hook restores the terminal before the panic message is printed).

use std::io::{self, Write};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

pub type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// Raw mode, the alternate screen and mouse reporting, with a panic hook that undoes them.
pub fn init() -> io::Result<Term> {
    install_panic_hook(restore);
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())
}

/// Gives the terminal back as it was. Safe to call more than once, and from a panic.
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

/// Makes every panic call `restore` first, then the previous hook (which prints the message
/// on the now normal screen).
pub fn install_panic_hook(restore: impl Fn() + Send + Sync + 'static) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// The signals that end the explorer, with the terminal restored: every one whose default
/// action ends a process and that can be caught. Each still ends it (exit status 128 + its
/// number, as its default action would), but never with the terminal left in raw mode on
/// the alternate screen. Ctrl-C arrives as a key in raw mode and is handled as one.
pub const ENDING_SIGNALS: [i32; 11] = {
    use signal_hook::consts::signal::*;
    [
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
        SIGXFSZ,
    ]
};

/// Watches the [`ENDING_SIGNALS`]: the number of the last one received, or 0.
pub fn watch_signals() -> io::Result<std::sync::Arc<std::sync::atomic::AtomicUsize>> {
    let caught = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for signal in ENDING_SIGNALS {
        signal_hook::flag::register_usize(signal, caught.clone(), signal as usize)?;
    }
    Ok(caught)
}

/// Puts `text` on the clipboard through the terminal (OSC 52); terminals that do not support
/// it ignore the sequence.
pub fn copy_to_clipboard(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout();
    write!(stdout, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    stdout.flush()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_the_standard_alphabet() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"https://x"), "aHR0cHM6Ly94");
    }
}
