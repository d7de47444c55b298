//! Relationship checks: endpoints, `_type` naming and mapped relationships' `_mapping`.

use super::{quote, quote_str, type_name, Context, Finding, KeyUse, Place, Waits};
use crate::diagnostic::declare_rule;
use crate::json::{Map, Value};
use crate::jupiterone::job::SyncMode;
use crate::jupiterone::model::{Item, Upload};
use crate::jupiterone::plan::{ends, unresolved, EndFields, END_FIELDS};

/// What the job uploads under each end's key of each relationship, in upload order. They are
/// looked up together, before the checks, because a million lookups made one at a time wait
/// for a million cache misses in turn (see `KeyIndex::get_many`).
pub fn endpoint_uses<'a>(cx: &Context<'a>, uploads: &[Upload]) -> Vec<[Option<KeyUse<'a>>; 2]> {
    let relationships = uploads.iter().flat_map(|u| &u.relationships);
    let ends = relationships.flat_map(|item| END_FIELDS.map(|f| item.str(f.key)));
    let found = cx.keys.get_many(ends);
    found
        .chunks_exact(2)
        .map(|both| [both[0], both[1]])
        .collect()
}

/// Checks a relationship, given what the job uploads under its ends' keys.
pub fn check(cx: &mut Context, item: &Item, uses: &[Option<KeyUse>; 2]) {
    match item.get("_mapping") {
        Some(mapping) => check_mapping(cx, item, mapping),
        None => {
            relationship_endpoint(cx, item, uses);
            relationship_type_name(cx, item, uses);
        }
    }
}

/// A mapped relationship's `_mapping`: its shape, then its sets of target filter keys.
fn check_mapping(cx: &mut Context, item: &Item, mapping: &Value) {
    let Some((groups, target)) = mapping_shape(cx, item, mapping) else {
        return;
    };
    mapping_filter_keys_flat(cx, item, groups);
    if let Some(target) = target {
        mapping_filter_key_missing(cx, item, groups, target);
    }
}

declare_rule! {
    /// A direct relationship's endpoint keys name entities that will exist after finalize (else it counts in numRelationshipCreateErrors).
    RELATIONSHIP_ENDPOINT: "relationship-endpoint", Warning
}

/// In a DIFF job, an endpoint named by key alone lives in the job's own scope, where only
/// what this job uploads survives finalize.
fn relationship_endpoint(cx: &mut Context, item: &Item, uses: &[Option<KeyUse>; 2]) {
    if cx.job.sync_mode != SyncMode::Diff {
        return;
    }
    for (fields, used) in END_FIELDS.into_iter().zip(uses) {
        let (end, key_field) = (fields.end, fields.key);
        let Some(key) = item.str(key_field) else {
            continue;
        };
        let elsewhere = [fields.scope, fields.source, fields.id]
            .iter()
            .any(|field| item.get(field).is_some());
        if elsewhere {
            check_elsewhere(cx, item, fields);
            continue;
        }
        if used.as_ref().is_some_and(KeyUse::is_entity) || kept(cx, item, fields, key, uses) {
            continue;
        }
        let scope = cx
            .job
            .reconciled_scope()
            .map(|s| format!(" in scope {}", quote_str(s)))
            .unwrap_or_default();
        cx.findings
            .add(
                &RELATIONSHIP_ENDPOINT,
                Place::member(item, key_field),
                format!(
                    "{key_field} {} names no entity uploaded in this job: after a DIFF finalize it does not exist{scope}, so the relationship is not created (numRelationshipCreateErrors)",
                    quote_str(key)
                ),
            )
            .hint(format!(
                "upload that entity in this job, or name an entity of another scope with _{end}EntityScope and _{end}EntitySource"
            ));
        cx.pend(|| Waits::UntilEntity(key.into()));
    }
}

/// Whether finalize keeps the end's entity although the job does not upload it: it is of a
/// partial-dataset type. The previous state, when given, tells the entity's type; without it
/// the type is read from the relationship's `_type`, which the SDK builds as
/// `<from _type>_<verb>_<to _type>` (the to-type without the leading segments it shares with
/// the from-type: `github_account_owns_repo` links a `github_repo`).
fn kept(
    cx: &Context,
    item: &Item,
    fields: EndFields,
    key: &str,
    uses: &[Option<KeyUse>; 2],
) -> bool {
    if cx.kept_types.is_empty() {
        return false;
    }
    let kept_type = |type_name: &str| cx.kept_types.iter().any(|t| t == type_name);
    if let Some(state) = cx.state {
        let own_scope = cx.job.reconciled_scope().unwrap_or_default();
        return state
            .entity_in_scope(own_scope, key)
            .is_some_and(|entity| !entity.deleted() && kept_type(entity.type_name()));
    }
    let Some(relationship_type) = item.str("_type") else {
        return false;
    };
    if fields.end == "from" {
        return cx.kept_types.iter().any(|t| {
            relationship_type
                .strip_prefix(t.as_str())
                .is_some_and(|rest| rest.starts_with('_'))
        });
    }
    let from_type = uses[0].and_then(|used| used.entity.flatten());
    cx.kept_types.iter().any(|t| {
        let short = from_type.map_or(t.as_str(), |from| without_shared_segments(t, from));
        [t.as_str(), short].iter().any(|suffix| {
            relationship_type
                .strip_suffix(suffix)
                .is_some_and(|rest| rest.ends_with('_'))
        })
    })
}

/// `to` without the leading `_`-separated segments it shares with `from`, as the SDK shortens
/// a relationship's to-type (`github_repo` after `github_account` is `repo`); `to` whole when
/// that would leave nothing.
fn without_shared_segments<'t>(to: &'t str, from: &str) -> &'t str {
    let mut rest = to;
    let mut from_segments = from.split('_');
    while let (Some((segment, tail)), Some(from_segment)) =
        (rest.split_once('_'), from_segments.next())
    {
        if segment != from_segment {
            break;
        }
        rest = tail;
    }
    rest
}

/// An end in another scope (or named by `_id`) must exist in the previous state, when known.
fn check_elsewhere(cx: &mut Context, item: &Item, fields: EndFields) {
    let Some(state) = cx.state else { return };
    let reference = ends(|name| item.str(name))
        .into_iter()
        .find(|r| r.end == fields.end)
        .filter(|r| r.id.is_some() || r.scope.is_some());
    let Some(reference) = reference else { return };
    if let Some(why) = unresolved(&reference, state, None) {
        let field = if reference.id.is_some() {
            fields.id
        } else {
            fields.key
        };
        cx.findings
            .add(
                &RELATIONSHIP_ENDPOINT,
                Place::member(item, field),
                format!("{why} in the previous state, so the relationship is not created (numRelationshipCreateErrors)"),
            )
            .hint("check the entity's _key (or _id) and scope in the graph");
    }
}

declare_rule! {
    /// A relationship `_type` follows `<from _type>_<verb>_<to _type>`.
    RELATIONSHIP_TYPE_NAME: "relationship-type-name", Info
}

fn relationship_type_name(cx: &mut Context, item: &Item, uses: &[Option<KeyUse>; 2]) {
    let (Some(actual), Some(verb)) = (item.str("_type"), item.str("_class")) else {
        return;
    };
    match uses.map(|used| used.and_then(|used| used.entity.flatten())) {
        [Some(from), Some(to)] => {
            if let Some(hint) = type_name_hint(actual, from, verb, to) {
                report_type_name(cx, item, actual).hint(hint);
            }
        }
        // In an open job, an end's entity (or its `_type`) may come in a later batch.
        _ if cx.is_open() => {
            let [Some(from), Some(to)] = END_FIELDS.map(|fields| item.str(fields.key)) else {
                return;
            };
            report_type_name(cx, item, actual);
            cx.pend(|| Waits::TypedEnds {
                ends: [from.into(), to.into()],
                actual: actual.into(),
                verb: verb.into(),
            });
        }
        _ => {}
    }
}

fn report_type_name<'f>(cx: &'f mut Context, item: &Item, actual: &str) -> &'f mut Finding {
    cx.findings.add(
        &RELATIONSHIP_TYPE_NAME,
        Place::member(item, "_type"),
        format!(
            "relationship _type {} does not follow <from _type>_<verb>_<to _type>",
            quote_str(actual)
        ),
    )
}

/// What a relationship `_type` should be named, given its ends' `_type`s and its `_class`;
/// `None` when it follows the convention.
pub fn type_name_hint(actual: &str, from: &str, verb: &str, to: &str) -> Option<String> {
    if follows_convention(actual, from, verb, to) {
        return None;
    }
    let full = format!("{from}_{}_{to}", verb.to_ascii_lowercase());
    Some(format!("name it \"{full}\""))
}

/// Whether `actual` is `<from>_<verb in lower case>_<to>`, with or without the shared prefix
/// (checked without building either name: this runs for every relationship).
fn follows_convention(actual: &str, from: &str, verb: &str, to: &str) -> bool {
    let Some(rest) = actual.strip_prefix(from).and_then(|r| r.strip_prefix('_')) else {
        return false;
    };
    let lower_verb = rest.len() >= verb.len()
        && rest.as_bytes()[..verb.len()]
            .iter()
            .zip(verb.bytes())
            .all(|(&a, v)| a == v.to_ascii_lowercase());
    let target = lower_verb
        .then(|| rest.get(verb.len()..))
        .flatten()
        .and_then(|r| r.strip_prefix('_'));
    target.is_some_and(|t| t == to || t == without_shared_prefix(from, to))
}

/// The SDK drops the leading `_`-separated segments the target type shares with the source
/// type: `aws_iam_role` HAS `aws_iam_policy` becomes `aws_iam_role_has_policy`.
fn without_shared_prefix<'a>(from: &str, to: &'a str) -> &'a str {
    let mut rest = to;
    for segment in from.split('_') {
        match rest.strip_prefix(segment).and_then(|r| r.strip_prefix('_')) {
            Some(shorter) if !shorter.is_empty() => rest = shorter,
            _ => break,
        }
    }
    rest
}

declare_rule! {
    /// `_mapping` has relationshipDirection FORWARD|REVERSE, a sourceEntityKey, targetFilterKeys and a targetEntity of primitives.
    MAPPING_SHAPE: "mapping-shape", Error
}

/// Reports what of `_mapping`'s shape is wrong; returns its `targetFilterKeys` (when an array)
/// and its `targetEntity` (when an object) for the checks of the sets of keys.
fn mapping_shape<'a>(
    cx: &mut Context,
    item: &Item,
    mapping: &Value<'a>,
) -> Option<(&'a [Value<'a>], Option<&'a Map<'a>>)> {
    let at = |member: &str| mapping_at(item, member);
    let Some(fields) = mapping.as_object() else {
        cx.findings.add(
            &MAPPING_SHAPE,
            Place::member(item, "_mapping"),
            format!("`_mapping` must be an object, not {}", quote(mapping)),
        );
        return None;
    };
    let whole = || Place::member(item, "_mapping");
    match fields.get("relationshipDirection") {
        Some(Value::String("FORWARD" | "REVERSE")) => {}
        Some(other) => {
            cx.findings
                .add(
                    &MAPPING_SHAPE,
                    at("relationshipDirection"),
                    format!("relationshipDirection is {}", quote(other)),
                )
                .hint("use \"FORWARD\" (source → target) or \"REVERSE\"");
        }
        None => {
            cx.findings
                .add(
                    &MAPPING_SHAPE,
                    whole(),
                    "`_mapping` has no relationshipDirection",
                )
                .hint("add \"relationshipDirection\": \"FORWARD\"");
        }
    }
    match fields.get("sourceEntityKey") {
        Some(Value::String(_)) => {}
        Some(other) => {
            cx.findings.add(
                &MAPPING_SHAPE,
                at("sourceEntityKey"),
                format!("sourceEntityKey must be a string, not {}", quote(other)),
            );
        }
        None => {
            cx.findings
                .add(&MAPPING_SHAPE, whole(), "`_mapping` has no sourceEntityKey")
                .hint("name the _key of this integration's entity the relationship starts from");
        }
    }
    if let Some(skip) = fields.get("skipTargetCreation") {
        if !skip.is_boolean() {
            cx.findings.add(
                &MAPPING_SHAPE,
                at("skipTargetCreation"),
                format!("skipTargetCreation must be a boolean, not {}", quote(skip)),
            );
        }
    }
    let target = fields.get("targetEntity");
    match target {
        Some(Value::Object(target)) => {
            for (name, value) in target {
                let bad = match value {
                    Value::Object(_) => true,
                    Value::Array(items) => items.iter().any(|i| i.is_object() || i.is_array()),
                    _ => false,
                };
                if bad {
                    cx.findings.add(
                        &MAPPING_SHAPE,
                        at(&format!("targetEntity/{}", crate::json::pointer::escape(name))),
                        format!(
                            "Expected string | number | boolean | string[] | number[] | boolean[], but was {} in _mapping.targetEntity.{name}",
                            type_name(value)
                        ),
                    );
                }
            }
        }
        Some(other) => {
            cx.findings.add(
                &MAPPING_SHAPE,
                at("targetEntity"),
                format!("targetEntity must be an object, not {}", quote(other)),
            );
        }
        None => {
            cx.findings
                .add(&MAPPING_SHAPE, whole(), "`_mapping` has no targetEntity")
                .hint("describe the target, e.g. {\"_type\": \"aws_iam_role\", \"_key\": \"…\"}");
        }
    }
    let Some(keys) = fields.get("targetFilterKeys") else {
        cx.findings
            .add(
                &MAPPING_SHAPE,
                whole(),
                "`_mapping` has no targetFilterKeys",
            )
            .hint("add \"targetFilterKeys\": [[\"_type\", \"_key\"]]");
        return None;
    };
    let Some(groups) = keys.as_array() else {
        cx.findings.add(
            &MAPPING_SHAPE,
            filter_keys_at(item, ""),
            format!(
                "targetFilterKeys must be an array of arrays of strings, not {}",
                quote(keys)
            ),
        );
        return None;
    };
    for (i, group) in groups.iter().enumerate() {
        if filter_key_set(group).is_none() {
            cx.findings.add(
                &MAPPING_SHAPE,
                filter_keys_at(item, &format!("/{i}")),
                format!(
                    "targetFilterKeys[{i}] must be an array of strings, not {}",
                    quote(group)
                ),
            );
        }
    }
    Some((groups, target.and_then(Value::as_object)))
}

/// A member of a relationship's `_mapping`, by its pointer below it.
fn mapping_at(item: &Item, below: &str) -> Place {
    let base = item.member_pointer("_mapping");
    Place::value(Some(item.doc), format!("{base}/{below}"))
}

/// What `suffix` points to in a relationship's `_mapping.targetFilterKeys`.
fn filter_keys_at(item: &Item, suffix: &str) -> Place {
    mapping_at(item, &format!("targetFilterKeys{suffix}"))
}

/// The keys of one of `targetFilterKeys`' sets, each with its pointer below the set's; a flat
/// array's strings are sets of one. `None` when the set is neither.
fn filter_key_set<'a>(group: &Value<'a>) -> Option<Vec<(String, &'a str)>> {
    match *group {
        Value::String(name) => Some(vec![(String::new(), name)]),
        Value::Array(inner) if inner.iter().all(Value::is_string) => Some(
            inner
                .iter()
                .enumerate()
                .filter_map(|(j, n)| n.as_str().map(|n| (format!("/{j}"), n)))
                .collect(),
        ),
        _ => None,
    }
}

declare_rule! {
    /// `targetFilterKeys` is an array of arrays; a flat array means OR of single keys.
    MAPPING_FILTER_KEYS_FLAT: "mapping-filter-keys-flat", Warning
}

/// `groups` is `targetFilterKeys`.
fn mapping_filter_keys_flat(cx: &mut Context, item: &Item, groups: &[Value]) {
    if groups.is_empty() || !groups.iter().all(Value::is_string) {
        return;
    }
    let names: Vec<&str> = groups.iter().filter_map(Value::as_str).collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    cx.findings
        .add(
            &MAPPING_FILTER_KEYS_FLAT,
            filter_keys_at(item, ""),
            format!(
                "targetFilterKeys [{}] is flat: it matches a target on any ONE of these keys",
                quoted.join(", ")
            ),
        )
        .hint(format!(
            "to match on all of them together write [[{}]]",
            quoted.join(", ")
        ));
}

declare_rule! {
    /// At least one `targetFilterKeys` set has all its keys in `targetEntity` (else the mapper never finds the target).
    MAPPING_FILTER_KEY_MISSING: "mapping-filter-key-missing", Warning
}

/// The mapper finds a target by any one set whose keys `targetEntity` all holds:
/// reported only when no set can match, at the first key missing from the first set (the one
/// the mapper tries first). A set with a key missing beside a complete one is an alternative
/// that does not apply to this target, as published integrations send them. `groups` is
/// `targetFilterKeys`; each set is an alternative the mapper tries.
fn mapping_filter_key_missing(cx: &mut Context, item: &Item, groups: &[Value], target: &Map) {
    let sets: Vec<Vec<(String, &str)>> = groups
        .iter()
        .enumerate()
        .filter_map(|(i, group)| {
            let set = filter_key_set(group)?.into_iter();
            Some(
                set.map(|(below, name)| (format!("/{i}{below}"), name))
                    .collect(),
            )
        })
        .filter(|set: &Vec<_>| !set.is_empty())
        .collect();
    let missing: Vec<Vec<(String, &str)>> = sets
        .iter()
        .map(|set| {
            set.iter()
                .filter(|(_, name)| !target.contains_key(name))
                .cloned()
                .collect()
        })
        .collect();
    if missing.is_empty() || missing.iter().any(Vec::is_empty) {
        return;
    }
    let quoted = |set: &[(String, &str)]| -> String {
        let names: Vec<String> = set.iter().map(|(_, n)| format!("\"{n}\"")).collect();
        names.join(", ")
    };
    let why: Vec<String> = sets
        .iter()
        .zip(&missing)
        .map(|(set, lacks)| format!("[{}] lacks {}", quoted(set), quoted(lacks)))
        .collect();
    let first_missing = &missing[0];
    let (pointer, _) = &first_missing[0];
    cx.findings
        .add(
            &MAPPING_FILTER_KEY_MISSING,
            filter_keys_at(item, pointer),
            format!(
                "no targetFilterKeys set has all its keys in targetEntity, so the mapper can never find the target: {}",
                why.join("; ")
            ),
        )
        .hint(format!(
            "add {} to targetEntity (the mapper filters targets by their values), or list a set whose keys targetEntity has",
            quoted(first_missing)
        ));
}

#[cfg(test)]
mod tests {
    #[test]
    fn shared_prefix() {
        assert_eq!(
            super::without_shared_prefix("aws_iam_role", "aws_iam_policy"),
            "policy"
        );
        assert_eq!(
            super::without_shared_prefix("team_x", "application_x"),
            "application_x"
        );
        assert_eq!(super::without_shared_prefix("a_b", "a_b"), "b");
    }
}
