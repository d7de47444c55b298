//! The JIM configuration as typed values, read from JSON that mirrors JIM's REST objects
//! (camelCase field names). Reading is lenient: a missing field takes JIM's default or stays
//! empty for the checks to report; a field of the wrong type is reported here.

use crate::json::{Map, Value as Json};

use super::expr::{self, Expr, Side};
use crate::diagnostic::{declare_rule, quote, Findings, Place};
use crate::json::pointer;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrType {
    Text,
    Number,
    LongNumber,
    Decimal,
    DateTime,
    Boolean,
    Guid,
    Binary,
    Reference,
}

/// Attribute types by the names JIM gives them.
pub const ATTRIBUTE_TYPES: [(&str, AttrType); 9] = [
    ("Text", AttrType::Text),
    ("Number", AttrType::Number),
    ("LongNumber", AttrType::LongNumber),
    ("Decimal", AttrType::Decimal),
    ("DateTime", AttrType::DateTime),
    ("Boolean", AttrType::Boolean),
    ("Guid", AttrType::Guid),
    ("Binary", AttrType::Binary),
    ("Reference", AttrType::Reference),
];

impl AttrType {
    pub fn as_str(self) -> &'static str {
        ATTRIBUTE_TYPES
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("", |(name, _)| name)
    }

    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            AttrType::Number | AttrType::LongNumber | AttrType::Decimal
        )
    }
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: String,
    pub kind: AttrType,
    pub multi_valued: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchingMode {
    /// Simple: matching rules live on the connected system's object types.
    ConnectedSystem,
    /// Advanced: matching rules live on each import sync rule.
    SyncRule,
}

#[derive(Clone, Debug)]
pub struct ConnectedSystem {
    pub name: String,
    pub matching_mode: MatchingMode,
    pub object_types: Vec<CsObjectType>,
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct CsObjectType {
    pub name: String,
    pub attributes: Vec<Attribute>,
    pub matching_rules: Vec<MatchingRule>,
    pub remove_contributed_on_obsoletion: bool,
    pub pointer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeletionRule {
    Manual,
    WhenLastConnectorDisconnected,
    WhenAuthoritativeSourceDisconnected,
}

#[derive(Clone, Debug)]
pub struct MvObjectType {
    pub name: String,
    pub attributes: Vec<Attribute>,
    pub deletion_rule: DeletionRule,
    pub authoritative_sources: Vec<String>,
    pub grace_period_days: f64,
    pub pointer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    NotSet,
    Import,
    Export,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MissingInput {
    EvaluateAnyway,
    ContributeNoValue,
    FailMapping,
    FailObject,
}

#[derive(Clone, Debug)]
pub enum SourceKind {
    Attribute(Side, String),
    Expression(Expr, String),
    /// An expression that does not parse (already reported).
    Unparsed,
    /// Neither or both: reported by the checks.
    Invalid,
}

#[derive(Clone, Debug)]
pub struct Source {
    pub order: i64,
    pub kind: SourceKind,
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct Mapping {
    pub target_mv: Option<String>,
    pub target_cs: Option<String>,
    pub priority: i64,
    pub null_is_value: bool,
    pub enabled: bool,
    pub initial_export_only: bool,
    pub missing_input: MissingInput,
    pub sources: Vec<Source>,
    pub pointer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Equals,
    NotEquals,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
    Contains,
    NotContains,
    LessThan,
    LessThanOrEquals,
    GreaterThan,
    GreaterThanOrEquals,
}

pub const OPERATORS: [(&str, Operator); 12] = [
    ("Equals", Operator::Equals),
    ("NotEquals", Operator::NotEquals),
    ("StartsWith", Operator::StartsWith),
    ("NotStartsWith", Operator::NotStartsWith),
    ("EndsWith", Operator::EndsWith),
    ("NotEndsWith", Operator::NotEndsWith),
    ("Contains", Operator::Contains),
    ("NotContains", Operator::NotContains),
    ("LessThan", Operator::LessThan),
    ("LessThanOrEquals", Operator::LessThanOrEquals),
    ("GreaterThan", Operator::GreaterThan),
    ("GreaterThanOrEquals", Operator::GreaterThanOrEquals),
];

impl Operator {
    pub fn as_str(self) -> &'static str {
        OPERATORS
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("", |(name, _)| name)
    }

    pub fn is_negated(self) -> bool {
        matches!(
            self,
            Operator::NotEquals
                | Operator::NotStartsWith
                | Operator::NotEndsWith
                | Operator::NotContains
        )
    }

    /// Whether JIM accepts this operator for attributes of `kind`.
    pub fn suits(self, kind: AttrType) -> bool {
        let equality = matches!(self, Operator::Equals | Operator::NotEquals);
        let ordering = matches!(
            self,
            Operator::LessThan
                | Operator::LessThanOrEquals
                | Operator::GreaterThan
                | Operator::GreaterThanOrEquals
        );
        match kind {
            AttrType::Text => !ordering,
            AttrType::Number | AttrType::LongNumber | AttrType::Decimal | AttrType::DateTime => {
                equality || ordering
            }
            AttrType::Boolean | AttrType::Guid => equality,
            AttrType::Binary | AttrType::Reference => false,
        }
    }
}

/// The comparison value of a criterion, from whichever typed slot is filled.
#[derive(Clone, Debug, PartialEq)]
pub enum CriterionValue {
    None,
    Text(String),
    Number(f64),
    /// Epoch milliseconds.
    DateTime(i64),
    /// `count` units ago (negative) or from now (positive), in hours or days.
    Relative {
        hours: i64,
        by_day: bool,
    },
    Bool(bool),
    Guid(String),
}

#[derive(Clone, Debug)]
pub struct Criterion {
    pub side: Side,
    pub attribute: String,
    pub operator: Option<Operator>,
    pub value: CriterionValue,
    pub case_sensitive: bool,
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub all: bool,
    pub criteria: Vec<Criterion>,
    pub children: Vec<Group>,
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct MatchingRule {
    pub order: i64,
    pub sources: Vec<Source>,
    pub target: Option<String>,
    pub case_sensitive: bool,
    pub mv_type: Option<String>,
    pub pointer: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutOfScopeImport {
    RemainJoined,
    Disconnect,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deprovision {
    Disconnect,
    Delete,
}

#[derive(Clone, Debug)]
pub struct SyncRule {
    pub name: String,
    pub system: String,
    pub cs_type: String,
    pub mv_type: String,
    pub direction: Direction,
    pub project: bool,
    pub provision: bool,
    pub enabled: bool,
    pub enforce_state: bool,
    pub inbound_out_of_scope: OutOfScopeImport,
    pub deprovision: Deprovision,
    pub mappings: Vec<Mapping>,
    pub groups: Vec<Group>,
    pub matching_rules: Vec<MatchingRule>,
    pub pointer: String,
    /// The JSON object, for checks on which fields were given at all.
    pub fields: serde_json::Map<String, serde_json::Value>,
}

#[derive(Clone, Debug, Default)]
pub struct Config {
    pub systems: Vec<ConnectedSystem>,
    pub mv_types: Vec<MvObjectType>,
    pub rules: Vec<SyncRule>,
}

impl Config {
    pub fn system(&self, name: &str) -> Option<&ConnectedSystem> {
        self.systems.iter().find(|s| s.name == name)
    }

    pub fn cs_type(&self, system: &str, name: &str) -> Option<&CsObjectType> {
        self.system(system)?
            .object_types
            .iter()
            .find(|t| t.name == name)
    }

    pub fn mv_type(&self, name: &str) -> Option<&MvObjectType> {
        self.mv_types.iter().find(|t| t.name == name)
    }
}

declare_rule! {
    /// The configuration's objects and fields have the documented JSON types.
    CONFIG_SHAPE: "jim-config-shape", Error
}

/// Reads fields of one JSON object, reporting those of the wrong type.
struct Reader<'a, 'f> {
    doc: usize,
    object: &'a Map<'a>,
    pointer: String,
    findings: &'f mut Findings,
}

impl<'a> Reader<'a, '_> {
    fn at(&self, field: &str) -> Place {
        Place::value(
            Some(self.doc),
            format!("{}/{}", self.pointer, pointer::escape(field)),
        )
    }

    fn wrong(&mut self, field: &str, expected: &str, found: &Json) {
        let place = self.at(field);
        self.findings.add(
            &CONFIG_SHAPE,
            place,
            format!("`{field}` must be {expected}, not {}", quote(found)),
        );
    }

    fn text(&mut self, field: &str) -> Option<String> {
        match self.object.get(field)? {
            Json::String(s) => Some(s.to_string()),
            Json::Null => None,
            other => {
                self.wrong(field, "a string", other);
                None
            }
        }
    }

    fn boolean(&mut self, field: &str, default: bool) -> bool {
        match self.object.get(field) {
            Some(Json::Bool(b)) => *b,
            None | Some(Json::Null) => default,
            Some(other) => {
                self.wrong(field, "true or false", other);
                default
            }
        }
    }

    fn number(&mut self, field: &str) -> Option<f64> {
        match self.object.get(field)? {
            Json::Number(n) => n.as_f64(),
            Json::Null => None,
            other => {
                self.wrong(field, "a number", other);
                None
            }
        }
    }

    /// One of the given names; another is reported.
    fn choice<T: Copy>(&mut self, field: &str, choices: &[(&str, T)], default: T) -> T {
        let Some(name) = self.text(field) else {
            return default;
        };
        match choices.iter().find(|(n, _)| *n == name) {
            Some(&(_, value)) => value,
            None => {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                let place = self.at(field);
                self.findings.add(
                    &CONFIG_SHAPE,
                    place,
                    format!("`{field}` is \"{name}\"; use one of {}", names.join(", ")),
                );
                default
            }
        }
    }

    /// The objects of an array field, each with its pointer.
    fn objects(&mut self, field: &str) -> Vec<(String, &'a Map<'a>)> {
        let Some(value) = self.object.get(field) else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            if !value.is_null() {
                self.wrong(field, "an array", value);
            }
            return Vec::new();
        };
        let base = format!("{}/{}", self.pointer, pointer::escape(field));
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_object() {
                Some(object) => out.push((format!("{base}/{i}"), object)),
                None => {
                    self.findings.add(
                        &CONFIG_SHAPE,
                        Place::value(Some(self.doc), format!("{base}/{i}")),
                        format!("{field}[{i}] must be an object, not {}", quote(item)),
                    );
                }
            }
        }
        out
    }

    fn child<'f2>(&'f2 mut self, pointer: String, object: &'a Map<'a>) -> Reader<'a, 'f2> {
        Reader {
            doc: self.doc,
            object,
            pointer,
            findings: self.findings,
        }
    }
}

/// Reads a configuration document.
pub fn read_config(doc: usize, value: &Json, findings: &mut Findings) -> Config {
    let Some(object) = value.as_object() else {
        findings
            .add(
                &CONFIG_SHAPE,
                Place::value(Some(doc), String::new()),
                format!("the configuration must be an object, not {}", quote(value)),
            )
            .hint("write {\"connectedSystems\": [...], \"metaverseObjectTypes\": [...], \"syncRules\": [...]}");
        return Config::default();
    };
    let mut root = Reader {
        doc,
        object,
        pointer: String::new(),
        findings,
    };
    let mut config = Config::default();
    for (pointer, system) in root.objects("connectedSystems") {
        let mut r = root.child(pointer.clone(), system);
        let name = r.text("name").unwrap_or_default();
        let matching_mode = r.choice(
            "objectMatchingRuleMode",
            &[
                ("ConnectedSystem", MatchingMode::ConnectedSystem),
                ("SyncRule", MatchingMode::SyncRule),
            ],
            MatchingMode::ConnectedSystem,
        );
        let mut object_types = Vec::new();
        for (type_pointer, object_type) in r.objects("objectTypes") {
            let mut t = r.child(type_pointer.clone(), object_type);
            object_types.push(CsObjectType {
                name: t.text("name").unwrap_or_default(),
                attributes: read_attributes(&mut t),
                matching_rules: read_matching_rules(&mut t),
                remove_contributed_on_obsoletion: t
                    .boolean("removeContributedAttributesOnObsoletion", true),
                pointer: type_pointer,
            });
        }
        config.systems.push(ConnectedSystem {
            name,
            matching_mode,
            object_types,
            pointer,
        });
    }
    for (pointer, mv_type) in root.objects("metaverseObjectTypes") {
        let mut r = root.child(pointer.clone(), mv_type);
        let name = r.text("name").unwrap_or_default();
        let attributes = read_attributes(&mut r);
        let deletion_rule = r.choice(
            "deletionRule",
            &[
                ("Manual", DeletionRule::Manual),
                (
                    "WhenLastConnectorDisconnected",
                    DeletionRule::WhenLastConnectorDisconnected,
                ),
                (
                    "WhenAuthoritativeSourceDisconnected",
                    DeletionRule::WhenAuthoritativeSourceDisconnected,
                ),
            ],
            DeletionRule::WhenLastConnectorDisconnected,
        );
        let authoritative_sources = match r.object.get("authoritativeSources") {
            Some(Json::Array(items)) => items
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let grace_period_days = r.number("deletionGracePeriodDays").unwrap_or(0.0);
        config.mv_types.push(MvObjectType {
            name,
            attributes,
            deletion_rule,
            authoritative_sources,
            grace_period_days,
            pointer,
        });
    }
    for (pointer, rule) in root.objects("syncRules") {
        let mut r = root.child(pointer.clone(), rule);
        let direction = r.choice(
            "direction",
            &[
                ("NotSet", Direction::NotSet),
                ("Import", Direction::Import),
                ("Export", Direction::Export),
            ],
            Direction::NotSet,
        );
        let mut mappings = Vec::new();
        for (mapping_pointer, mapping) in r.objects("attributeFlowRules") {
            let mut m = r.child(mapping_pointer.clone(), mapping);
            let missing_input = m.choice(
                "missingInputBehaviour",
                &[
                    ("EvaluateAnyway", MissingInput::EvaluateAnyway),
                    ("ContributeNoValue", MissingInput::ContributeNoValue),
                    ("FailMapping", MissingInput::FailMapping),
                    ("FailObject", MissingInput::FailObject),
                ],
                MissingInput::EvaluateAnyway,
            );
            mappings.push(Mapping {
                target_mv: m.text("targetMetaverseAttributeName"),
                target_cs: m.text("targetConnectedSystemAttributeName"),
                priority: m.number("priority").map_or(i64::MAX, |p| p as i64),
                null_is_value: m.boolean("nullIsValue", false),
                enabled: m.boolean("enabled", true),
                initial_export_only: m.boolean("initialExportOnly", false),
                missing_input,
                sources: read_sources(&mut m),
                pointer: mapping_pointer,
            });
        }
        let mut groups = Vec::new();
        for (group_pointer, group) in r.objects("objectScopingCriteriaGroups") {
            groups.push(read_group(
                &mut r.child(group_pointer.clone(), group),
                group_pointer,
                0,
            ));
        }
        config.rules.push(SyncRule {
            name: r.text("name").unwrap_or_default(),
            system: r.text("connectedSystemName").unwrap_or_default(),
            cs_type: r.text("connectedSystemObjectTypeName").unwrap_or_default(),
            mv_type: r.text("metaverseObjectTypeName").unwrap_or_default(),
            direction,
            project: r.boolean("projectToMetaverse", false),
            provision: r.boolean("provisionToConnectedSystem", false),
            enabled: r.boolean("enabled", true),
            enforce_state: r.boolean("enforceState", true),
            inbound_out_of_scope: r.choice(
                "inboundOutOfScopeAction",
                &[
                    ("RemainJoined", OutOfScopeImport::RemainJoined),
                    ("Disconnect", OutOfScopeImport::Disconnect),
                ],
                OutOfScopeImport::Disconnect,
            ),
            deprovision: r.choice(
                "outboundDeprovisionAction",
                &[
                    ("Disconnect", Deprovision::Disconnect),
                    ("Delete", Deprovision::Delete),
                ],
                Deprovision::Disconnect,
            ),
            mappings,
            groups,
            matching_rules: read_matching_rules(&mut r),
            pointer,
            fields: rule.to_serde(),
        });
    }
    config
}

fn read_attributes(r: &mut Reader) -> Vec<Attribute> {
    let mut attributes = Vec::new();
    for (pointer, attribute) in r.objects("attributes") {
        let mut a = r.child(pointer, attribute);
        attributes.push(Attribute {
            name: a.text("name").unwrap_or_default(),
            kind: a.choice("type", &ATTRIBUTE_TYPES, AttrType::Text),
            multi_valued: a.choice(
                "plurality",
                &[("SingleValued", false), ("MultiValued", true)],
                false,
            ),
        });
    }
    attributes
}

fn read_sources(r: &mut Reader) -> Vec<Source> {
    let mut sources = Vec::new();
    for (pointer, source) in r.objects("sources") {
        let mut s = r.child(pointer.clone(), source);
        let mv = s.text("metaverseAttributeName");
        let cs = s.text("connectedSystemAttributeName");
        let expression = s.text("expression");
        let kind = match (mv, cs, expression) {
            (Some(name), None, None) => SourceKind::Attribute(Side::Metaverse, name),
            (None, Some(name), None) => SourceKind::Attribute(Side::ConnectedSystem, name),
            (None, None, Some(text)) => expression_syntax(&mut s, text),
            _ => SourceKind::Invalid,
        };
        sources.push(Source {
            order: s.number("order").map_or(0, |o| o as i64),
            kind,
            pointer,
        });
    }
    crate::support::order::sort_by(&mut sources, |a, b| a.order.cmp(&b.order));
    sources
}

declare_rule! {
    /// An expression parses (DynamicExpresso subset) and is at most 10,000 characters.
    EXPRESSION_SYNTAX: "jim-expression-syntax", Error
}

/// An expression source's text (the `expression` field `s` reads), parsed; reported when it
/// does not parse.
fn expression_syntax(s: &mut Reader, text: String) -> SourceKind {
    match expr::parse(&text) {
        Ok(parsed) => SourceKind::Expression(parsed, text),
        Err(error) => {
            let place = s.at("expression");
            s.findings
                .add(
                    &EXPRESSION_SYNTAX,
                    place,
                    format!("the expression does not parse: {error}"),
                )
                .hint(
                    "test it with JIM's expression tester; mv[\"…\"] and cs[\"…\"] read attributes",
                );
            SourceKind::Unparsed
        }
    }
}

fn read_matching_rules(r: &mut Reader) -> Vec<MatchingRule> {
    let mut rules = Vec::new();
    for (pointer, rule) in r.objects("objectMatchingRules") {
        let mut m = r.child(pointer.clone(), rule);
        rules.push(MatchingRule {
            order: m.number("order").map_or(0, |o| o as i64),
            sources: read_sources(&mut m),
            target: m.text("targetMetaverseAttributeName"),
            // The API, the UI and the docs default to case-sensitive matching.
            case_sensitive: m.boolean("caseSensitive", true),
            mv_type: m.text("metaverseObjectTypeName"),
            pointer,
        });
    }
    crate::support::order::sort_by(&mut rules, |a, b| a.order.cmp(&b.order));
    rules
}

fn read_group(r: &mut Reader, pointer: String, depth: usize) -> Group {
    let all = r.choice("type", &[("All", true), ("Any", false)], true);
    let mut criteria = Vec::new();
    for (criterion_pointer, criterion) in r.objects("criteria") {
        let mut c = r.child(criterion_pointer.clone(), criterion);
        criteria.push(read_criterion(&mut c, criterion_pointer));
    }
    let mut children = Vec::new();
    // Deeper nesting than this is refused rather than recursed into.
    if depth < 32 {
        for (child_pointer, child) in r.objects("childGroups") {
            children.push(read_group(
                &mut r.child(child_pointer.clone(), child),
                child_pointer,
                depth + 1,
            ));
        }
    }
    Group {
        all,
        criteria,
        children,
        pointer,
    }
}

fn read_criterion(c: &mut Reader, pointer: String) -> Criterion {
    let (side, attribute) = match (
        c.text("metaverseAttributeName"),
        c.text("connectedSystemAttributeName"),
    ) {
        (Some(name), _) => (Side::Metaverse, name),
        (None, Some(name)) => (Side::ConnectedSystem, name),
        (None, None) => (Side::Metaverse, String::new()),
    };
    let operator = c.text("comparisonType").map(|name| {
        OPERATORS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, op)| *op)
            .ok_or(name)
    });
    let operator = match operator {
        Some(Ok(op)) => Some(op),
        Some(Err(name)) => {
            let place = c.at("comparisonType");
            c.findings.add(
                &CONFIG_SHAPE,
                place,
                format!("unknown comparisonType \"{name}\""),
            );
            None
        }
        None => None,
    };
    let relative = c.text("valueMode").as_deref() == Some("Relative");
    let value = if relative {
        let count = c.number("relativeCount");
        let unit = c.text("relativeUnit");
        let ago = c.text("relativeDirection").as_deref() != Some("FromNow");
        match (count, unit.as_deref()) {
            (Some(count), Some(unit)) => {
                let hours = match unit {
                    "Hours" => 1.0,
                    "Days" => 24.0,
                    "Weeks" => 168.0,
                    "Months" => 730.0,
                    "Years" => 8760.0,
                    _ => 0.0,
                } * count;
                let signed = if ago { -hours } else { hours };
                if hours == 0.0 && count != 0.0 {
                    CriterionValue::None
                } else {
                    CriterionValue::Relative {
                        hours: signed as i64,
                        by_day: unit != "Hours",
                    }
                }
            }
            _ => CriterionValue::None,
        }
    } else if let Some(s) = c.text("stringValue") {
        CriterionValue::Text(s)
    } else if let Some(n) = c
        .number("intValue")
        .or_else(|| c.number("longValue"))
        .or_else(|| c.number("decimalValue"))
    {
        CriterionValue::Number(n)
    } else if let Some(d) = c.text("dateTimeValue") {
        match crate::support::dates::parse_iso(&d) {
            Some(ms) => CriterionValue::DateTime(ms),
            None => {
                let place = c.at("dateTimeValue");
                c.findings.add(
                    &CONFIG_SHAPE,
                    place,
                    format!("dateTimeValue \"{d}\" is not an ISO 8601 date"),
                );
                CriterionValue::None
            }
        }
    } else if let Some(b) = c.object.get("boolValue").and_then(Json::as_bool) {
        CriterionValue::Bool(b)
    } else if let Some(g) = c.text("guidValue") {
        CriterionValue::Guid(g)
    } else {
        CriterionValue::None
    };
    Criterion {
        side,
        attribute,
        operator,
        value,
        case_sensitive: c.boolean("caseSensitive", true),
        pointer,
    }
}
