//! Phase 5, outbound flow: per metaverse object (after inbound flow) and per system and type
//! its export rules feed, the exports: provisioning (after export-side matching), updates
//! without no-net-changes, drift corrections, and deprovisioning when it leaves scope or is
//! deleted.

use serde_json::Value as Json;

use super::deletion::Deletions;
use super::flow::{mapping_reads, match_keys, mv_kind, same_as_state, source_value, values_of};
use super::index::{Ids, UnjoinedByValue};
use super::names::Names;
use super::outcome::{ChangeType, ExportOutcome, MvEvent, ProblemKind};
use super::placement::{Joins, Placement};
use super::priority::{After, MvAfter, Resolved};
use super::{Export, ExportValue, MvOutcome, Problem};
use crate::jim::eval::{to_json, Inputs, Value};
use crate::jim::expr::Side;
use crate::jim::model::{Config, Deprovision, Direction, MatchingMode, MatchingRule, SyncRule};
use crate::jim::scoping::in_scope;
use crate::jim::state::{CsObject, State};
use crate::support::fast_hash::FastSet;
use crate::support::order;

/// What every metaverse object's exports read.
struct Outbound<'a> {
    config: &'a Config,
    state: &'a State<'a>,
    ids: &'a Ids<'a>,
    names: &'a Names,
    joined: &'a Joins<'a>,
    /// Connector-space objects joined to a metaverse object, or claimed by export-side matching.
    taken: FastSet<&'a str>,
    unjoined: UnjoinedByValue,
}

pub fn exports(
    config: &Config,
    state: &State,
    ids: &Ids,
    names: &Names,
    placement: &Placement,
    resolved: Resolved,
    deleted: &Deletions,
) -> Vec<MvOutcome> {
    let mut outbound = Outbound {
        config,
        state,
        ids,
        names,
        joined: &placement.joined,
        taken: placement
            .joined
            .values()
            .flat_map(|joins| joins.values().copied())
            .collect(),
        unjoined: UnjoinedByValue::default(),
    };
    let mut mv_out = Vec::new();
    for object in resolved.objects {
        let MvAfter {
            id,
            object_type,
            projected,
            attributes,
            changes,
        } = object;
        let mut outcomes = Vec::new();
        if projected {
            outcomes.push(MvEvent::Projected);
        }
        if !changes.is_empty() {
            outcomes.push(MvEvent::AttributeFlow);
        }
        let deletion = deleted.get(id).copied();
        outcomes.extend(deletion);
        // A handful of attributes per object: searched in place, as a list.
        let changed: Vec<&str> = changes.iter().map(|c| &*c.attribute).collect();
        let mut staged = Staged::default();
        outbound.object(
            id,
            object_type,
            &attributes,
            &changed,
            deletion.is_some(),
            &mut staged,
        );
        if !outcomes.is_empty() || !staged.exports.is_empty() || !staged.errors.is_empty() {
            mv_out.push(MvOutcome {
                id: id.to_string(),
                object_type: names.get(object_type),
                outcomes,
                changes,
                exports: staged.exports,
                errors: staged.errors,
            });
        }
    }
    mv_out
}

/// One metaverse object's exports and export errors.
#[derive(Default)]
struct Staged {
    exports: Vec<Export>,
    errors: Vec<Problem>,
}

/// How a metaverse object stands towards one system and type.
enum Target<'a> {
    None,
    /// Joined before this run, or by inbound matching.
    Joined(&'a CsObject<'a>),
    /// Joined now by export-side matching: everything that differs is exported.
    Matched(&'a CsObject<'a>),
}

impl<'a> Outbound<'a> {
    fn object(
        &mut self,
        mv: &str,
        mv_type: &str,
        attributes: &After,
        changed: &[&str],
        deleted: bool,
        staged: &mut Staged,
    ) {
        let config = self.config;
        let kind = mv_kind(config, mv_type);
        // Export rules by the (system, type) they feed, in that order, and as configured
        // within one.
        let mut export_rules: Vec<&SyncRule> = config
            .rules
            .iter()
            .filter(|r| r.enabled && r.direction == Direction::Export && r.mv_type == mv_type)
            .collect();
        order::sort_by(&mut export_rules, |a, b| feeds(a).cmp(&feeds(b)));
        for rules in export_rules.chunk_by(|a, b| feeds(a) == feeds(b)) {
            let (system, cs_type) = feeds(rules[0]);
            let joined = self
                .joined
                .get(system)
                .and_then(|joins| joins.get(mv))
                .and_then(|id| self.ids.cs.get(id))
                .copied()
                .filter(|c| c.object_type == cs_type);
            let in_scope: Vec<&SyncRule> = rules
                .iter()
                .copied()
                .filter(|r| !deleted && in_scope(&r.groups, attributes, &kind, self.state.now))
                .collect();
            let export = |cso: Option<&CsObject>,
                          change_type: ChangeType,
                          outcome: ExportOutcome,
                          rule: &SyncRule,
                          values: Vec<ExportValue>| Export {
                connected_system: self.names.get(system),
                object_type: self.names.get(cs_type),
                connected_system_object_id: cso.map(|c| c.id.to_string()),
                change_type,
                outcome,
                sync_rule: self.names.get(&rule.name),
                attributes: values,
            };
            let Some(rule) = in_scope.first().copied() else {
                if let Some(rule) = joined.and(rules.first()) {
                    // Delete wins among the rules that let the object go.
                    let delete = rules.iter().any(|r| r.deprovision == Deprovision::Delete);
                    let change = if delete {
                        ChangeType::Delete
                    } else {
                        ChangeType::Disconnect
                    };
                    staged.exports.push(export(
                        joined,
                        change,
                        ExportOutcome::DeprovisionQueued,
                        rule,
                        Vec::new(),
                    ));
                }
                continue;
            };
            let target = match joined {
                Some(cso) => Target::Joined(cso),
                None if rule.provision => {
                    match self.match_unjoined((system, cs_type), rule, attributes) {
                        Ok(Some(cso)) => Target::Matched(cso),
                        Ok(None) => Target::None,
                        Err(problem) => {
                            staged.errors.push(problem);
                            continue;
                        }
                    }
                }
                None => Target::None,
            };
            let cso = match target {
                Target::Joined(c) | Target::Matched(c) => Some(c),
                Target::None => None,
            };
            let (normal, drift) =
                self.values(system, &in_scope, attributes, changed, &target, staged);
            match target {
                Target::None if rule.provision => staged.exports.push(export(
                    None,
                    ChangeType::Create,
                    ExportOutcome::Provisioned,
                    rule,
                    normal,
                )),
                Target::None => {}
                Target::Joined(_) | Target::Matched(_) => {
                    if matches!(target, Target::Matched(_)) {
                        staged.exports.push(export(
                            cso,
                            ChangeType::Join,
                            ExportOutcome::Joined,
                            rule,
                            Vec::new(),
                        ));
                    }
                    if !normal.is_empty() {
                        staged.exports.push(export(
                            cso,
                            ChangeType::Update,
                            ExportOutcome::PendingExportCreated,
                            rule,
                            normal,
                        ));
                    }
                    if !drift.is_empty() {
                        staged.exports.push(export(
                            cso,
                            ChangeType::Update,
                            ExportOutcome::DriftCorrection,
                            rule,
                            drift,
                        ));
                    }
                }
            }
        }
    }

    /// The values the in-scope rules export: (normal, drift corrections). A multi-valued value
    /// into a single-valued target is an error and is left out.
    fn values(
        &self,
        system: &str,
        in_scope: &[&SyncRule],
        attributes: &After,
        changed: &[&str],
        target: &Target,
        staged: &mut Staged,
    ) -> (Vec<ExportValue>, Vec<ExportValue>) {
        let inputs = Inputs {
            mv: Some(attributes),
            cs: None,
            now: self.state.now,
        };
        let cso = match target {
            Target::Joined(c) | Target::Matched(c) => Some(*c),
            Target::None => None,
        };
        let mut normal: Vec<ExportValue> = Vec::new();
        let mut drift = Vec::new();
        for rule in in_scope {
            let single = |name: &str| {
                self.config
                    .cs_type(&rule.system, &rule.cs_type)
                    .and_then(|t| t.attributes.iter().find(|a| a.name == name))
                    .is_some_and(|a| !a.multi_valued)
            };
            for mapping in rule.mappings.iter().filter(|m| m.enabled) {
                let Some(name) = &mapping.target_cs else {
                    continue;
                };
                if cso.is_some() && mapping.initial_export_only {
                    continue;
                }
                let Ok(value) = source_value(
                    &mapping.sources,
                    &inputs,
                    Side::Metaverse,
                    mapping.missing_input,
                ) else {
                    continue;
                };
                let value = match value {
                    Some(Value::List(items)) if items.len() > 1 && single(name) => {
                        staged.errors.push(Problem::multi_valued_to_single(
                            &rule.name,
                            name,
                            items.len(),
                        ));
                        continue;
                    }
                    Some(Value::List(items)) if single(name) => items.into_iter().next(),
                    other => other,
                };
                let value = value.map_or(Json::Null, |v| to_json(&v));
                let Some(cso) = cso else {
                    if !value.is_null() {
                        normal.push(ExportValue {
                            name: self.names.get(name),
                            before: None,
                            after: value,
                        });
                    }
                    continue;
                };
                let held = cso.attributes.get(name);
                if same_as_state(held, &value) || normal.iter().any(|v| *v.name == **name) {
                    continue;
                }
                let current = held.map_or(Json::Null, |v| v.to_serde());
                let reads = mapping_reads(&mapping.sources);
                let source_changed = matches!(target, Target::Matched(_))
                    || reads.iter().any(|r| changed.contains(r));
                let entry = ExportValue {
                    name: self.names.get(name),
                    before: Some(current),
                    after: value,
                };
                if source_changed {
                    normal.push(entry);
                } else if rule.enforce_state && !imports_from(self.config, system, &reads) {
                    drift.push(entry);
                }
            }
        }
        drift.retain(|d| !normal.iter().any(|n| n.name == d.name));
        (normal, drift)
    }

    /// Export-side matching before provisioning: the first matching rule that finds exactly
    /// one unjoined object of the target system and type with the metaverse object's value
    /// joins it; more than one is ambiguous.
    fn match_unjoined(
        &mut self,
        (system, cs_type): (&str, &str),
        rule: &'a SyncRule,
        attributes: &After,
    ) -> Result<Option<&'a CsObject<'a>>, Problem> {
        let config = self.config;
        let advanced = config
            .system(system)
            .is_some_and(|s| s.matching_mode == MatchingMode::SyncRule);
        let matching: &[MatchingRule] = if advanced {
            &rule.matching_rules
        } else {
            config
                .cs_type(system, cs_type)
                .map(|t| t.matching_rules.as_slice())
                .unwrap_or_default()
        };
        for matching_rule in matching {
            let Some(target) = &matching_rule.target else {
                continue;
            };
            let wanted = match_keys(values_of(attributes, target), matching_rule.case_sensitive);
            if wanted.is_empty() {
                continue;
            }
            let state: &'a State<'a> = self.state;
            let hits: Vec<&'a CsObject<'a>> = self
                .unjoined
                .find(
                    self.state,
                    &self.taken,
                    (system, cs_type),
                    matching_rule,
                    &wanted,
                )
                .into_iter()
                .map(|p| &state.cs_objects[p])
                .filter(|c| !self.taken.contains(c.id))
                .collect();
            match hits.as_slice() {
                [] => continue,
                [one] => {
                    self.taken.insert(one.id);
                    return Ok(Some(one));
                }
                many => {
                    let ids: Vec<&str> = many.iter().map(|c| c.id).collect();
                    return Err(Problem {
                        sync_rule: Some(rule.name.clone()),
                        attribute: Some(target.clone()),
                        ..Problem::new(
                            ProblemKind::AmbiguousMatch,
                            format!(
                                "matching rule {} found {} unjoined {system} {cs_type} objects: {}",
                                matching_rule.order,
                                ids.len(),
                                ids.join(", ")
                            ),
                        )
                    });
                }
            }
        }
        Ok(None)
    }
}

/// The connected system and object type an export rule feeds.
fn feeds(rule: &SyncRule) -> (&str, &str) {
    (&rule.system, &rule.cs_type)
}

/// Whether a system is itself an import contributor for any of these metaverse attributes
/// (drift is then left to its own inbound flow).
fn imports_from(config: &Config, system: &str, attributes: &[&str]) -> bool {
    config.rules.iter().any(|r| {
        r.enabled
            && r.direction == Direction::Import
            && r.system == system
            && r.mappings.iter().any(|m| {
                m.target_mv
                    .as_ref()
                    .is_some_and(|t| attributes.contains(&t.as_str()))
            })
    })
}
