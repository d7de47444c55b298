//! The examples and error tables of the source documents (../shared/seeds/000–003), as the
//! documents describe them: valid examples lint clean, each error row is reproduced.

mod common;

use common::{fired, lint_with, options, rule_ids};
use syncplan::{lint, Document, JobInput, JobOptions, Report, Severity};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/seeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Lints fixture uploads under a fixture start body.
fn lint_fixtures(job: &str, uploads: &[&str]) -> Report {
    let body = fixture(job);
    let texts: Vec<String> = uploads.iter().map(|u| fixture(u)).collect();
    let documents: Vec<Document> = uploads
        .iter()
        .zip(&texts)
        .map(|(name, text)| Document::new(name, text))
        .collect();
    let job = JobInput {
        options: JobOptions::default(),
        body: Some(Document::new(job, &body)),
    };
    lint(&job, &documents, None)
}

fn count(report: &Report, severity: Severity) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

// 000: scopes.

#[test]
fn seed_000_stable_scope_is_clean_and_dated_scope_is_flagged() {
    let upload = fixture("002-team-owns-app.json");
    let stable = lint_with(options("DIFF", Some("vuln-scanner-nightly")), &[&upload]);
    assert!(stable.diagnostics.is_empty(), "{:?}", rule_ids(&stable));
    let dated = lint_with(options("DIFF", Some("upload-2026-04-28")), &[&upload]);
    assert_eq!(rule_ids(&dated), ["job-scope-name"]);
    assert_eq!(dated.diagnostics[0].severity, Severity::Info);
}

// 001: OVERRIDE.

#[test]
fn seed_001_override_example_has_no_errors_or_warnings() {
    let report = lint_fixtures("001-override-job.json", &["001-override-upload.json"]);
    // The only note is that OVERRIDE is gated per account (the first row of the error table).
    assert_eq!(rule_ids(&report), ["override-gated"]);
    assert!(report.diagnostics[0]
        .message
        .contains("OVERRIDE sync mode is not enabled for this account"));
}

#[test]
fn seed_001_error_rows() {
    let job = options("OVERRIDE", Some("repo-criticality"));
    let relationships = fixture("002-team-owns-app.json");
    let report = lint_with(job.clone(), &[&relationships]);
    let rows = fired(&report, "override-relationships");
    assert_eq!(
        rows[0].message,
        "Relationship uploads are not allowed for OVERRIDE sync jobs"
    );
    assert_eq!(rows[0].severity, Severity::Error);

    let over: Vec<String> = (0..10_001)
        .map(|i| format!(r#"{{"_id": "id-{i}", "criticality": "tier-2"}}"#))
        .collect();
    let body = format!(r#"{{"entities": [{}]}}"#, over.join(","));
    let report = lint_with(job, &[&body]);
    let rows = fired(&report, "override-entity-limit");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].message,
        "OVERRIDE sync jobs are limited to 10000 entities per job"
    );
    assert_eq!(rows[0].pointer, "/entities/10000");
}

// 002: custom integration construction.

#[test]
fn seed_002_examples_are_clean() {
    for upload in [
        "002-application.json",
        "002-team-owns-app.json",
        "002-mapped.json",
    ] {
        let report = lint_fixtures("002-external-job.json", &[upload]);
        assert!(
            report.diagnostics.is_empty(),
            "{upload}: {:?}",
            report.diagnostics
        );
    }
    // All three as the batches of one job: the application appears twice, which the API
    // rejects as a duplicate key.
    let report = lint_fixtures(
        "002-external-job.json",
        &[
            "002-application.json",
            "002-team-owns-app.json",
            "002-mapped.json",
        ],
    );
    assert_eq!(rule_ids(&report), ["duplicate-key"]);
}

#[test]
fn seed_002_foreign_key_property_should_be_a_relationship() {
    let bad = r#"{"entities": [
        {"_key": "team-42", "_type": "team_x", "_class": "Team", "name": "t", "displayName": "T"},
        {"_key": "app1", "_type": "application_x", "_class": "Application", "name": "a", "displayName": "A", "teamId": "team-42"}]}"#;
    let report = lint_with(options("DIFF", Some("cmdb")), &[bad]);
    assert_eq!(fired(&report, "foreign-key-property").len(), 1);
    assert_eq!(count(&report, Severity::Error), 0);
}

// 003: CROSS_SCOPE.

#[test]
fn seed_003_okta_jamf_example_is_clean() {
    let report = lint_fixtures("003-okta-jamf-job.json", &["003-okta-jamf.json"]);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

#[test]
fn seed_003_repo_deploy_example_only_notes_its_verb() {
    // The example's `_class` "DEPLOYS" is not a relationship class of the data model
    // (DEPLOYED is): the API accepts it, the data model check warns.
    let report = lint_fixtures("003-repo-deploy-job.json", &["003-repo-deploy.json"]);
    assert_eq!(rule_ids(&report), ["data-model-verb"]);
    assert_eq!(count(&report, Severity::Error), 0);
}

#[test]
fn seed_003_error_rows() {
    let job = options("CROSS_SCOPE", Some("okta-jamf-ownership"));
    let entities = fixture("002-application.json");
    let report = lint_with(job.clone(), &[&entities]);
    assert_eq!(
        fired(&report, "cross-scope-entities")[0].message,
        "Entities cannot be uploaded in CROSS_SCOPE mode"
    );

    let own = fixture("003-okta-jamf.json").replace("jamf-instance-id", "okta-jamf-ownership");
    let report = lint_with(job.clone(), &[&own]);
    let rows = fired(&report, "cross-scope-own-scope");
    assert_eq!(rows.len(), 1);
    assert!(rows[0]
        .message
        .starts_with("Same-scope relationships rejected"));
    assert_eq!(rows[0].pointer, "/relationships/0/_toEntityScope");

    // The restrictions allow both ends in one scope, as long as it is not the job's.
    let same_ends = fixture("003-okta-jamf.json").replace("okta-instance-id", "jamf-instance-id");
    let report = lint_with(job, &[&same_ends]);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
}

// The rows of the error tables that need the previous state.

#[test]
fn seed_001_unknown_id_is_skipped_silently_and_flagged() {
    // "Entity property not visible after finalize: _id did not match any existing entity."
    let snapshot = r#"{"entities": [{"_id": "b75aad77-89eb-5ce6-939c-86322517af6b", "_key": "MDEwOlJlcG9zaXRvcnkx", "_type": "github_repo", "_class": "CodeRepo", "_integrationInstanceId": "github-1"}]}"#;
    let upload = fixture("001-override-upload.json");
    let report = common::lint_against(
        options("OVERRIDE", Some("repo-criticality")),
        &[&upload],
        Some(snapshot),
    );
    let rows = fired(&report, "unknown-id");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].pointer, "/entities/1/_id");
    assert!(rows[0]
        .message
        .contains("da1c53ef-a543-5daa-8206-37e652c795cf"));
}

#[test]
fn seed_003_missing_or_soft_deleted_end_is_flagged() {
    // "Relationship missing after finalize: an entity referenced by the relationship did not
    // exist (or was soft-deleted)."
    let snapshot = r#"{"entities": [
        {"_key": "okta-user:alice", "_type": "okta_user", "_class": "User", "_integrationInstanceId": "okta-instance-id", "_deleted": true}
    ]}"#;
    let upload = fixture("003-okta-jamf.json");
    let report = common::lint_against(
        options("CROSS_SCOPE", Some("okta-jamf-ownership")),
        &[&upload],
        Some(snapshot),
    );
    let messages: Vec<&str> = fired(&report, "cross-scope-endpoint-missing")
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "the from end: _fromEntityKey \"okta-user:alice\" in scope \"okta-instance-id\" is soft-deleted, so finalize skips this relationship",
            "the to end: _toEntityKey \"jamf-device:laptop-001\" in scope \"jamf-instance-id\" matches no entity, so finalize skips this relationship",
        ]
    );
}
