//! Shell completion scripts and manual pages, both generated from the clap definition so
//! they never drift from it.

use std::io;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

/// The completion script for `shell`: subcommands, flags, and the fixed values (shells).
pub fn completions(shell: Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "annals", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes `annals.1` and `annals-<command>.1` for each command into `dir` (made if
/// missing).
pub fn write_man_pages(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let command = Cli::command();
    write_page(dir, "annals", command.clone())?;
    for sub in command.get_subcommands() {
        let name = format!("annals-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("annals {}", sub.get_name()));
        write_page(dir, &name, page)?;
    }
    Ok(())
}

fn write_page(dir: &Path, name: &str, command: clap::Command) -> io::Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out)?;
    std::fs::write(dir.join(format!("{name}.1")), out)
}
