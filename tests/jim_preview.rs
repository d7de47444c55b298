//! Previews of synchronisation runs: the bundled example checked whole, and hand-worked
//! scenarios for scoping, matching, projection, flows with priority, provisioning,
//! deprovisioning, deletion and drift.

use serde_json::{json, Value as Json};
use syncplan::jim::model::{AttrType, Criterion, CriterionValue, Operator, OPERATORS};
use syncplan::jim::preview::Preview;
use syncplan::jim::scoping::criterion_matches;
use syncplan::jim::{self, expr::Side};
use syncplan::Document;

#[test]
fn the_bundled_example_is_previewed_as_worked_out() {
    let root = env!("CARGO_MANIFEST_DIR");
    let config = std::fs::read_to_string(format!("{root}/examples/jim/config.json")).unwrap();
    let state = std::fs::read_to_string(format!("{root}/examples/jim/state.json")).unwrap();
    let report = jim::preview(
        &Document::new("config.json", &config),
        &Document::new("state.json", &state),
    );
    // Worked out by hand: hr-1001 and hr-1002 stay joined; hr-1002's department flows
    // (HR priority 1 beats Directory's 2) and is exported; hr-1003 leaves scope, its person
    // is deleted (HR is authoritative) and dir-3 deprovisioned with Delete; hr-1004 projects
    // and is provisioned; hr-1005 joins mv-5 by employeeId; hr-1006 matches two people;
    // dir-1's displayName has drifted and is corrected.
    assert_eq!(
        report.to_json(),
        include_str!("fixtures/jim/example-report.json")
    );
}

fn hr_config(extra_rules: Json, mv_extra: Json) -> Json {
    let mut config = json!({
        "connectedSystems": [
            {"name": "HR", "objectTypes": [{"name": "employee",
                "attributes": [
                    {"name": "id", "type": "Text"}, {"name": "name", "type": "Text"},
                    {"name": "status", "type": "Text"}, {"name": "phones", "type": "Text", "plurality": "MultiValued"}
                ],
                "objectMatchingRules": [{"order": 1, "sources": [{"order": 1, "connectedSystemAttributeName": "id"}],
                                          "targetMetaverseAttributeName": "employeeId", "metaverseObjectTypeName": "person"}]}]},
            {"name": "Badge", "objectTypes": [{"name": "card", "attributes": [{"name": "holder", "type": "Text"}, {"name": "name", "type": "Text"}]}]},
            {"name": "Dir", "objectTypes": [{"name": "user", "attributes": [{"name": "cn", "type": "Text"}]}]}
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
                {"targetMetaverseAttributeName": "name", "priority": 1, "sources": [{"order": 1, "connectedSystemAttributeName": "name"}]}
             ]}
        ]
    });
    let rules = config["syncRules"].as_array_mut().unwrap();
    rules.extend(extra_rules.as_array().cloned().unwrap_or_default());
    if let Json::Object(extra) = mv_extra {
        let person = config["metaverseObjectTypes"][0].as_object_mut().unwrap();
        person.extend(extra);
    }
    config
}

fn run(config: &Json, state: &Json) -> (Preview, Vec<String>) {
    let config = config.to_string();
    let state = state.to_string();
    let report = jim::preview(
        &Document::new("config.json", &config),
        &Document::new("state.json", &state),
    );
    let rules = report
        .diagnostics
        .iter()
        .map(|d| d.rule.to_string())
        .collect();
    (report.preview.expect("a preview"), rules)
}

fn cso(id: &str, attributes: Json, joined: Option<&str>) -> Json {
    let mut object = json!({"id": id, "connectedSystemName": "HR", "objectTypeName": "employee", "attributes": attributes});
    if let Some(mv) = joined {
        object["metaverseObjectId"] = json!(mv);
    }
    object
}

fn outcome(preview: &Preview, id: &str) -> String {
    preview
        .cs_objects
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.outcome.to_string())
        .unwrap_or_default()
}

#[test]
fn matching_with_zero_one_many_and_an_already_joined_hit() {
    let config = hr_config(json!([]), json!({}));
    let state = json!({
        "connectedSystemObjects": [
            cso("e1", json!({"id": "1", "status": "Active"}), None),
            cso("e2", json!({"id": "2", "status": "Active"}), None),
            cso("e3", json!({"id": "3", "status": "Active"}), None),
            cso("e4", json!({"id": "4", "status": "Active"}), None),
            cso("e4-old", json!({"id": "4", "status": "Active"}), Some("p4"))
        ],
        "metaverseObjects": [
            {"id": "p2", "objectTypeName": "person", "attributes": {"employeeId": "2"}},
            {"id": "p3a", "objectTypeName": "person", "attributes": {"employeeId": "3"}},
            {"id": "p3b", "objectTypeName": "person", "attributes": {"employeeId": "3"}},
            {"id": "p4", "objectTypeName": "person", "attributes": {"employeeId": "4"}}
        ]
    });
    let (preview, _) = run(&config, &state);
    assert_eq!(outcome(&preview, "e1"), "Projected"); // 0 hits: the project rule creates one
    assert_eq!(outcome(&preview, "e2"), "Joined"); // 1 hit
    let e2 = preview.cs_objects.iter().find(|c| c.id == "e2").unwrap();
    assert_eq!(
        serde_json::to_value(&e2.join).unwrap(),
        json!({"matchingRule": 1, "attribute": "employeeId", "value": "2"})
    );
    assert_eq!(outcome(&preview, "e3"), "AmbiguousMatch"); // many: no fall-through
    assert_eq!(outcome(&preview, "e4"), "CouldNotJoinDueToExistingJoin");
    assert_eq!(preview.counts["Projected"], 1);
}

#[test]
fn case_insensitive_matching_and_no_projection_without_the_flag() {
    let mut config = hr_config(json!([]), json!({}));
    config["connectedSystems"][0]["objectTypes"][0]["objectMatchingRules"][0]["caseSensitive"] =
        json!(false);
    config["syncRules"][0]["projectToMetaverse"] = json!(false);
    let state = json!({
        "connectedSystemObjects": [cso("e1", json!({"id": "ab", "status": "Active"}), None), cso("e2", json!({"id": "zz", "status": "Active"}), None)],
        "metaverseObjects": [{"id": "p1", "objectTypeName": "person", "attributes": {"employeeId": "AB"}}]
    });
    let (preview, _) = run(&config, &state);
    assert_eq!(outcome(&preview, "e1"), "Joined");
    assert_eq!(outcome(&preview, "e2"), "NotJoined");
}

#[test]
fn flows_resolve_by_priority_and_re_elect_when_the_winner_leaves() {
    let badge_in = json!([{"name": "badge in", "connectedSystemName": "Badge", "connectedSystemObjectTypeName": "card",
        "metaverseObjectTypeName": "person", "direction": "Import",
        "attributeFlowRules": [{"targetMetaverseAttributeName": "name", "priority": 2, "sources": [{"order": 1, "connectedSystemAttributeName": "name"}]}]}]);
    let config = hr_config(badge_in, json!({}));
    let state = |hr_status: &str| {
        json!({
            "connectedSystemObjects": [
                cso("e1", json!({"id": "1", "status": hr_status, "name": "Ada (HR)"}), Some("p1")),
                {"id": "b1", "connectedSystemName": "Badge", "objectTypeName": "card", "metaverseObjectId": "p1", "attributes": {"name": "Ada (badge)"}}
            ],
            "metaverseObjects": [{"id": "p1", "objectTypeName": "person", "attributes": {"employeeId": "1", "name": "Ada"}}]
        })
    };
    // HR (priority 1) wins over the badge system (2).
    let (preview, _) = run(&config, &state("Active"));
    let change = &preview.mv_objects[0].changes[0];
    assert_eq!(
        serde_json::to_value(change).unwrap(),
        json!({"attribute": "name", "before": "Ada", "after": "Ada (HR)", "status": "AttributeFlow", "syncRule": "hr in", "priority": 1})
    );
    // HR leaves scope with RemainJoined: it stops contributing, the badge value is re-elected.
    let mut remain = config.clone();
    remain["syncRules"][0]["inboundOutOfScopeAction"] = json!("RemainJoined");
    let (preview, _) = run(&remain, &state("Terminated"));
    assert_eq!(outcome(&preview, "e1"), "OutOfScopeRetainJoin");
    // (changes[0] recalls employeeId, which only HR wrote.)
    let change = &preview.mv_objects[0].changes[1];
    assert_eq!(
        (
            change.after.clone(),
            change.sync_rule.as_deref(),
            change.priority
        ),
        (json!("Ada (badge)"), Some("badge in"), Some(2))
    );
}

#[test]
fn asserted_nulls_no_contributor_and_plurality() {
    let mut config = hr_config(json!([]), json!({}));
    let flows = config["syncRules"][0]["attributeFlowRules"]
        .as_array_mut()
        .unwrap();
    flows[1]["nullIsValue"] = json!(true);
    flows.push(json!({"targetMetaverseAttributeName": "phone", "priority": 1, "sources": [{"order": 1, "connectedSystemAttributeName": "phones"}]}));
    let state = json!({
        "connectedSystemObjects": [
            cso("e1", json!({"id": "1", "status": "Active", "phones": ["1", "2"]}), Some("p1")),
            cso("e2", json!({"id": "2", "status": "Active", "name": "Bo", "phones": ["9"]}), Some("p2"))
        ],
        "metaverseObjects": [
            {"id": "p1", "objectTypeName": "person", "attributes": {"employeeId": "1", "name": "Ada", "phone": "0"}},
            {"id": "p2", "objectTypeName": "person", "attributes": {"employeeId": "2", "name": "Bo"}}
        ]
    });
    let (preview, _) = run(&config, &state);
    let p1 = &preview.mv_objects[0];
    assert_eq!(p1.changes.len(), 1);
    assert_eq!(
        (
            &*p1.changes[0].attribute,
            p1.changes[0].status.as_str(),
            p1.changes[0].after.clone()
        ),
        ("name", "AssertedNull", Json::Null)
    );
    let e1 = preview.cs_objects.iter().find(|c| c.id == "e1").unwrap();
    assert_eq!(e1.errors[0].kind, "MultiValuedToSingleValued");
    assert_eq!(
        e1.errors[0].message,
        "2 values cannot flow into single-valued \"phone\""
    );
    // One value flows into the single-valued attribute.
    assert_eq!(preview.mv_objects[1].changes[0].after, json!("9"));

    // With the name mapping gone and nothing else offering it, the value is cleared.
    let mut cleared = hr_config(json!([]), json!({}));
    cleared["syncRules"][0]["attributeFlowRules"][1]["sources"] =
        json!([{"order": 1, "connectedSystemAttributeName": "missing"}]);
    let (preview, _) = run(&cleared, &state);
    let names: Vec<(String, String)> = preview
        .mv_objects
        .iter()
        .flat_map(|m| {
            m.changes
                .iter()
                .map(|c| (m.id.clone(), c.status.to_string()))
        })
        .collect();
    assert_eq!(
        names,
        [
            ("p1".to_string(), "NoContributor".to_string()),
            ("p2".to_string(), "NoContributor".to_string())
        ]
    );
}

#[test]
fn expression_errors_are_outcomes() {
    let mut config = hr_config(json!([]), json!({}));
    let flows = config["syncRules"][0]["attributeFlowRules"]
        .as_array_mut()
        .unwrap();
    flows[1]["sources"] =
        json!([{"order": 1, "expression": "Upper(cs[\"name\"]) + ToString(1 / 0)"}]);
    // Mappings run in order: the phone mapping fails alone, then the name mapping fails the object.
    flows.insert(1, json!({"targetMetaverseAttributeName": "phone", "priority": 1, "missingInputBehaviour": "FailMapping",
                           "sources": [{"order": 1, "expression": "\"+1 \" + cs[\"phones\"]"}]}));
    let state = json!({
        "connectedSystemObjects": [cso("e1", json!({"id": "1", "status": "Active", "name": "a"}), Some("p1"))],
        "metaverseObjects": [{"id": "p1", "objectTypeName": "person", "attributes": {"employeeId": "1", "name": "A"}}]
    });
    let (preview, _) = run(&config, &state);
    let errors: Vec<&str> = preview.cs_objects[0]
        .errors
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    // The missing input fails its mapping; the division fails the whole object.
    assert_eq!(
        errors,
        ["ExpressionMissingInput", "ExpressionEvaluationError"]
    );
    assert!(
        preview.mv_objects.is_empty(),
        "nothing flows from a failed object"
    );
}

fn dir_out(deprovision: &str, enforce: bool) -> Json {
    json!([{"name": "dir out", "connectedSystemName": "Dir", "connectedSystemObjectTypeName": "user",
        "metaverseObjectTypeName": "person", "direction": "Export", "provisionToConnectedSystem": true,
        "enforceState": enforce, "outboundDeprovisionAction": deprovision,
        "objectScopingCriteriaGroups": [{"type": "All", "criteria": [{"metaverseAttributeName": "employeeId", "comparisonType": "StartsWith", "stringValue": "E"}]}],
        "attributeFlowRules": [{"targetConnectedSystemAttributeName": "cn", "sources": [{"order": 1, "metaverseAttributeName": "name"}]}]}])
}

#[test]
fn provisioning_deprovisioning_and_drift() {
    let state = json!({
        "connectedSystemObjects": [
            {"id": "u1", "connectedSystemName": "Dir", "objectTypeName": "user", "metaverseObjectId": "p1", "attributes": {"cn": "drifted"}},
            {"id": "u2", "connectedSystemName": "Dir", "objectTypeName": "user", "metaverseObjectId": "p2", "attributes": {"cn": "Bo"}}
        ],
        "metaverseObjects": [
            {"id": "p1", "objectTypeName": "person", "attributes": {"employeeId": "E1", "name": "Ada"}},
            {"id": "p2", "objectTypeName": "person", "attributes": {"employeeId": "X2", "name": "Bo"}},
            {"id": "p3", "objectTypeName": "person", "attributes": {"employeeId": "E3", "name": "Cy"}}
        ]
    });
    let (preview, _) = run(&hr_config(dir_out("Delete", true), json!({})), &state);
    let exports: Vec<(String, String, String)> = preview
        .mv_objects
        .iter()
        .flat_map(|m| {
            m.exports.iter().map(|e| {
                (
                    m.id.clone(),
                    e.change_type.to_string(),
                    e.outcome.to_string(),
                )
            })
        })
        .collect();
    assert_eq!(
        exports,
        [
            (
                "p1".to_string(),
                "Update".to_string(),
                "DriftCorrection".to_string()
            ),
            (
                "p2".to_string(),
                "Delete".to_string(),
                "DeprovisionQueued".to_string()
            ),
            (
                "p3".to_string(),
                "Create".to_string(),
                "Provisioned".to_string()
            )
        ]
    );
    assert_eq!(preview.deletions, 1);
    // Disconnect instead of Delete; with enforceState off, drift waits for a source change.
    let (preview, _) = run(&hr_config(dir_out("Disconnect", false), json!({})), &state);
    let exports: Vec<(String, String)> = preview
        .mv_objects
        .iter()
        .flat_map(|m| {
            m.exports
                .iter()
                .map(|e| (m.id.clone(), e.change_type.to_string()))
        })
        .collect();
    assert_eq!(
        exports,
        [
            ("p2".to_string(), "Disconnect".to_string()),
            ("p3".to_string(), "Create".to_string())
        ]
    );
    assert_eq!(preview.deletions, 0);
}

#[test]
fn deletion_rules_after_a_disconnect() {
    let state = json!({
        "connectedSystemObjects": [cso("e1", json!({"id": "1", "status": "Gone"}), Some("p1"))],
        "metaverseObjects": [{"id": "p1", "objectTypeName": "person", "attributes": {"employeeId": "1"}}]
    });
    let outcomes = |extra: Json| {
        let (preview, _) = run(&hr_config(json!([]), extra), &state);
        preview
            .mv_objects
            .first()
            .map(|m| m.outcomes.clone())
            .unwrap_or_default()
    };
    assert_eq!(outcomes(json!({})), ["MvoDeleted"]); // WhenLastConnectorDisconnected is the default
    assert_eq!(
        outcomes(json!({"deletionGracePeriodDays": 30})),
        ["MvoDeletionScheduled"]
    );
    // Kept, p1 loses employeeId, which only the departed HR object wrote: no deletion.
    assert_eq!(
        outcomes(json!({"deletionRule": "Manual"})),
        ["AttributeFlow"]
    );
    assert_eq!(
        outcomes(
            json!({"deletionRule": "WhenAuthoritativeSourceDisconnected", "authoritativeSources": ["Badge"]})
        ),
        ["AttributeFlow"]
    );
}

/// One sample per type, and whether each operator holds for it.
#[test]
fn every_operator_and_data_type_pair() {
    use Operator::*;
    // (type, attribute value, criterion value, operators that hold)
    let cases: Vec<(AttrType, Json, CriterionValue, Vec<Operator>)> = vec![
        (
            AttrType::Text,
            json!("Alpha"),
            CriterionValue::Text("Al".into()),
            vec![NotEquals, StartsWith, NotEndsWith, Contains],
        ),
        (
            AttrType::Text,
            json!("Alpha"),
            CriterionValue::Text("ha".into()),
            vec![NotEquals, NotStartsWith, EndsWith, Contains],
        ),
        (
            AttrType::Number,
            json!(5),
            CriterionValue::Number(3.0),
            vec![NotEquals, GreaterThan, GreaterThanOrEquals],
        ),
        (
            AttrType::LongNumber,
            json!(3),
            CriterionValue::Number(3.0),
            vec![Equals, LessThanOrEquals, GreaterThanOrEquals],
        ),
        (
            AttrType::Decimal,
            json!(1.50),
            CriterionValue::Number(1.5),
            vec![Equals, LessThanOrEquals, GreaterThanOrEquals],
        ),
        (
            AttrType::DateTime,
            json!("2026-01-01T00:00:00Z"),
            CriterionValue::DateTime(1_767_312_000_000),
            vec![NotEquals, LessThan, LessThanOrEquals],
        ),
        (
            AttrType::Boolean,
            json!(true),
            CriterionValue::Bool(true),
            vec![Equals],
        ),
        (
            AttrType::Guid,
            json!("AB-CD"),
            CriterionValue::Guid("ab-cd".into()),
            vec![Equals],
        ),
        (
            AttrType::Binary,
            json!("AAEC"),
            CriterionValue::Text("AAEC".into()),
            vec![],
        ),
        (
            AttrType::Reference,
            json!("p1"),
            CriterionValue::Text("p1".into()),
            vec![],
        ),
    ];
    for (kind, value, wanted, holds) in cases {
        for (name, op) in OPERATORS {
            let criterion = Criterion {
                side: Side::ConnectedSystem,
                attribute: "a".into(),
                operator: Some(op),
                value: wanted.clone(),
                case_sensitive: false,
                pointer: String::new(),
            };
            let object = json!({"a": value}).as_object().cloned().unwrap();
            let (matched, why) = criterion_matches(&criterion, &object, &|_| Some(kind), None);
            assert_eq!(
                matched,
                holds.contains(&op),
                "{kind:?} {name} {value}: {why}"
            );
            if !op.suits(kind) {
                assert!(why.contains("does not apply"), "{kind:?} {name}: {why}");
            }
        }
    }
    // A missing attribute matches only Equals with no value; negations do not match it.
    let object = serde_json::Map::new();
    for (name, op) in OPERATORS {
        for value in [CriterionValue::None, CriterionValue::Text("x".into())] {
            let criterion = Criterion {
                side: Side::ConnectedSystem,
                attribute: "a".into(),
                operator: Some(op),
                value: value.clone(),
                case_sensitive: true,
                pointer: String::new(),
            };
            let (matched, _) =
                criterion_matches(&criterion, &object, &|_| Some(AttrType::Text), None);
            assert_eq!(
                matched,
                op == Equals && value == CriterionValue::None,
                "{name} {value:?}"
            );
        }
    }
}

#[test]
fn relative_dates_use_the_fixed_now() {
    let config = hr_config(json!([]), json!({}));
    let mut config = config;
    config["connectedSystems"][0]["objectTypes"][0]["attributes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "start", "type": "DateTime"}));
    config["syncRules"][0]["objectScopingCriteriaGroups"] = json!([{"type": "All", "criteria": [
        {"connectedSystemAttributeName": "start", "comparisonType": "GreaterThanOrEquals", "valueMode": "Relative", "relativeCount": 30, "relativeUnit": "Days", "relativeDirection": "Ago"}
    ]}]);
    let state = json!({
        "now": "2026-11-22T15:00:00Z",
        "connectedSystemObjects": [
            cso("recent", json!({"id": "1", "start": "2026-10-23T00:00:00Z"}), None),
            cso("old", json!({"id": "2", "start": "2026-10-22T23:59:59Z"}), None),
            cso("none", json!({"id": "3"}), None)
        ]
    });
    let (preview, rules) = run(&config, &state);
    assert!(rules.is_empty(), "{rules:?}");
    assert_eq!(outcome(&preview, "recent"), "Projected");
    assert_eq!(outcome(&preview, "old"), "OutOfScope");
    assert_eq!(outcome(&preview, "none"), "OutOfScope");
}

/// Numbers in scoping sentences read as they are written: whole ones without a decimal point.
#[test]
fn scoping_sentences_write_numbers_as_written() {
    let sentence = |value: Json, wanted: f64| {
        let criterion = Criterion {
            side: Side::ConnectedSystem,
            attribute: "level".into(),
            operator: Some(Operator::GreaterThan),
            value: CriterionValue::Number(wanted),
            case_sensitive: false,
            pointer: String::new(),
        };
        let object = json!({ "level": value }).as_object().cloned().unwrap();
        criterion_matches(&criterion, &object, &|_| Some(AttrType::Decimal), None).1
    };
    assert_eq!(sentence(json!(5), 3.0), "level GreaterThan 3 holds for 5");
    assert_eq!(
        sentence(json!(0.25), 2.5),
        "level GreaterThan 2.5 fails for 0.25"
    );
}

fn badge_in() -> Json {
    json!([{"name": "badge in", "connectedSystemName": "Badge", "connectedSystemObjectTypeName": "card",
        "metaverseObjectTypeName": "person", "direction": "Import",
        "attributeFlowRules": [{"targetMetaverseAttributeName": "name", "priority": 2, "sources": [{"order": 1, "connectedSystemAttributeName": "name"}]}]}])
}

fn changes(preview: &Preview) -> Vec<Json> {
    preview
        .mv_objects
        .iter()
        .flat_map(|m| m.changes.iter().map(|c| serde_json::to_value(c).unwrap()))
        .collect()
}

/// Worked by hand: e1 (HR, the only contributor of employeeId, and the winner for name) is
/// terminated and disconnects; the badge b1 stays joined, so p1 survives (its last connector is
/// still there). employeeId has no contributor left and is cleared; name is re-elected to the
/// badge's value.
#[test]
fn a_sole_contributor_leaving_recalls_its_values() {
    let state = json!({
        "connectedSystemObjects": [
            cso("e1", json!({"id": "1", "status": "Terminated", "name": "Ada (HR)"}), Some("p1")),
            {"id": "b1", "connectedSystemName": "Badge", "objectTypeName": "card", "metaverseObjectId": "p1", "attributes": {"name": "Ada (badge)"}}
        ],
        "metaverseObjects": [{"id": "p1", "objectTypeName": "person", "attributes": {"employeeId": "1", "name": "Ada (HR)"}}]
    });
    let (preview, _) = run(&hr_config(badge_in(), json!({})), &state);
    assert_eq!(outcome(&preview, "e1"), "DisconnectedOutOfScope");
    assert_eq!(
        changes(&preview),
        [
            json!({"attribute": "employeeId", "before": "1", "after": null, "status": "NoContributor"}),
            json!({"attribute": "name", "before": "Ada (HR)", "after": "Ada (badge)", "status": "AttributeFlow", "syncRule": "badge in", "priority": 2})
        ]
    );
    assert_eq!(preview.mv_objects[0].outcomes, ["AttributeFlow"]);

    // Out of scope but remaining joined, HR stops contributing just the same.
    let mut remain = hr_config(badge_in(), json!({}));
    remain["syncRules"][0]["inboundOutOfScopeAction"] = json!("RemainJoined");
    let (preview, _) = run(&remain, &state);
    assert_eq!(outcome(&preview, "e1"), "OutOfScopeRetainJoin");
    assert_eq!(changes(&preview).len(), 2);

    // HR is authoritative with a 30-day grace period: p1 is scheduled for deletion and its
    // values are frozen until then.
    let grace = json!({"deletionRule": "WhenAuthoritativeSourceDisconnected", "authoritativeSources": ["HR"], "deletionGracePeriodDays": 30});
    let (preview, _) = run(&hr_config(badge_in(), grace), &state);
    assert_eq!(preview.mv_objects[0].outcomes, ["MvoDeletionScheduled"]);
    assert!(changes(&preview).is_empty(), "{:?}", changes(&preview));

    // With RemoveContributedAttributesOnObsoletion off, a disconnect leaves its values: the
    // sole-contributed employeeId stays; name still goes to the badge, the one joined offer.
    let mut keep = hr_config(badge_in(), json!({}));
    keep["connectedSystems"][0]["objectTypes"][0]["removeContributedAttributesOnObsoletion"] =
        json!(false);
    let (preview, _) = run(&keep, &state);
    assert_eq!(
        changes(&preview),
        [
            json!({"attribute": "name", "before": "Ada (HR)", "after": "Ada (badge)", "status": "AttributeFlow", "syncRule": "badge in", "priority": 2})
        ]
    );
}

/// The directory matches its users to people by cn = name.
fn dir_matching(config: &mut Json) {
    config["connectedSystems"][2]["objectTypes"][0]["objectMatchingRules"] = json!([
        {"order": 1, "sources": [{"order": 1, "connectedSystemAttributeName": "cn"}],
         "targetMetaverseAttributeName": "name", "metaverseObjectTypeName": "person"}
    ]);
}

/// Worked by hand: p3 (E3, in export scope) has no directory user joined, but the unjoined u9
/// has cn "Cy", p3's name: u9 is joined instead of a second Cy being created, and as it holds
/// every mapped value already nothing is exported. Without the match (cn "cy", matching is
/// case-sensitive), p3 is provisioned.
#[test]
fn export_side_matching_joins_before_provisioning() {
    let mut config = hr_config(dir_out("Delete", true), json!({}));
    dir_matching(&mut config);
    let state = |cn: &str| {
        json!({
            "connectedSystemObjects": [
                {"id": "u9", "connectedSystemName": "Dir", "objectTypeName": "user", "attributes": {"cn": cn}}
            ],
            "metaverseObjects": [{"id": "p3", "objectTypeName": "person", "attributes": {"employeeId": "E3", "name": "Cy"}}]
        })
    };
    let (preview, _) = run(&config, &state("Cy"));
    let exports = serde_json::to_value(&preview.mv_objects[0].exports).unwrap();
    assert_eq!(
        exports,
        json!([{"connectedSystem": "Dir", "objectType": "user", "connectedSystemObjectId": "u9",
                "changeType": "Join", "outcome": "Joined", "syncRule": "dir out", "attributes": []}])
    );
    assert_eq!(preview.counts.get("Provisioned"), None);

    let (preview, _) = run(&config, &state("cy"));
    let export = &preview.mv_objects[0].exports[0];
    assert_eq!(
        (export.change_type.as_str(), export.outcome.as_str()),
        ("Create", "Provisioned")
    );
    assert_eq!(preview.counts["Provisioned"], 1);

    // Joined, the user then receives what differs: here nothing matches by name, so a user
    // whose cn was matched case-insensitively gets its cn corrected by the same run.
    config["connectedSystems"][2]["objectTypes"][0]["objectMatchingRules"][0]["caseSensitive"] =
        json!(false);
    let (preview, _) = run(&config, &state("cy"));
    let exports = serde_json::to_value(&preview.mv_objects[0].exports).unwrap();
    assert_eq!(
        exports,
        json!([
            {"connectedSystem": "Dir", "objectType": "user", "connectedSystemObjectId": "u9",
             "changeType": "Join", "outcome": "Joined", "syncRule": "dir out", "attributes": []},
            {"connectedSystem": "Dir", "objectType": "user", "connectedSystemObjectId": "u9",
             "changeType": "Update", "outcome": "PendingExportCreated", "syncRule": "dir out",
             "attributes": [{"name": "cn", "before": "cy", "after": "Cy"}]}
        ])
    );
}

/// Worked by hand: p3 has two phone numbers and the directory's phone is single-valued, so
/// phone is the MultiValuedToSingleValued error and stays out of the Create, while cn still
/// flows; p4's one number flows as a single value.
#[test]
fn a_multi_valued_attribute_into_a_single_valued_target_on_export() {
    let mut config = hr_config(dir_out("Delete", true), json!({}));
    config["metaverseObjectTypes"][0]["attributes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "phones", "type": "Text", "plurality": "MultiValued"}));
    config["connectedSystems"][2]["objectTypes"][0]["attributes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "phone", "type": "Text"}));
    config["syncRules"][1]["attributeFlowRules"]
        .as_array_mut()
        .unwrap()
        .push(json!({"targetConnectedSystemAttributeName": "phone", "sources": [{"order": 1, "metaverseAttributeName": "phones"}]}));
    let state = json!({
        "metaverseObjects": [
            {"id": "p3", "objectTypeName": "person", "attributes": {"employeeId": "E3", "name": "Cy", "phones": ["1", "2"]}},
            {"id": "p4", "objectTypeName": "person", "attributes": {"employeeId": "E4", "name": "Di", "phones": ["7"]}}
        ]
    });
    let (preview, _) = run(&config, &state);
    let p3 = serde_json::to_value(&preview.mv_objects[0]).unwrap();
    assert_eq!(
        p3["exports"][0]["attributes"],
        json!([{"name": "cn", "after": "Cy"}])
    );
    assert_eq!(
        p3["errors"],
        json!([{"kind": "MultiValuedToSingleValued", "message": "2 values cannot flow into single-valued \"phone\"",
                "syncRule": "dir out", "attribute": "phone"}])
    );
    let p4 = serde_json::to_value(&preview.mv_objects[1]).unwrap();
    assert_eq!(
        p4["exports"][0]["attributes"],
        json!([{"name": "cn", "after": "Di"}, {"name": "phone", "after": "7"}])
    );
    assert_eq!(preview.counts["MultiValuedToSingleValued"], 1);
}

#[test]
fn a_report_can_be_sent_to_another_thread() {
    // Compiles only while the report (shared names included) is `Send` and `Sync`.
    fn sendable<T: Send + Sync>(_: &T) {}
    let (preview, _) = run(&hr_config(json!([]), json!({})), &json!({}));
    sendable(&preview);
}
