//! The JupiterOne Sync API dialect: jobs, graph objects, the data model and the checks.

// Generated tables, one line per property; see the file.
#[rustfmt::skip]
pub mod data_model;
pub mod formats;
pub mod job;
pub mod model;
pub mod patterns;
pub mod plan;
pub mod rules;
pub mod schema;
pub mod snapshot;
pub mod summary;
