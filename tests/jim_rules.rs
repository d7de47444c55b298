//! What the JIM rules say beyond their cases in `tests/rules/` (see `tests/rule_cases.rs`).

mod common;

use serde_json::{json, Value as Json};
use syncplan::jim;
use syncplan::Document;

/// A valid configuration: HR employees in (scoped, simple-mode matching), directory users out.
fn base() -> Json {
    json!({
        "connectedSystems": [
            {"name": "HR", "objectTypes": [{"name": "employee",
                "attributes": [
                    {"name": "id", "type": "Text"}, {"name": "name", "type": "Text"}, {"name": "status", "type": "Text"},
                    {"name": "phones", "type": "Text", "plurality": "MultiValued"}, {"name": "photo", "type": "Binary"}
                ],
                "objectMatchingRules": [{"order": 1, "sources": [{"order": 1, "connectedSystemAttributeName": "id"}],
                                          "targetMetaverseAttributeName": "employeeId", "metaverseObjectTypeName": "person"}]}]},
            {"name": "Dir", "objectTypes": [{"name": "user", "attributes": [{"name": "cn", "type": "Text"}, {"name": "password", "type": "Text"}]}]}
        ],
        "metaverseObjectTypes": [{"name": "person", "attributes": [
            {"name": "employeeId", "type": "Text"}, {"name": "name", "type": "Text"}, {"name": "phone", "type": "Text"}
        ]}],
        "syncRules": [
            {"name": "hr in", "connectedSystemName": "HR", "connectedSystemObjectTypeName": "employee",
             "metaverseObjectTypeName": "person", "direction": "Import", "projectToMetaverse": true,
             "objectScopingCriteriaGroups": [{"type": "All", "criteria": [{"connectedSystemAttributeName": "status", "comparisonType": "Equals", "stringValue": "Active"}]}],
             "attributeFlowRules": [
                {"targetMetaverseAttributeName": "employeeId", "priority": 1, "sources": [{"order": 1, "connectedSystemAttributeName": "id"}]},
                {"targetMetaverseAttributeName": "name", "priority": 1, "sources": [{"order": 1, "expression": "Trim(cs[\"name\"])"}]}
             ]},
            {"name": "dir out", "connectedSystemName": "Dir", "connectedSystemObjectTypeName": "user",
             "metaverseObjectTypeName": "person", "direction": "Export", "provisionToConnectedSystem": true,
             "attributeFlowRules": [{"targetConnectedSystemAttributeName": "cn", "sources": [{"order": 1, "metaverseAttributeName": "name"}]}]}
        ]
    })
}

fn with(change: impl FnOnce(&mut Json)) -> String {
    let mut config = base();
    change(&mut config);
    config.to_string()
}

/// Sets a field of the import rule's first mapping's first source.
fn import_source(source: Json) -> String {
    with(|c| c["syncRules"][0]["attributeFlowRules"][1]["sources"][0] = source)
}

/// Another export rule to the directory's users, writing `cn`.
fn second_dir_out(initial_only: bool) -> Json {
    json!({"name": "dir names", "connectedSystemName": "Dir", "connectedSystemObjectTypeName": "user",
        "metaverseObjectTypeName": "person", "direction": "Export",
        "attributeFlowRules": [{"targetConnectedSystemAttributeName": "cn", "initialExportOnly": initial_only,
                                "sources": [{"order": 1, "metaverseAttributeName": "employeeId"}]}]})
}

fn fired(config: &str, state: Option<&str>, rule: &str) -> Vec<String> {
    let config = Document::new("config.json", config);
    let report = match state {
        Some(state) => jim::preview(&config, &Document::new("state.json", state)),
        None => jim::lint(&config),
    };
    report
        .diagnostics
        .iter()
        .map(|d| format!("{} {}: {}", d.rule, d.pointer, d.message))
        .filter(|d| rule.is_empty() || d.starts_with(&format!("{rule} ")))
        .collect()
}

#[test]
fn the_valid_configuration_is_clean() {
    assert_eq!(fired(&base().to_string(), None, ""), Vec::<String>::new());
}

#[test]
fn expression_errors_point_into_the_configuration() {
    let config = import_source(json!({"order": 1, "expression": "Trim(cs[\"name\"]"}));
    let report = jim::lint(&Document::new("config.json", &config));
    let d = &report.diagnostics[0];
    assert_eq!(
        d.pointer,
        "/syncRules/0/attributeFlowRules/1/sources/0/expression"
    );
    assert_eq!(
        d.message,
        "the expression does not parse: unexpected end of expression, expected ')' at character 16"
    );
    assert_eq!(d.line, Some(1));
}

/// Worked by hand: "dir out" writes cn on every export, "dir names" only on the Create. The
/// attribute stays managed, so the initial-only mapping is misleading: one warning, at the
/// first rule, naming both.
#[test]
fn initial_export_only_is_compared_across_export_rules() {
    let config = with(|c| {
        c["syncRules"]
            .as_array_mut()
            .unwrap()
            .push(second_dir_out(true))
    });
    assert_eq!(
        fired(&config, None, "jim-initial-export-mixed"),
        ["jim-initial-export-mixed /syncRules/1: mappings to \"cn\" of Dir/user mix initialExportOnly (dir names) and ongoing flows (dir out)"]
    );
    // Two rules that both keep cn managed agree.
    let config = with(|c| {
        c["syncRules"]
            .as_array_mut()
            .unwrap()
            .push(second_dir_out(false))
    });
    assert!(fired(&config, None, "jim-initial-export-mixed").is_empty());
}
