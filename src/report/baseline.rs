//! The baseline: the findings a team has accepted for now, so that syncplan can be adopted on
//! an existing integration and report only what is new (eslint's suppressions file, ruff's
//! `--add-noqa`). It owns the file format, how a finding is named in it, and the filtering.
//!
//! A finding inside an uploaded object is named by its rule, the object's `_key` (or `_id` when
//! it has no `_key`) and the place inside the object, never by file, batch or line: reordering
//! objects or re-batching them across files keeps a baseline valid. Findings elsewhere (job
//! options, the start body, the snapshot, the SDK's summary.json, an upload body's own shape)
//! are named by the role of their document and their pointer. Entries are counted: when a
//! name has more findings now than the baseline counts, all of them are reported, because
//! which of them is new cannot be told.
//!
//! Both directions work on the findings before the report lists at most
//! `MAX_LISTED_PER_RULE` of a rule, so nothing beyond that bound escapes the baseline and no
//! new finding hides behind suppressed ones.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::diagnostic::{Finding, Findings};
use crate::document::Document;
use crate::document::INVALID_JSON;
use crate::json::{self, Arena, Value};
use crate::jupiterone::model::{Item, Upload};
use crate::support::order;

/// The version of the baseline file's shape.
pub const BASELINE_VERSION: u32 = 1;

/// The role of a document in a run, which names findings outside uploaded objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// The job's options given as flags (no document).
    Options,
    /// The start body.
    Job,
    Upload,
    Snapshot,
    Summary,
}

impl Role {
    const ALL: [Role; 5] = [
        Role::Options,
        Role::Job,
        Role::Upload,
        Role::Snapshot,
        Role::Summary,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Role::Options => "options",
            Role::Job => "job",
            Role::Upload => "upload",
            Role::Snapshot => "snapshot",
            Role::Summary => "summary",
        }
    }
}

/// What one baseline entry names, and its rule. Flat (a kind and three strings) rather than
/// nested enums: its order, comparison, copies and drops are then a few string operations
/// instead of code derived for each enum.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    rule: String,
    /// `KEY`, `ID` or `UNNAMED`: a place inside an uploaded object named by its `_key`, its
    /// `_id` or neither. `DOCUMENT` plus a `Role`: a place anywhere else, in a document of that
    /// role. (In this order, as the file lists them.)
    kind: u8,
    /// The object's `_key` or `_id`; empty for the others.
    name: String,
    /// Inside an object, the JSON Pointer inside it without its leading `/` (`enabled`,
    /// `_mapping/targetEntity/email`), empty for the object itself; in a document, the
    /// pointer into it.
    place: String,
}

const KEY: u8 = 0;
const ID: u8 = 1;
const UNNAMED: u8 = 2;
const DOCUMENT: u8 = 3;

/// Accepted findings and how many of each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    /// Sorted by entry, each entry once. (A sorted list rather than a map of entries: the
    /// list uses the one sort of `order`, where a map's code would be more of the module.)
    counts: Vec<(Entry, usize)>,
}

/// What a baseline did to a run's findings.
#[derive(Default)]
pub(crate) struct Outcome {
    /// With a baseline: how many findings of each rule it suppressed.
    pub suppressed: Option<BTreeMap<String, usize>>,
    /// When asked for: the baseline of every finding of the run (before suppression).
    pub recorded: Option<Baseline>,
}

/// Names this run's findings, records them when `record` is set, and drops those `baseline`
/// accepts. `role` gives the role of a document by number (`None`: the job's flags);
/// documents `0..uploads.len()` are the uploads.
pub(crate) fn apply(
    findings: &mut Findings,
    uploads: &[Upload],
    role: &dyn Fn(Option<usize>) -> Role,
    baseline: Option<&Baseline>,
    record: bool,
) -> Outcome {
    if baseline.is_none() && !record {
        return Outcome::default();
    }
    let entries: Vec<Option<Entry>> = findings
        .list
        .iter()
        .map(|finding| entry(finding, uploads, role))
        .collect();
    let now = Baseline::counting(
        entries
            .iter()
            .flatten()
            .map(|entry| (entry.clone(), 1))
            .collect(),
    );
    let suppressed = baseline.map(|baseline| {
        let mut suppressed: BTreeMap<String, usize> = BTreeMap::new();
        let mut entries = entries.iter();
        findings.list.retain(|finding| {
            let accepted = entries
                .next()
                .and_then(Option::as_ref)
                .is_some_and(|entry| {
                    baseline
                        .count(entry)
                        .is_some_and(|n| now.count(entry) <= Some(n))
                });
            if accepted {
                *suppressed.entry(finding.rule.id.to_string()).or_default() += 1;
            }
            !accepted
        });
        suppressed
    });
    Outcome {
        suppressed,
        recorded: record.then_some(now),
    }
}

/// The baseline entry of a finding; `None` for a file that is not JSON, which is never
/// accepted: its objects could not be checked at all.
fn entry(
    finding: &Finding,
    uploads: &[Upload],
    role: &dyn Fn(Option<usize>) -> Role,
) -> Option<Entry> {
    if finding.rule.id == INVALID_JSON.id {
        return None;
    }
    let place = &finding.place;
    let role = role(place.doc);
    let inside = (role == Role::Upload)
        .then(|| place.doc.and_then(|doc| uploads.get(doc)))
        .flatten()
        .and_then(|upload| object_at(upload, &place.pointer));
    let (kind, name, place) = match inside {
        Some((item, property)) => {
            let (kind, name) = match (item.key(), item.str("_id")) {
                (Some(key), _) => (KEY, key),
                (None, Some(id)) => (ID, id),
                (None, None) => (UNNAMED, ""),
            };
            (kind, name.to_string(), property.to_string())
        }
        None => (DOCUMENT + role as u8, String::new(), place.pointer.clone()),
    };
    Some(Entry {
        rule: finding.rule.id.to_string(),
        kind,
        name,
        place,
    })
}

/// The uploaded object `pointer` points into (`/entities/N…`, `/relationships/N…`) and the
/// rest of the pointer, inside the object.
fn object_at<'u, 'p>(upload: &'u Upload<'u>, pointer: &'p str) -> Option<(&'u Item<'u>, &'p str)> {
    let (list, rest) = pointer.strip_prefix('/')?.split_once('/')?;
    let items = match list {
        "entities" => &upload.entities,
        "relationships" => &upload.relationships,
        _ => return None,
    };
    let (index, property) = rest.split_once('/').unwrap_or((rest, ""));
    let index: usize = index.parse().ok()?;
    // Items are in list order, but elements that are not objects have none.
    let at = items.binary_search_by_key(&index, |item| item.index).ok()?;
    Some((&items[at], property))
}

/// Why a baseline file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {reason}: not a syncplan baseline; write one with `syncplan lint --write-baseline {file} …`")]
pub struct BaselineError {
    pub file: String,
    pub reason: String,
}

impl Baseline {
    /// Reads a baseline file. Entries of rules syncplan does not know (any more) are kept and
    /// never match; an entry listed twice counts twice.
    pub fn read(document: &Document) -> Result<Baseline, BaselineError> {
        let fail = |reason: String| BaselineError {
            file: document.name.unwrap_or("baseline").to_string(),
            reason,
        };
        let text = json::decode(document.bytes).map_err(|e| fail(e.message))?;
        let arena = Arena::new();
        let parsed = json::parse_noting(text, &arena).map_err(|e| fail(e.message))?;
        let top = parsed
            .value
            .as_object()
            .ok_or_else(|| fail("the file is not a JSON object".to_string()))?;
        if let Some(name) = top.keys().find(|&k| k != "version" && k != "suppressions") {
            return Err(fail(format!(
                "unknown member \"{name}\" (a baseline has version and suppressions)"
            )));
        }
        match top.get("version") {
            Some(Value::Number(n)) if n.as_u64() == Some(u64::from(BASELINE_VERSION)) => {}
            Some(Value::Number(n)) if n.as_u64().is_some() => {
                return Err(fail(format!(
                    "version {} is not the one this syncplan reads ({BASELINE_VERSION})",
                    json::number_text(n.as_f64().unwrap_or_default())
                )))
            }
            _ => return Err(fail(format!("\"version\" must be {BASELINE_VERSION}"))),
        }
        let list = top
            .get("suppressions")
            .and_then(Value::as_array)
            .ok_or_else(|| fail("\"suppressions\" must be an array".to_string()))?;
        // A loop, not a `collect` into a `Result`: that adapter is compiled anew for each item
        // type.
        let mut entries = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let entry =
                read_entry(item).map_err(|reason| fail(format!("suppressions[{i}]: {reason}")))?;
            entries.push(entry);
        }
        Ok(Baseline::counting(entries))
    }

    /// The baseline of these entries and counts, an entry given twice counted twice.
    fn counting(mut entries: Vec<(Entry, usize)>) -> Baseline {
        order::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        let mut counts: Vec<(Entry, usize)> = Vec::new();
        for (entry, count) in entries {
            match counts.last_mut() {
                Some((last, total)) if *last == entry => *total += count,
                _ => counts.push((entry, count)),
            }
        }
        Baseline { counts }
    }

    fn count(&self, entry: &Entry) -> Option<usize> {
        self.counts
            .binary_search_by(|(e, _)| e.cmp(entry))
            .ok()
            .map(|at| self.counts[at].1)
    }

    /// How many findings the baseline accepts.
    pub fn len(&self) -> usize {
        self.counts.iter().map(|(_, count)| count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Keeps the entries of the rules `keep` says yes to.
    pub(crate) fn retain_rules(&mut self, keep: impl Fn(&str) -> bool) {
        self.counts.retain(|(entry, _)| keep(&entry.rule));
    }

    /// The baseline file: sorted by rule, then what the entry names, one entry a line so that
    /// a change to it is a line of a diff; ends in a newline.
    pub fn to_json(&self) -> String {
        // A string is written the same pretty or compact, and the pretty writer is in the
        // module already (a compact one would add its own code).
        let quote = |s: &str| crate::json::to_pretty(s);
        let mut out = format!("{{\n  \"version\": {BASELINE_VERSION},\n  \"suppressions\": [");
        for (i, (entry, count)) in self.counts.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let _ = write!(out, "    {{\"rule\": {}, ", quote(&entry.rule));
            let _ = match entry.kind {
                KEY => write!(out, "\"key\": {}", quote(&entry.name)),
                ID => write!(out, "\"id\": {}", quote(&entry.name)),
                UNNAMED => write!(out, "\"key\": null"),
                kind => write!(
                    out,
                    "\"document\": \"{}\", \"pointer\": {}",
                    Role::ALL[usize::from(kind - DOCUMENT)].as_str(),
                    quote(&entry.place)
                ),
            };
            if entry.kind < DOCUMENT {
                let _ = write!(out, ", \"property\": {}", quote(&entry.place));
            }
            let _ = write!(out, ", \"count\": {count}}}");
        }
        out.push_str(if self.counts.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }
}

/// One entry of `suppressions`: `{rule, key|id, property, count}` or
/// `{rule, document, pointer, count}`.
fn read_entry(item: &Value) -> Result<(Entry, usize), String> {
    let fields = item
        .as_object()
        .ok_or("must be an object {rule, key, property, count}")?;
    let text = |name: &str| -> Result<String, String> {
        fields
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(format!("\"{name}\" must be a string"))
    };
    let known: &[&str] = if fields.contains_key("document") {
        &["rule", "document", "pointer", "count"]
    } else if fields.contains_key("id") {
        &["rule", "id", "property", "count"]
    } else {
        &["rule", "key", "property", "count"]
    };
    if let Some(name) = fields.keys().find(|k| !known.contains(k)) {
        return Err(format!(
            "unknown member \"{name}\" beside {}",
            known.join(", ")
        ));
    }
    let rule = text("rule")?;
    let (kind, name, place) = if fields.contains_key("document") {
        let role = text("document")?;
        let role = Role::ALL
            .into_iter()
            .find(|r| r.as_str() == role)
            .ok_or(format!(
                "unknown document \"{role}\": use options, job, upload, snapshot or summary"
            ))?;
        (DOCUMENT + role as u8, String::new(), text("pointer")?)
    } else {
        let (kind, name) = if fields.contains_key("id") {
            (ID, text("id")?)
        } else if fields.get("key").is_some_and(Value::is_null) {
            (UNNAMED, String::new())
        } else {
            (KEY, text("key").map_err(|e| e + " (or null)")?)
        };
        (kind, name, text("property")?)
    };
    let count = match fields.get("count") {
        Some(Value::Number(n)) => n.as_u64().filter(|&n| n > 0),
        _ => None,
    }
    .ok_or("\"count\" must be a whole number above 0")?;
    let entry = Entry {
        rule,
        kind,
        name,
        place,
    };
    Ok((entry, count as usize))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Baseline, BaselineError> {
        Baseline::read(&Document::new("base.json", text))
    }

    #[test]
    fn writes_what_it_reads() {
        let text = r#"{
  "version": 1,
  "suppressions": [
    {"rule": "boolean-name", "key": "a\"b", "property": "enabled", "count": 2},
    {"rule": "entity-required", "key": null, "property": "", "count": 1},
    {"rule": "job-scope-required", "document": "options", "pointer": "", "count": 1},
    {"rule": "unknown-id", "id": "x-1", "property": "_id", "count": 1}
  ]
}
"#;
        let baseline = read(text).unwrap();
        assert_eq!(baseline.len(), 5);
        assert_eq!(baseline.to_json(), text);
        assert_eq!(
            Baseline::default().to_json(),
            "{\n  \"version\": 1,\n  \"suppressions\": []\n}\n"
        );
    }

    #[test]
    fn a_malformed_file_names_itself_the_place_and_the_fix() {
        let cases = [
            ("{\"version\": 1,", "invalid JSON: "),
            ("[]", "the file is not a JSON object"),
            ("{\"version\": 2, \"suppressions\": []}", "version 2 is not the one this syncplan reads (1)"),
            ("{\"suppressions\": []}", "\"version\" must be 1"),
            ("{\"version\": 1}", "\"suppressions\" must be an array"),
            (
                "{\"version\": 1, \"suppressions\": [{\"rule\": \"r\", \"key\": \"k\", \"property\": \"\", \"count\": 0}]}",
                "suppressions[0]: \"count\" must be a whole number above 0",
            ),
            (
                "{\"version\": 1, \"suppressions\": [{\"rule\": \"r\", \"key\": \"k\", \"line\": 3, \"count\": 1}]}",
                "suppressions[0]: unknown member \"line\" beside rule, key, property, count",
            ),
            (
                "{\"version\": 1, \"suppressions\": [{\"rule\": \"r\", \"document\": \"page\", \"pointer\": \"\", \"count\": 1}]}",
                "suppressions[0]: unknown document \"page\"",
            ),
        ];
        for (text, reason) in cases {
            let error = read(text).unwrap_err().to_string();
            assert!(error.starts_with("base.json: "), "{error}");
            assert!(error.contains(reason), "{error} lacks {reason}");
            assert!(
                error.ends_with("write one with `syncplan lint --write-baseline base.json …`"),
                "{error}"
            );
        }
    }
}
