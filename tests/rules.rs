//! What the rules say beyond their cases in `tests/rules/` (see `tests/rule_cases.rs`): hints,
//! messages that name the value and the fix, and findings that depend on each other.

mod common;

use common::{describe, fired, lint_with, options};
use syncplan::JobOptions;

/// A valid entity with extra members spliced in (`extra` is `""` or `, "a": 1`).
fn entity(key: &str, extra: &str) -> String {
    format!(
        r#"{{"_key": "{key}", "_type": "src_thing", "_class": "Application", "name": "n", "displayName": "N"{extra}}}"#
    )
}

fn entities(list: &[String]) -> String {
    format!(r#"{{"entities": [{}]}}"#, list.join(", "))
}

#[test]
fn rule_ids_are_unique_and_documented() {
    let mut ids: Vec<&str> = syncplan::rules().iter().map(|r| r.id).collect();
    assert!(syncplan::rules().iter().all(|r| !r.doc.is_empty()));
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len());
}

#[test]
fn flags_override_the_start_body() {
    let report = lint_with(
        JobOptions {
            source: Some("integration-external".into()),
            integration_instance_id: Some("i-1".into()),
            ..JobOptions::default()
        },
        &[&entities(&[entity("src:thing:0001", "")])],
    );
    assert_eq!(report.job.source.as_deref(), Some("integration-external"));
    assert!(report.diagnostics.is_empty(), "{}", describe(&report));
}

#[test]
fn the_epoch_seconds_hint_gives_whole_milliseconds() {
    // 1.001 × 1000 is 1000.9999999999999 in floating point.
    let upload = entities(&[entity("src:thing:0001", r#", "lastLoginOn": 1.001"#)]);
    let report = lint_with(options("DIFF", Some("src-inventory")), &[&upload]);
    let hits = fired(&report, "date-epoch-millis");
    assert_eq!(
        hits[0].hint.as_deref(),
        Some("multiply by 1000: 1001"),
        "{}",
        describe(&report)
    );
}

#[test]
fn data_model_bounds_read_as_written() {
    let upload = entities(&[entity("src:thing:0001", r#", "criticality": 11"#)]);
    let report = lint_with(options("DIFF", Some("src-inventory")), &[&upload]);
    let hits = fired(&report, "data-model-type");
    assert!(
        hits[0].message.contains("integer 1–10"),
        "{}",
        describe(&report)
    );
}

#[test]
fn a_key_an_entity_repeats_after_a_relationship_is_an_entity_key() {
    // The relationship takes `src:b:0001` first; the entity of batch 2 repeats it. The key
    // still names an entity of this job, of `_type` src_b, for the relationship's checks.
    let relationship = r#"{"relationships": [{"_key": "src:b:0001", "_type": "src_a_has_thing", "_class": "HAS",
        "_fromEntityKey": "src:a:0001", "_toEntityKey": "src:b:0001"}]}"#;
    let ends = r#"{"entities": [
        {"_key": "src:a:0001", "_type": "src_a", "_class": "Application", "name": "a", "displayName": "A"},
        {"_key": "src:b:0001", "_type": "src_b", "_class": "Application", "name": "b", "displayName": "B"}]}"#;
    let report = lint_with(
        options("DIFF", Some("src-inventory")),
        &[relationship, ends],
    );
    assert_eq!(
        fired(&report, "duplicate-key").len(),
        1,
        "{}",
        describe(&report)
    );
    assert!(
        fired(&report, "relationship-endpoint").is_empty(),
        "{}",
        describe(&report)
    );
    let named = fired(&report, "relationship-type-name");
    assert_eq!(
        named[0].hint.as_deref(),
        Some("name it \"src_a_has_src_b\""),
        "{}",
        describe(&report)
    );
}

/// The rules that fire most on real payloads name the value and say what to send instead.
#[test]
fn frequent_rules_name_the_value_and_the_fix() {
    let upload = entities(&[
        entity(
            "src:thing:0001",
            r#", "enabled": false, "owner": "", "lastLoginOn": 1714521600, "reviewedOn": "1714521600000", "auditedOn": "last tuesday""#,
        ),
        entity("src:person:0001", "").replace("Application", "Person"),
    ]);
    let report = lint_with(options("DIFF", Some("src-inventory")), &[&upload]);
    let said = |rule: &str, pointer: &str| -> (String, String) {
        let hit = report
            .diagnostics
            .iter()
            .find(|d| d.rule == rule && d.pointer == pointer)
            .unwrap_or_else(|| panic!("no {rule} at {pointer}:\n{}", describe(&report)));
        (hit.message.clone(), hit.hint.clone().unwrap_or_default())
    };
    assert_eq!(
        said("boolean-name", "/entities/0/enabled"),
        (
            r#"boolean property "enabled" (false) is not named is… or has…"#.into(),
            r#"rename it "isEnabled": a yes/no name reads as a question in queries and rules"#
                .into()
        )
    );
    assert_eq!(
        said("empty-string", "/entities/0/owner"),
        (
            r#""owner" is "" (an empty string): queries read it as a value, not as missing"#.into(),
            r#"send "owner": null, or leave the property out, when there is no value"#.into()
        )
    );
    assert_eq!(
        said("date-epoch-millis", "/entities/0/lastLoginOn"),
        (
            r#"date property "lastLoginOn" is 1714521600, which looks like epoch seconds (2024-05-01T00:00:00Z); read as milliseconds it is 1970-01-20T20:15:21Z"#.into(),
            "multiply by 1000: 1714521600000".into()
        )
    );
    assert_eq!(
        said("date-epoch-millis", "/entities/0/reviewedOn"),
        (
            r#"date property "reviewedOn" holds the text "1714521600000", not a number of epoch milliseconds"#.into(),
            "send the number 1714521600000, not a string".into()
        )
    );
    assert_eq!(
        said("date-epoch-millis", "/entities/0/auditedOn").1,
        "send epoch milliseconds as a number (Date.parse of the date in JavaScript), null when there is none, or rename the property if it is not a date"
    );
    assert_eq!(
        said("data-model-required", "/entities/1"),
        (
            r#"class Person requires "email", "firstName", "lastName", which this entity lacks (data model 0.64.2)"#.into(),
            r#"add them, with null where a value is unknown: "email": null, "firstName": null, "lastName": null"#.into()
        )
    );
}

/// The one diagnostic of `rule` an entity of `class` (a name, or a JSON list of them) with
/// extra members raises, as "pointer: message (hint)".
fn only(rule: &str, class: &str, extra: &str) -> String {
    let class = if class.starts_with('[') {
        class.to_string()
    } else {
        format!("\"{class}\"")
    };
    let upload = entities(&[entity("src:thing:0001", extra).replace("\"Application\"", &class)]);
    let report = lint_with(options("DIFF", Some("src-inventory")), &[&upload]);
    let hits = fired(&report, rule);
    assert_eq!(hits.len(), 1, "{}", describe(&report));
    let hit = hits[0];
    format!(
        "{}: {} ({})",
        hit.pointer,
        hit.message,
        hit.hint.as_deref().unwrap_or("")
    )
}

#[test]
fn a_pattern_miss_names_the_value_the_pattern_the_class_and_the_version() {
    assert_eq!(
        only("data-model-format", "Host", r#", "hostname": "web_01""#),
        r#"/entities/0/hostname: "hostname" "web_01" does not match the pattern ^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9]$ of class Host (data model 0.64.2) (correct the value, or keep it under a custom property name: the data model's validation rejects it)"#
    );
    assert_eq!(
        only(
            "data-model-format",
            "Host",
            r#", "macAddresses": ["0a:1b:2c:3d:4e:5f", "0A:1B:2C:3D:4E:60"]"#
        ),
        r#"/entities/0/macAddresses/1: "macAddresses" item 1 "0A:1B:2C:3D:4E:60" does not match the pattern ^([0-9a-f]{2}:){5}([0-9a-f]{2})$ of class Host (data model 0.64.2) (write it in lower case: "0a:1b:2c:3d:4e:60")"#
    );
    // The fqdn pattern's look-ahead: at most 253 characters, and no label starts with "-".
    assert_eq!(
        only(
            "data-model-format",
            "Host",
            r#", "fqdn": ["web-01.example.com.", "web-02.example.com"]"#
        ),
        r#"/entities/0/fqdn/0: "fqdn" item 0 "web-01.example.com." does not match the pattern (?=^.{4,253}$)(^((?!-)[a-zA-Z0-9-]{0,62}[a-zA-Z0-9]\.)+[a-zA-Z]{2,63}$) of class Host (data model 0.64.2) (drop the trailing dot: "web-01.example.com")"#
    );
    let long = format!(r#", "fqdn": ["{}example.com"]"#, "a.".repeat(125));
    assert!(only("data-model-format", "Host", &long).starts_with("/entities/0/fqdn/0: "));
    assert!(
        fired(
            &lint_with(
                options("DIFF", Some("src-inventory")),
                &[&entities(&[entity(
                    "src:thing:0001",
                    r#", "fqdn": ["-web.example.com", "web.-example.com"]"#
                )
                .replace("Application", "Host")])]
            ),
            "data-model-format"
        )
        .len()
            == 1
    );
}

#[test]
fn a_format_miss_names_the_value_the_format_the_class_and_the_version() {
    assert_eq!(
        only(
            "data-model-format",
            "Person",
            r#", "email": ["ada@example.com", "ada@"], "firstName": "A", "lastName": "B""#
        ),
        r#"/entities/0/email/1: "email" item 1 "ada@" is not a valid email (format of class Person, data model 0.64.2) (an address such as name@example.com)"#
    );
    assert_eq!(
        only(
            "data-model-format",
            "IpAddress",
            r#", "ipAddress": "10.0.0.256""#
        ),
        r#"/entities/0/ipAddress: "ipAddress" "10.0.0.256" is not a valid ip (format of class IpAddress, data model 0.64.2) (an IPv4 or IPv6 address, such as 10.0.0.1 or 2001:db8::1)"#
    );
}

#[test]
fn a_wrong_type_is_a_type_finding_not_a_format_one() {
    let upload = entities(&[entity(
        "src:thing:0001",
        r#", "hostname": 42, "macAddresses": "0a:1b:2c:3d:4e:5f""#,
    )
    .replace("Application", "Host")]);
    let report = lint_with(options("DIFF", Some("src-inventory")), &[&upload]);
    assert_eq!(
        fired(&report, "data-model-type").len(),
        2,
        "{}",
        describe(&report)
    );
    assert!(
        fired(&report, "data-model-format").is_empty(),
        "{}",
        describe(&report)
    );
}

#[test]
fn a_value_fits_every_definition_as_ajv_reads_them() {
    // Host allows null for `public`; Entity, which Host extends, does not.
    assert_eq!(
        only("data-model-type", "Host", r#", "public": null"#),
        "/entities/0/public: \"public\" is null but class Host defines it as boolean (data model 0.64.2) ()"
    );
    assert_eq!(
        only("data-model-type", "IpAddress", r#", "ipVersion": 5"#),
        "/entities/0/ipVersion: \"ipVersion\" is 5 but class IpAddress defines it as 4 or 6 (data model 0.64.2) ()"
    );
    assert_eq!(
        only("data-model-type", "Host", r#", "ipv4Addresses": ["10.0.0.1", "10.0.0.1"]"#),
        "/entities/0/ipv4Addresses: \"ipv4Addresses\" lists \"10.0.0.1\" twice but class Host wants its items distinct (data model 0.64.2) (list each value once)"
    );
    // User wants `email` a list (or absent); Person, the second class, wants it too, not null.
    assert_eq!(
        only("data-model-type", r#"["User", "Person"]"#, r#", "email": null, "firstName": "A", "lastName": "B""#),
        "/entities/0/email: \"email\" is null but class Person defines it as array of string (data model 0.64.2) ()"
    );
}
