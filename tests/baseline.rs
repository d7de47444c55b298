//! The baseline: findings recorded once are left out of later runs, by object `_key` and
//! place, whatever the files, batches and order; new and grown findings still show.

mod common;

use common::{documents, names, options, rule_ids};
use syncplan::report::{Baseline, RuleSetting, MAX_LISTED_PER_RULE};
use syncplan::{lint_with, Document, JobInput, JobOptions, Report, RunExtras};

const FAULTY_JOB: &str = include_str!("../examples/faulty-job.json");
const FAULTY_UPLOAD: &str = include_str!("../examples/faulty-upload.json");
const REBATCHED: [&str; 2] = [
    include_str!("fixtures/baseline/rebatched-1.json"),
    include_str!("fixtures/baseline/rebatched-2.json"),
];
/// The faulty upload and one more entity that lacks `displayName`.
const NEW_FAULT: &str = include_str!("../examples/baseline/upload-next.json");
/// The faulty upload with its second entity (`_key` hris:person:1001 again) sent once more.
const GROWN: &str = include_str!("fixtures/baseline/grown.json");

/// Lints `uploads` with `baseline`, recording the run's own baseline too.
fn run(job: JobInput, uploads: &[&str], baseline: Option<&Baseline>) -> Report {
    let names = names(uploads.len());
    let documents = documents(uploads, &names);
    let extras = RunExtras {
        baseline,
        write_baseline: true,
        ..RunExtras::default()
    };
    lint_with(&job, &documents, None, &extras)
}

/// The faulty example's start body.
fn faulty_job() -> JobInput<'static> {
    JobInput {
        options: JobOptions::default(),
        body: Some(Document::new("job.json", FAULTY_JOB)),
    }
}

/// The baseline a run recorded, as a file would give it back.
fn recorded(report: &Report) -> Baseline {
    let text = report.baseline.as_ref().expect("a baseline").to_json();
    Baseline::read(&Document::new("baseline.json", &text)).unwrap()
}

fn faulty_baseline() -> Baseline {
    recorded(&run(faulty_job(), &[FAULTY_UPLOAD], None))
}

fn total(report: &Report) -> usize {
    report.summary.errors + report.summary.warnings + report.summary.infos
}

#[test]
fn a_recorded_run_is_clean_against_its_baseline() {
    let first = run(faulty_job(), &[FAULTY_UPLOAD], None);
    assert_eq!(first.suppressed, None);
    assert_eq!(total(&first), 11);
    let baseline = recorded(&first);
    assert_eq!(baseline.len(), 11);
    let again = run(faulty_job(), &[FAULTY_UPLOAD], Some(&baseline));
    assert!(again.diagnostics.is_empty(), "{:?}", rule_ids(&again));
    assert_eq!(total(&again), 0);
    assert_eq!(again.suppressed_count(), Some(11));
    // Recording again with the baseline records every finding, not only the new ones.
    assert_eq!(again.baseline, first.baseline);
}

#[test]
fn entries_name_the_object_key_and_the_place_inside_it() {
    let text = faulty_baseline().to_json();
    for line in [
        r#"{"rule": "boolean-name", "key": "hris:person:1001", "property": "enabled", "count": 1}"#,
        r#"{"rule": "entity-required", "key": "hris:person:1001", "property": "", "count": 1}"#,
        r#"{"rule": "relationship-endpoint", "key": "hris:team:platform|has|hris:person:1001", "property": "_fromEntityKey", "count": 1}"#,
        r#"{"rule": "job-scope-name", "document": "job", "pointer": "/scope", "count": 1}"#,
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }
    assert!(!text.contains("upload-1.json") && !text.contains("/entities/"));
}

#[test]
fn reordered_and_rebatched_objects_stay_suppressed() {
    let report = run(faulty_job(), &REBATCHED, Some(&faulty_baseline()));
    assert!(report.diagnostics.is_empty(), "{:?}", rule_ids(&report));
    assert_eq!(report.suppressed_count(), Some(11));
}

#[test]
fn only_a_new_fault_is_reported() {
    let report = run(faulty_job(), &[NEW_FAULT], Some(&faulty_baseline()));
    let reported: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.pointer.as_str()))
        .collect();
    // The new entity, hris:person:1002, lacks displayName and (as a Person) email.
    assert_eq!(
        reported,
        [
            ("data-model-required", "/entities/1"),
            ("entity-required", "/entities/1")
        ]
    );
    assert_eq!(report.suppressed_count(), Some(11));
}

#[test]
fn a_group_that_grew_is_reported_whole() {
    let report = run(faulty_job(), &[GROWN], Some(&faulty_baseline()));
    // The repeated object's four findings were accepted once; now each comes twice, and
    // which of the two is new cannot be told.
    let mut grown: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.pointer.as_str()))
        .collect();
    grown.sort();
    assert_eq!(
        grown,
        [
            ("boolean-name", "/entities/1/enabled"),
            ("boolean-name", "/entities/2/enabled"),
            ("data-model-class", "/entities/1/_class"),
            ("data-model-class", "/entities/2/_class"),
            ("duplicate-key", "/entities/1/_key"),
            ("duplicate-key", "/entities/2/_key"),
            ("reserved-property", "/entities/1/_source"),
            ("reserved-property", "/entities/2/_source"),
        ]
    );
    assert_eq!(report.suppressed_count(), Some(7));
}

#[test]
fn findings_beyond_the_listing_bound_are_recorded_and_suppressed() {
    // Entities without displayName: more entity-required findings than a report lists.
    let many = MAX_LISTED_PER_RULE + 500;
    let entity = |key: String| {
        format!(r#"{{"_key": "{key}", "_type": "t_x", "_class": "Application", "name": "a"}}"#)
    };
    let old: Vec<String> = (0..many).map(|i| entity(format!("k:{i:010}"))).collect();
    let body = format!(r#"{{"entities": [{}]}}"#, old.join(","));
    let job = || JobInput::from_options(options("DIFF", Some("s1")));
    let first = run(job(), &[&body], None);
    assert_eq!(first.omitted["entity-required"], 500);
    let baseline = recorded(&first);
    assert_eq!(baseline.len(), many);

    // A new one at the end of the list: every old one is suppressed before the bound, so the
    // new one is listed rather than counted among the omitted.
    let grown = format!(
        r#"{{"entities": [{},{}]}}"#,
        old.join(","),
        entity("k:new0000001".into())
    );
    let report = run(job(), &[&grown], Some(&baseline));
    assert_eq!(rule_ids(&report), ["entity-required"]);
    assert_eq!(report.diagnostics[0].pointer, format!("/entities/{many}"));
    assert!(report.omitted.is_empty());
    assert_eq!(report.suppressed_count(), Some(many));
}

#[test]
fn job_options_are_keyed_by_their_role() {
    let job = || JobInput::from_options(options("DIFF", None));
    let upload = r#"{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A"}]}"#;
    let first = run(job(), &[upload], None);
    assert_eq!(rule_ids(&first), ["job-scope-required"]);
    let text = first.baseline.as_ref().unwrap().to_json();
    assert!(text.contains(
        r#"{"rule": "job-scope-required", "document": "options", "pointer": "", "count": 1}"#
    ));
    let again = run(job(), &[upload], Some(&recorded(&first)));
    assert!(again.diagnostics.is_empty());
}

#[test]
fn a_file_that_is_not_json_is_never_accepted() {
    let job = || JobInput::from_options(options("DIFF", Some("s1")));
    let first = run(job(), &["{\"entities\": ["], None);
    assert_eq!(rule_ids(&first), ["invalid-json"]);
    assert!(first.baseline.as_ref().unwrap().is_empty());
    let again = run(job(), &["{\"entities\": ["], Some(&recorded(&first)));
    assert_eq!(rule_ids(&again), ["invalid-json"]);
}

#[test]
fn rules_turned_off_are_neither_recorded_nor_counted_as_suppressed() {
    let off = [("boolean-name".to_string(), RuleSetting::Off)];
    let first = run(faulty_job(), &[FAULTY_UPLOAD], None).with_rule_settings(&off);
    assert_eq!(recorded(&first).len(), 10);
    let again =
        run(faulty_job(), &[FAULTY_UPLOAD], Some(&faulty_baseline())).with_rule_settings(&off);
    assert_eq!(again.suppressed_count(), Some(10));
}

#[test]
fn the_json_report_says_how_many_were_suppressed() {
    let without = run(faulty_job(), &[FAULTY_UPLOAD], None).to_json();
    assert!(!without.contains("suppressed"));
    let with = run(faulty_job(), &[NEW_FAULT], Some(&faulty_baseline())).to_json();
    let report: serde_json::Value = serde_json::from_str(&with).unwrap();
    assert_eq!(report["suppressed"], 11);
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 2);
    assert!(report.get("baseline").is_none());
}

#[test]
fn the_text_summary_line_says_how_many_were_suppressed() {
    let report = run(faulty_job(), &[NEW_FAULT], Some(&faulty_baseline()));
    let text = syncplan::report::render_text(&report, &[], false);
    let last = text.lines().last().unwrap();
    assert_eq!(
        last,
        "✖ 2 problems: 1 error, 1 warning, 0 infos (11 suppressed by the baseline)"
    );
    let clean = run(faulty_job(), &[FAULTY_UPLOAD], Some(&faulty_baseline()));
    assert_eq!(
        syncplan::report::render_text(&clean, &[], false),
        "✔ no problems (11 suppressed by the baseline)\n"
    );
    let markdown = syncplan::report::render_markdown(&clean);
    assert!(
        markdown.contains("\n11 suppressed by the baseline.\n"),
        "{markdown}"
    );
}

#[test]
fn a_snapshot_finding_is_keyed_as_the_snapshot_without_a_start_body() {
    let upload = r#"{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A"}]}"#;
    let documents = [Document::new("upload-1.json", upload)];
    let snapshot = Document::new("snapshot.json", r#"{"entities": 5}"#);
    let extras = RunExtras {
        write_baseline: true,
        ..RunExtras::default()
    };
    let job = JobInput::from_options(options("DIFF", Some("s1")));
    let report = lint_with(&job, &documents, Some(&snapshot), &extras);
    assert_eq!(rule_ids(&report), ["snapshot-shape"]);
    let text = report.baseline.unwrap().to_json();
    assert!(
        text.contains(
            r#""rule": "snapshot-shape", "document": "snapshot", "pointer": "/entities""#
        ),
        "{text}"
    );
}
