//! The worst payloads there are: each gets a clear diagnostic, never a panic or a hang.

mod common;

use common::{fired, lint_with, options, rule_ids};
use syncplan::{lint, Document, JobInput};

fn diff() -> syncplan::JobOptions {
    options("DIFF", Some("s1"))
}

fn only(report: &syncplan::Report) -> &syncplan::Diagnostic {
    assert_eq!(report.diagnostics.len(), 1, "{:?}", rule_ids(report));
    &report.diagnostics[0]
}

#[test]
fn nesting_a_hundred_thousand_levels_deep() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let report = lint_with(diff(), &[&deep]);
    assert!(only(&report)
        .message
        .contains("nesting deeper than 128 levels"));
    let objects = "{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000);
    assert_eq!(rule_ids(&lint_with(diff(), &[&objects])), ["invalid-json"]);
}

#[test]
fn a_two_hundred_megabyte_string() {
    let big = "x".repeat(200 * 1024 * 1024);
    let body = format!(
        r#"{{"entities": [{{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "{big}", "displayName": "A"}}]}}"#
    );
    let report = lint_with(diff(), &[&body]);
    assert_eq!(fired(&report, "string-too-long").len(), 1);
    assert_eq!(fired(&report, "upload-too-large").len(), 1);
}

#[test]
fn arrays_of_a_million_elements() {
    let numbers = vec!["7"; 1_000_000].join(",");
    let body = format!(
        r#"{{"entities": [{{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A", "samples": [{numbers}]}}]}}"#
    );
    let report = lint_with(diff(), &[&body]);
    assert!(fired(&report, "property-value-type").is_empty());
    let mixed = format!(
        r#"{{"entities": [{{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A", "samples": [{numbers}, "x"]}}]}}"#
    );
    assert_eq!(
        fired(&lint_with(diff(), &[&mixed]), "property-value-type").len(),
        1
    );
}

#[test]
fn a_hundred_thousand_diagnostics_are_bounded_and_counted() {
    let body = format!(r#"{{"entities": [{}]}}"#, vec!["42"; 100_000].join(","));
    let report = lint_with(diff(), &[&body]);
    assert_eq!(
        report.diagnostics.len(),
        syncplan::report::MAX_LISTED_PER_RULE
    );
    assert_eq!(
        report.omitted["upload-shape"],
        100_000 - syncplan::report::MAX_LISTED_PER_RULE
    );
    assert_eq!(report.summary.errors, 100_000);
    assert_eq!(report.diagnostics.last().unwrap().pointer, "/entities/999");
    let text = syncplan::report::render_text(&report, &[], false);
    assert!(text.contains(
        "… and 99000 more upload-shape diagnostics (the first 1000 of each rule are listed)"
    ));
}

#[test]
fn one_key_a_hundred_thousand_times() {
    // Each repeat is told apart from the one object kept for the key, not from every
    // earlier repeat: this finishes in moments, where comparing each with all before it
    // would take five billion comparisons.
    let entity = r#"{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A"}"#;
    let body = format!(r#"{{"entities": [{}]}}"#, vec![entity; 100_000].join(","));
    let report = lint_with(diff(), &[&body]);
    // Every repeat is reported (the body is also too large for one upload, another error).
    let repeats = fired(&report, "duplicate-key");
    assert_eq!(repeats.len() + report.omitted["duplicate-key"], 99_999);
    assert_eq!(repeats[0].pointer, "/entities/1/_key");
    assert_eq!(
        repeats[0].hint.as_deref(),
        Some("first uploaded at /entities/0; give each object its own _key, or start the job with ignoreDuplicates")
    );
}

#[test]
fn encodings_and_escapes() {
    let job = JobInput::from_options(diff());
    let invalid = lint(
        &job,
        &[Document {
            name: Some("bad.json"),
            bytes: b"{\"entities\": [\"\xFF\xFE\"]}",
        }],
        None,
    );
    assert!(only(&invalid)
        .message
        .starts_with("the file is not valid UTF-8 (byte 15"));
    let bom = lint(
        &job,
        &[Document {
            name: Some("bom.json"),
            bytes: b"\xEF\xBB\xBF{\"entities\": [42]}",
        }],
        None,
    );
    assert_eq!(
        (only(&bom).rule, only(&bom).column),
        ("upload-shape", Some(15))
    );
    let surrogate = lint_with(diff(), &[r#"{"entities": [{"name": "\ud800"}]}"#]);
    assert_eq!(only(&surrogate).rule, "invalid-json");
    assert!(
        only(&surrogate)
            .message
            .contains("a \\u escape of a lone surrogate"),
        "{}",
        only(&surrogate).message
    );
}

#[test]
fn what_json_does_not_allow() {
    for (text, expected) in [
        (r#"{"entities": [{"n": NaN}]}"#, "expected value"),
        (r#"{"entities": [{"n": Infinity}]}"#, "expected value"),
        (r#"{"entities": [1,]}"#, "trailing comma"),
        ("{\"entities\": [] // no\n}", "expected"),
        ("{\"entities\": []}\u{0}", "trailing characters"),
        ("{\"entities\": [\"a\u{0}b\"]}", "control character"),
    ] {
        let report = lint_with(diff(), &[text]);
        let d = only(&report);
        assert_eq!(d.rule, "invalid-json", "{text:?}");
        assert!(d.message.contains(expected), "{text:?}: {}", d.message);
        assert!(d.message.contains(" at line 1, column "), "{}", d.message);
    }
}

#[test]
fn duplicate_members_and_unsafe_integers_are_warnings() {
    let text = "{\"entities\": [{\"_key\": \"k:0000000001\", \"_type\": \"t_x\", \"_class\": \"Application\",\r\n  \"name\": 1, \"name\": \"a\", \"displayName\": \"A\", \"count\": 9007199254740993}]}";
    let report = lint_with(diff(), &[text]);
    let duplicate = &fired(&report, "duplicate-member")[0];
    assert_eq!(
        (duplicate.pointer.as_str(), duplicate.line, duplicate.column),
        ("/entities/0/name", Some(2), Some(14))
    );
    let integer = &fired(&report, "unsafe-integer")[0];
    assert_eq!(
        integer.message,
        "9007199254740993 is beyond 2^53: JavaScript readers get a different number"
    );
    assert_eq!(integer.severity, syncplan::Severity::Warning);
}

#[test]
fn reports_repeat_byte_for_byte() {
    let text = std::fs::read_to_string(format!(
        "{}/examples/faulty-upload.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let first = lint_with(diff(), &[&text]).to_json();
    for _ in 0..3 {
        assert_eq!(lint_with(diff(), &[&text]).to_json(), first);
    }
    // Member order inside objects does not change the report's order or content.
    let reordered = text.replace(
        "\"_key\": \"hris:person:1001\",\n      \"_type\": \"hris_person\",",
        "\"_type\": \"hris_person\",\n      \"_key\": \"hris:person:1001\",",
    );
    assert_ne!(reordered, text);
    let summary = |text: &str| -> Vec<(&'static str, String, String)> {
        lint_with(diff(), &[text])
            .diagnostics
            .into_iter()
            .map(|d| (d.rule, d.pointer, d.message))
            .collect()
    };
    assert_eq!(summary(&text), summary(&reordered));
}
