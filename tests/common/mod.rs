//! Helpers shared by the integration tests: run a job from text and read what fired.
#![allow(dead_code)]

use syncplan::{lint, Diagnostic, Document, JobInput, JobOptions, Report};

/// Start options from a compact description: `"MODE scope"`, `"MODE"` or `"external INSTANCE"`.
pub fn options(mode: &str, scope: Option<&str>) -> JobOptions {
    JobOptions {
        sync_mode: Some(mode.to_string()),
        scope: scope.map(str::to_string),
        ..JobOptions::default()
    }
}

/// Lints upload bodies (named upload-1.json, …) under the given options.
pub fn lint_with(options: JobOptions, uploads: &[&str]) -> Report {
    let names: Vec<String> = (1..=uploads.len())
        .map(|i| format!("upload-{i}.json"))
        .collect();
    let documents: Vec<Document> = uploads
        .iter()
        .zip(&names)
        .map(|(text, name)| Document::new(name, text))
        .collect();
    lint(&JobInput::from_options(options), &documents)
}

/// Lints with a start body document (job.json) instead of options.
pub fn lint_with_body(body: &str, uploads: &[&str]) -> Report {
    let names: Vec<String> = (1..=uploads.len())
        .map(|i| format!("upload-{i}.json"))
        .collect();
    let documents: Vec<Document> = uploads
        .iter()
        .zip(&names)
        .map(|(text, name)| Document::new(name, text))
        .collect();
    let job = JobInput {
        options: JobOptions::default(),
        body: Some(Document::new("job.json", body)),
    };
    lint(&job, &documents)
}

pub fn fired<'a>(report: &'a Report, rule: &str) -> Vec<&'a Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .collect()
}

pub fn rule_ids(report: &Report) -> Vec<&'static str> {
    report.diagnostics.iter().map(|d| d.rule).collect()
}
