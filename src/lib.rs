//! annals: a terminal timeline explorer for curated, sourced event logs.

pub mod cli;
pub mod colour;
pub mod config;
pub mod edit;
pub mod export;
pub mod filter;
pub mod import;
pub mod load;
pub mod lookup;
pub mod memory;
pub mod model;
pub mod render;
pub mod shell;
pub mod text;
pub mod tui;
pub mod write;
