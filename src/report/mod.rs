//! The report a run produces, and its renderings (JSON for machines, text for people).

mod plan_text;
mod text;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::plan::Plan;

pub use plan_text::{render_plan, summary as plan_summary};
pub use text::{render_rules, render_text, Source};

/// The version of the JSON report's shape.
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub version: u32,
    pub job: JobSpec,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// Present for `plan` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Report {
    pub fn new(job: JobSpec, diagnostics: Vec<Diagnostic>) -> Report {
        let mut summary = Summary::default();
        for d in &diagnostics {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        Report {
            version: REPORT_VERSION,
            job,
            diagnostics,
            summary,
            plan: None,
        }
    }

    /// The JSON report: two-space indented, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
