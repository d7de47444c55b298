//! Bad input gets a clear diagnostic, never a panic or a hang.

mod common;

use common::{fired, lint_with, options, rule_ids};
use syncplan::{lint, Document, JobInput};

#[test]
fn invalid_json_names_line_and_column() {
    let report = lint_with(
        options("DIFF", Some("s1")),
        &["{\n  \"entities\": [\n    {\"_key\": \"x\",}\n  ]\n}"],
    );
    assert_eq!(rule_ids(&report), ["invalid-json"]);
    let d = &report.diagnostics[0];
    assert_eq!(
        d.message,
        "invalid JSON: trailing comma at line 3, column 18"
    );
    assert_eq!((d.line, d.column), (Some(3), Some(18)));
}

#[test]
fn truncated_and_empty_files() {
    for text in ["", "{\"entities\": [", "   "] {
        let report = lint_with(options("DIFF", Some("s1")), &[text]);
        assert_eq!(rule_ids(&report), ["invalid-json"], "{text:?}");
    }
}

#[test]
fn invalid_utf8_is_located() {
    let bytes = b"{\"entities\": [{\"name\": \"\xC3\x28\"}]}";
    let job = JobInput::from_options(options("DIFF", Some("s1")));
    let report = lint(
        &job,
        &[Document {
            name: Some("bad.json"),
            bytes,
        }],
        None,
    );
    let d = &report.diagnostics[0];
    assert_eq!(d.rule, "invalid-json");
    assert_eq!((d.line, d.column), (Some(1), Some(25)));
}

#[test]
fn byte_order_mark_is_accepted() {
    let text = "\u{FEFF}{\"entities\": [{\"_key\": \"src:thing:0001\", \"_type\": \"t_x\", \"_class\": \"Application\", \"name\": \"a\"}]}";
    let report = lint_with(options("DIFF", Some("s1")), &[text]);
    assert_eq!(rule_ids(&report), ["entity-required"]);
    assert_eq!(report.diagnostics[0].column, Some(15));
}

#[test]
fn bare_array_gets_a_hint_to_wrap_it() {
    let report = lint_with(options("DIFF", Some("s1")), &[r#"[{"_key": "a"}]"#]);
    let d = &fired(&report, "upload-shape")[0];
    assert_eq!(d.message, "the upload body is a bare array");
    assert_eq!(
        d.hint.as_deref(),
        Some("wrap it in an object: {\"entities\": [ … ]}")
    );
}

#[test]
fn nesting_ten_thousand_levels_is_an_error() {
    let deep = format!(
        "{{\"entities\": [{{\"_rawData\": {}1{}}}]}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let report = lint_with(options("DIFF", Some("s1")), &[&deep]);
    assert_eq!(rule_ids(&report), ["invalid-json"]);
    assert!(report.diagnostics[0]
        .message
        .contains("nesting deeper than 128 levels"));
}

#[test]
fn hundred_megabyte_string_value() {
    let big = "a".repeat(100 * 1024 * 1024);
    let body = format!(
        r#"{{"entities": [{{"_key": "src:thing:0001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A", "description": "{big}"}}]}}"#
    );
    let report = lint_with(options("DIFF", Some("s1")), &[&body]);
    let d = &fired(&report, "string-too-long")[0];
    assert_eq!(
        d.message,
        format!(
            "\"description\" is {} characters long; the limit is 4096",
            big.len()
        )
    );
    assert!(!fired(&report, "upload-too-large").is_empty());
}
