//! The report a run produces, and its renderings (JSON for machines, text for people).

mod github;
mod markdown;
mod plan_text;
mod preview_text;
mod sarif;
mod text;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::plan::Plan;

pub use github::render_github;
pub use markdown::render_markdown;
pub use plan_text::render_plan;
pub use preview_text::render_preview;
pub use sarif::render_sarif;
pub use text::{render_diagnostics, render_rules, render_text, Source};

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

/// A rule's severity as a run sets it (`--rule ID=off|info|warning|error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

/// A `--rule` setting that names no rule or no severity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("unknown rule \"{0}\": `syncplan rules` lists them")]
    UnknownRule(String),
    #[error("rule {rule}: unknown setting \"{setting}\": use off, info, warning or error")]
    UnknownSetting { rule: String, setting: String },
}

impl RuleSetting {
    /// Reads `off`, `info`, `warning` or `error` for `rule`, which must be in the catalog.
    pub fn parse(rule: &str, setting: &str) -> Result<RuleSetting, SettingError> {
        if !crate::rules().iter().any(|r| r.id == rule) {
            return Err(SettingError::UnknownRule(rule.to_string()));
        }
        Ok(match setting {
            "off" => RuleSetting::Off,
            "info" => RuleSetting::Severity(Severity::Info),
            "warning" => RuleSetting::Severity(Severity::Warning),
            "error" => RuleSetting::Severity(Severity::Error),
            _ => {
                return Err(SettingError::UnknownSetting {
                    rule: rule.to_string(),
                    setting: setting.to_string(),
                })
            }
        })
    }
}

pub(crate) fn summarize(diagnostics: &[Diagnostic]) -> Summary {
    let mut summary = Summary::default();
    for d in diagnostics {
        match d.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    summary
}

impl Report {
    pub fn new(job: JobSpec, diagnostics: Vec<Diagnostic>) -> Report {
        Report {
            version: REPORT_VERSION,
            job,
            summary: summarize(&diagnostics),
            diagnostics,
            plan: None,
        }
    }

    /// Applies rule settings: a rule set `off` is dropped, others take the given severity.
    pub fn with_rule_settings(mut self, settings: &[(String, RuleSetting)]) -> Report {
        let setting = |rule: &str| {
            settings
                .iter()
                .rev()
                .find(|(id, _)| id == rule)
                .map(|(_, s)| *s)
        };
        self.diagnostics.retain_mut(|d| match setting(d.rule) {
            Some(RuleSetting::Off) => false,
            Some(RuleSetting::Severity(severity)) => {
                d.severity = severity;
                true
            }
            None => true,
        });
        self.summary = summarize(&self.diagnostics);
        self
    }

    /// The JSON report: two-space indented, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}
