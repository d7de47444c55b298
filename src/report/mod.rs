//! The report a run produces, and its renderings (JSON for machines, text for people).

pub(crate) mod baseline;
mod github;
mod markdown;
mod plan_text;
mod preview_text;
mod render;
mod sarif;
mod text;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::jupiterone::job::JobSpec;
use crate::jupiterone::plan::Plan;

pub use baseline::{Baseline, BaselineError};
pub use github::render_github;
pub use markdown::render_markdown;
pub use plan_text::render_plan;
pub use preview_text::render_preview;
pub use render::{render, render_jim_text, Format};
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
    /// With a baseline: the findings it suppressed, per rule. The JSON report gives their
    /// total (`"suppressed": N`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "total_suppressed"
    )]
    pub suppressed: Option<BTreeMap<String, usize>>,
    /// Present for `plan` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// Diagnostics beyond the first `MAX_LISTED_PER_RULE` of a rule: counted, not listed.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub omitted: BTreeMap<String, usize>,
    /// The baseline of this run's findings, when it was asked for (`RunExtras::write_baseline`).
    #[serde(skip)]
    pub baseline: Option<Baseline>,
}

fn total_suppressed<S: serde::Serializer>(
    suppressed: &Option<BTreeMap<String, usize>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(suppressed.iter().flat_map(|s| s.values()).sum::<usize>() as u64)
}

/// How many diagnostics of one rule a report lists; the rest are counted in `omitted`.
pub const MAX_LISTED_PER_RULE: usize = 1000;

/// Keeps the first `MAX_LISTED_PER_RULE` diagnostics of each rule (in report order) and counts
/// the rest per rule.
pub(crate) fn bound(diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, BTreeMap<String, usize>) {
    let listing = Listing::of(diagnostics);
    (listing.listed, listing.omitted)
}

/// A report's diagnostics as they are given in report order: the first `MAX_LISTED_PER_RULE`
/// of each rule listed, the rest counted per rule.
#[derive(Default)]
pub(crate) struct Listing {
    listed: Vec<Diagnostic>,
    /// How many of each rule are listed.
    per_rule: BTreeMap<&'static str, usize>,
    omitted: BTreeMap<String, usize>,
}

impl Listing {
    /// The listing of diagnostics given in report order.
    pub fn of(diagnostics: Vec<Diagnostic>) -> Listing {
        let mut listing = Listing::default();
        for diagnostic in diagnostics {
            listing.add(diagnostic);
        }
        listing
    }

    /// Whether the report lists no more diagnostics of `rule`.
    pub fn is_full(&self, rule: &str) -> bool {
        self.per_rule
            .get(rule)
            .is_some_and(|&listed| listed >= MAX_LISTED_PER_RULE)
    }

    /// Lists the next diagnostic, or counts it when its rule is full.
    pub fn add(&mut self, diagnostic: Diagnostic) {
        let count = self.per_rule.entry(diagnostic.rule).or_default();
        if *count < MAX_LISTED_PER_RULE {
            *count += 1;
            self.listed.push(diagnostic);
        } else {
            self.omit(diagnostic.rule, 1);
        }
    }

    /// Counts `count` more diagnostics of a full rule (see `is_full`).
    pub fn omit(&mut self, rule: &str, count: usize) {
        if count > 0 {
            *self.omitted.entry(rule.to_string()).or_default() += count;
        }
    }

    /// The report of the job `job` with these diagnostics.
    pub fn into_report(self, job: JobSpec) -> Report {
        Report {
            version: REPORT_VERSION,
            job,
            summary: summarize_all(&self.listed, &self.omitted),
            diagnostics: self.listed,
            suppressed: None,
            plan: None,
            omitted: self.omitted,
            baseline: None,
        }
    }
}

/// Counts by severity, the omitted diagnostics included (they share their rule's severity
/// with the listed ones).
pub(crate) fn summarize_all(
    diagnostics: &[Diagnostic],
    omitted: &BTreeMap<String, usize>,
) -> Summary {
    let mut summary = summarize(diagnostics);
    for (rule, count) in omitted {
        match diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .map(|d| d.severity)
        {
            Some(Severity::Error) => summary.errors += count,
            Some(Severity::Warning) => summary.warnings += count,
            Some(Severity::Info) => summary.infos += count,
            None => {}
        }
    }
    summary
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

fn summarize(diagnostics: &[Diagnostic]) -> Summary {
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
    /// A report of these diagnostics, listing at most `MAX_LISTED_PER_RULE` of each rule.
    pub fn new(job: JobSpec, diagnostics: Vec<Diagnostic>) -> Report {
        Listing::of(diagnostics).into_report(job)
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
        let on = |rule: &str| setting(rule) != Some(RuleSetting::Off);
        // One closure type for both maps, so their `retain` is compiled once.
        let keep = |rule: &String, _: &mut usize| on(rule);
        self.omitted.retain(keep);
        // A rule turned off is neither suppressed nor recorded: the run does not report it.
        if let Some(suppressed) = &mut self.suppressed {
            suppressed.retain(keep);
        }
        if let Some(baseline) = &mut self.baseline {
            baseline.retain_rules(on);
        }
        self.summary = summarize_all(&self.diagnostics, &self.omitted);
        self
    }

    /// How many findings the baseline suppressed; `None` when none was given.
    pub fn suppressed_count(&self) -> Option<usize> {
        self.suppressed.as_ref().map(|s| s.values().sum())
    }

    /// The JSON report: two-space indented, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut text = crate::json::to_pretty(self);
        text.push('\n');
        text
    }
}
