//! Lines and columns: 1-based, columns in UTF-16 code units, on multi-line, non-ASCII,
//! CRLF and single-line text; keys or values as each rule points.

mod common;

use common::{fired, lint_with, options};
use syncplan::{Document, JobInput, JobOptions};

fn at(report: &syncplan::Report, rule: &str) -> Vec<(u32, u32)> {
    fired(report, rule)
        .iter()
        .map(|d| (d.line.unwrap(), d.column.unwrap()))
        .collect()
}

const MULTILINE: &str = "{\n  \"entities\": [\n    {\n      \"_key\": \"src:thing:0001\",\n      \"_type\": \"src_thing\",\n      \"_class\": \"Application\",\n      \"name\": \"Ünïcødé 😀 app\", \"_bad\": 1,\n      \"displayName\": \"N\",\n      \"lastSeenOn\": \"2024-05-01\"\n    }\n  ]\n}\n";

#[test]
fn multi_line_non_ascii_positions() {
    let report = lint_with(options("DIFF", Some("s1")), &[MULTILINE]);
    // The key of "_bad" on line 7: after `      "name": "Ünïcødé 😀 app", ` where 😀 counts 2.
    let prefix = "      \"name\": \"Ünïcødé 😀 app\", ";
    let column = prefix.encode_utf16().count() as u32 + 1;
    assert_eq!(at(&report, "reserved-property"), [(7, column)]);
    assert_eq!(column, 33);
    // Values: the ISO date string on line 9.
    assert_eq!(at(&report, "date-iso-string"), [(9, 21)]);
}

#[test]
fn crlf_line_endings_keep_positions() {
    let crlf = MULTILINE.replace('\n', "\r\n");
    let report = lint_with(options("DIFF", Some("s1")), &[&crlf]);
    assert_eq!(at(&report, "reserved-property"), [(7, 33)]);
    assert_eq!(at(&report, "date-iso-string"), [(9, 21)]);
}

#[test]
fn single_line_document_columns() {
    let minified: String = MULTILINE.lines().map(str::trim).collect();
    let report = lint_with(options("DIFF", Some("s1")), &[&minified]);
    let expected = minified[..minified.find("\"_bad\"").unwrap()]
        .encode_utf16()
        .count() as u32
        + 1;
    assert_eq!(at(&report, "reserved-property"), [(1, expected)]);
}

#[test]
fn missing_fields_point_at_the_object_and_sort_by_position() {
    let body = "{\"entities\": [\n  {\"_key\": \"src:thing:0001\", \"_type\": \"t_x\", \"_class\": \"Application\", \"name\": \"a\"},\n  {\"_key\": \"src:thing:0002\", \"_type\": \"t_x\", \"_class\": \"Application\"}\n]}";
    let report = lint_with(options("DIFF", Some("s1")), &[body]);
    assert_eq!(at(&report, "entity-required"), [(2, 3), (3, 3)]);
    assert_eq!(report.diagnostics[0].pointer, "/entities/0");
    assert_eq!(report.diagnostics[1].pointer, "/entities/1");
}

#[test]
fn escaped_member_names_resolve() {
    let body = r#"{"entities": [{"_key": "src:thing:0001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A", "a\/b\u00e9_c": 1}]}"#;
    let report = lint_with(options("DIFF", Some("s1")), &[body]);
    let hit = fired(&report, "property-name");
    assert_eq!(hit[0].pointer, "/entities/0/a~1bé_c");
    assert_eq!(
        hit[0].column,
        Some(body.find("\"a\\/b").unwrap() as u32 + 1)
    );
}

#[test]
fn start_body_positions_and_flag_findings() {
    let body = "{\n  \"source\": \"api\",\n  \"scope\": \"upload-2026-04-28\"\n}";
    let report = common::lint_with_body(body, &[r#"{"entities": []}"#]);
    let d = &fired(&report, "job-scope-name")[0];
    assert_eq!(
        (d.file.as_deref(), d.line, d.column),
        (Some("job.json"), Some(3), Some(12))
    );
    assert_eq!(d.pointer, "/scope");

    // From flags there is no file and no position.
    let report = lint_with(options("DIFF", None), &[r#"{"entities": []}"#]);
    let d = &fired(&report, "job-scope-required")[0];
    assert_eq!((d.file.as_deref(), d.line, d.column), (None, None, None));
    // Findings about the job come first.
    assert_eq!(report.diagnostics[0].rule, "job-scope-required");
}

#[test]
fn snapshot_findings_come_after_the_uploads_without_a_start_body() {
    let snapshot = Document::new("snapshot.json", r#"{"entities": 5}"#);
    let upload = Document::new("upload.json", r#"{"entities": [{"_key": "k"}]}"#);
    let job = JobInput::from_options(JobOptions {
        scope: Some("s1".into()),
        ..JobOptions::default()
    });
    let report = syncplan::lint(&job, &[upload], Some(&snapshot));
    let files: Vec<&str> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.file.as_deref())
        .collect();
    assert_eq!(files.first(), Some(&"upload.json"));
    assert_eq!(files.last(), Some(&"snapshot.json"));
}
