//! Taking over the terminal and always giving it back: on quit, on error, and on a panic
//! (the hook restores the terminal before the panic message is printed).

use std::io::{self, Write};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::clipboard::CopyToClipboard;
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

/// Hands the terminal over to another program (the editor): raw mode off, then the normal
/// screen, the cursor shown and mouse reporting off — as [`restore`] does.
pub fn suspend() {
    restore();
}

/// Takes the terminal back after [`suspend`], on a blank screen that the next draw fills
/// whole. (Not `Terminal::clear`, which asks the terminal where its cursor is, and not every
/// terminal answers.)
pub fn resume(terminal: &mut Term) -> io::Result<()> {
    use ratatui::crossterm::terminal::{Clear, ClearType};
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        Clear(ClearType::All)
    )?;
    // A blank frame: what ratatui believes is on screen becomes what is.
    terminal.draw(|_| {})?;
    Ok(())
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
    execute!(io::stdout(), copy_command(text))
}

/// The OSC 52 command that copies `text` (crossterm's, which encodes it in base64).
fn copy_command(text: &str) -> CopyToClipboard<&[u8]> {
    CopyToClipboard::to_clipboard_from(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::Command;

    #[test]
    fn the_clipboard_command_is_osc_52_with_base64_text() {
        let mut out = String::new();
        super::copy_command("https://x")
            .write_ansi(&mut out)
            .unwrap();
        assert_eq!(out, "\x1b]52;c;aHR0cHM6Ly94\x1b\\");
    }
}
