//! A `SyncJob` checks each upload once, when it arrives, and keeps what it found; its report
//! after every upload must be, byte for byte, what `lint` of all the uploads so far reports.
//! Generated jobs drive both and compare them after every upload: keys repeated across
//! batches, relationships and foreign keys whose entities come in a later batch or never,
//! entities that get their `_type` from a later duplicate, every sync mode, job options that
//! are themselves faulty, unreadable and empty batches, the OVERRIDE cap and the report's
//! limit per rule.

use std::collections::BTreeSet;

use serde_json::{json, Value};
use syncplan::lifecycle::SyncJob;
use syncplan::{lint, Document, FinalizeOptions, JobInput, JobOptions, Report};

/// A fixed-seed generator (SplitMix64), so that every run checks the same jobs.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

/// The job's keys come from a small pool, so that they repeat across batches, and endpoints
/// and foreign keys name entities that come earlier, later or never.
struct Pool {
    keys: usize,
}

impl Pool {
    fn key(&self, random: &mut Random) -> String {
        format!("src:thing:{:04}", random.below(self.keys))
    }
}

const TYPES: [&str; 3] = ["src_user", "src_team", "src_repo"];

fn entity(random: &mut Random, pool: &Pool) -> Value {
    let mut entity = json!({
        "_key": pool.key(random),
        "_class": random.pick(&["User", "Team", "CodeRepo", "NotAClass"]),
        "name": "a name",
        "displayName": "a name",
    });
    // An entity without `_type` is an entity all the same; a later duplicate may type its key.
    if random.chance(85) {
        entity["_type"] = json!(random.pick(&TYPES));
    }
    if random.chance(25) {
        entity["ownerId"] = json!(pool.key(random));
    }
    if random.chance(10) {
        entity["updatedOn"] = json!("2024-01-01T00:00:00Z");
    }
    if random.chance(10) {
        entity.as_object_mut().unwrap().remove("displayName");
    }
    if random.chance(30) {
        entity["_id"] = json!(format!("id-{}", random.below(50)));
    }
    if random.chance(5) {
        entity["_secret"] = json!(true);
    }
    entity
}

fn relationship(random: &mut Random, pool: &Pool) -> Value {
    let (from, to) = (random.pick(&TYPES), random.pick(&TYPES));
    let _type = if random.chance(60) {
        format!("{from}_has_{to}")
    } else {
        "src_link".to_string()
    };
    let mut relationship = json!({
        "_key": format!("rel:{}", random.below(3 * pool.keys)),
        "_type": _type,
        "_class": random.pick(&["HAS", "OWNS", "NOT_A_VERB"]),
        "_fromEntityKey": pool.key(random),
        "_toEntityKey": pool.key(random),
    });
    match random.below(20) {
        // A key that an entity uses too: one key space for both.
        0 | 1 => relationship["_key"] = json!(pool.key(random)),
        2 => {
            relationship.as_object_mut().unwrap().remove("_toEntityKey");
        }
        3 => {
            relationship["_toEntityScope"] = json!("other-scope");
            relationship["_toEntitySource"] = json!("api");
        }
        4 => {
            relationship["_fromEntityScope"] = json!("s1");
            relationship["_toEntityScope"] = json!("other-scope");
        }
        5 => {
            relationship["_mapping"] = json!({
                "relationshipDirection": "FORWARD",
                "sourceEntityKey": pool.key(random),
                "targetFilterKeys": ["_key"],
                "targetEntity": {"_type": "src_user"},
            });
        }
        _ => {}
    }
    relationship
}

/// An upload body: mostly objects, sometimes one that cannot be read, or read whole.
fn body(random: &mut Random, pool: &Pool) -> String {
    match random.below(40) {
        0 => return "{\"entities\": [".to_string(),
        1 => return "[{\"_key\": \"src:thing:0001\"}]".to_string(),
        2 => return "{\"entities\": 5}".to_string(),
        3 => return "{}".to_string(),
        4 => return "{\"entities\": [], \"relationships\": []}".to_string(),
        5 => return "{\"entities\": [1], \"entitys\": []}".to_string(),
        6 => {
            return format!(
            "{{\"entities\": [{{\"_key\": \"{0}\", \"_key\": \"{0}\", \"_type\": \"src_user\"}}]}}",
            pool.key(random)
        )
        }
        _ => {}
    }
    let entities: Vec<Value> = (0..random.below(12))
        .map(|_| entity(random, pool))
        .collect();
    let relationships: Vec<Value> = (0..random.below(10))
        .map(|_| relationship(random, pool))
        .collect();
    let mut body = json!({});
    if !entities.is_empty() || random.chance(50) {
        body["entities"] = json!(entities);
    }
    if !relationships.is_empty() || random.chance(50) {
        body["relationships"] = json!(relationships);
    }
    if random.chance(50) {
        serde_json::to_string_pretty(&body).unwrap()
    } else {
        body.to_string()
    }
}

fn options(random: &mut Random) -> JobOptions {
    let integration = random.chance(15);
    JobOptions {
        source: integration.then(|| "integration-external".to_string()),
        sync_mode: random
            .pick(&[
                None,
                Some("DIFF"),
                Some("DIFF"),
                Some("PATCH"),
                Some("CROSS_SCOPE"),
                Some("OVERRIDE"),
                Some("CREATE_OR_UPDATE"),
            ])
            .map(str::to_string),
        scope: random
            .pick(&[Some("s1"), Some("s1"), Some("upload-2024-01-01"), None])
            .filter(|_| !integration)
            .map(str::to_string),
        integration_instance_id: integration.then(|| "instance-1".to_string()),
        ignore_duplicates: *random.pick(&[None, Some(false), Some(true)]),
    }
}

/// `lint` of every upload so far, each named as the job names it.
fn relint(options: &JobOptions, uploads: &[(String, String)]) -> Report {
    let documents: Vec<Document> = uploads
        .iter()
        .map(|(name, text)| Document::new(name, text))
        .collect();
    lint(&JobInput::from_options(options.clone()), &documents, None)
}

/// Uploads `bodies` to a job one at a time, and compares its report after each with `lint` of
/// the uploads so far. Returns the rules the reports named.
fn check_job(what: &str, options: &JobOptions, bodies: &[String]) -> BTreeSet<&'static str> {
    let mut named = BTreeSet::new();
    let mut job = SyncJob::new(options.clone());
    let mut uploads = Vec::new();
    for (n, body) in bodies.iter().enumerate() {
        // Named by the caller, or by the job (`upload-N.json`).
        let name = (n % 3 == 1).then(|| format!("batch-{n}.json"));
        let report = job.upload(name.clone(), body.clone().into_bytes()).unwrap();
        let name = name.unwrap_or_else(|| format!("upload-{}.json", n + 1));
        uploads.push((name, body.clone()));
        let expected = relint(options, &uploads);
        let (got, want) = (report.to_json(), expected.to_json());
        if got != want {
            let at = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{what}, {options:?}: after upload {} the job's report differs from lint's at line {}:\n  job:  {:?}\n  lint: {:?}\nthe uploads:\n{}",
                n + 1,
                at + 1,
                got.lines().nth(at).unwrap_or("(end)"),
                want.lines().nth(at).unwrap_or("(end)"),
                bodies[..=n].join("\n"),
            );
        }
        assert_eq!(report, expected, "{what}: the reports hold the same values");
        named.extend(report.diagnostics.iter().map(|d| d.rule));
    }
    named
}

#[test]
fn after_every_upload_the_job_reports_what_lint_of_all_uploads_so_far_reports() {
    let mut random = Random(7);
    let mut named = BTreeSet::new();
    for case in 0..400 {
        let options = options(&mut random);
        let pool = Pool {
            keys: 4 + random.below(30),
        };
        let bodies: Vec<String> = (0..1 + random.below(8))
            .map(|_| body(&mut random, &pool))
            .collect();
        named.extend(check_job(
            &format!("generated job {case}"),
            &options,
            &bodies,
        ));
    }
    // The generated jobs reach every check that spans batches.
    for rule in [
        "duplicate-key",
        "duplicate-key-replaced",
        "relationship-endpoint",
        "relationship-type-name",
        "foreign-key-property",
        "diff-empty-job",
        "invalid-json",
        "upload-shape",
        "duplicate-member",
        "job-scope-required",
    ] {
        assert!(named.contains(rule), "no generated job reports {rule}");
    }
}

fn diff_job() -> JobOptions {
    JobOptions {
        scope: Some("s1".into()),
        ..JobOptions::default()
    }
}

/// `count` relationships from `from{i}` to `to{i}`, for `i` from `first`.
fn relationships(first: usize, count: usize) -> String {
    let relationships: Vec<Value> = (first..first + count)
        .map(|i| {
            json!({"_key": format!("r{i}"), "_type": "src_user_has_src_team", "_class": "HAS",
                   "_fromEntityKey": format!("from{i}"), "_toEntityKey": format!("to{i}")})
        })
        .collect();
    json!({ "relationships": relationships }).to_string()
}

/// Entities `prefix{i}` of type `_type`, for `i` from `first`.
fn entities(prefix: &str, _type: &str, first: usize, count: usize) -> String {
    let entities: Vec<Value> = (first..first + count)
        .map(|i| {
            json!({"_key": format!("{prefix}{i}"), "_type": _type, "_class": "User",
                   "name": "n", "displayName": "d", "ownerId": format!("from{}", i + 1)})
        })
        .collect();
    json!({ "entities": entities }).to_string()
}

#[test]
fn findings_beyond_the_listed_thousand_a_rule_move_as_later_uploads_resolve_earlier_ones() {
    // 1,500 dangling endpoints, then 1,500 more; then the first ends' entities arrive (their
    // `ownerId`s name the next entity's key: foreign keys that stand once it arrives), and the
    // listed thousand of each rule are others than before.
    let bodies = [
        relationships(0, 1500),
        relationships(1500, 1500),
        entities("from", "src_user", 0, 1200),
        entities("to", "src_group", 0, 700),
        entities("from", "src_user", 1200, 1200),
    ];
    check_job("a thousand a rule", &diff_job(), &bodies);
}

#[test]
fn the_override_cap_counts_every_upload_so_far() {
    let override_job = JobOptions {
        sync_mode: Some("OVERRIDE".into()),
        scope: Some("s1".into()),
        ..JobOptions::default()
    };
    let bodies: Vec<String> = (0..4)
        .map(|n| entities("e", "src_user", n * 4000, 4000))
        .collect();
    check_job("OVERRIDE cap", &override_job, &bodies);
}

#[test]
fn an_empty_diff_job_is_reported_until_something_is_uploaded() {
    let bodies = [
        "{}".to_string(),
        "{\"entities\": []}".to_string(),
        "{\"relationships\": []}".to_string(),
        relationships(0, 1),
    ];
    check_job("empty DIFF", &diff_job(), &bodies);
    // An unreadable first upload may hold anything: no empty job then.
    check_job(
        "empty DIFF",
        &diff_job(),
        &["{".to_string(), "{}".to_string()],
    );
}

#[test]
fn a_relationship_type_is_checked_once_both_ends_have_a_type() {
    let untyped =
        json!({"entities": [{"_key": "from0", "_class": "User", "name": "n", "displayName": "d"}]});
    let typed = json!({"entities": [{"_key": "from0", "_type": "src_team", "_class": "Team", "name": "n", "displayName": "d"}]});
    let bodies = [
        relationships(0, 1),
        untyped.to_string(),
        entities("to", "src_team", 0, 1),
        typed.to_string(),
    ];
    for ignore_duplicates in [false, true] {
        let options = JobOptions {
            ignore_duplicates: Some(ignore_duplicates),
            ..diff_job()
        };
        check_job("typed ends", &options, &bodies);
    }
}

#[test]
fn finalize_plans_every_upload() {
    let mut job = SyncJob::new(diff_job());
    let bodies = [relationships(0, 3), entities("from", "src_user", 0, 3)];
    for body in &bodies {
        job.upload(None, body.clone().into_bytes()).unwrap();
    }
    let snapshot = Document::new("snapshot.json", "{\"entities\": []}");
    let report = job
        .finalize(&snapshot, &FinalizeOptions::default())
        .unwrap();
    let names = ["upload-1.json", "upload-2.json"];
    let documents: Vec<Document> = names
        .iter()
        .zip(&bodies)
        .map(|(name, body)| Document::new(name, body))
        .collect();
    let planned = syncplan::plan(
        &JobInput::from_options(diff_job()),
        &documents,
        &snapshot,
        &FinalizeOptions::default(),
    );
    assert_eq!(report.to_json(), planned.to_json());
}

#[test]
fn a_job_can_move_between_threads() {
    fn sendable<T: Send + Sync>() {}
    sendable::<SyncJob>();
}
