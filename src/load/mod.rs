//! Loading a log: bytes to text, TOML to a validated [`Timeline`], and every problem on the way
//! as a [`Diagnostic`] with its position.

mod build;
pub mod diagnostic;
mod fields;

use std::io::Read;
use std::path::{Path, PathBuf};

pub use build::DEFAULT_LANE;
pub use diagnostic::{Diagnostic, Severity, line_col, render};

use crate::model::Timeline;

/// The curated log, compiled into the binary.
pub const BUILTIN: &str = include_str!("../../events.toml");

/// Where a log came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Stdin,
    Builtin,
}

impl Origin {
    /// How messages name it: the path as given, `<stdin>` or `<built-in events.toml>`.
    pub fn name(&self) -> String {
        match self {
            Origin::File(path) => path.display().to_string(),
            Origin::Stdin => "<stdin>".to_string(),
            Origin::Builtin => "<built-in events.toml>".to_string(),
        }
    }

    /// The file to watch for changes, if there is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::File(path) => Some(path),
            _ => None,
        }
    }
}

/// A log that could not be read at all (before any parsing).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read `{path}`: it is a directory; give the path of a .toml file")]
    Directory { path: String },
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The outcome of loading: the text as read, every diagnostic in file order, and the
/// timeline when there was no error.
#[derive(Debug, Clone)]
pub struct Report {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    pub timeline: Option<Timeline>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// All diagnostics rendered for a terminal, with a closing count.
    pub fn render(&self, file: &str) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            out.push_str(&render(d, &self.text, file));
            out.push('\n');
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        out.push_str(&format!(
            "{file}: {} and {}\n",
            crate::text::count(errors, "error"),
            crate::text::count(warnings, "warning")
        ));
        out
    }
}

/// Reads the bytes of a log from its origin.
pub fn read(origin: &Origin) -> Result<Vec<u8>, ReadError> {
    match origin {
        Origin::Builtin => Ok(BUILTIN.as_bytes().to_vec()),
        Origin::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| ReadError::Io {
                    path: origin.name(),
                    source,
                })?;
            Ok(bytes)
        }
        Origin::File(path) => {
            if path.is_dir() {
                return Err(ReadError::Directory {
                    path: origin.name(),
                });
            }
            std::fs::read(path).map_err(|source| ReadError::Io {
                path: origin.name(),
                source,
            })
        }
    }
}

/// Loads a log from raw bytes: checks the encoding, parses, validates.
pub fn parse_bytes(bytes: &[u8]) -> Report {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => {
            let lossy = String::from_utf8_lossy(bytes);
            let text = strip_bom(&lossy).to_string();
            // The lossy text matches the bytes up to the first bad one; only a BOM shifts it.
            let at = e.valid_up_to() - (lossy.len() - text.len());
            Report {
                diagnostics: vec![
                    Diagnostic::error(at..at + 1, "the file is not valid UTF-8 text")
                        .with_hint("save it as UTF-8 (the underlined byte is the first bad one)"),
                ],
                text,
                timeline: None,
            }
        }
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{FEFF}').unwrap_or(text)
}

/// Loads a log from text: parses, validates, sorts. Diagnostics come in file order.
pub fn parse(text: &str) -> Report {
    let text = strip_bom(text);
    let mut reader = fields::Reader::default();
    let timeline = if text.trim().is_empty() {
        reader.push(
            Diagnostic::error(0..0, "the file is empty").with_hint(
                "a log has a [timeline] table, [actors.…] tables and [[events]] entries; see the README",
            ),
        );
        None
    } else {
        let (root, errors) = toml::de::DeTable::parse_recoverable(text);
        if errors.is_empty() {
            build::build(root.get_ref(), text, &mut reader)
        } else {
            for e in errors {
                let span = e.span().unwrap_or(0..0);
                reader.push(
                    Diagnostic::error(span, syntax_message(e.message())).with_hint(
                        "fix the TOML syntax here first; other checks run once it parses",
                    ),
                );
            }
            None
        }
    };
    let mut diagnostics = reader.diagnostics;
    diagnostics.sort_by_key(|d| (d.span.start, d.severity));
    Report {
        text: text.to_string(),
        diagnostics,
        timeline,
    }
}

/// The first line of a TOML parser message, starting with "TOML syntax:".
fn syntax_message(message: &str) -> String {
    let first = message.lines().next().unwrap_or("invalid TOML").trim();
    format!("TOML syntax: {first}")
}

/// Loads from an origin in one step.
pub fn load(origin: &Origin) -> Result<Report, ReadError> {
    Ok(parse_bytes(&read(origin)?))
}
