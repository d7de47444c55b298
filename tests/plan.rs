//! Plans of each sync mode against hand-worked expected results, including the scenarios of
//! the source documents (stale findings disappear, leavers deleted, lastGoogleLoginAt patched,
//! Okta→Jamf edges, repo criticality overrides).

mod common;

use serde_json::{json, Value};
use syncplan::{plan, Document, FinalizeOptions, JobInput};

fn run(
    mode: &str,
    scope: &str,
    uploads: &[&str],
    snapshot: &str,
    partial: &[&str],
) -> syncplan::Report {
    let names = common::names(uploads.len());
    let documents = common::documents(uploads, &names);
    let finalize = FinalizeOptions {
        partial_types: partial.iter().map(|t| t.to_string()).collect(),
    };
    plan(
        &JobInput::from_options(common::options(mode, Some(scope))),
        &documents,
        &Document::new("snapshot.json", snapshot),
        &finalize,
    )
}

fn plan_of(report: &syncplan::Report) -> Value {
    serde_json::to_value(report.plan.as_ref().expect("a plan")).unwrap()
}

// DIFF: a vulnerability scanner's nightly upload. Finding f2 is no longer reported, so it is
// deleted, and so is the AWS host's HAS edge to it (another scope, cascaded).
const SCANNER_BEFORE: &str = r#"{
  "entities": [
    {"_id": "id-f1", "_key": "scan:finding:f1", "_type": "scan_finding", "_class": "Finding", "name": "f1", "displayName": "F1", "severity": "high", "_scope": "vuln-scanner-nightly"},
    {"_id": "id-f2", "_key": "scan:finding:f2", "_type": "scan_finding", "_class": "Finding", "name": "f2", "displayName": "F2", "severity": "medium", "_scope": "vuln-scanner-nightly"},
    {"_id": "id-f3", "_key": "scan:finding:f3", "_type": "scan_finding", "_class": "Finding", "name": "f3", "displayName": "F3", "numericSeverity": 5, "_scope": "vuln-scanner-nightly"},
    {"_id": "id-h1", "_key": "i-0abc", "_type": "aws_instance", "_class": "Host", "_integrationInstanceId": "aws-1"}
  ],
  "relationships": [
    {"_id": "id-r1", "_key": "i-0abc|has|scan:finding:f2", "_type": "aws_instance_has_scan_finding", "_class": "HAS",
     "_fromEntityKey": "i-0abc", "_toEntityKey": "scan:finding:f2", "_toEntityScope": "vuln-scanner-nightly", "_scope": "host-findings"}
  ]
}"#;

const SCANNER_TODAY: &str = r#"{"entities": [
  {"_key": "scan:finding:f1", "_type": "scan_finding", "_class": "Finding", "name": "f1", "displayName": "F1", "severity": "low"},
  {"_key": "scan:finding:f3", "_type": "scan_finding", "_class": "Finding", "name": "f3", "displayName": "F3", "numericSeverity": 5.0},
  {"_key": "scan:finding:f4", "_type": "scan_finding", "_class": "Finding", "name": "f4", "displayName": "F4"}
]}"#;

#[test]
fn diff_stale_findings_disappear() {
    let report = run(
        "DIFF",
        "vuln-scanner-nightly",
        &[SCANNER_TODAY],
        SCANNER_BEFORE,
        &[],
    );
    assert_eq!(
        plan_of(&report),
        json!({
            "entities": {
                "create": [{"_key": "scan:finding:f4", "_type": "scan_finding"}],
                "update": [{"_key": "scan:finding:f1", "_type": "scan_finding",
                            "changes": [{"property": "severity", "before": "high", "after": "low"}]}],
                "delete": [{"_key": "scan:finding:f2", "_type": "scan_finding", "reason": "not in this upload"}],
                // f3: 5 and 5.0 are the same number.
                "unchanged": 1,
                "skipped": [],
                "kept": []
            },
            "relationships": {
                "create": [], "update": [], "unchanged": 0, "skipped": [],
                "delete": [{"_key": "i-0abc|has|scan:finding:f2", "_type": "aws_instance_has_scan_finding",
                            "reason": "its endpoint _toEntityKey \"scan:finding:f2\" is deleted", "endpoint": {"end": "to", "_key": "scan:finding:f2"}}]
            },
            "counters": {
                "numEntitiesUploaded": 3, "numEntitiesCreated": 1, "numEntitiesUpdated": 1, "numEntitiesDeleted": 1,
                "numRelationshipsUploaded": 0, "numRelationshipsCreated": 0, "numRelationshipsUpdated": 0,
                "numRelationshipsDeleted": 1, "numRelationshipCreateErrors": 0
            },
            "previous": {"entities": 3, "relationships": 0}
        })
    );
}

// DIFF: an HRIS. p2 has left; p4 is hired; p1's title changed; p3's raw data changed only.
// p1 MANAGES p2 is uploaded although p2 is gone.
const HRIS_BEFORE: &str = include_str!("fixtures/plan/hris-before.json");

const HRIS_TODAY: &str = include_str!("fixtures/plan/hris-today.json");

#[test]
fn diff_leavers_are_deleted_with_their_relationships() {
    let report = run("DIFF", "hris", &[HRIS_TODAY], HRIS_BEFORE, &[]);
    assert_eq!(
        plan_of(&report),
        json!({
            "entities": {
                "create": [{"_key": "hr:person:p4", "_type": "hr_person"}],
                "update": [
                    {"_key": "hr:person:p1", "_type": "hr_person",
                     "changes": [{"property": "title", "before": "Engineer", "after": "Staff Engineer"}]},
                    {"_key": "hr:person:p3", "_type": "hr_person", "changes": [], "rawDataChanged": true}
                ],
                "delete": [{"_key": "hr:person:p2", "_type": "hr_person", "reason": "not in this upload"}],
                "unchanged": 1,
                "skipped": [],
                "kept": []
            },
            "relationships": {
                "create": [{"_key": "t1|has|p4", "_type": "hr_team_has_person"}],
                "update": [],
                "delete": [
                    {"_key": "t1|has|p2", "_type": "hr_team_has_person", "reason": "its endpoint _toEntityKey \"hr:person:p2\" is deleted", "endpoint": {"end": "to", "_key": "hr:person:p2"}},
                    {"_key": "t1|has|p3", "_type": "hr_team_has_person", "reason": "not in this upload"}
                ],
                "unchanged": 1,
                "skipped": [{"_key": "p1|manages|p2", "reason": "_toEntityKey \"hr:person:p2\" is neither uploaded nor kept in this scope", "endpoint": {"end": "to", "_key": "hr:person:p2"}}]
            },
            "counters": {
                "numEntitiesUploaded": 4, "numEntitiesCreated": 1, "numEntitiesUpdated": 2, "numEntitiesDeleted": 1,
                "numRelationshipsUploaded": 3, "numRelationshipsCreated": 1, "numRelationshipsUpdated": 0,
                "numRelationshipsDeleted": 2, "numRelationshipCreateErrors": 1
            },
            "previous": {"entities": 4, "relationships": 3}
        })
    );
    // The lint half says the same about the edge to the leaver.
    assert_eq!(common::fired(&report, "relationship-endpoint").len(), 1);
}

#[test]
fn diff_partial_dataset_types_are_kept() {
    let report = run("DIFF", "hris", &[HRIS_TODAY], HRIS_BEFORE, &["hr_person"]);
    let plan = plan_of(&report);
    assert_eq!(plan["entities"]["delete"], json!([]));
    assert_eq!(
        plan["entities"]["kept"],
        json!([{"_key": "hr:person:p2", "_type": "hr_person", "reason": "partial dataset"}])
    );
    // p2 survives, so the edge to it is created; t1 HAS p2 was not re-uploaded.
    assert_eq!(
        plan["relationships"]["create"],
        json!([{"_key": "p1|manages|p2", "_type": "hr_person_manages_person"}, {"_key": "t1|has|p4", "_type": "hr_team_has_person"}])
    );
    assert_eq!(
        plan["relationships"]["delete"],
        json!([
            {"_key": "t1|has|p2", "_type": "hr_team_has_person", "reason": "not in this upload"},
            {"_key": "t1|has|p3", "_type": "hr_team_has_person", "reason": "not in this upload"}
        ])
    );
    assert_eq!(plan["relationships"]["skipped"], json!([]));
}

#[test]
fn diff_removed_and_added_properties() {
    let before = r#"{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": ["Application"], "name": "a", "displayName": "A", "owner": "x", "_version": 7, "_createdOn": 1}]}"#;
    let today = r#"{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A", "tier": 1}]}"#;
    let plan = plan_of(&run("DIFF", "s1", &[today], before, &[]));
    // A one-element `_class` array equals the string; metadata (_version, _createdOn) is no change.
    assert_eq!(
        plan["entities"]["update"],
        json!([{"_key": "k:0000000001", "_type": "t_x", "changes": [
            {"property": "owner", "before": "x"},
            {"property": "tier", "after": 1}
        ]}])
    );
}

#[test]
fn diff_plans_a_repeated_key_from_its_latest_upload() {
    // The snapshot lists k:2 twice (the later entry is the state), the upload repeats k:1 in
    // two batches (the later replaces the earlier, as with ignoreDuplicates).
    let before = r#"{"entities": [
      {"_key": "k:2", "_type": "t_x", "_class": "Application", "name": "b", "owner": "old"},
      {"_key": "k:1", "_type": "t_x", "_class": "Application", "name": "a", "owner": "x"},
      {"_key": "k:2", "_type": "t_x", "_class": "Application", "name": "b", "owner": "y"}
    ]}"#;
    let first = r#"{"entities": [{"_key": "k:1", "_type": "t_x", "_class": "Application", "name": "a", "owner": "first"}]}"#;
    let second = r#"{"entities": [
      {"_key": "k:3", "_type": "t_x", "_class": "Application", "name": "c"},
      {"_key": "k:1", "_type": "t_x", "_class": "Application", "name": "a", "owner": "second"}
    ]}"#;
    let plan = plan_of(&run("DIFF", "s1", &[first, second], before, &[]));
    assert_eq!(
        plan["entities"]["update"],
        json!([{"_key": "k:1", "_type": "t_x", "changes": [
            {"property": "owner", "before": "x", "after": "second"}
        ]}])
    );
    assert_eq!(
        plan["entities"]["create"],
        json!([{"_key": "k:3", "_type": "t_x"}])
    );
    assert_eq!(
        plan["entities"]["delete"],
        json!([{"_key": "k:2", "_type": "t_x", "reason": "not in this upload"}])
    );
}

// PATCH: lastGoogleLoginAt on Person entities pushed by the HRIS DIFF.
#[test]
fn patch_sets_uploaded_properties_and_keeps_the_rest() {
    let before = r#"{"entities": [
        {"_id": "id-p1", "_key": "hr:person:p1", "_type": "hr_person", "_class": "Person", "name": "p1", "displayName": "P1", "title": "Engineer", "_scope": "hris"},
        {"_id": "id-p2", "_key": "hr:person:p2", "_type": "hr_person", "_class": "Person", "name": "p2", "displayName": "P2", "lastGoogleLoginAt": 1714521600000, "_scope": "hris"}
    ]}"#;
    let upload = r#"{"entities": [
        {"_id": "id-p1", "lastGoogleLoginAt": 1714608000000},
        {"_key": "hr:person:p2", "lastGoogleLoginAt": 1714521600000},
        {"_id": "id-gone", "lastGoogleLoginAt": 1714608000000},
        {"_key": "hr:person:p9", "_type": "hr_person", "_class": "Person", "name": "p9", "displayName": "P9"}
    ]}"#;
    let report = run("PATCH", "hris", &[upload], before, &[]);
    assert_eq!(
        plan_of(&report),
        json!({
            "entities": {
                "create": [{"_key": "hr:person:p9", "_type": "hr_person"}],
                "update": [{"_key": "hr:person:p1", "_type": "hr_person", "_id": "id-p1",
                            "changes": [{"property": "lastGoogleLoginAt", "after": 1714608000000u64}]}],
                "delete": [],
                "unchanged": 1,
                "skipped": [{"_id": "id-gone", "reason": "no entity has _id \"id-gone\""}],
                "kept": []
            },
            "relationships": {"create": [], "update": [], "delete": [], "unchanged": 0, "skipped": []},
            "counters": {
                "numEntitiesUploaded": 4, "numEntitiesCreated": 1, "numEntitiesUpdated": 1, "numEntitiesDeleted": 0,
                "numRelationshipsUploaded": 0, "numRelationshipsCreated": 0, "numRelationshipsUpdated": 0,
                "numRelationshipsDeleted": 0, "numRelationshipCreateErrors": 0
            },
            "previous": {"entities": 2, "relationships": 0}
        })
    );
    assert_eq!(common::rule_ids(&report), ["unknown-id"]);
}

// CROSS_SCOPE: Okta users to the Jamf laptops they own.
const OKTA_JAMF_BEFORE: &str = r#"{
  "entities": [
    {"_id": "o-alice", "_key": "okta-user:alice", "_type": "okta_user", "_class": "User", "_integrationInstanceId": "okta-instance-id"},
    {"_id": "o-bob", "_key": "okta-user:bob", "_type": "okta_user", "_class": "User", "_integrationInstanceId": "okta-instance-id"},
    {"_id": "j-001", "_key": "jamf-device:laptop-001", "_type": "jamf_device", "_class": "Device", "_integrationInstanceId": "jamf-instance-id"},
    {"_id": "j-002", "_key": "jamf-device:laptop-002", "_type": "jamf_device", "_class": "Device", "_integrationInstanceId": "jamf-instance-id", "_deleted": true}
  ],
  "relationships": [
    {"_key": "okta-user:alice|owns|jamf-device:laptop-001", "_type": "user_owns_device", "_class": "OWNS",
     "_fromEntityKey": "okta-user:alice", "_toEntityKey": "jamf-device:laptop-001",
     "_fromEntityScope": "okta-instance-id", "_toEntityScope": "jamf-instance-id", "_scope": "okta-jamf-ownership"},
    {"_key": "okta-user:carol|owns|jamf-device:laptop-009", "_type": "user_owns_device", "_class": "OWNS",
     "_fromEntityKey": "okta-user:carol", "_toEntityKey": "jamf-device:laptop-009",
     "_fromEntityScope": "okta-instance-id", "_toEntityScope": "jamf-instance-id", "_scope": "okta-jamf-ownership"}
  ]
}"#;

fn edge(user: &str, laptop: &str) -> String {
    format!(
        r#"{{"_key": "okta-user:{user}|owns|jamf-device:{laptop}", "_type": "user_owns_device", "_class": "OWNS", "_fromEntityKey": "okta-user:{user}", "_toEntityKey": "jamf-device:{laptop}", "_fromEntityScope": "okta-instance-id", "_toEntityScope": "jamf-instance-id"}}"#
    )
}

#[test]
fn cross_scope_okta_jamf_edges() {
    let upload = format!(
        r#"{{"relationships": [{}, {}, {}, {}]}}"#,
        edge("alice", "laptop-001"),
        edge("bob", "laptop-002"),
        edge("bob", "laptop-003"),
        r#"{"_key": "o-bob|owns|j-001", "_type": "user_owns_device", "_class": "OWNS", "_fromEntityId": "o-bob", "_toEntityId": "j-001", "_fromEntityScope": "okta-instance-id", "_toEntityScope": "jamf-instance-id"}"#
    );
    let report = run(
        "CROSS_SCOPE",
        "okta-jamf-ownership",
        &[&upload],
        OKTA_JAMF_BEFORE,
        &[],
    );
    assert_eq!(
        plan_of(&report),
        json!({
            "entities": {"create": [], "update": [], "delete": [], "unchanged": 0, "skipped": [], "kept": []},
            "relationships": {
                "create": [{"_key": "o-bob|owns|j-001", "_type": "user_owns_device"}],
                "update": [],
                "delete": [{"_key": "okta-user:carol|owns|jamf-device:laptop-009", "_type": "user_owns_device", "reason": "not in this upload"}],
                "unchanged": 1,
                "skipped": [
                    {"_key": "okta-user:bob|owns|jamf-device:laptop-002",
                     "reason": "_toEntityKey \"jamf-device:laptop-002\" in scope \"jamf-instance-id\" is soft-deleted", "endpoint": {"end": "to", "_key": "jamf-device:laptop-002"}},
                    {"_key": "okta-user:bob|owns|jamf-device:laptop-003",
                     "reason": "_toEntityKey \"jamf-device:laptop-003\" in scope \"jamf-instance-id\" matches no entity", "endpoint": {"end": "to", "_key": "jamf-device:laptop-003"}}
                ]
            },
            "counters": {
                "numEntitiesUploaded": 0, "numEntitiesCreated": 0, "numEntitiesUpdated": 0, "numEntitiesDeleted": 0,
                "numRelationshipsUploaded": 4, "numRelationshipsCreated": 1, "numRelationshipsUpdated": 0,
                "numRelationshipsDeleted": 1, "numRelationshipCreateErrors": 2
            },
            "previous": {"entities": 0, "relationships": 2}
        })
    );
    let warnings: Vec<&str> = common::fired(&report, "cross-scope-endpoint-missing")
        .iter()
        .map(|d| d.pointer.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "/relationships/1/_toEntityKey",
            "/relationships/2/_toEntityKey"
        ]
    );
}

// OVERRIDE: repo criticality, with an older scope and an updateEntity edit competing.
const REPOS_BEFORE: &str = r#"{
  "entities": [
    {"_id": "repo-a", "_key": "gh:repo:a", "_type": "github_repo", "_class": "CodeRepo", "_integrationInstanceId": "github-1"},
    {"_id": "repo-b", "_key": "gh:repo:b", "_type": "github_repo", "_class": "CodeRepo", "_integrationInstanceId": "github-1"},
    {"_id": "repo-c", "_key": "gh:repo:c", "_type": "github_repo", "_class": "CodeRepo", "_integrationInstanceId": "github-1", "owner": "team-y"},
    {"_id": "repo-d", "_key": "gh:repo:d", "_type": "github_repo", "_class": "CodeRepo", "_integrationInstanceId": "github-1"}
  ],
  "overrides": [
    {"scope": "repo-criticality", "createdOn": "2026-04-28T09:00:00Z", "entities": [
      {"_id": "repo-b", "criticality": "tier-3"},
      {"_id": "repo-c", "owner": "team-x"}
    ]},
    {"scope": "platform-tiers", "createdOn": "2026-04-27T09:00:00Z", "entities": [
      {"_id": "repo-a", "criticality": "tier-2"}
    ]}
  ],
  "edits": [
    {"_id": "repo-d", "criticality": "tier-1"}
  ]
}"#;

const PATCH_NOTE: &str =
    "if a PATCH job set this property before, its value shows until the integration's next run";

#[test]
fn override_oldest_scope_wins_per_property() {
    let upload = r#"{"entities": [
        {"_id": "repo-a", "criticality": "tier-1"},
        {"_id": "repo-b", "criticality": "tier-3"},
        {"_id": "repo-d", "criticality": "tier-2"},
        {"_id": "repo-z", "criticality": "tier-1"}
    ]}"#;
    let report = run("OVERRIDE", "repo-criticality", &[upload], REPOS_BEFORE, &[]);
    assert_eq!(
        plan_of(&report),
        json!({
            "entities": {
                "create": [],
                "update": [
                    {"_key": "gh:repo:c", "_type": "github_repo", "_id": "repo-c",
                     "changes": [{"property": "owner", "before": "team-x", "after": "team-y"}]},
                    {"_key": "gh:repo:d", "_type": "github_repo", "_id": "repo-d",
                     "changes": [{"property": "criticality", "before": "tier-1", "after": "tier-2"}]}
                ],
                "delete": [],
                "unchanged": 2,
                "skipped": [{"_id": "repo-z", "reason": "no entity has _id \"repo-z\""}],
                "kept": []
            },
            "relationships": {"create": [], "update": [], "delete": [], "unchanged": 0, "skipped": []},
            "overrides": [
                {"_id": "repo-a", "property": "criticality", "before": "tier-2", "after": "tier-2",
                 "status": "shadowed", "winner": "platform-tiers", "source": "override"},
                {"_id": "repo-b", "property": "criticality", "before": "tier-3", "after": "tier-3",
                 "status": "unchanged", "winner": "repo-criticality", "source": "override"},
                {"_id": "repo-c", "property": "owner", "before": "team-x", "after": "team-y",
                 "status": "removed", "winner": null, "source": "entity", "note": PATCH_NOTE},
                {"_id": "repo-d", "property": "criticality", "before": "tier-1", "after": "tier-2",
                 "status": "set", "winner": "repo-criticality", "source": "override"},
                {"_id": "repo-z", "property": "criticality", "before": null, "after": null,
                 "status": "skipped", "winner": null, "source": "none"}
            ],
            "counters": {
                "numEntitiesUploaded": 4, "numEntitiesCreated": 0, "numEntitiesUpdated": 2, "numEntitiesDeleted": 0,
                "numRelationshipsUploaded": 0, "numRelationshipsCreated": 0, "numRelationshipsUpdated": 0,
                "numRelationshipsDeleted": 0, "numRelationshipCreateErrors": 0
            },
            "previous": {"entities": 0, "relationships": 0}
        })
    );
}

#[test]
fn override_empty_finalize_clears_the_scope() {
    let report = run(
        "OVERRIDE",
        "repo-criticality",
        &[r#"{"entities": []}"#],
        REPOS_BEFORE,
        &[],
    );
    let rows = plan_of(&report)["overrides"].clone();
    assert_eq!(
        rows,
        json!([
            // repo-b's override goes; nothing else sets criticality, so it has no value after.
            {"_id": "repo-b", "property": "criticality", "before": "tier-3", "after": null,
             "status": "removed", "winner": null, "source": "none", "note": PATCH_NOTE},
            {"_id": "repo-c", "property": "owner", "before": "team-x", "after": "team-y",
             "status": "removed", "winner": null, "source": "entity", "note": PATCH_NOTE}
        ])
    );
}

#[test]
fn j1ql_list_export_compares_arrays_with_strings() {
    let list = r#"{"type": "list", "data": [
        {"id": "id-1", "entity": {"_class": ["Application"], "_type": ["t_app"], "_key": "k:0000000001", "displayName": "A",
         "_id": "id-1", "_scope": "apps", "_version": 3, "_beginOn": "2026-01-01T00:00:00Z"},
         "properties": {"name": "a", "tier": 1}},
        {"id": "id-2", "entity": {"_class": ["Application"], "_type": ["t_app"], "_key": "k:0000000002", "displayName": "B", "_scope": "apps"},
         "properties": {"name": "b"}}
    ]}"#;
    let today = r#"{"entities": [{"_key": "k:0000000001", "_type": "t_app", "_class": "Application", "name": "a", "displayName": "A", "tier": 1}]}"#;
    let plan = plan_of(&run("DIFF", "apps", &[today], list, &[]));
    assert_eq!(plan["entities"]["unchanged"], 1);
    assert_eq!(
        plan["entities"]["delete"],
        json!([{"_key": "k:0000000002", "_type": "t_app", "reason": "not in this upload"}])
    );
}

#[test]
fn j1ql_tree_export_resolves_edges_through_vertices() {
    let tree = r#"{"type": "tree", "data": {
        "vertices": [
            {"id": "v1", "entity": {"_key": "k:team:0001", "_type": ["t_team"], "_class": ["Team"], "_scope": "org"}, "properties": {"name": "t"}},
            {"id": "v2", "entity": {"_key": "k:user:0001", "_type": ["t_user"], "_class": ["User"], "_scope": "org"}, "properties": {"name": "u"}}
        ],
        "edges": [
            {"id": "e1", "fromVertexId": "v1", "toVertexId": "v2",
             "relationship": {"_key": "k:team:0001|has|k:user:0001", "_type": "t_team_has_user", "_class": "HAS", "_scope": "org"}, "properties": {}}
        ]}}"#;
    let today = r#"{"entities": [{"_key": "k:team:0001", "_type": "t_team", "_class": "Team", "name": "t", "displayName": "T"}]}"#;
    let plan = plan_of(&run("DIFF", "org", &[today], tree, &[]));
    assert_eq!(plan["entities"]["delete"][0]["_key"], "k:user:0001");
    assert_eq!(
        plan["relationships"]["delete"],
        json!([{"_key": "k:team:0001|has|k:user:0001", "_type": "t_team_has_user",
                "reason": "its endpoint _toEntityKey \"k:user:0001\" is deleted", "endpoint": {"end": "to", "_key": "k:user:0001"}}])
    );
}

#[test]
fn a_previous_upload_body_is_this_scope() {
    let previous = r#"{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A"}]}"#;
    let plan = plan_of(&run(
        "DIFF",
        "anything",
        &[r#"{"entities": []}"#],
        previous,
        &[],
    ));
    assert_eq!(plan["entities"]["delete"][0]["_key"], "k:0000000001");
    assert_eq!(plan["previous"]["entities"], 1);
}

#[test]
fn other_scopes_are_left_alone() {
    let before = r#"{"entities": [
        {"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A", "_scope": "mine"},
        {"_key": "k:0000000002", "_type": "t_x", "_class": "Application", "name": "b", "displayName": "B", "_scope": "theirs"}
    ]}"#;
    let plan = plan_of(&run("DIFF", "mine", &[r#"{"entities": []}"#], before, &[]));
    assert_eq!(
        plan["entities"]["delete"],
        json!([{"_key": "k:0000000001", "_type": "t_x", "reason": "not in this upload"}])
    );
}

#[test]
fn plan_is_the_same_whatever_the_input_order() {
    let report = run("DIFF", "hris", &[HRIS_TODAY], HRIS_BEFORE, &[]);
    let mut snapshot: Value = serde_json::from_str(HRIS_BEFORE).unwrap();
    snapshot["entities"].as_array_mut().unwrap().reverse();
    snapshot["relationships"].as_array_mut().unwrap().reverse();
    let mut today: Value = serde_json::from_str(HRIS_TODAY).unwrap();
    today["entities"].as_array_mut().unwrap().reverse();
    let reordered = run(
        "DIFF",
        "hris",
        &[&today.to_string()],
        &snapshot.to_string(),
        &[],
    );
    assert_eq!(
        serde_json::to_string(&report.plan).unwrap(),
        serde_json::to_string(&reordered.plan).unwrap()
    );
    assert_eq!(
        report.to_json(),
        run("DIFF", "hris", &[HRIS_TODAY], HRIS_BEFORE, &[]).to_json()
    );
    // Member order inside each object does not matter either: re-serialised, the members
    // come in name order (`_class` before `_key`), not in the files' order.
    let resorted = |text: &str| serde_json::from_str::<Value>(text).unwrap().to_string();
    assert!(HRIS_TODAY.find("\"_key\"") < HRIS_TODAY.find("\"_class\""));
    assert!(resorted(HRIS_TODAY).find("\"_key\"") > resorted(HRIS_TODAY).find("\"_class\""));
    let members = run(
        "DIFF",
        "hris",
        &[&resorted(HRIS_TODAY)],
        &resorted(HRIS_BEFORE),
        &[],
    );
    assert_eq!(
        serde_json::to_string(&report.plan).unwrap(),
        serde_json::to_string(&members.plan).unwrap()
    );
}

/// The whole report, byte for byte; the WebAssembly test compares its output with the same
/// file, so native and wasm agree.
#[test]
fn report_matches_the_golden_file() {
    let report = run("DIFF", "hris", &[HRIS_TODAY], HRIS_BEFORE, &[]);
    assert_eq!(
        report.to_json(),
        include_str!("fixtures/plan/hris-report.json")
    );
}

#[test]
fn an_unreadable_snapshot_is_located_and_gives_no_plan() {
    let report = run(
        "DIFF",
        "hris",
        &[HRIS_TODAY],
        "{\n  \"entities\": [\n    {\"_key\": }\n  ]\n}",
        &[],
    );
    assert!(report.plan.is_none());
    // The snapshot's findings come last, after the uploads'.
    let d = report.diagnostics.last().unwrap();
    assert_eq!(
        (d.rule, d.file.as_deref(), d.line, d.column),
        ("invalid-json", Some("snapshot.json"), Some(3), Some(14))
    );
    let report = run(
        "DIFF",
        "hris",
        &[HRIS_TODAY],
        r#"{"entities": {"_key": "x"}}"#,
        &[],
    );
    let d = report.diagnostics.last().unwrap();
    assert_eq!(
        (d.rule, d.pointer.as_str()),
        ("snapshot-shape", "/entities")
    );
}

// A J1QL tree export names an edge's ends by vertex only; a vertex id is the entity's `_id`.
// The org scope's user leaves: its own edge goes (named by key), and so does the ownership
// scope's edge to it (named by `_id`, the only name that reaches across scopes); the edge
// between the team and the laptop stays.
const ORG_TREE: &str = r#"{"type": "tree", "data": {
    "vertices": [
        {"id": "id-team", "entity": {"_id": "id-team", "_key": "k:team:0001", "_type": ["t_team"], "_class": ["Team"], "_scope": "org", "displayName": "T"}, "properties": {"name": "t"}},
        {"id": "id-user", "entity": {"_id": "id-user", "_key": "k:user:0001", "_type": ["t_user"], "_class": ["User"], "_scope": "org", "displayName": "U"}, "properties": {"name": "u"}},
        {"id": "id-laptop", "entity": {"_id": "id-laptop", "_key": "k:laptop:0001", "_type": ["t_laptop"], "_class": ["Device"], "_scope": "assets", "displayName": "L"}, "properties": {"name": "l"}}
    ],
    "edges": [
        {"id": "e1", "fromVertexId": "id-team", "toVertexId": "id-user",
         "relationship": {"_key": "k:team:0001|has|k:user:0001", "_type": "t_team_has_user", "_class": "HAS", "_scope": "org"}, "properties": {}},
        {"id": "e2", "fromVertexId": "id-user", "toVertexId": "id-laptop",
         "relationship": {"_key": "k:user:0001|owns|k:laptop:0001", "_type": "t_user_owns_laptop", "_class": "OWNS", "_scope": "ownership"}, "properties": {}},
        {"id": "e3", "fromVertexId": "id-team", "toVertexId": "id-laptop",
         "relationship": {"_key": "k:team:0001|uses|k:laptop:0001", "_type": "t_team_uses_laptop", "_class": "USES", "_scope": "ownership"}, "properties": {}}
    ]}}"#;

#[test]
fn tree_edges_named_by_vertex_cascade_across_scopes() {
    let today = r#"{"entities": [{"_key": "k:team:0001", "_type": "t_team", "_class": "Team", "name": "t", "displayName": "T"}]}"#;
    assert_eq!(
        plan_of(&run("DIFF", "org", &[today], ORG_TREE, &[])),
        json!({
            "entities": {
                "create": [], "update": [],
                "delete": [{"_key": "k:user:0001", "_type": "t_user", "reason": "not in this upload"}],
                "unchanged": 1, "skipped": [], "kept": []
            },
            "relationships": {
                "create": [], "update": [], "unchanged": 0, "skipped": [],
                "delete": [
                    {"_key": "k:team:0001|has|k:user:0001", "_type": "t_team_has_user",
                     "reason": "its endpoint _toEntityKey \"k:user:0001\" is deleted", "endpoint": {"end": "to", "_key": "k:user:0001"}},
                    {"_key": "k:user:0001|owns|k:laptop:0001", "_type": "t_user_owns_laptop",
                     "reason": "its endpoint _fromEntityId \"id-user\" is deleted", "endpoint": {"end": "from", "_id": "id-user"}}
                ]
            },
            "counters": {
                "numEntitiesUploaded": 1, "numEntitiesCreated": 0, "numEntitiesUpdated": 0, "numEntitiesDeleted": 1,
                "numRelationshipsUploaded": 0, "numRelationshipsCreated": 0, "numRelationshipsUpdated": 0,
                "numRelationshipsDeleted": 2, "numRelationshipCreateErrors": 0
            },
            "previous": {"entities": 2, "relationships": 1}
        })
    );
}

#[test]
fn cross_scope_edges_from_a_tree_pair_with_their_re_upload() {
    // The ownership scope re-uploads the user's edge by key and scope, the way a CROSS_SCOPE
    // job names ends; the export named them by vertex. Same ends: unchanged, not an update.
    // The team's edge is not re-uploaded: deleted.
    let upload = r#"{"relationships": [
        {"_key": "k:user:0001|owns|k:laptop:0001", "_type": "t_user_owns_laptop", "_class": "OWNS",
         "_fromEntityKey": "k:user:0001", "_fromEntityScope": "org", "_toEntityKey": "k:laptop:0001", "_toEntityScope": "assets"}
    ]}"#;
    let plan = plan_of(&run("CROSS_SCOPE", "ownership", &[upload], ORG_TREE, &[]));
    assert_eq!(
        plan["relationships"],
        json!({
            "create": [], "update": [], "unchanged": 1, "skipped": [],
            "delete": [{"_key": "k:team:0001|uses|k:laptop:0001", "_type": "t_team_uses_laptop", "reason": "not in this upload"}]
        })
    );
    // An upload that names a different end by key is a change of that end.
    let moved = upload.replace(
        "\"_toEntityKey\": \"k:laptop:0001\"",
        "\"_toEntityKey\": \"k:team:0001\"",
    );
    let moved = moved.replace("\"assets\"", "\"org\"");
    let plan = plan_of(&run("CROSS_SCOPE", "ownership", &[&moved], ORG_TREE, &[]));
    assert_eq!(
        plan["relationships"]["update"],
        json!([{"_key": "k:user:0001|owns|k:laptop:0001", "_type": "t_user_owns_laptop",
                "changes": [{"property": "_toEntityKey", "before": "k:laptop:0001", "after": "k:team:0001"}]}])
    );
}

// An export with deleted objects: app a was deleted and re-created under the same `_key` (a new
// `_id`); host h was deleted and re-created under the same `_id`. The soft-deleted rows hold
// values the live rows do not, so a plan built on the wrong row shows it.
const RECREATED: [&str; 4] = [
    r#"{"_id": "id-a-old", "_key": "k:app:0001", "_type": "t_app", "_class": "Application", "name": "a", "displayName": "A", "owner": "x", "_scope": "apps", "_deleted": true}"#,
    r#"{"_id": "id-a", "_key": "k:app:0001", "_type": "t_app", "_class": "Application", "name": "a", "displayName": "A", "owner": "y", "_scope": "apps"}"#,
    r#"{"_id": "id-h", "_key": "k:host:0001", "_type": "t_host", "_class": "Host", "criticality": "low", "_integrationInstanceId": "aws-1", "_deleted": true}"#,
    r#"{"_id": "id-h", "_key": "k:host:0001", "_type": "t_host", "_class": "Host", "_integrationInstanceId": "aws-1"}"#,
];

fn recreated(live_first: bool) -> String {
    let mut rows = RECREATED.to_vec();
    if live_first {
        rows.swap(0, 1);
        rows.swap(2, 3);
    }
    format!(r#"{{"entities": [{}]}}"#, rows.join(",\n"))
}

#[test]
fn the_live_row_is_the_entity_whatever_the_order() {
    for live_first in [false, true] {
        let snapshot = recreated(live_first);
        // PATCH by `_key`: an update of the live app, not a create.
        let patch = r#"{"entities": [{"_key": "k:app:0001", "owner": "z"}]}"#;
        let plan = plan_of(&run("PATCH", "apps", &[patch], &snapshot, &[]));
        assert_eq!(
            (&plan["entities"]["create"], &plan["entities"]["update"]),
            (
                &json!([]),
                &json!([{"_key": "k:app:0001", "_type": "t_app", "_id": "id-a",
                         "changes": [{"property": "owner", "before": "y", "after": "z"}]}])
            ),
            "PATCH, live row first: {live_first}"
        );
        // CROSS_SCOPE: both ends resolve, by key and by `_id`.
        let edge = r#"{"relationships": [{"_key": "k:app:0001|uses|k:host:0001", "_type": "t_app_uses_host", "_class": "USES",
            "_fromEntityKey": "k:app:0001", "_fromEntityScope": "apps", "_toEntityId": "id-h", "_toEntityScope": "aws-1"}]}"#;
        let plan = plan_of(&run("CROSS_SCOPE", "links", &[edge], &snapshot, &[]));
        assert_eq!(
            (
                &plan["relationships"]["create"],
                &plan["relationships"]["skipped"]
            ),
            (
                &json!([{"_key": "k:app:0001|uses|k:host:0001", "_type": "t_app_uses_host"}]),
                &json!([])
            ),
            "CROSS_SCOPE, live row first: {live_first}"
        );
        // OVERRIDE by `_id`: known; the value before is the live row's (none), not "low".
        let pin = r#"{"entities": [{"_id": "id-h", "criticality": "high"}]}"#;
        let plan = plan_of(&run("OVERRIDE", "pins", &[pin], &snapshot, &[]));
        assert_eq!(
            (&plan["entities"]["skipped"], &plan["overrides"]),
            (
                &json!([]),
                &json!([{"_id": "id-h", "property": "criticality", "before": null, "after": "high",
                         "status": "set", "winner": "pins", "source": "override"}])
            ),
            "OVERRIDE, live row first: {live_first}"
        );
    }
}

const RAW_DATA_NOTE: &str = "_rawData was not compared for 2 objects: the previous state holds no _rawData for them (J1QL exports never return it), so an uploaded _rawData is not counted as a change";

#[test]
fn uploaded_raw_data_is_no_change_against_an_export_without_it() {
    let list = r#"{"type": "list", "data": [
        {"id": "id-1", "entity": {"_id": "id-1", "_key": "k:app:0001", "_type": ["t_app"], "_class": ["Application"], "_scope": "apps", "displayName": "A"}, "properties": {"name": "a"}},
        {"id": "id-2", "entity": {"_id": "id-2", "_key": "k:app:0002", "_type": ["t_app"], "_class": ["Application"], "_scope": "apps", "displayName": "B"}, "properties": {"name": "b", "tier": 1}}
    ]}"#;
    let today = r#"{"entities": [
        {"_key": "k:app:0001", "_type": "t_app", "_class": "Application", "name": "a", "displayName": "A", "_rawData": {"default": {"body": {"id": 1}}}},
        {"_key": "k:app:0002", "_type": "t_app", "_class": "Application", "name": "b", "displayName": "B", "tier": 2, "_rawData": {"default": {"body": {"id": 2}}}}
    ]}"#;
    let report = run("DIFF", "apps", &[today], list, &[]);
    assert_eq!(
        plan_of(&report),
        json!({
            "entities": {
                "create": [],
                // Only the real change; no rawDataChanged.
                "update": [{"_key": "k:app:0002", "_type": "t_app",
                            "changes": [{"property": "tier", "before": 1, "after": 2}]}],
                "delete": [], "unchanged": 1, "skipped": [], "kept": []
            },
            "relationships": {"create": [], "update": [], "delete": [], "unchanged": 0, "skipped": []},
            "counters": {
                "numEntitiesUploaded": 2, "numEntitiesCreated": 0, "numEntitiesUpdated": 1, "numEntitiesDeleted": 0,
                "numRelationshipsUploaded": 0, "numRelationshipsCreated": 0, "numRelationshipsUpdated": 0,
                "numRelationshipsDeleted": 0, "numRelationshipCreateErrors": 0
            },
            "previous": {"entities": 2, "relationships": 0},
            "notes": [RAW_DATA_NOTE]
        })
    );
    let text = syncplan::report::render_plan(&report, false);
    assert!(
        text.contains(&format!("\nNotes (1):\n  * {RAW_DATA_NOTE}\n")),
        "{text}"
    );
    // A previous state that has `_rawData` is compared as before, and says nothing.
    let native = r#"{"entities": [{"_key": "k:app:0001", "_type": "t_app", "_class": "Application", "name": "a", "displayName": "A", "_rawData": {"default": {"body": {"id": 0}}}}]}"#;
    let one = r#"{"entities": [{"_key": "k:app:0001", "_type": "t_app", "_class": "Application", "name": "a", "displayName": "A", "_rawData": {"default": {"body": {"id": 1}}}}]}"#;
    let plan = plan_of(&run("DIFF", "apps", &[one], native, &[]));
    assert_eq!(
        plan["entities"]["update"],
        json!([{"_key": "k:app:0001", "_type": "t_app", "changes": [], "rawDataChanged": true}])
    );
    assert!(plan.get("notes").is_none());
}

#[test]
fn an_invalid_patch_create_lists_no_type() {
    let upload = r#"{"entities": [{"_key": "k:new:0001", "name": "n"}]}"#;
    let report = run("PATCH", "apps", &[upload], r#"{"entities": []}"#, &[]);
    assert_eq!(
        plan_of(&report)["entities"]["create"],
        json!([{"_key": "k:new:0001"}])
    );
    let text = syncplan::report::render_plan(&report, false);
    assert!(text.contains("\n  + entity k:new:0001\n"), "{text}");
    // Lint says why the create is invalid.
    assert!(common::rule_ids(&report).contains(&"entity-required"));
}
