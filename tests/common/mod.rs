//! Helpers shared by the integration tests: run a job from text and read what fired.
#![allow(dead_code)]

use syncplan::{lint, Diagnostic, Document, JobInput, JobOptions, Report};

/// Start options: a sync mode and a scope, source `api`.
pub fn options(mode: &str, scope: Option<&str>) -> JobOptions {
    JobOptions {
        sync_mode: Some(mode.to_string()),
        scope: scope.map(str::to_string),
        ..JobOptions::default()
    }
}

/// Upload bodies as documents named by `names` (see `names`).
pub fn documents<'a>(uploads: &[&'a str], names: &'a [String]) -> Vec<Document<'a>> {
    uploads
        .iter()
        .zip(names)
        .map(|(text, name)| Document::new(name, text))
        .collect()
}

/// upload-1.json, upload-2.json, …
pub fn names(count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("upload-{i}.json")).collect()
}

/// Lints upload bodies under the given options.
pub fn lint_with(options: JobOptions, uploads: &[&str]) -> Report {
    lint_against(options, uploads, None)
}

/// Lints upload bodies against a previous-state snapshot (named snapshot.json).
pub fn lint_against(options: JobOptions, uploads: &[&str], snapshot: Option<&str>) -> Report {
    let names = names(uploads.len());
    let snapshot = snapshot.map(|text| Document::new("snapshot.json", text));
    lint(
        &JobInput::from_options(options),
        &documents(uploads, &names),
        snapshot.as_ref(),
    )
}

/// Lints with a start body document (job.json) instead of options.
pub fn lint_with_body(body: &str, uploads: &[&str]) -> Report {
    let names = names(uploads.len());
    let job = JobInput {
        options: JobOptions::default(),
        body: Some(Document::new("job.json", body)),
    };
    lint(&job, &documents(uploads, &names), None)
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

/// The report's diagnostics, one a line, for assertion messages.
pub fn describe(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("  {} {}: {}", d.rule, d.pointer, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares `text` with the reviewed snapshot at `path` (from the crate's root); with
/// SYNCPLAN_WRITE_SNAPSHOTS=1 in the environment, rewrites it for review instead.
pub fn matches_snapshot(path: &str, text: &str) {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("SYNCPLAN_WRITE_SNAPSHOTS").is_some() {
        std::fs::write(&full, text).unwrap();
        return;
    }
    let reviewed = std::fs::read_to_string(&full).unwrap_or_default();
    if reviewed != text {
        let first = reviewed
            .lines()
            .zip(text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| reviewed.lines().count().min(text.lines().count()));
        panic!(
            "{path} differs from this run from line {}:\n  reviewed: {:?}\n  now:      {:?}\n\
             If the change is intended, run SYNCPLAN_WRITE_SNAPSHOTS=1 cargo test and review the diff.",
            first + 1,
            reviewed.lines().nth(first).unwrap_or("(end)"),
            text.lines().nth(first).unwrap_or("(end)"),
        );
    }
}
