//! Shapes that published JupiterOne integrations send and the platform accepts, written for
//! these tests after the public snapshots of the `graph-*` integrations: each valid shape stays
//! clean, and the invalid variant next to it is still reported, with its rule, pointer,
//! severity and message.

mod common;

use common::{describe, fired, lint_with, options};
use syncplan::{Report, Severity};

fn lint(upload: &str) -> Report {
    lint_with(options("DIFF", Some("hris-people")), &[upload])
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

#[test]
fn settings_under_secret_like_names_are_not_secrets() {
    // An identity provider's OIDC app, a code host's app permissions and a key vault's
    // access policy: booleans, numbers and setting words under names that mention secrets.
    let report = lint(include_str!("fixtures/real-shapes/app-settings.json"));
    for rule in ["secret-property", "secret-value", "inherited-duplicate"] {
        assert!(fired(&report, rule).is_empty(), "{}", describe(&report));
    }
}

#[test]
fn credentials_beside_settings_are_still_secrets() {
    let report = lint(include_str!("fixtures/real-shapes/app-settings-leaky.json"));
    let hits: Vec<(&str, &str)> = fired(&report, "secret-property")
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        hits,
        [
            (
                "/entities/0/clientSecret",
                r#""clientSecret" looks like a secret ("q8Xv…", 20 characters)"#
            ),
            (
                "/entities/0/password",
                r#""password" looks like a secret ("hunt…", 18 characters)"#
            ),
            (
                "/entities/1/permissions.secrets",
                r#""permissions.secrets" looks like a secret (a list of strings)"#
            ),
        ],
        "{}",
        describe(&report)
    );
    assert!(fired(&report, "secret-property")
        .iter()
        .all(|d| d.severity == Severity::Warning));
}

#[test]
fn type_and_key_duplicate_no_metadata() {
    // `type` and `key` sit beside `_type` and `_key` in real output; only `weblink`, a
    // class property under another spelling, duplicates anything.
    let report = lint(include_str!("fixtures/real-shapes/app-settings-leaky.json"));
    let hits = fired(&report, "inherited-duplicate");
    assert_eq!(hits.len(), 1, "{}", describe(&report));
    assert_eq!(hits[0].pointer, "/entities/0/weblink");
    assert_eq!(
        hits[0].message,
        r#""weblink" duplicates "webLink", which class Application already defines"#
    );
}
