//! annals: a terminal timeline explorer for curated, sourced event logs.

pub mod filter;
pub mod load;
pub mod model;
pub mod text;
