//! Every rule of the catalog has a failing and a passing case here; a test checks that none
//! is missing. Messages the real API returns are compared word for word.

mod common;

use common::{
    describe, fired, lint_against, lint_with, lint_with_body, lint_with_summary, matches_snapshot,
    options, snapshot_lines,
};
use syncplan::{JobOptions, Report};

/// How a case starts its job.
enum Start {
    /// `syncMode` and `scope` as options, source `api`.
    Mode(&'static str, Option<&'static str>),
    /// A start body document.
    Body(&'static str),
    /// The inputs are the SDK's summary.json of a run that uploaded one valid entity, as
    /// source integration-external.
    Summary,
}

struct Case {
    rule: &'static str,
    start: Start,
    fail: Vec<String>,
    pass: Vec<String>,
    /// The first matching diagnostic's exact message, where the API's words are reproduced.
    message: Option<&'static str>,
    /// A previous-state snapshot, for the rules that need one.
    snapshot: Option<String>,
}

fn case(rule: &'static str, start: Start, fail: &[&str], pass: &[&str]) -> Case {
    Case {
        rule,
        start,
        fail: fail.iter().map(|s| s.to_string()).collect(),
        pass: pass.iter().map(|s| s.to_string()).collect(),
        message: None,
        snapshot: None,
    }
}

fn against(mut c: Case, snapshot: &str) -> Case {
    c.snapshot = Some(snapshot.to_string());
    c
}

/// A previous state: one entity `e-1` (key `src:thing:0001` in scope src-inventory, with
/// extra metadata spliced in), and the two CROSS_SCOPE seed ends.
fn state(extra: &str) -> String {
    format!(
        r#"{{"entities": [
            {{"_id": "e-1", "_key": "src:thing:0001", "_type": "src_thing", "_class": "Application", "name": "n", "displayName": "N", "_scope": "src-inventory"{extra}}},
            {{"_id": "okta-1", "_key": "okta-user:alice", "_type": "okta_user", "_class": "User", "_integrationInstanceId": "okta-instance-id"}},
            {{"_id": "jamf-1", "_key": "jamf-device:laptop-001", "_type": "jamf_device", "_class": "Device", "_integrationInstanceId": "jamf-instance-id"}}
        ]}}"#
    )
}

fn verbatim(mut c: Case, message: &'static str) -> Case {
    c.message = Some(message);
    c
}

const DIFF: Start = Start::Mode("DIFF", Some("src-inventory"));
const PATCH: Start = Start::Mode("PATCH", Some("src-inventory"));
const OVERRIDE: Start = Start::Mode("OVERRIDE", Some("repo-criticality"));
const CROSS: Start = Start::Mode("CROSS_SCOPE", Some("okta-jamf-ownership"));

/// A valid entity with extra members spliced in (`extra` is `""` or `, "a": 1`).
fn entity(key: &str, extra: &str) -> String {
    format!(
        r#"{{"_key": "{key}", "_type": "src_thing", "_class": "Application", "name": "n", "displayName": "N"{extra}}}"#
    )
}

fn entities(list: &[String]) -> String {
    format!(r#"{{"entities": [{}]}}"#, list.join(", "))
}

/// Two entities and a relationship between them, with extra members on the relationship.
fn linked(extra: &str) -> String {
    format!(
        r#"{{"entities": [{}, {}], "relationships": [{{"_key": "src:a:0001|has|src:b:0001", "_type": "src_thing_has_src_thing", "_class": "HAS", "_fromEntityKey": "src:a:0001", "_toEntityKey": "src:b:0001"{extra}}}]}}"#,
        entity("src:a:0001", ""),
        entity("src:b:0001", "")
    )
}

const SEED_MAPPED: &str = r#"{"relationships": [{"_key": "billing-acme:app:slack|uses|aws-iam-role-1", "_type": "application_my-billing-acme_uses_aws_iam_role", "_class": "USES", "_mapping": {"sourceEntityKey": "billing-acme:app:00f4a812", "relationshipDirection": "FORWARD", "targetFilterKeys": [["_type", "_key"]], "targetEntity": {"_type": "aws_iam_role", "_key": "arn:aws:iam::123456789012:role/SlackProvisioner"}, "skipTargetCreation": true}}]}"#;

fn mapped(direction: &str, filter_keys: &str) -> String {
    SEED_MAPPED
        .replace("\"FORWARD\"", direction)
        .replace(r#"[["_type", "_key"]]"#, filter_keys)
}

const CROSS_EDGE: &str = r#"{"relationships": [{"_key": "okta-user:alice|owns|jamf-device:laptop-001", "_type": "user_owns_device", "_class": "OWNS", "_fromEntityKey": "okta-user:alice", "_toEntityKey": "jamf-device:laptop-001", "_fromEntityScope": "okta-instance-id", "_toEntityScope": "jamf-instance-id"}]}"#;

fn cases() -> Vec<Case> {
    let raw = entity("src:thing:0001", "");
    let e = entities(std::slice::from_ref(&raw));
    let with = |extra: &str| entities(&[entity("src:thing:0001", extra)]);
    let overrides = |n: usize| {
        let list: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"_id": "id-{i}", "tier": "1"}}"#))
            .collect();
        entities(&list)
    };
    // Bodies of a given size: entities carrying 4000-character descriptions.
    let sized = |bytes: usize| {
        let text = "d".repeat(4000);
        let one = entity("src:thing:0001", &format!(r#", "description": "{text}""#)).len() + 2;
        let list: Vec<String> = (0..bytes / one + 1)
            .map(|i| {
                entity(
                    &format!("src:thing:{i:08}"),
                    &format!(r#", "description": "{text}""#),
                )
            })
            .collect();
        entities(&list)
    };
    vec![
        case("invalid-json", DIFF, &[r#"{"entities": [}"#], &[&e]),
        case("invalid-json", DIFF, &["{\"entities\": [\"\u{FFFD}\"]}\u{0}"], &[&e]),
        case("upload-shape", DIFF, &[&format!("[{raw}]")], &[&e]),
        verbatim(
            case("upload-shape", DIFF, &[r#"{"entities": {"_key": "x"}}"#], &[&e]),
            r#""entities" should be an array"#,
        ),
        verbatim(
            case("upload-shape", DIFF, &[r#"{"relationships": "none"}"#], &[&linked("")]),
            r#""relationships" should be an array"#,
        ),
        case("upload-shape", DIFF, &[r#"{"entities": [42]}"#], &[&e]),
        case("upload-shape", DIFF, &[&raw], &[&e]),
        case("upload-shape", DIFF, &[r#"{"deleteEntities": [{"_key": "x"}]}"#], &[r#"{"deleteEntities": [{"_id": "x"}]}"#]),
        case("duplicate-member", DIFF, &[r#"{"entities": [{"_key": "src:thing:0001", "_type": "src_thing", "_class": "Application", "name": "a", "name": "b", "displayName": "N"}]}"#], &[&e]),
        case("unsafe-integer", DIFF, &[&with(r#", "count": 9007199254740993"#)], &[&with(r#", "count": 9007199254740991"#)]),
        case("upload-unknown-member", DIFF, &[&format!(r#"{{"entity": [{raw}]}}"#)], &[&e]),
        case("upload-size", DIFF, &[&sized(5_100_000)], &[&sized(100_000)]),
        case("upload-too-large", DIFF, &[&sized(6_400_000)], &[&sized(5_100_000)]),
        case("job-body", Start::Body(r#"{"source": "api", "scope": "s1", "mode": "DIFF"}"#), &[&e], &[]),
        case("job-body", Start::Body(r#"[{"source": "api"}]"#), &[&e], &[]),
        case("job-body", Start::Body(r#"{"source": "api", "scope": 7}"#), &[&e], &[]),
        case("job-body", Start::Body(r#"{"source": "api", "scope": "s1", "syncMode": "DIFF", "ignoreDuplicates": true}"#), &[], &[&e]),
        case("job-source", Start::Body(r#"{"source": "apii", "scope": "s1"}"#), &[&e], &[]),
        case("job-source", Start::Body(r#"{"scope": "s1"}"#), &[&e], &[]),
        case("job-source", Start::Body(r#"{"source": "api", "scope": "s1"}"#), &[], &[&e]),
        verbatim(
            case("job-sync-mode", Start::Mode("CREATE_OR_UPDATE", Some("s1")), &[&e], &[]),
            r#"syncMode "CREATE_OR_UPDATE" is deprecated and no longer functions"#,
        ),
        case("job-sync-mode", Start::Mode("diff", Some("s1")), &[&e], &[]),
        case("job-sync-mode", Start::Mode("PATCH", Some("s1")), &[], &[&e]),
        case("job-scope-required", Start::Body(r#"{"source": "api", "syncMode": "DIFF"}"#), &[&e], &[]),
        case("job-scope-required", Start::Body(r#"{"source": "api", "scope": "s1"}"#), &[], &[&e]),
        case("job-scope-not-allowed", Start::Body(r#"{"source": "integration-external", "integrationInstanceId": "i-1", "scope": "s1"}"#), &[&e], &[]),
        case("job-scope-not-allowed", Start::Body(r#"{"source": "integration-external", "integrationInstanceId": "i-1"}"#), &[], &[&e]),
        case("job-instance-required", Start::Body(r#"{"source": "integration-external"}"#), &[&e], &[]),
        case("job-instance-required", Start::Body(r#"{"source": "integration-external", "integrationInstanceId": "i-1"}"#), &[], &[&e]),
        case("job-mode-source", Start::Body(r#"{"source": "integration-external", "integrationInstanceId": "i-1", "syncMode": "OVERRIDE"}"#), &[&overrides(1)], &[]),
        case("job-mode-source", Start::Body(r#"{"source": "api", "scope": "s1", "syncMode": "OVERRIDE"}"#), &[], &[&overrides(1)]),
        case("job-scope-name", Start::Mode("DIFF", Some("upload-2026-04-28")), &[&e], &[]),
        case("job-scope-name", Start::Mode("DIFF", Some("nightly-20260428")), &[&e], &[]),
        case("job-scope-name", Start::Mode("DIFF", Some("vuln-scanner-nightly")), &[], &[&e]),
        case("override-gated", OVERRIDE, &[&overrides(1)], &[]),
        case("override-gated", DIFF, &[], &[&e]),
        case("entity-required", DIFF, &[r#"{"entities": [{"_key": "src:thing:0001", "_type": "src_thing", "_class": "Application", "name": "n"}]}"#], &[&e]),
        case("entity-required", PATCH, &[], &[r#"{"entities": [{"_id": "abc", "lastGoogleLoginAt": 1}]}"#]),
        case("relationship-required", DIFF, &[&linked("").replace(r#", "_toEntityKey": "src:b:0001""#, "")], &[&linked("")]),
        case("relationship-required", DIFF, &[&linked("").replace(r#""_class": "HAS", "#, "")], &[SEED_MAPPED]),
        case("identity-type", DIFF, &[r#"{"entities": [{"_key": 5, "_type": "src_thing", "_class": "Application", "name": "n", "displayName": "N"}]}"#], &[&e]),
        case("identity-type", DIFF, &[&with("").replace(r#""Application""#, "[]")], &[&with("").replace(r#""Application""#, r#"["Application", "Service"]"#)]),
        case("identity-type", DIFF, &[&linked("").replace(r#""_toEntityKey": "src:b:0001""#, r#""_toEntityKey": null"#)], &[&linked("")]),
        verbatim(
            case("reserved-property", DIFF, &[&with(r#", "_source": "x""#)], &[&e]),
            "Error in entities[0]._source (reason=NOT_ALLOWED)",
        ),
        case("reserved-property", DIFF, &[&with(r#", "_id": "x""#)], &[]),
        case("reserved-property", PATCH, &[], &[&with(r#", "_id": "x""#)]),
        verbatim(
            case("reserved-property", DIFF, &[&linked(r#", "_fromType": "x""#)], &[&linked(r#", "_fromEntitySource": "api""#)]),
            "Error in relationships[0]._fromType (reason=NOT_ALLOWED)",
        ),
        case("property-value-type", DIFF, &[&with(r#", "os": {"name": "linux"}"#)], &[&with(r#", "osName": "linux""#)]),
        case("property-value-type", DIFF, &[&with(r#", "tags": ["a", 1, true]"#)], &[&with(r#", "tags": ["a", "b"]"#)]),
        case("property-value-type", DIFF, &[&with(r#", "tags": ["a", null]"#)], &[&with(r#", "tags": null"#)]),
        case("property-value-type", DIFF, &[], &[&with(r#", "_rawData": [{"name": "default", "rawData": {"nested": {"ok": true}}}]"#)]),
        case("string-too-long", DIFF, &[&with(&format!(r#", "notes": "{}""#, "x".repeat(4097)))], &[&with(&format!(r#", "notes": "{}""#, "x".repeat(4096)))]),
        case("string-too-long", DIFF, &[&with(&format!(r#", "notes": ["{}"]"#, "😀".repeat(2049)))], &[&with(&format!(r#", "notes": ["{}"]"#, "é".repeat(4096)))]),
        case("key-too-long", DIFF, &[&entities(&[entity(&"k".repeat(7001), "")])], &[&entities(&[entity(&"k".repeat(7000), "")])]),
        case("relationship-array-property", DIFF, &[&linked(r#", "ports": [80, 443]"#)], &[&linked(r#", "port": 80"#)]),
        case("property-name", DIFF, &[&with(r#", "my_prop": 1"#)], &[&with(r#", "myProp": 1, "tag.Name": "x", "x-y z.w": 2"#)]),
        case("property-name", DIFF, &[&with(r#", "tag.aws:x": "1""#)], &[]),
        case("raw-data-shape", DIFF, &[&with(r#", "_rawData": [{"name": "default", "rawData": {}}, {"name": "default", "rawData": {}}]"#)], &[&with(r#", "_rawData": [{"name": "default", "rawData": {}}, {"name": "detail", "rawData": "text"}]"#)]),
        case("raw-data-shape", DIFF, &[&with(r#", "_rawData": "raw""#)], &[]),
        verbatim(
            case("duplicate-key", DIFF, &[&e, &e], &[&e, &entities(&[entity("src:thing:0002", "")])]),
            "Duplicate _key detected (_key=src:thing:0001)",
        ),
        case("duplicate-key", DIFF, &[&linked("").replace("src:a:0001|has|src:b:0001", "src:a:0001")], &[&linked("")]),
        case("duplicate-key", Start::Body(r#"{"source": "api", "scope": "s1", "ignoreDuplicates": true}"#), &[], &[&e, &e]),
        case("duplicate-key-replaced", Start::Body(r#"{"source": "api", "scope": "s1", "ignoreDuplicates": true}"#), &[&e, &e], &[&e]),
        case("relationship-endpoint", DIFF, &[&linked("").replace(r#""_toEntityKey": "src:b:0001""#, r#""_toEntityKey": "src:c:0001""#)], &[&linked("")]),
        case("relationship-endpoint", DIFF, &[], &[&linked(r#", "_toEntityScope": "other", "_toEntitySource": "api""#).replace(r#""_toEntityKey": "src:b:0001""#, r#""_toEntityKey": "src:c:0001""#)]),
        // A relationship's own `_key` is not an entity to point at.
        case("relationship-endpoint", DIFF, &[&linked("").replace(r#""_toEntityKey": "src:b:0001""#, r#""_toEntityKey": "src:a:0001|has|src:b:0001""#)], &[]),
        case("relationship-type-name", DIFF, &[&linked("").replace("src_thing_has_src_thing", "thing_link")], &[&linked("")]),
        // An end's _type is the first string one among the entities uploaded with its key.
        case(
            "relationship-type-name",
            DIFF,
            &[&linked("").replacen("{\"_key\": \"src:a:0001\"", "{\"_key\": \"src:a:0001\"}, {\"_key\": \"src:a:0001\", \"_type\": \"other_thing\"}, {\"_key\": \"x\"", 1)],
            &[&linked("").replacen("{\"_key\": \"src:a:0001\"", "{\"_key\": \"src:a:0001\"}, {\"_key\": \"src:a:0001\"", 1)],
        ),
        case("mapping-shape", DIFF, &[&mapped("\"SIDEWAYS\"", r#"[["_type", "_key"]]"#)], &[SEED_MAPPED]),
        case("mapping-shape", DIFF, &[&SEED_MAPPED.replace(r#""skipTargetCreation": true"#, r#""skipTargetCreation": "yes""#)], &[SEED_MAPPED]),
        verbatim(
            case("mapping-shape", DIFF, &[&SEED_MAPPED.replace(r#""_type": "aws_iam_role","#, r#""_type": "aws_iam_role", "_rawData": {"a": 1},"#)], &[SEED_MAPPED]),
            "Expected string | number | boolean | string[] | number[] | boolean[], but was object in _mapping.targetEntity._rawData",
        ),
        case("mapping-filter-keys-flat", DIFF, &[&mapped("\"FORWARD\"", r#"["_type", "_key"]"#)], &[SEED_MAPPED]),
        case("mapping-filter-key-missing", DIFF, &[&mapped("\"FORWARD\"", r#"[["_type", "name"]]"#)], &[&mapped("\"REVERSE\"", r#"[["_type"], ["_key"]]"#)]),
        // Sets are alternatives: one complete set is enough, none complete is reported.
        case("mapping-filter-key-missing", DIFF, &[&mapped("\"FORWARD\"", r#"[["_type", "name"], ["_class"]]"#)], &[&mapped("\"FORWARD\"", r#"[["_type", "name"], ["_type", "_key"]]"#)]),
        case("data-model-class", DIFF, &[&with("").replace("Application", "Aplication")], &[&e]),
        case("data-model-class", DIFF, &[&with("").replace(r#""Application""#, r#"["Application", "host"]"#)], &[&with("").replace(r#""Application""#, r#"["Application", "Host"]"#)]),
        case("data-model-verb", DIFF, &[&linked("").replace(r#""HAS""#, r#""has""#)], &[&linked("")]),
        case("data-model-verb", DIFF, &[&linked("").replace(r#""HAS""#, r#""DEPLOYS""#)], &[&linked("").replace(r#""HAS""#, r#""DEPLOYED""#)]),
        case("data-model-required", DIFF, &[&with("").replace("Application", "Person")], &[&with(r#", "email": null, "firstName": "A", "lastName": "B""#).replace("Application", "Person")]),
        case("data-model-required", PATCH, &[], &[r#"{"entities": [{"_key": "src:thing:0001", "_class": "Person"}]}"#]),
        case("data-model-type", DIFF, &[&with(r#", "criticality": "high""#)], &[&with(r#", "criticality": 7"#)]),
        case("data-model-type", DIFF, &[&with(r#", "criticality": 11"#)], &[&with(r#", "tags": ["x"], "createdOn": 1730419200000"#)]),
        case("data-model-type", DIFF, &[&with(r#", "email": "ada@example.com", "firstName": "A", "lastName": "B""#).replace("Application", "Person")], &[&with(r#", "email": ["ada@example.com"], "firstName": "A", "lastName": "B""#).replace("Application", "Person")]),
        case("data-model-type", DIFF, &[&with(r#", "public": null"#).replace("Application", "Host")], &[&with(r#", "public": false"#).replace("Application", "Host")]),
        case("data-model-type", DIFF, &[&with(r#", "status": null"#).replace("Application", "Device")], &[&with(r#", "status": "deployed""#).replace("Application", "Device")]),
        case("data-model-type", DIFF, &[&with(r#", "ipVersion": 5"#).replace("Application", "IpAddress")], &[&with(r#", "ipVersion": 6"#).replace("Application", "IpAddress")]),
        case("data-model-type", DIFF, &[&with(r#", "ipv4Addresses": ["10.0.0.1", "10.0.0.1"]"#).replace("Application", "Host")], &[&with(r#", "ipv4Addresses": ["10.0.0.1", "10.0.0.2"]"#).replace("Application", "Host")]),
        case("data-model-type", DIFF, &[&with(r#", "email": null, "firstName": "A", "lastName": "B""#).replace(r#""Application""#, r#"["User", "Person"]"#)], &[&with(r#", "email": ["ada@example.com"], "firstName": "A", "lastName": "B""#).replace(r#""Application""#, r#"["User", "Person"]"#)]),
        case("data-model-format", DIFF, &[&with(r#", "hostname": "web_01""#).replace("Application", "Host")], &[&with(r#", "hostname": "web-01""#).replace("Application", "Host")]),
        case("data-model-format", DIFF, &[&with(r#", "macAddresses": ["0a:1b:2c:3d:4e:5f", "0A:1B:2C:3D:4E:60"]"#).replace("Application", "Host")], &[&with(r#", "macAddresses": ["0a:1b:2c:3d:4e:5f", "0a:1b:2c:3d:4e:60"]"#).replace("Application", "Host")]),
        case("data-model-format", DIFF, &[&with(r#", "webLink": "example.com/app""#)], &[&with(r#", "webLink": "https://example.com/app""#)]),
        case("data-model-format", DIFF, &[&with(r#", "ipAddress": "10.0.0.256""#).replace("Application", "IpAddress")], &[&with(r#", "ipAddress": "fe80::1%eth0""#).replace("Application", "IpAddress")]),
        case("data-model-key-length", DIFF, &[&entities(&[entity("app1", "")])], &[&e]),
        case("boolean-name", DIFF, &[&with(r#", "enabled": true"#)], &[&with(r#", "isEnabled": true, "hasSso": false, "active": true"#)]),
        case("date-iso-string", DIFF, &[&with(r#", "lastSeenOn": "2024-05-01T00:00:00Z""#)], &[&with(r#", "lastSeenOn": 1714521600000"#)]),
        case("date-epoch-millis", DIFF, &[&with(r#", "lastLoginOn": 1714521600"#)], &[&with(r#", "lastLoginOn": 1714521600000"#)]),
        case("date-epoch-millis", DIFF, &[&with(r#", "lastLoginOn": "last tuesday""#)], &[&with(r#", "lastLoginOn": null"#)]),
        case("empty-string", DIFF, &[&with(r#", "owner": """#)], &[&with(r#", "owner": null"#)]),
        case("inherited-duplicate", DIFF, &[&with(r#", "WebLink": "https://example.com""#)], &[&with(r#", "webLink": "https://example.com""#)]),
        // The metadata `_type`/`_key` are not class properties: `type` and `key` duplicate nothing.
        case("inherited-duplicate", DIFF, &[&with(r#", "type": "web", "weblink": "https://example.com""#)], &[&with(r#", "type": "web", "key": "portal", "class": "internal""#)]),
        case("foreign-key-property", DIFF, &[&entities(&[entity("src:team:0001", ""), entity("src:thing:0001", r#", "teamId": "src:team:0001""#)])], &[&entities(&[entity("src:team:0001", ""), entity("src:thing:0001", r#", "teamId": "team-1", "cveId": "src:team:0001""#)])]),
        case("key-placeholder", DIFF, &[&entities(&[entity("src:thing:undefined", "")])], &[&entities(&[entity("src:thing:undefinedness", "")])]),
        case("key-placeholder", DIFF, &[&entities(&[entity("null:thing:0001", "")])], &[]),
        case("secret-property", DIFF, &[&with(r#", "dbPassword": "hunter2hunter2""#)], &[&with(r#", "hasDbPassword": true, "tokenType": "bearer", "passwordChangedOn": 1714521600000"#)]),
        // A secret-like name holding a setting decides nothing; a credential beside it still fires.
        case("secret-property", DIFF, &[&with(r#", "permissions.secrets": "read", "clientSecret": "q8Xv2-Kd9sLm4PzT7wRn""#)], &[&with(r#", "permissions.secrets": "read", "tokenEndpointAuthMethod": "client_secret_post", "clientSecret": "enabled", "apiToken": 3600"#)]),
        case("secret-value", DIFF, &[&with(r#", "note": "AKIAIOSFODNN7EXAMPLE""#)], &[&with(r#", "note": "akia is a word""#)]),
        case("secret-value", DIFF, &[&with(r#", "_rawData": [{"name": "default", "rawData": {"auth": "Bearer abcdefghijklmnop1234"}}]"#)], &[]),
        case("pii-property", DIFF, &[&with(r#", "ssn": "123-45-6789""#)], &[&with(r#", "employeeId": "1001""#)]),
        case("diff-empty-job", DIFF, &[r#"{"entities": []}"#], &[&e]),
        case("diff-empty-job", PATCH, &[], &[r#"{"entities": []}"#]),
        verbatim(
            case("patch-relationships", PATCH, &[&linked("")], &[&e]),
            "Relationship uploads are not allowed for PATCH sync jobs",
        ),
        case("patch-key-required", PATCH, &[r#"{"entities": [{"lastGoogleLoginAt": 1}]}"#], &[r#"{"entities": [{"_id": "x", "lastGoogleLoginAt": 1}, {"_key": "hris:person:1", "lastGoogleLoginAt": 1}]}"#]),
        verbatim(
            case("cross-scope-entities", CROSS, &[&e], &[CROSS_EDGE]),
            "Entities cannot be uploaded in CROSS_SCOPE mode",
        ),
        case("cross-scope-endpoint-scope", CROSS, &[&CROSS_EDGE.replace(r#", "_toEntityScope": "jamf-instance-id""#, "")], &[CROSS_EDGE]),
        case("cross-scope-own-scope", CROSS, &[&CROSS_EDGE.replace("jamf-instance-id", "okta-jamf-ownership")], &[&CROSS_EDGE.replace("jamf-instance-id", "okta-instance-id")]),
        verbatim(
            case("override-relationships", OVERRIDE, &[&linked("")], &[&overrides(2)]),
            "Relationship uploads are not allowed for OVERRIDE sync jobs",
        ),
        verbatim(
            case("override-entity-limit", OVERRIDE, &[&overrides(6000), &overrides(4001)], &[&overrides(6000), &overrides(4000)]),
            "OVERRIDE sync jobs are limited to 10000 entities per job",
        ),
        case("override-id-required", OVERRIDE, &[r#"{"entities": [{"criticality": "tier-1"}]}"#], &[&overrides(1)]),
        against(case("snapshot-shape", DIFF, &[&e], &[]), "[]"),
        against(case("snapshot-shape", DIFF, &[&e], &[]), r#"{"type": "table", "data": []}"#),
        against(case("snapshot-shape", DIFF, &[&e], &[]), r#"{"overrides": [{"scope": "s1", "entities": []}]}"#),
        against(case("snapshot-shape", DIFF, &[], &[&e]), r#"{"type": "list", "data": []}"#),
        against(case("unknown-id", PATCH, &[r#"{"entities": [{"_id": "e-404", "isPatched": true}]}"#], &[r#"{"entities": [{"_id": "e-1", "isPatched": true}]}"#]), &state("")),
        against(case("unknown-id", OVERRIDE, &[r#"{"entities": [{"_id": "e-404", "tier": "1"}]}"#], &[r#"{"entities": [{"_id": "e-1", "tier": "1"}]}"#]), &state("")),
        against(case("cross-scope-endpoint-missing", CROSS, &[&CROSS_EDGE.replace("laptop-001", "laptop-404")], &[CROSS_EDGE]), &state("")),
        against(case("cross-scope-endpoint-missing", CROSS, &[CROSS_EDGE], &[]), &state("").replace(r#""_integrationInstanceId": "jamf-instance-id""#, r#""_integrationInstanceId": "jamf-instance-id", "_deleted": true"#)),
        against(case("override-unmanaged", OVERRIDE, &[r#"{"entities": [{"_id": "e-1", "tier": "1"}]}"#], &[]), &state("")),
        against(case("override-unmanaged", OVERRIDE, &[], &[r#"{"entities": [{"_id": "e-1", "tier": "1"}]}"#]), &state(r#", "_integrationInstanceId": "github-1""#)),
        against(case("patch-managed-entity", PATCH, &[r#"{"entities": [{"_id": "e-1", "lastErrorCount": 3}]}"#], &[]), &state(r#", "_integrationInstanceId": "github-1""#)),
        against(case("patch-managed-entity", PATCH, &[], &[r#"{"entities": [{"_id": "e-1", "lastErrorCount": 3}]}"#]), &state("")),
        against(case("entity-required", PATCH, &[r#"{"entities": [{"_key": "src:thing:0404", "isPatched": true}]}"#], &[r#"{"entities": [{"_key": "src:thing:0001", "isPatched": true}]}"#]), &state("")),
        against(case("relationship-endpoint", DIFF, &[&linked(r#", "_toEntityScope": "jamf-instance-id""#).replace(r#""_toEntityKey": "src:b:0001""#, r#""_toEntityKey": "jamf-device:laptop-404""#)], &[&linked(r#", "_toEntityScope": "jamf-instance-id""#).replace(r#""_toEntityKey": "src:b:0001""#, r#""_toEntityKey": "jamf-device:laptop-001""#)]), &state("")),
        case("step-failed", Start::Summary, &[&step("failure", r#"["okta_user"]"#, r#"["okta_user"]"#)], &[&step("success", r#"["okta_user"]"#, r#"["okta_user"]"#)]),
        case("step-failed", Start::Summary, &[&step("partial_success_due_to_dependency_failure", r#"["okta_user"]"#, "[]")], &[&step("disabled", r#"["okta_user"]"#, "[]")]),
        case("step-undeclared-type", Start::Summary, &[&step("success", r#"["okta_user"]"#, r#"["okta_user", "okta_user_v2"]"#)], &[&step("success", r#"["okta_user", "okta_user_v2"]"#, r#"["okta_user_v2"]"#)]),
        case("summary-shape", Start::Summary, &[r#"{"integrationStepResults": {"id": "fetch-users"}}"#, r#"[]"#, &step("finished", "[]", "[]")], &[&step("success", "[]", "[]"), "{}"]),
        case("override-ignored-property", OVERRIDE, &[r#"{"entities": [{"_id": "x", "_key": "y", "criticality": "tier-1"}]}"#], &[r#"{"entities": [{"_id": "x", "criticality": "tier-1"}]}"#]),
    ]
}

/// A summary.json with one step result of `status`, declaring and encountering these types.
fn step(status: &str, declared: &str, encountered: &str) -> String {
    format!(
        r#"{{"integrationStepResults": [{{"id": "fetch-users", "name": "Fetch users", "declaredTypes": {declared}, "partialTypes": [], "encounteredTypes": {encountered}, "status": "{status}"}}],
            "metadata": {{"partialDatasets": {{"types": []}}}}}}"#
    )
}

fn run(c: &Case, uploads: &[String]) -> Report {
    let uploads: Vec<&str> = uploads.iter().map(String::as_str).collect();
    match c.start {
        Start::Mode(mode, scope) => {
            lint_against(options(mode, scope), &uploads, c.snapshot.as_deref())
        }
        Start::Body(body) => lint_with_body(body, &uploads),
        Start::Summary => lint_with_summary(uploads[0]),
    }
}

#[test]
fn each_case_fails_and_passes_as_written() {
    for (n, c) in cases().iter().enumerate() {
        if !c.fail.is_empty() {
            let report = run(c, &c.fail);
            let hits = fired(&report, c.rule);
            assert!(
                !hits.is_empty(),
                "case {n}: {} did not fire on its failing input; got:\n{}",
                c.rule,
                describe(&report)
            );
            if let Some(message) = c.message {
                assert_eq!(hits[0].message, message, "case {n}: {}", c.rule);
            }
        }
        if !c.pass.is_empty() {
            let report = run(c, &c.pass);
            assert!(
                fired(&report, c.rule).is_empty(),
                "case {n}: {} fired on its passing input:\n{}",
                c.rule,
                describe(&report)
            );
        }
    }
}

/// Where each failing case's findings of its rule point (file, line, column, pointer) and what
/// they say, against the reviewed `tests/fixtures/rules/failing-cases.txt`: a rule that fires
/// on the wrong member, or moves, fails here.
#[test]
fn failing_cases_point_where_the_snapshot_says() {
    let mut text = String::new();
    for (n, c) in cases()
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.fail.is_empty())
    {
        let report = run(c, &c.fail);
        text.push_str(&format!("case {n} {}\n", c.rule));
        text.push_str(&snapshot_lines(fired(&report, c.rule)));
    }
    matches_snapshot("tests/fixtures/rules/failing-cases.txt", &text);
}

#[test]
fn every_rule_has_a_failing_and_a_passing_case() {
    let all = cases();
    for rule in syncplan::rules() {
        let failing = all.iter().any(|c| c.rule == rule.id && !c.fail.is_empty());
        let passing = all.iter().any(|c| c.rule == rule.id && !c.pass.is_empty());
        assert!(
            failing && passing,
            "rule {} lacks a failing or a passing case",
            rule.id
        );
    }
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
