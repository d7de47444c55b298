//! Checks of a JIM configuration: what JIM's own validation refuses, and what its semantics
//! make surprising (negated criteria, multi-valued criteria, unscoped sibling rules).

use super::eval::{arity, NONDETERMINISTIC};
use super::expr::{BinaryOp, Expr, Side};
use super::model::{
    AttrType, Attribute, Config, ConnectedSystem, Criterion, CriterionValue, CsObjectType,
    Direction, Group, Mapping, MatchingMode, MatchingRule, MvObjectType, Operator, Source,
    SourceKind, SyncRule,
};
use crate::diagnostic::{declare_rule, Anchor, Findings, Place, Rule, Text};
use crate::support::order;

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
        message: impl Text,
    ) -> &mut crate::diagnostic::Finding {
        self.findings.add(
            rule,
            Place::value(Some(self.doc), pointer.to_string()),
            message,
        )
    }

    fn add_key(&mut self, rule: &'static Rule, pointer: &str, message: impl Text) {
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

/// A sync rule's attributes as its direction reads and writes them.
struct Sides<'a> {
    /// The side its sources and scoping criteria read: the connected system's for an import
    /// rule, the metaverse's otherwise.
    read_side: Side,
    reads: &'a [Attribute],
    writes: &'a [Attribute],
}

impl<'a> Sides<'a> {
    fn of(
        rule: &SyncRule,
        cs_type: Option<&'a CsObjectType>,
        mv_type: Option<&'a MvObjectType>,
    ) -> Sides<'a> {
        let cs_attributes = cs_type.map(|t| t.attributes.as_slice()).unwrap_or_default();
        let mv_attributes = mv_type.map(|t| t.attributes.as_slice()).unwrap_or_default();
        if rule.direction == Direction::Import {
            Sides {
                read_side: Side::ConnectedSystem,
                reads: cs_attributes,
                writes: mv_attributes,
            }
        } else {
            Sides {
                read_side: Side::Metaverse,
                reads: mv_attributes,
                writes: cs_attributes,
            }
        }
    }
}

fn find<'a>(attributes: &'a [Attribute], name: &str) -> Option<&'a Attribute> {
    attributes.iter().find(|a| a.name == name)
}

/// Checks a configuration read from document `doc`: the matching rules of its connected
/// systems' object types, each sync rule, then the mappings of all rules together.
// Not inlined into `jim::run`, which calls it once: there it made the reading of the state,
// also inlined into `run`, compile to more instructions per object.
#[inline(never)]
pub fn check(doc: usize, config: &Config, findings: &mut Findings) {
    let mut c = Checker {
        doc,
        config,
        findings,
    };
    for system in &config.systems {
        for object_type in &system.object_types {
            matching_of_object_type(&mut c, system, object_type);
        }
    }
    for rule in &config.rules {
        check_rule(&mut c, rule);
    }
    initial_export_mixed(&mut c);
}

/// The checks of one sync rule: the rule itself, its mappings and their sources, its scoping
/// criteria and, for an import rule, how it joins.
fn check_rule(c: &mut Checker, rule: &SyncRule) {
    let config = c.config;
    let cs_type = config.cs_type(&rule.system, &rule.cs_type);
    let mv_type = config.mv_type(&rule.mv_type);
    required(c, rule);
    reference(c, rule, cs_type, mv_type);
    direction_flag(c, rule);
    no_flows(c, rule);
    let sides = Sides::of(rule, cs_type, mv_type);
    for mapping in &rule.mappings {
        check_mapping(c, rule, &sides, mapping);
    }
    for group in &rule.groups {
        check_group(c, rule, &sides, group);
    }
    if rule.direction == Direction::Import {
        if let Some(system) = config.system(&rule.system) {
            matching_of_sync_rule(c, rule, system);
            matching_missing(c, rule, system);
        }
        unscoped_sibling(c, rule);
    }
}

/// The checks of one mapping of `rule`, then of each of its sources.
fn check_mapping(c: &mut Checker, rule: &SyncRule, sides: &Sides, mapping: &Mapping) {
    let target = mapping_target(c, rule, mapping);
    let target_attribute = target.and_then(|t| find(sides.writes, t));
    if let Some(target) = target {
        reference_of_target(c, mapping, target, target_attribute, sides.writes);
        credential_target(c, mapping, target);
    }
    mapping_source(c, mapping);
    for source in &mapping.sources {
        if !mapping_source_readable(c, rule, sides.read_side, source) {
            continue;
        }
        match &source.kind {
            SourceKind::Attribute(_, name) => match find(sides.reads, name) {
                Some(attribute) => {
                    type_mismatch(c, source, attribute, target_attribute);
                    plurality(c, source, attribute, target_attribute);
                }
                None => reference_of_source(c, source, name, sides.reads),
            },
            SourceKind::Expression(expr, _) => check_expression(
                c,
                expr,
                &format!("{}/expression", source.pointer),
                rule.direction,
            ),
            SourceKind::Unparsed | SourceKind::Invalid => {}
        }
    }
}

/// The checks of an expression, node by node.
fn check_expression(c: &mut Checker, expr: &Expr, pointer: &str, direction: Direction) {
    expr.visit(&mut |node| {
        expression_function(c, node, pointer);
        nondeterministic_function(c, node, pointer);
        expression_side(c, node, pointer, direction);
        expression_equality(c, node, pointer);
    });
}

/// The checks of a scoping group's criteria, then of its child groups.
fn check_group(c: &mut Checker, rule: &SyncRule, sides: &Sides, group: &Group) {
    for criterion in &group.criteria {
        let reading = read_criterion(criterion, sides.read_side, sides.reads);
        scope_value(c, rule, sides.read_side, criterion, &reading);
        reference_of_criterion(c, criterion, &reading, sides.reads);
        scope_operator(c, criterion, &reading);
        negated_criterion(c, criterion, &reading);
        multivalued_criterion(c, criterion, &reading);
    }
    for child in &group.children {
        check_group(c, rule, sides, child);
    }
}

/// How far a criterion reads against its rule's schema. Each step that fails is one finding
/// and ends the criterion's checks: the later ones need what it establishes.
enum CriterionReading<'a> {
    /// It reads the side its rule does not read (scope-value).
    WrongSide,
    /// It has no comparisonType (scope-value).
    NoOperator,
    /// Its attribute is not in the schema (reference, when the schema is known).
    UnknownAttribute,
    /// Its operator does not suit its attribute's type (scope-operator).
    UnsuitedOperator(Operator, &'a Attribute),
    /// Read whole: its value, negation and attribute are judged.
    Read(Operator, &'a Attribute),
}

/// `side` and `attributes`: the side its rule reads and that side's attributes.
fn read_criterion<'a>(
    criterion: &Criterion,
    side: Side,
    attributes: &'a [Attribute],
) -> CriterionReading<'a> {
    if criterion.side != side && !criterion.attribute.is_empty() {
        return CriterionReading::WrongSide;
    }
    let Some(op) = criterion.operator else {
        return CriterionReading::NoOperator;
    };
    let Some(attribute) = find(attributes, &criterion.attribute) else {
        return CriterionReading::UnknownAttribute;
    };
    if op.suits(attribute.kind) {
        CriterionReading::Read(op, attribute)
    } else {
        CriterionReading::UnsuitedOperator(op, attribute)
    }
}

declare_rule! {
    /// A sync rule names itself, its connected system, object type, metaverse type and direction.
    REQUIRED: "jim-required", Error
}

fn required(c: &mut Checker, rule: &SyncRule) {
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
            &rule.pointer,
            format!("sync rule \"{}\" lacks {}", rule.name, missing.join(", ")),
        )
        .hint("direction is Import or Export and cannot be changed after saving");
    }
}

declare_rule! {
    /// Names of systems, object types and attributes refer to ones the configuration defines.
    REFERENCE: "jim-reference", Error
}

/// The connected system, object type and metaverse type a sync rule names (`cs_type` and
/// `mv_type`: the types found by those names).
fn reference(
    c: &mut Checker,
    rule: &SyncRule,
    cs_type: Option<&CsObjectType>,
    mv_type: Option<&MvObjectType>,
) {
    let p = &rule.pointer;
    if !rule.system.is_empty() && c.config.system(&rule.system).is_none() {
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
}

/// The attribute a mapping writes (`target_attribute`: found by its name `target` among the
/// attributes the rule writes, `writes`, unless they are unknown).
fn reference_of_target(
    c: &mut Checker,
    mapping: &Mapping,
    target: &str,
    target_attribute: Option<&Attribute>,
    writes: &[Attribute],
) {
    if target_attribute.is_none() && !writes.is_empty() {
        c.add(
            &REFERENCE,
            &mapping.pointer,
            format!("the target type has no attribute \"{target}\""),
        );
    }
}

/// An attribute source whose attribute `name` is not among those the rule reads, `reads`,
/// unless they are unknown.
fn reference_of_source(c: &mut Checker, source: &Source, name: &str, reads: &[Attribute]) {
    if !reads.is_empty() {
        c.add(
            &REFERENCE,
            &source.pointer,
            format!("the source type has no attribute \"{name}\""),
        );
    }
}

/// A criterion whose attribute is not among those its rule reads, `attributes`, unless they are
/// unknown.
fn reference_of_criterion(
    c: &mut Checker,
    criterion: &Criterion,
    reading: &CriterionReading,
    attributes: &[Attribute],
) {
    if matches!(reading, CriterionReading::UnknownAttribute) && !attributes.is_empty() {
        c.add(
            &REFERENCE,
            &criterion.pointer,
            format!(
                "the criterion's attribute \"{}\" is not in the schema",
                criterion.attribute
            ),
        );
    }
}

declare_rule! {
    /// Project and the inbound out-of-scope action are Import settings; provision, the deprovision action and the initial password are Export settings (enforceState, true by default, is accepted on both).
    DIRECTION_FLAG: "jim-direction-flag", Error
}

fn direction_flag(c: &mut Checker, rule: &SyncRule) {
    let (direction, wrong_side): (&str, &[&str]) = match rule.direction {
        Direction::Import => (
            "Import",
            &[
                "provisionToConnectedSystem",
                "outboundDeprovisionAction",
                "initialPassword",
            ],
        ),
        Direction::Export => ("Export", &["projectToMetaverse", "inboundOutOfScopeAction"]),
        Direction::NotSet => return,
    };
    for field in wrong_side {
        if rule
            .fields
            .get(*field)
            .is_some_and(|v| !v.is_null() && v != &serde_json::Value::Bool(false))
        {
            c.add_key(
                &DIRECTION_FLAG,
                &format!("{}/{field}", rule.pointer),
                format!("{field} does not apply to an {direction} rule"),
            );
        }
    }
}

declare_rule! {
    /// A mapping has exactly one target, on the side its rule's direction writes.
    MAPPING_TARGET: "jim-mapping-target", Error
}

/// The attribute name the mapping writes, when it names one on the side its rule writes.
fn mapping_target<'m>(c: &mut Checker, rule: &SyncRule, mapping: &'m Mapping) -> Option<&'m str> {
    let mp = &mapping.pointer;
    match (&mapping.target_mv, &mapping.target_cs, rule.direction) {
        (Some(t), None, Direction::Import) | (None, Some(t), Direction::Export) => Some(t),
        (Some(_), Some(_), _) => {
            c.add(
                &MAPPING_TARGET,
                mp,
                "a mapping has both a metaverse and a connected-system target",
            );
            None
        }
        (None, None, _) => {
            c.add(&MAPPING_TARGET, mp, "a mapping has no target attribute");
            None
        }
        _ if rule.direction == Direction::NotSet => None,
        _ => {
            let import = rule.direction == Direction::Import;
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
    }
}

declare_rule! {
    /// Each source is an attribute xor an expression, read from the side the direction allows.
    MAPPING_SOURCE: "jim-mapping-source", Error
}

/// A mapping without sources.
fn mapping_source(c: &mut Checker, mapping: &Mapping) {
    if mapping.sources.is_empty() {
        c.add(
            &MAPPING_SOURCE,
            &mapping.pointer,
            "a mapping has no sources",
        );
    }
}

/// A source of a mapping of `rule` that names neither an attribute nor an expression, or both,
/// or an attribute of the side the rule does not read (`read_side`). Whether the source is
/// readable: its other checks need it to be.
fn mapping_source_readable(
    c: &mut Checker,
    rule: &SyncRule,
    read_side: Side,
    source: &Source,
) -> bool {
    match &source.kind {
        SourceKind::Invalid => {
            c.add(
                &MAPPING_SOURCE,
                &source.pointer,
                "a source names an attribute or an expression, exactly one",
            );
            false
        }
        SourceKind::Attribute(side, _)
            if rule.direction != Direction::NotSet && *side != read_side =>
        {
            c.add(
                &MAPPING_SOURCE,
                &source.pointer,
                format!(
                    "an {} rule reads {} attributes",
                    direction_name(rule),
                    side_name(read_side)
                ),
            );
            false
        }
        _ => true,
    }
}

declare_rule! {
    /// Expressions call known functions (case-sensitive) with the right number of arguments.
    EXPRESSION_FUNCTION: "jim-expression-function", Error
}

/// A call of a function that does not exist (names are case-sensitive) or with too few or too
/// many arguments.
fn expression_function(c: &mut Checker, node: &Expr, pointer: &str) {
    let Expr::Call { name, args, .. } = node else {
        return;
    };
    match arity(name) {
        None => {
            let close = super::eval::FUNCTIONS
                .iter()
                .find(|(f, _, _)| f.eq_ignore_ascii_case(name));
            let hint = close
                .map(|(f, _, _)| format!(" (names are case-sensitive: {f})"))
                .unwrap_or_default();
            c.add(
                &EXPRESSION_FUNCTION,
                pointer,
                format!("unknown function {name}{hint}"),
            );
        }
        Some((min, max)) if args.len() < min || args.len() > max => {
            c.add(
                &EXPRESSION_FUNCTION,
                pointer,
                format!("{name} takes {min} to {max} arguments, not {}", args.len()),
            );
        }
        Some(_) => {}
    }
}

declare_rule! {
    /// Import expressions read cs["…"] only; export expressions read mv["…"] only.
    EXPRESSION_SIDE: "jim-expression-side", Error
}

/// An attribute of the side a flow of `direction` does not see.
fn expression_side(c: &mut Checker, node: &Expr, pointer: &str, direction: Direction) {
    let Expr::Attribute { side, name, .. } = node else {
        return;
    };
    let wrong = match direction {
        Direction::Import => *side == Side::Metaverse,
        Direction::Export => *side == Side::ConnectedSystem,
        Direction::NotSet => false,
    };
    if wrong {
        let import = direction == Direction::Import;
        c.add(
            &EXPRESSION_SIDE,
            pointer,
            format!(
                "{}[\"{name}\"] is null in an {} flow, which only sees {}[…]",
                side.accessor(),
                if import { "import" } else { "export" },
                if import { "cs" } else { "mv" }
            ),
        );
    }
}

declare_rule! {
    /// `==` between an attribute and text compares references and is false: use Eq().
    EXPRESSION_EQUALITY: "jim-expression-equality", Warning
}

fn expression_equality(c: &mut Checker, node: &Expr, pointer: &str) {
    let Expr::Binary {
        op: BinaryOp::Equal | BinaryOp::NotEqual,
        left,
        right,
        ..
    } = node
    else {
        return;
    };
    let text_vs_attribute =
        |a: &Expr, b: &Expr| matches!(a, Expr::Attribute { .. }) && matches!(b, Expr::Text(_));
    if text_vs_attribute(left, right) || text_vs_attribute(right, left) {
        c.add(
            &EXPRESSION_EQUALITY,
            pointer,
            "`==` between an attribute and text compares references, so it is never true: use Eq(a, b)",
        );
    }
}

declare_rule! {
    /// Now, Today, RandomPassword and RandomPassphrase give a different value on every run.
    NONDETERMINISTIC_FUNCTION: "jim-nondeterministic", Warning
}

/// A well-formed call of one of them (a malformed one is expression-function's finding).
fn nondeterministic_function(c: &mut Checker, node: &Expr, pointer: &str) {
    let Expr::Call { name, args, .. } = node else {
        return;
    };
    let well_formed = || arity(name).is_some_and(|(min, max)| (min..=max).contains(&args.len()));
    if NONDETERMINISTIC.contains(&name.as_str()) && well_formed() {
        c.add(
            &NONDETERMINISTIC_FUNCTION,
            pointer,
            format!("{name}() gives a different value on every run; previews use the state's \"now\" or a placeholder"),
        );
    }
}

declare_rule! {
    /// A direct mapping's source and target attributes have compatible types (any type flows into Text).
    TYPE_MISMATCH: "jim-type", Warning
}

/// An attribute source of a type its mapping's target attribute cannot hold.
fn type_mismatch(
    c: &mut Checker,
    source: &Source,
    attribute: &Attribute,
    target: Option<&Attribute>,
) {
    let Some(target) = target else {
        return;
    };
    let compatible = attribute.kind == target.kind
        || target.kind == AttrType::Text
        || (attribute.kind.is_numeric() && target.kind.is_numeric());
    if !compatible {
        c.add(
            &TYPE_MISMATCH,
            &source.pointer,
            format!(
                "{} \"{}\" flows into {} \"{}\"",
                attribute.kind.as_str(),
                attribute.name,
                target.kind.as_str(),
                target.name
            ),
        )
        .hint("convert it with an expression (ToInt, ToString, FormatDate, …)");
    }
}

declare_rule! {
    /// A multi-valued source into a single-valued target flows only with exactly one value.
    PLURALITY: "jim-plurality", Warning
}

/// A multi-valued attribute source of a mapping whose target attribute is single-valued.
fn plurality(c: &mut Checker, source: &Source, attribute: &Attribute, target: Option<&Attribute>) {
    let Some(target) = target.filter(|t| attribute.multi_valued && !t.multi_valued) else {
        return;
    };
    c.add(
        &PLURALITY,
        &source.pointer,
        format!(
            "multi-valued \"{}\" flows into single-valued \"{}\" only when it holds exactly one value",
            attribute.name, target.name
        ),
    )
    .hint("otherwise the object gets a MultiValuedToSingleValued error; pick one value with an expression");
}

declare_rule! {
    /// A criterion's operator suits its attribute's type (none for Binary or Reference).
    SCOPE_OPERATOR: "jim-scope-operator", Error
}

fn scope_operator(c: &mut Checker, criterion: &Criterion, reading: &CriterionReading) {
    let CriterionReading::UnsuitedOperator(op, attribute) = *reading else {
        return;
    };
    c.add(
        &SCOPE_OPERATOR,
        &format!("{}/comparisonType", criterion.pointer),
        format!(
            "{} does not apply to {} attribute \"{}\"",
            op.as_str(),
            attribute.kind.as_str(),
            attribute.name
        ),
    )
    .hint(operator_hint(attribute.kind));
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

declare_rule! {
    /// A criterion has a comparisonType and a value of its attribute's type; relative dates are complete.
    SCOPE_VALUE: "jim-scope-value", Error
}

/// A criterion of `rule` that reads the other side than `side`, has no comparisonType, or
/// whose value does not suit its attribute.
fn scope_value(
    c: &mut Checker,
    rule: &SyncRule,
    side: Side,
    criterion: &Criterion,
    reading: &CriterionReading,
) {
    let p = &criterion.pointer;
    match *reading {
        CriterionReading::WrongSide => {
            c.add(
                &SCOPE_VALUE,
                p,
                format!(
                    "an {} rule's criteria read {} attributes",
                    direction_name(rule),
                    side_name(side)
                ),
            );
        }
        CriterionReading::NoOperator => {
            c.add(&SCOPE_VALUE, p, "the criterion has no comparisonType");
        }
        CriterionReading::Read(op, attribute) => {
            let fits = match (&criterion.value, attribute.kind) {
                (CriterionValue::None, _) => op == Operator::Equals,
                (CriterionValue::Text(_), AttrType::Text) => true,
                (CriterionValue::Number(_), k) => k.is_numeric(),
                (
                    CriterionValue::DateTime(_) | CriterionValue::Relative { .. },
                    AttrType::DateTime,
                ) => true,
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
        }
        CriterionReading::UnknownAttribute | CriterionReading::UnsuitedOperator(..) => {}
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

declare_rule! {
    /// A matching rule has one source of a matchable type, a target attribute, and the metaverse type its mode needs.
    MATCHING: "jim-matching", Error
}

/// An object type's matching rules: ignored when its system matches per sync rule, else each
/// checked.
fn matching_of_object_type(c: &mut Checker, system: &ConnectedSystem, object_type: &CsObjectType) {
    if system.matching_mode == MatchingMode::ConnectedSystem {
        for rule in &object_type.matching_rules {
            matching(c, rule, &system.name, &object_type.name, true);
        }
    } else if !object_type.matching_rules.is_empty() {
        c.add(
            &MATCHING,
            &format!("{}/objectMatchingRules", object_type.pointer),
            format!("{} matches per sync rule (advanced mode): these rules on the object type are ignored", system.name),
        )
        .hint("move them to the import sync rules, or set objectMatchingRuleMode to ConnectedSystem");
    }
}

/// An import sync rule's matching rules: each checked when its system matches per sync rule,
/// else ignored.
fn matching_of_sync_rule(c: &mut Checker, rule: &SyncRule, system: &ConnectedSystem) {
    if system.matching_mode == MatchingMode::SyncRule {
        for matching_rule in &rule.matching_rules {
            matching(c, matching_rule, &rule.system, &rule.cs_type, false);
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
}

/// One matching rule of object type `cs_type` of `system`, in simple mode (`simple`: on the
/// object type) or advanced mode (on a sync rule).
fn matching(c: &mut Checker, rule: &MatchingRule, system: &str, cs_type: &str, simple: bool) {
    let p = &rule.pointer;
    match (simple, &rule.mv_type) {
        (true, None) => {
            c.add(
                &MATCHING,
                p,
                "a simple-mode matching rule needs metaverseObjectTypeName",
            );
        }
        (false, Some(_)) => {
            c.add_key(
                &MATCHING,
                &format!("{p}/metaverseObjectTypeName"),
                "an advanced-mode matching rule takes its metaverse type from its sync rule",
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
                    "JIM cannot store expression sources for matching rules",
                );
            }
            _ => {
                c.add(
                    &MATCHING,
                    &source.pointer,
                    "a matching source is a connectedSystemAttributeName",
                );
            }
        }
    }
    if rule.target.is_none() {
        c.add(
            &MATCHING,
            p,
            "a matching rule needs targetMetaverseAttributeName",
        );
    }
}

declare_rule! {
    /// An import rule has matching rules to join with (else every object projects or stays unjoined).
    MATCHING_MISSING: "jim-matching-missing", Warning
}

fn matching_missing(c: &mut Checker, rule: &SyncRule, system: &ConnectedSystem) {
    let has_matching_rules = match system.matching_mode {
        MatchingMode::SyncRule => !rule.matching_rules.is_empty(),
        MatchingMode::ConnectedSystem => c
            .config
            .cs_type(&rule.system, &rule.cs_type)
            .is_some_and(|t| !t.matching_rules.is_empty()),
    };
    if !has_matching_rules {
        c.add(&MATCHING_MISSING, &rule.pointer, format!("import rule \"{}\" has no matching rules: nothing it imports joins an existing metaverse object", rule.name))
            .hint(if rule.project { "every object will project a new metaverse object" } else { "add a matching rule, or projectToMetaverse" });
    }
}

declare_rule! {
    /// A sync rule has attribute mappings.
    NO_FLOWS: "jim-no-flows", Warning
}

fn no_flows(c: &mut Checker, rule: &SyncRule) {
    if rule.mappings.is_empty() && rule.direction != Direction::NotSet {
        c.add(
            &NO_FLOWS,
            &rule.pointer,
            format!("sync rule \"{}\" has no attribute mappings", rule.name),
        );
    }
}

declare_rule! {
    /// A mapping writes to a credential-like attribute.
    CREDENTIAL_TARGET: "jim-credential-target", Warning
}

/// `target`: the attribute name the mapping writes.
fn credential_target(c: &mut Checker, mapping: &Mapping, target: &str) {
    let folded = target.to_ascii_lowercase();
    if ["password", "secret", "pwd", "credential", "unicodepwd"]
        .iter()
        .any(|w| folded.contains(w))
    {
        c.add(
            &CREDENTIAL_TARGET,
            &mapping.pointer,
            format!("the mapping writes \"{target}\", which looks like a credential"),
        )
        .hint("set initial passwords with the export rule's initialPassword, not a flow");
    }
}

declare_rule! {
    /// Export mappings to one attribute, across all rules, are all initial-export-only, or none is.
    INITIAL_EXPORT_MIXED: "jim-initial-export-mixed", Warning
}

/// Initial-export-only holds for an attribute only if every mapping to it, in any rule, is
/// initial-only: one ongoing mapping keeps the attribute managed.
fn initial_export_mixed(c: &mut Checker) {
    let config = c.config;
    // Per mapping: (system, type, attribute), rule position, initial-only; grouped by target,
    // in rule order within one.
    let mut mappings: Vec<((&str, &str, &str), usize, bool)> = Vec::new();
    for (position, rule) in config.rules.iter().enumerate() {
        for mapping in &rule.mappings {
            if let Some(target) = &mapping.target_cs {
                let target = (rule.system.as_str(), rule.cs_type.as_str(), target.as_str());
                mappings.push((target, position, mapping.initial_export_only));
            }
        }
    }
    order::sort_by(&mut mappings, |a, b| a.0.cmp(&b.0));
    for mappings in mappings.chunk_by(|a, b| a.0 == b.0) {
        let (system, cs_type, target) = mappings[0].0;
        let rules = |initial: bool| {
            let mut names: Vec<&str> = Vec::new();
            for (_, position, _) in mappings.iter().filter(|(_, _, i)| *i == initial) {
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
        let first = mappings[0].1;
        let message = if mappings.iter().all(|(_, p, _)| *p == first) {
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

declare_rule! {
    /// A negated criterion also leaves out every object that lacks the attribute.
    NEGATED_CRITERION: "jim-negated-criterion", Warning
}

fn negated_criterion(c: &mut Checker, criterion: &Criterion, reading: &CriterionReading) {
    let CriterionReading::Read(op, attribute) = *reading else {
        return;
    };
    if op.is_negated() {
        c.add(&NEGATED_CRITERION, &format!("{}/comparisonType", criterion.pointer), format!("{} on \"{}\" also leaves out every object without \"{}\"", op.as_str(), attribute.name, attribute.name))
            .hint("JIM has no IsPresent operator: add an Any group that also admits objects without the attribute if they belong in scope");
    }
}

declare_rule! {
    /// A criterion on a multi-valued attribute compares only its first value.
    MULTIVALUED_CRITERION: "jim-multivalued-criterion", Warning
}

fn multivalued_criterion(c: &mut Checker, criterion: &Criterion, reading: &CriterionReading) {
    let CriterionReading::Read(_, attribute) = *reading else {
        return;
    };
    if attribute.multi_valued {
        c.add(
            &MULTIVALUED_CRITERION,
            &criterion.pointer,
            format!(
                "\"{}\" is multi-valued: only its first value is compared",
                attribute.name
            ),
        );
    }
}

declare_rule! {
    /// Another import rule for the same objects has no scoping, so this rule's scoping narrows nothing.
    UNSCOPED_SIBLING: "jim-unscoped-sibling", Warning
}

fn unscoped_sibling(c: &mut Checker, rule: &SyncRule) {
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
