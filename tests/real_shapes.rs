//! Shapes that published JupiterOne integrations send and the platform accepts, written for
//! these tests after the public snapshots of the `graph-*` integrations: each valid shape stays
//! clean, and the invalid variant next to it is still reported, with its rule, pointer,
//! severity and message.

mod common;

use common::{fired, lint_with, options};
use syncplan::{Report, Severity};

fn lint(upload: &str) -> Report {
    lint_with(options("DIFF", Some("hris-people")), &[upload])
}

fn describe(report: &Report) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("  {} {}: {}", d.rule, d.pointer, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn filter_key_sets_are_alternatives() {
    // The user mapping lacks `username` and the device mapping `serialNumber`: each has
    // another set that targetEntity fills.
    let report = lint(include_str!(
        "fixtures/real-shapes/mapped-alternatives.json"
    ));
    assert!(
        fired(&report, "mapping-filter-key-missing").is_empty(),
        "{}",
        describe(&report)
    );
}

#[test]
fn no_complete_filter_key_set_is_a_warning() {
    let report = lint(include_str!("fixtures/real-shapes/mapped-no-set.json"));
    let hits = fired(&report, "mapping-filter-key-missing");
    assert_eq!(hits.len(), 1, "{}", describe(&report));
    let hit = hits[0];
    assert_eq!(hit.severity, Severity::Warning);
    assert_eq!(
        hit.pointer,
        "/relationships/0/_mapping/targetFilterKeys/0/1"
    );
    assert_eq!(
        hit.message,
        r#"no targetFilterKeys set has all its keys in targetEntity, so the mapper can never find the target: ["_class", "email"] lacks "email"; ["_class", "username"] lacks "username""#
    );
    assert_eq!(
        hit.hint.as_deref(),
        Some(
            r#"add "email" to targetEntity (the mapper filters targets by their values), or list a set whose keys targetEntity has"#
        )
    );
}
