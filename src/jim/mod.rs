//! The identity sync-rule dialect (JIM): rule definitions, their expression language, scoping,
//! matching and the preview of a synchronisation run.

// Generated from the rule declarations (see the file); kept as written.
#[rustfmt::skip]
pub mod catalog;
pub mod checks;
pub mod eval;
pub mod expr;
pub mod model;
pub mod preview;
pub mod scoping;
pub mod state;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Findings;
use crate::document::{locate_all, read, Document};
use crate::json::Arena;
use crate::report::{Summary, REPORT_VERSION};

/// The result of `jim lint` or `jim preview`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JimReport {
    pub version: u32,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<preview::Preview>,
    /// Diagnostics beyond the first `MAX_LISTED_PER_RULE` of a rule: counted, not listed.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub omitted: std::collections::BTreeMap<String, usize>,
}

impl JimReport {
    /// Writes the JSON report: two-space indented, ending in a newline.
    pub fn write_json(&self, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
        crate::json::write_pretty(self, out)?;
        out.write_all(b"\n").map_err(serde_json::Error::io)
    }

    /// The JSON report as a string, allocated once at its exact length (measured by a first
    /// pass that only counts): a string grown as it is written would at its last doubling hold
    /// a population's report one and a half times over.
    pub fn to_json(&self) -> String {
        let mut counted = Counted(0);
        if self.write_json(&mut counted).is_err() {
            return "\n".to_string();
        }
        let mut text = Vec::with_capacity(counted.0);
        if self.write_json(&mut text).is_err() {
            return "\n".to_string();
        }
        // serde_json writes UTF-8.
        String::from_utf8(text).unwrap_or_default()
    }
}

/// A writer that keeps only the number of bytes written.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every JIM rule: id, default severity and a one-line description.
pub fn rules() -> &'static [&'static crate::Rule] {
    catalog::CATALOG
}

/// Checks a configuration document.
pub fn lint(config: &Document) -> JimReport {
    run(config, None)
}

/// Checks a configuration, then previews a synchronisation over the state.
pub fn preview(config: &Document, state: &Document) -> JimReport {
    run(config, Some(state))
}

fn run(config: &Document, state: Option<&Document>) -> JimReport {
    let mut findings = Findings::default();
    let documents: Vec<Document> = std::iter::once(*config).chain(state.copied()).collect();
    let arena = Arena::new();
    let parsed: Vec<_> = documents
        .iter()
        .enumerate()
        .map(|(doc, d)| read(doc, d, &arena, &mut findings))
        .collect();
    let config = parsed[0]
        .value
        .as_ref()
        .map(|v| model::read_config(0, v, &mut findings));
    if let Some(config) = &config {
        checks::check(0, config, &mut findings);
    }
    let state = parsed
        .get(1)
        .and_then(|p| p.value.as_ref())
        .map(|v| state::read_state(1, v, &mut findings));
    let preview = config
        .zip(state)
        .map(|(config, state)| preview::preview(&config, &state));
    let diagnostics = locate_all(findings, &documents, &parsed, &|doc| {
        doc.map_or(0, |d| d + 1)
    });
    let (diagnostics, omitted) = crate::report::bound(diagnostics);
    JimReport {
        version: REPORT_VERSION,
        summary: crate::report::summarize_all(&diagnostics, &omitted),
        diagnostics,
        preview,
        omitted,
    }
}
