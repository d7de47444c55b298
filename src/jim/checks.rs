//! Checks of a JIM configuration: what JIM's own validation refuses, and what its semantics
//! make surprising (negated criteria, multi-valued criteria, unscoped sibling rules).

use std::collections::BTreeMap;

use super::eval::{arity, NONDETERMINISTIC};
use super::expr::{BinaryOp, Expr, Side};
use super::model::{
    AttrType, Attribute, Config, CriterionValue, Direction, Group, MatchingMode, MatchingRule,
    Operator, SourceKind, SyncRule,
};
use crate::diagnostic::{declare_rule, Anchor, Findings, Place, Rule};

declare_rule! {
    /// A sync rule names itself, its connected system, object type, metaverse type and direction.
    REQUIRED: "jim-required", Error
}
declare_rule! {
    /// Names of systems, object types and attributes refer to ones the configuration defines.
    REFERENCE: "jim-reference", Error
}
declare_rule! {
    /// Project and the inbound out-of-scope action are Import settings; provision, the deprovision action and the initial password are Export settings (enforceState, true by default, is accepted on both).
    DIRECTION_FLAG: "jim-direction-flag", Error
}
declare_rule! {
    /// A mapping has exactly one target, on the side its rule's direction writes.
    MAPPING_TARGET: "jim-mapping-target", Error
}
declare_rule! {
    /// Each source is an attribute xor an expression, read from the side the direction allows.
    MAPPING_SOURCE: "jim-mapping-source", Error
}
declare_rule! {
    /// Expressions call known functions (case-sensitive) with the right number of arguments.
    EXPRESSION_FUNCTION: "jim-expression-function", Error
}
declare_rule! {
    /// Import expressions read cs["…"] only; export expressions read mv["…"] only.
    EXPRESSION_SIDE: "jim-expression-side", Error
}
declare_rule! {
    /// `==` between an attribute and text compares references and is false: use Eq().
    EXPRESSION_EQUALITY: "jim-expression-equality", Warning
}
declare_rule! {
    /// Now, Today, RandomPassword and RandomPassphrase give a different value on every run.
    NONDETERMINISTIC_FUNCTION: "jim-nondeterministic", Warning
}
declare_rule! {
    /// A direct mapping's source and target attributes have compatible types (any type flows into Text).
    TYPE_MISMATCH: "jim-type", Warning
}
declare_rule! {
    /// A multi-valued source into a single-valued target flows only with exactly one value.
    PLURALITY: "jim-plurality", Warning
}
declare_rule! {
    /// A criterion's operator suits its attribute's type (none for Binary or Reference).
    SCOPE_OPERATOR: "jim-scope-operator", Error
}
declare_rule! {
    /// A criterion has a comparisonType and a value of its attribute's type; relative dates are complete.
    SCOPE_VALUE: "jim-scope-value", Error
}
declare_rule! {
    /// A matching rule has one source of a matchable type, a target attribute, and the metaverse type its mode needs.
    MATCHING: "jim-matching", Error
}
declare_rule! {
    /// An import rule has matching rules to join with (else every object projects or stays unjoined).
    MATCHING_MISSING: "jim-matching-missing", Warning
}
declare_rule! {
    /// A sync rule has attribute mappings.
    NO_FLOWS: "jim-no-flows", Warning
}
declare_rule! {
    /// A mapping writes to a credential-like attribute.
    CREDENTIAL_TARGET: "jim-credential-target", Warning
}
declare_rule! {
    /// Export mappings to one attribute, across all rules, are all initial-export-only, or none is.
    INITIAL_EXPORT_MIXED: "jim-initial-export-mixed", Warning
}
declare_rule! {
    /// A negated criterion also leaves out every object that lacks the attribute.
    NEGATED_CRITERION: "jim-negated-criterion", Warning
}
declare_rule! {
    /// A criterion on a multi-valued attribute compares only its first value.
    MULTIVALUED_CRITERION: "jim-multivalued-criterion", Warning
}
declare_rule! {
    /// Another import rule for the same objects has no scoping, so this rule's scoping narrows nothing.
    UNSCOPED_SIBLING: "jim-unscoped-sibling", Warning
}

struct Checker<'a> {
    doc: usize,
    config: &'a Config,
    findings: &'a mut Findings,
}

impl Checker<'_> {
    fn add(
        &mut self,
        rule: &'static Rule,
        pointer: &str,
        message: String,
    ) -> &mut crate::diagnostic::Finding {
        self.findings.add(
            rule,
            Place::value(Some(self.doc), pointer.to_string()),
            message,
        )
    }

    fn add_key(&mut self, rule: &'static Rule, pointer: &str, message: String) {
        self.findings.add(
            rule,
            Place {
                doc: Some(self.doc),
                pointer: pointer.to_string(),
                anchor: Anchor::Key,
            },
            message,
        );
    }
}

fn find<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attributes.iter().find(|a| a.name == name)
}

/// Checks a configuration read from document `doc`.
pub fn check(doc: usize, config: &Config, findings: &mut Findings) {
    let mut c = Checker {
        doc,
        config,
        findings,
    };
    for system in &config.systems {
        if system.matching_mode == MatchingMode::SyncRule {
            for object_type in system
                .object_types
                .iter()
                .filter(|t| !t.matching_rules.is_empty())
            {
                c.add(
                    &MATCHING,
                    &format!("{}/objectMatchingRules", object_type.pointer),
                    format!("{} matches per sync rule (advanced mode): these rules on the object type are ignored", system.name),
                )
                .hint("move them to the import sync rules, or set objectMatchingRuleMode to ConnectedSystem");
            }
        } else {
            for object_type in &system.object_types {
                for rule in &object_type.matching_rules {
                    check_matching(&mut c, rule, &system.name, &object_type.name, true);
                }
            }
        }
    }
    for rule in &config.rules {
        check_rule(&mut c, rule);
    }
    check_initial_export(&mut c);
}

/// Initial-export-only holds for an attribute only if every mapping to it, in any rule, is
/// initial-only: one ongoing mapping keeps the attribute managed.
fn check_initial_export(c: &mut Checker) {
    let config = c.config;
    // (system, type, attribute) → (rule position, initial-only) per mapping, in rule order.
    type Target<'a> = (&'a str, &'a str, &'a str);
    let mut targets: BTreeMap<Target, Vec<(usize, bool)>> = BTreeMap::new();
    for (position, rule) in config.rules.iter().enumerate() {
        for mapping in &rule.mappings {
            if let Some(target) = &mapping.target_cs {
                targets
                    .entry((&rule.system, &rule.cs_type, target))
                    .or_default()
                    .push((position, mapping.initial_export_only));
            }
        }
    }
    for ((system, cs_type, target), mappings) in targets {
        let rules = |initial: bool| {
            let mut names: Vec<&str> = Vec::new();
            for (position, _) in mappings.iter().filter(|(_, i)| *i == initial) {
                let name = config.rules[*position].name.as_str();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        };
        let (initial, ongoing) = (rules(true), rules(false));
        if initial.is_empty() || ongoing.is_empty() {
            continue;
        }
        let first = mappings[0].0;
        let message = if mappings.iter().all(|(p, _)| *p == first) {
            format!("mappings to \"{target}\" mix initialExportOnly and ongoing flows")
        } else {
            format!(
                "mappings to \"{target}\" of {system}/{cs_type} mix initialExportOnly ({}) and ongoing flows ({})",
                initial.join(", "),
                ongoing.join(", ")
            )
        };
        c.add(&INITIAL_EXPORT_MIXED, &config.rules[first].pointer, message)
            .hint("the attribute stays managed unless every mapping to it is initial-export-only");
    }
}

fn check_rule(c: &mut Checker, rule: &SyncRule) {
    let p = &rule.pointer;
    let missing: Vec<&str> = [
        ("name", rule.name.is_empty()),
        ("connectedSystemName", rule.system.is_empty()),
        ("connectedSystemObjectTypeName", rule.cs_type.is_empty()),
        ("metaverseObjectTypeName", rule.mv_type.is_empty()),
        ("direction", rule.direction == Direction::NotSet),
    ]
    .into_iter()
    .filter_map(|(f, absent)| absent.then_some(f))
    .collect();
    if !missing.is_empty() {
        c.add(
            &REQUIRED,
            p,
            format!("sync rule \"{}\" lacks {}", rule.name, missing.join(", ")),
        )
        .hint("direction is Import or Export and cannot be changed after saving");
    }
    let config = c.config;
    let cs_type = config.cs_type(&rule.system, &rule.cs_type);
    let mv_type = config.mv_type(&rule.mv_type);
    if !rule.system.is_empty() && config.system(&rule.system).is_none() {
        c.add(
            &REFERENCE,
            &format!("{p}/connectedSystemName"),
            format!("no connected system is named \"{}\"", rule.system),
        );
    } else if !rule.cs_type.is_empty() && cs_type.is_none() {
        c.add(
            &REFERENCE,
            &format!("{p}/connectedSystemObjectTypeName"),
            format!("{} has no object type \"{}\"", rule.system, rule.cs_type),
        );
    }
    if !rule.mv_type.is_empty() && mv_type.is_none() {
        c.add(
            &REFERENCE,
            &format!("{p}/metaverseObjectTypeName"),
            format!("no metaverse object type is named \"{}\"", rule.mv_type),
        );
    }
    let import = rule.direction == Direction::Import;
    let export = rule.direction == Direction::Export;
    let wrong_side: &[&str] = if import {
        &[
            "provisionToConnectedSystem",
            "outboundDeprovisionAction",
            "initialPassword",
        ]
    } else if export {
        &["projectToMetaverse", "inboundOutOfScopeAction"]
    } else {
        &[]
    };
    for field in wrong_side {
        if rule
            .fields
            .get(*field)
            .is_some_and(|v| !v.is_null() && v != &serde_json::Value::Bool(false))
        {
            let direction = if import { "Import" } else { "Export" };
            c.add_key(
                &DIRECTION_FLAG,
                &format!("{p}/{field}"),
                format!("{field} does not apply to an {direction} rule"),
            );
        }
    }
    if rule.mappings.is_empty() && rule.direction != Direction::NotSet {
        c.add(
            &NO_FLOWS,
            p,
            format!("sync rule \"{}\" has no attribute mappings", rule.name),
        );
    }
    let cs_attributes = cs_type.map(|t| t.attributes.as_slice()).unwrap_or_default();
    let mv_attributes = mv_type.map(|t| t.attributes.as_slice()).unwrap_or_default();
    let (read_side, reads, writes) = if import {
        (Side::ConnectedSystem, cs_attributes, mv_attributes)
    } else {
        (Side::Metaverse, mv_attributes, cs_attributes)
    };
    for mapping in &rule.mappings {
        let mp = &mapping.pointer;
        let target = match (&mapping.target_mv, &mapping.target_cs, rule.direction) {
            (Some(t), None, Direction::Import) | (None, Some(t), Direction::Export) => Some(t),
            (Some(_), Some(_), _) => {
                c.add(
                    &MAPPING_TARGET,
                    mp,
                    "a mapping has both a metaverse and a connected-system target".to_string(),
                );
                None
            }
            (None, None, _) => {
                c.add(
                    &MAPPING_TARGET,
                    mp,
                    "a mapping has no target attribute".to_string(),
                );
                None
            }
            _ if rule.direction == Direction::NotSet => None,
            _ => {
                let wanted = if import {
                    "targetMetaverseAttributeName"
                } else {
                    "targetConnectedSystemAttributeName"
                };
                c.add(
                    &MAPPING_TARGET,
                    mp,
                    format!(
                        "an {} rule's mapping writes {wanted}",
                        if import { "Import" } else { "Export" }
                    ),
                );
                None
            }
        };
        let target_attribute = target.and_then(|t| find(writes, t));
        if let (Some(t), None, false) = (target, target_attribute, writes.is_empty()) {
            c.add(
                &REFERENCE,
                mp,
                format!("the target type has no attribute \"{t}\""),
            );
        }
        if let Some(t) = target {
            let folded = t.to_ascii_lowercase();
            if ["password", "secret", "pwd", "credential", "unicodepwd"]
                .iter()
                .any(|w| folded.contains(w))
            {
                c.add(
                    &CREDENTIAL_TARGET,
                    mp,
                    format!("the mapping writes \"{t}\", which looks like a credential"),
                )
                .hint("set initial passwords with the export rule's initialPassword, not a flow");
            }
        }
        if mapping.sources.is_empty() {
            c.add(&MAPPING_SOURCE, mp, "a mapping has no sources".to_string());
        }
        for source in &mapping.sources {
            match &source.kind {
                SourceKind::Invalid => {
                    c.add(
                        &MAPPING_SOURCE,
                        &source.pointer,
                        "a source names an attribute or an expression, exactly one".to_string(),
                    );
                }
                SourceKind::Attribute(side, name) => {
                    if rule.direction != Direction::NotSet && *side != read_side {
                        c.add(
                            &MAPPING_SOURCE,
                            &source.pointer,
                            format!(
                                "an {} rule reads {} attributes",
                                direction_name(rule),
                                side_name(read_side)
                            ),
                        );
                    } else if let Some(attribute) = find(reads, name) {
                        if let Some(target) = target_attribute {
                            let compatible = attribute.kind == target.kind
                                || target.kind == AttrType::Text
                                || (attribute.kind.is_numeric() && target.kind.is_numeric());
                            if !compatible {
                                c.add(
                                    &TYPE_MISMATCH,
                                    &source.pointer,
                                    format!(
                                        "{} \"{name}\" flows into {} \"{}\"",
                                        attribute.kind.as_str(),
                                        target.kind.as_str(),
                                        target.name
                                    ),
                                )
                                .hint("convert it with an expression (ToInt, ToString, FormatDate, …)");
                            }
                        }
                        if attribute.multi_valued
                            && target_attribute.is_some_and(|t| !t.multi_valued)
                        {
                            c.add(&PLURALITY, &source.pointer, format!("multi-valued \"{name}\" flows into single-valued \"{}\" only when it holds exactly one value", target.map_or("", |t| t.as_str())))
                                .hint("otherwise the object gets a MultiValuedToSingleValued error; pick one value with an expression");
                        }
                    } else if !reads.is_empty() {
                        c.add(
                            &REFERENCE,
                            &source.pointer,
                            format!("the source type has no attribute \"{name}\""),
                        );
                    }
                }
                SourceKind::Expression(expr, _) => {
                    check_expression(
                        c,
                        expr,
                        &format!("{}/expression", source.pointer),
                        rule.direction,
                    );
                }
                SourceKind::Unparsed => {}
            }
        }
    }
    for group in &rule.groups {
        check_group(c, group, rule, read_side, reads);
    }
    if import {
        check_import_matching(c, rule);
        check_unscoped_sibling(c, rule);
    }
}

fn direction_name(rule: &SyncRule) -> &'static str {
    if rule.direction == Direction::Import {
        "Import"
    } else {
        "Export"
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Metaverse => "metaverse",
        Side::ConnectedSystem => "connected-system",
    }
}

fn check_expression(c: &mut Checker, expr: &Expr, pointer: &str, direction: Direction) {
    let mut problems: Vec<(&'static Rule, String)> = Vec::new();
    expr.visit(&mut |node| match node {
        Expr::Call { name, args, .. } => match arity(name) {
            None => {
                let close = super::eval::FUNCTIONS.iter().find(|(f, _, _)| f.eq_ignore_ascii_case(name));
                let hint = close.map(|(f, _, _)| format!(" (names are case-sensitive: {f})")).unwrap_or_default();
                problems.push((&EXPRESSION_FUNCTION, format!("unknown function {name}{hint}")));
            }
            Some((min, max)) if args.len() < min || args.len() > max => {
                problems.push((&EXPRESSION_FUNCTION, format!("{name} takes {min} to {max} arguments, not {}", args.len())));
            }
            Some(_) => {
                if NONDETERMINISTIC.contains(&name.as_str()) {
                    problems.push((&NONDETERMINISTIC_FUNCTION, format!("{name}() gives a different value on every run; previews use the state's \"now\" or a placeholder")));
                }
            }
        },
        Expr::Attribute { side, name, .. } => {
            let wrong = match direction {
                Direction::Import => *side == Side::Metaverse,
                Direction::Export => *side == Side::ConnectedSystem,
                Direction::NotSet => false,
            };
            if wrong {
                problems.push((
                    &EXPRESSION_SIDE,
                    format!("{}[\"{name}\"] is null in an {} flow, which only sees {}[…]", side.accessor(), if direction == Direction::Import { "import" } else { "export" }, if direction == Direction::Import { "cs" } else { "mv" }),
                ));
            }
        }
        Expr::Binary { op: BinaryOp::Equal | BinaryOp::NotEqual, left, right, .. } => {
            let text_vs_attribute = |a: &Expr, b: &Expr| matches!(a, Expr::Attribute { .. }) && matches!(b, Expr::Text(_));
            if text_vs_attribute(left, right) || text_vs_attribute(right, left) {
                problems.push((&EXPRESSION_EQUALITY, "`==` between an attribute and text compares references, so it is never true: use Eq(a, b)".to_string()));
            }
        }
        _ => {}
    });
    for (rule, message) in problems {
        c.add(rule, pointer, message);
    }
}

fn check_group(
    c: &mut Checker,
    group: &Group,
    rule: &SyncRule,
    side: Side,
    attributes: &[Attribute],
) {
    for criterion in &group.criteria {
        let p = &criterion.pointer;
        if criterion.side != side && !criterion.attribute.is_empty() {
            c.add(
                &SCOPE_VALUE,
                p,
                format!(
                    "an {} rule's criteria read {} attributes",
                    direction_name(rule),
                    side_name(side)
                ),
            );
            continue;
        }
        let attribute = find(attributes, &criterion.attribute);
        let Some(op) = criterion.operator else {
            c.add(
                &SCOPE_VALUE,
                p,
                "the criterion has no comparisonType".to_string(),
            );
            continue;
        };
        let Some(attribute) = attribute else {
            if !attributes.is_empty() {
                c.add(
                    &REFERENCE,
                    p,
                    format!(
                        "the criterion's attribute \"{}\" is not in the schema",
                        criterion.attribute
                    ),
                );
            }
            continue;
        };
        if !op.suits(attribute.kind) {
            c.add(
                &SCOPE_OPERATOR,
                &format!("{p}/comparisonType"),
                format!(
                    "{} does not apply to {} attribute \"{}\"",
                    op.as_str(),
                    attribute.kind.as_str(),
                    attribute.name
                ),
            )
            .hint(operator_hint(attribute.kind));
            continue;
        }
        let fits = match (&criterion.value, attribute.kind) {
            (CriterionValue::None, _) => op == Operator::Equals,
            (CriterionValue::Text(_), AttrType::Text) => true,
            (CriterionValue::Number(_), k) => k.is_numeric(),
            (CriterionValue::DateTime(_) | CriterionValue::Relative { .. }, AttrType::DateTime) => {
                true
            }
            (CriterionValue::Bool(_), AttrType::Boolean) => true,
            (CriterionValue::Guid(_), AttrType::Guid) => true,
            _ => false,
        };
        if !fits {
            c.add(
                &SCOPE_VALUE,
                p,
                format!(
                    "the criterion's value does not suit {} attribute \"{}\"",
                    attribute.kind.as_str(),
                    attribute.name
                ),
            )
            .hint(slot_hint(attribute.kind));
        }
        if op.is_negated() {
            c.add(&NEGATED_CRITERION, &format!("{p}/comparisonType"), format!("{} on \"{}\" also leaves out every object without \"{}\"", op.as_str(), attribute.name, attribute.name))
                .hint("JIM has no IsPresent operator: add an Any group that also admits objects without the attribute if they belong in scope");
        }
        if attribute.multi_valued {
            c.add(
                &MULTIVALUED_CRITERION,
                p,
                format!(
                    "\"{}\" is multi-valued: only its first value is compared",
                    attribute.name
                ),
            );
        }
    }
    for child in &group.children {
        check_group(c, child, rule, side, attributes);
    }
}

fn operator_hint(kind: AttrType) -> &'static str {
    match kind {
        AttrType::Text => {
            "text takes Equals, NotEquals, StartsWith, EndsWith, Contains and their negations"
        }
        AttrType::Boolean | AttrType::Guid => "use Equals or NotEquals",
        AttrType::Binary | AttrType::Reference => {
            "Binary and Reference attributes cannot be scoped on"
        }
        _ => "numbers and dates take Equals, NotEquals and the ordering operators",
    }
}

fn slot_hint(kind: AttrType) -> &'static str {
    match kind {
        AttrType::Text => "set stringValue",
        AttrType::Number => "set intValue",
        AttrType::LongNumber => "set longValue",
        AttrType::Decimal => "set decimalValue",
        AttrType::DateTime => "set dateTimeValue, or valueMode Relative with relativeCount, relativeUnit and relativeDirection",
        AttrType::Boolean => "set boolValue",
        AttrType::Guid => "set guidValue",
        _ => "this type cannot be compared",
    }
}

fn check_matching(c: &mut Checker, rule: &MatchingRule, system: &str, cs_type: &str, simple: bool) {
    let p = &rule.pointer;
    match (simple, &rule.mv_type) {
        (true, None) => {
            c.add(
                &MATCHING,
                p,
                "a simple-mode matching rule needs metaverseObjectTypeName".to_string(),
            );
        }
        (false, Some(_)) => {
            c.add_key(
                &MATCHING,
                &format!("{p}/metaverseObjectTypeName"),
                "an advanced-mode matching rule takes its metaverse type from its sync rule"
                    .to_string(),
            );
        }
        _ => {}
    }
    if rule.sources.len() != 1 {
        c.add(
            &MATCHING,
            p,
            format!(
                "a matching rule has exactly one source, not {}",
                rule.sources.len()
            ),
        );
    }
    let config = c.config;
    let cs_attributes = config
        .cs_type(system, cs_type)
        .map(|t| t.attributes.as_slice())
        .unwrap_or_default();
    for source in &rule.sources {
        match &source.kind {
            SourceKind::Attribute(Side::ConnectedSystem, name) => {
                if let Some(attribute) = find(cs_attributes, name) {
                    if matches!(
                        attribute.kind,
                        AttrType::DateTime
                            | AttrType::Boolean
                            | AttrType::Binary
                            | AttrType::Reference
                    ) {
                        c.add(
                            &MATCHING,
                            &source.pointer,
                            format!(
                                "{} attribute \"{name}\" cannot be matched on",
                                attribute.kind.as_str()
                            ),
                        )
                        .hint("match on Text, Number, LongNumber, Decimal or Guid attributes");
                    }
                }
            }
            SourceKind::Expression(..) => {
                c.add(
                    &MATCHING,
                    &source.pointer,
                    "JIM cannot store expression sources for matching rules".to_string(),
                );
            }
            _ => {
                c.add(
                    &MATCHING,
                    &source.pointer,
                    "a matching source is a connectedSystemAttributeName".to_string(),
                );
            }
        }
    }
    if rule.target.is_none() {
        c.add(
            &MATCHING,
            p,
            "a matching rule needs targetMetaverseAttributeName".to_string(),
        );
    }
}

fn check_import_matching(c: &mut Checker, rule: &SyncRule) {
    let config = c.config;
    let Some(system) = config.system(&rule.system) else {
        return;
    };
    let rules: Vec<&MatchingRule> = match system.matching_mode {
        MatchingMode::SyncRule => rule.matching_rules.iter().collect(),
        MatchingMode::ConnectedSystem => config
            .cs_type(&rule.system, &rule.cs_type)
            .map(|t| t.matching_rules.iter().collect())
            .unwrap_or_default(),
    };
    if system.matching_mode == MatchingMode::SyncRule {
        for matching in &rule.matching_rules {
            check_matching(c, matching, &rule.system, &rule.cs_type, false);
        }
    } else if !rule.matching_rules.is_empty() {
        c.add(
            &MATCHING,
            &format!("{}/objectMatchingRules", rule.pointer),
            format!(
                "{} matches per object type (simple mode): these rules are ignored",
                system.name
            ),
        );
    }
    if rules.is_empty() {
        c.add(&MATCHING_MISSING, &rule.pointer, format!("import rule \"{}\" has no matching rules: nothing it imports joins an existing metaverse object", rule.name))
            .hint(if rule.project { "every object will project a new metaverse object" } else { "add a matching rule, or projectToMetaverse" });
    }
}

fn check_unscoped_sibling(c: &mut Checker, rule: &SyncRule) {
    if rule.groups.is_empty() {
        return;
    }
    let sibling = c.config.rules.iter().find(|r| {
        !std::ptr::eq(*r, rule)
            && r.enabled
            && r.direction == Direction::Import
            && r.system == rule.system
            && r.cs_type == rule.cs_type
            && r.groups.is_empty()
    });
    if let Some(sibling) = sibling {
        c.add(&UNSCOPED_SIBLING, &format!("{}/objectScopingCriteriaGroups", rule.pointer), format!("import rule \"{}\" has no scoping, so every {} object stays in scope whatever this rule's criteria say", sibling.name, rule.cs_type))
            .hint("scope the sibling rule too, or merge the rules");
    }
}
