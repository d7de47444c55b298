//! syncplan checks a JupiterOne sync job before it is uploaded: its start body and every
//! upload body, the way the Sync API would, plus the data model and the construction
//! conventions. Every diagnostic has a stable rule id, a JSON Pointer, a line and a column.
//!
//! ```
//! use syncplan::{lint, Document, JobInput, JobOptions};
//!
//! let job = JobInput::from_options(JobOptions {
//!     scope: Some("hris".into()),
//!     ..JobOptions::default()
//! });
//! let upload = r#"{"entities": [{"_key": "hris:person:1", "_type": "hris_person",
//!                   "_class": "Application", "name": "Ada"}]}"#;
//! let report = lint(&job, &[Document::new("upload.json", upload)], None);
//! let missing = &report.diagnostics[0];
//! assert_eq!(missing.rule, "entity-required");
//! assert_eq!((missing.line, missing.column), (Some(1), Some(15)));
//! ```

pub mod diagnostic;
mod document;
pub mod jim;
pub mod json;
pub mod jupiterone;
pub mod lifecycle;
mod lint;
pub mod report;
mod support;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Diagnostic, Rule, Severity};
pub use document::Document;
pub use jupiterone::job::{JobOptions, JobSpec, SyncMode};
pub use jupiterone::plan::{FinalizeOptions, Plan};
pub use lint::{lint, lint_with, plan, plan_with, JobInput, RunExtras};
pub use report::Report;

/// Every rule syncplan checks: id, default severity and a one-line description.
pub fn rules() -> &'static [&'static Rule] {
    jupiterone::rules::CATALOG
}
