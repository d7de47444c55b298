//! The integration SDK's run as input: its summary.json's partial datasets become the finalize
//! body, and lint reasons about endpoints with them the way the plan does.

mod common;

use common::fired;
use syncplan::{
    lint_with, plan_with, Document, FinalizeOptions, JobInput, JobOptions, Report, RunExtras,
};

fn job() -> JobInput<'static> {
    JobInput::from_options(JobOptions {
        source: Some("integration-external".into()),
        integration_instance_id: Some("instance-1".into()),
        ..JobOptions::default()
    })
}

/// Today's run: users were collected, applications were not (their step failed), and users are
/// linked to applications, and an account to users.
const UPLOAD: &str = r#"{"entities": [
  {"_key": "acme:user:0001", "_type": "acme_user", "_class": "User", "name": "ada", "displayName": "Ada"},
  {"_key": "acme:account:01", "_type": "acme_account", "_class": "Account", "name": "a", "displayName": "A"}
], "relationships": [
  {"_key": "acme:user:0001|assigned|acme:app:0001", "_type": "acme_user_assigned_application", "_class": "ASSIGNED",
   "_fromEntityKey": "acme:user:0001", "_toEntityKey": "acme:app:0001"},
  {"_key": "acme:app:0001|has|acme:user:0001", "_type": "acme_application_has_user", "_class": "HAS",
   "_fromEntityKey": "acme:app:0001", "_toEntityKey": "acme:user:0001"},
  {"_key": "acme:account:01|has|acme:user:0404", "_type": "acme_account_has_user", "_class": "HAS",
   "_fromEntityKey": "acme:account:01", "_toEntityKey": "acme:user:0404"}
]}"#;

/// What the SDK wrote: the applications step failed, so acme_application is a partial dataset.
const SUMMARY: &str = r#"{
  "integrationStepResults": [
    {"id": "fetch-users", "name": "Fetch Users", "declaredTypes": ["acme_user", "acme_account_has_user"],
     "partialTypes": [], "encounteredTypes": ["acme_user", "acme_account_has_user"], "status": "success"},
    {"id": "fetch-applications", "name": "Fetch Applications", "declaredTypes": ["acme_application"],
     "partialTypes": [], "encounteredTypes": [], "status": "failure"}
  ],
  "metadata": {"partialDatasets": {"types": ["acme_application"]}}
}"#;

/// Yesterday: the application, and a user of another type; all in the instance.
const SNAPSHOT: &str = r#"{"entities": [
  {"_key": "acme:app:0001", "_type": "acme_application", "_class": "Application", "_integrationInstanceId": "instance-1"},
  {"_key": "acme:app:0002", "_type": "acme_application", "_class": "Application", "_integrationInstanceId": "instance-1"},
  {"_key": "acme:user:0404", "_type": "acme_user", "_class": "User", "_integrationInstanceId": "instance-1"},
  {"_key": "acme:user:0001", "_type": "acme_user", "_class": "User", "name": "ada", "displayName": "Ada", "_integrationInstanceId": "instance-1"}
]}"#;

fn extras<'a>(summary: Option<&'a str>, partial: Option<&[&str]>) -> RunExtras<'a> {
    RunExtras {
        summary: summary.map(|text| Document::new("summary.json", text)),
        finalize: partial.map(|types| FinalizeOptions {
            partial_types: types.iter().map(|t| t.to_string()).collect(),
        }),
        ..RunExtras::default()
    }
}

fn lint(snapshot: Option<&str>, extras: &RunExtras) -> Report {
    let snapshot = snapshot.map(|text| Document::new("snapshot.json", text));
    lint_with(
        &job(),
        &[Document::new("upload.json", UPLOAD)],
        snapshot.as_ref(),
        extras,
    )
}

/// Every end the upload names without uploading its entity.
const ALL_ENDS: [&str; 3] = [
    "/relationships/0/_toEntityKey",
    "/relationships/1/_fromEntityKey",
    "/relationships/2/_toEntityKey",
];

fn dangling(report: &Report) -> Vec<String> {
    fired(report, "relationship-endpoint")
        .iter()
        .map(|d| d.pointer.clone())
        .collect()
}

#[test]
fn without_partial_datasets_every_missing_end_dangles() {
    let report = lint(None, &RunExtras::default());
    assert_eq!(dangling(&report), ALL_ENDS);
}

#[test]
fn the_summary_keeps_ends_of_partial_types_read_from_the_relationship_type() {
    // No snapshot: acme_user_assigned_application ends in an application (acme_application
    // without the shared "acme"), acme_application_has_user starts at one. The account's user
    // 0404 is of a type that is not partial: still dangling.
    let report = lint(None, &extras(Some(SUMMARY), None));
    assert_eq!(dangling(&report), ["/relationships/2/_toEntityKey"]);
}

#[test]
fn with_a_snapshot_the_previous_entity_s_type_decides() {
    let report = lint(Some(SNAPSHOT), &extras(Some(SUMMARY), None));
    // acme:app:0001 is an application yesterday: kept. acme:user:0404 is a user: deleted.
    assert_eq!(dangling(&report), ["/relationships/2/_toEntityKey"]);
    // An application that is gone from the previous state is not kept by anything.
    let gone = SNAPSHOT.replace("acme:app:0001", "acme:app:0999");
    let report = lint(Some(&gone), &extras(Some(SUMMARY), None));
    assert_eq!(dangling(&report), ALL_ENDS);
}

#[test]
fn a_given_finalize_body_overrides_the_summary() {
    let report = lint(None, &extras(Some(SUMMARY), Some(&[])));
    assert_eq!(dangling(&report).len(), 3);
    let report = lint(None, &extras(None, Some(&["acme_application"])));
    assert_eq!(dangling(&report), ["/relationships/2/_toEntityKey"]);
}

#[test]
fn the_plan_keeps_the_summary_s_partial_types_and_creates_edges_to_them() {
    let plan = |extras: &RunExtras| {
        plan_with(
            &job(),
            &[Document::new("upload.json", UPLOAD)],
            &Document::new("snapshot.json", SNAPSHOT),
            extras,
        )
        .plan
        .expect("a plan")
    };
    let kept = plan(&extras(Some(SUMMARY), None));
    let keys = |list: &[String]| list.join(",");
    let kept_keys: Vec<String> = kept
        .entities
        .kept
        .iter()
        .flatten()
        .map(|k| k.key.clone())
        .collect();
    assert_eq!(keys(&kept_keys), "acme:app:0001,acme:app:0002");
    let deleted: Vec<String> = kept.entities.delete.iter().map(|d| d.key.clone()).collect();
    assert_eq!(keys(&deleted), "acme:user:0404");
    let created: Vec<String> = kept
        .relationships
        .create
        .iter()
        .map(|c| c.key.clone())
        .collect();
    assert_eq!(
        keys(&created),
        "acme:app:0001|has|acme:user:0001,acme:user:0001|assigned|acme:app:0001"
    );
    assert_eq!(kept.counters.num_relationship_create_errors, 1);

    // An explicit empty finalize body: the applications go, and so do the edges to them.
    let strict = plan(&extras(Some(SUMMARY), Some(&[])));
    assert!(strict.entities.kept.iter().flatten().next().is_none());
    assert_eq!(strict.entities.delete.len(), 3);
    assert_eq!(strict.counters.num_relationship_create_errors, 3);
}

#[test]
fn summary_findings_come_after_the_job_and_before_the_uploads_located_in_the_summary() {
    let failing = SUMMARY.replace(
        r#""encounteredTypes": ["acme_user", "acme_account_has_user"]"#,
        r#""encounteredTypes": ["acme_user", "acme_account_has_user", "acme_user_v2"]"#,
    );
    let report = lint(None, &extras(Some(&failing), None));
    let files: Vec<Option<&str>> = report
        .diagnostics
        .iter()
        .map(|d| d.file.as_deref())
        .collect();
    let first_upload = files.iter().position(|f| *f == Some("upload.json"));
    let last_summary = files.iter().rposition(|f| *f == Some("summary.json"));
    assert!(last_summary < first_upload, "{files:?}");
    let undeclared = &fired(&report, "step-undeclared-type")[0];
    assert_eq!(
        undeclared.pointer,
        "/integrationStepResults/0/encounteredTypes/2"
    );
    assert_eq!((undeclared.line, undeclared.column), (Some(4), Some(85)));
    assert_eq!(
        undeclared.message,
        "step \"fetch-users\" collected _type \"acme_user_v2\" without declaring it: when the step fails, the SDK keeps only its declared types, so finalize deletes the objects of this one"
    );
    let failed = &fired(&report, "step-failed")[0];
    assert_eq!(failed.pointer, "/integrationStepResults/1/status");
    assert!(failed.message.starts_with(
        "step \"fetch-applications\" failed: finalize keeps its types (acme_application) as partial datasets"
    ));
}

#[test]
fn a_failed_step_s_undeclared_type_is_deleted_by_this_finalize() {
    let summary = SUMMARY.replace(
        r#""encounteredTypes": [], "status": "failure""#,
        r#""encounteredTypes": ["acme_application_v2"], "status": "failure""#,
    );
    let report = lint(None, &extras(Some(&summary), None));
    let undeclared = &fired(&report, "step-undeclared-type")[0];
    assert!(
        undeclared
            .message
            .ends_with("this step failed and the type is not in partialDatasets, so finalize deletes the objects of it that this run did not collect"),
        "{}",
        undeclared.message
    );
}

#[test]
fn a_summary_of_the_wrong_shape_is_reported_and_the_rest_still_counts() {
    let summary = r#"{"integrationStepResults": [
        {"id": "fetch-users", "status": "done"},
        {"id": "fetch-applications", "declaredTypes": ["acme_application"], "encounteredTypes": [], "status": "failure"}
      ],
      "metadata": {"partialDatasets": {"types": "acme_application"}}}"#;
    let report = lint(None, &extras(Some(summary), None));
    let shapes: Vec<(&str, &str)> = fired(&report, "summary-shape")
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(shapes, [
        ("/integrationStepResults/0/status", "step \"fetch-users\" has status \"done\", which the SDK does not give: use one of success, failure, partial_success_due_to_dependency_failure, disabled, pending_evaluation"),
        ("/metadata/partialDatasets/types", "types must be an array of type names"),
    ]);
    assert_eq!(fired(&report, "step-failed").len(), 1);
    // The unreadable partial types keep nothing.
    assert_eq!(dangling(&report).len(), 3);
}
