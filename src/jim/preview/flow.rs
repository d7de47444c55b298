//! What the phases share: the sync rules that apply to an object, attribute types, and the
//! evaluation of a mapping's (or matching rule's) sources.

use serde_json::Value as Json;

use super::outcome::ProblemKind;
use super::Problem;
use crate::jim::eval::{evaluate, lookup, to_json, Attributes, Inputs, Value};
use crate::jim::expr::{Expr, Side};
use crate::jim::model::{
    AttrType, Config, Direction, MatchingRule, MissingInput, Source, SourceKind, SyncRule,
};
use crate::jim::state::CsObject;
use crate::json::Value as Parsed;

/// The enabled import rules for an object's system and type, with their positions.
pub fn import_rules<'c>(config: &'c Config, cso: &CsObject) -> Vec<(usize, &'c SyncRule)> {
    config
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.enabled
                && r.direction == Direction::Import
                && r.system == cso.system
                && r.cs_type == cso.object_type
        })
        .collect()
}

pub fn cs_kind<'c>(
    config: &'c Config,
    system: &'c str,
    cs_type: &'c str,
) -> impl Fn(&str) -> Option<AttrType> + 'c {
    move |name: &str| {
        config
            .cs_type(system, cs_type)?
            .attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.kind)
    }
}

pub fn mv_kind<'c>(config: &'c Config, mv_type: &'c str) -> impl Fn(&str) -> Option<AttrType> + 'c {
    move |name: &str| {
        config
            .mv_type(mv_type)?
            .attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.kind)
    }
}

fn missing(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Text(s) => s.is_empty(),
        Value::List(items) => items.is_empty(),
        _ => false,
    }
}

/// What a mapping's sources yield: the first source with a value, in order.
pub fn source_value(
    sources: &[Source],
    inputs: &Inputs,
    side: Side,
    policy: MissingInput,
) -> Result<Option<Value>, Problem> {
    let object = if side == Side::Metaverse {
        inputs.mv
    } else {
        inputs.cs
    };
    for source in sources {
        let value = match &source.kind {
            SourceKind::Attribute(_, name) => object.map_or(Value::Null, |o| lookup(o, name)),
            SourceKind::Expression(expr, _) => {
                let absent = first_absent(expr, object);
                match (absent, policy) {
                    (Some(_), MissingInput::ContributeNoValue) => Value::Null,
                    (Some(name), MissingInput::FailMapping | MissingInput::FailObject) => {
                        return Err(Problem::new(
                            ProblemKind::ExpressionMissingInput,
                            format!("the expression reads \"{name}\", which has no value"),
                        ))
                    }
                    _ => evaluate(expr, inputs)
                        .map_err(|e| Problem::new(ProblemKind::ExpressionEvaluationError, e.0))?,
                }
            }
            SourceKind::Invalid | SourceKind::Unparsed => continue,
        };
        if !missing(&value) {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// The first attribute an expression reads (in reading order) that has no value.
fn first_absent<'e>(expr: &'e Expr, object: Option<&dyn Attributes>) -> Option<&'e str> {
    let mut absent = None;
    expr.visit(&mut |e| {
        if let Expr::Attribute { name, .. } = e {
            if absent.is_none() && object.is_none_or(|o| missing(&lookup(o, name))) {
                absent = Some(name.as_str());
            }
        }
    });
    absent
}

/// The attribute names an expression reads.
fn accessed(expr: &Expr) -> Vec<&str> {
    let mut names = Vec::new();
    expr.visit(&mut |e| {
        if let Expr::Attribute { name, .. } = e {
            names.push(name.as_str());
        }
    });
    names
}

/// The metaverse attributes a mapping's sources read.
pub fn mapping_reads(sources: &[Source]) -> Vec<&str> {
    sources
        .iter()
        .flat_map(|s| match &s.kind {
            SourceKind::Attribute(_, name) => vec![name.as_str()],
            SourceKind::Expression(expr, _) => accessed(expr),
            SourceKind::Invalid | SourceKind::Unparsed => Vec::new(),
        })
        .collect()
}

/// The form a value is matched in: its text, lower-cased unless matching is case-sensitive;
/// empty for no value (which never matches).
pub fn plain(value: &Value, case_sensitive: bool) -> String {
    let text = match value {
        Value::Text(s) => s.clone(),
        Value::Number(n) => to_json(&Value::Number(*n)).to_string(),
        Value::Null => String::new(),
        other => to_json(other).to_string(),
    };
    if case_sensitive {
        text
    } else {
        crate::support::case::to_lower(&text)
    }
}

/// An attribute's values, one for a single value.
pub fn values_of(attributes: &dyn Attributes, name: &str) -> Vec<Value> {
    match lookup(attributes, name) {
        Value::List(items) => items,
        single => vec![single],
    }
}

/// A matching rule's source values for an object, in matching form, empty ones left out.
pub fn match_keys(values: Vec<Value>, case_sensitive: bool) -> Vec<String> {
    values
        .iter()
        .map(|v| plain(v, case_sensitive))
        .filter(|v| !v.is_empty())
        .collect()
}

/// What matching rule `rule` finds in connector-space object `cso`: its sources' values (a
/// list spread out), in matching form; `Ok(None)` when the sources give no value.
pub fn cs_match_keys(
    rule: &MatchingRule,
    cso: &CsObject,
    now: Option<i64>,
) -> Result<Option<Vec<String>>, Problem> {
    let inputs = Inputs {
        cs: Some(&cso.attributes),
        mv: None,
        now,
    };
    let values = match source_value(
        &rule.sources,
        &inputs,
        Side::ConnectedSystem,
        MissingInput::EvaluateAnyway,
    )? {
        Some(Value::List(items)) => items,
        Some(value) => vec![value],
        None => return Ok(None),
    };
    Ok(Some(match_keys(values, rule.case_sensitive)))
}

/// Equal as JIM compares them: numbers by value.
pub fn same(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// `same` for a value of the state (absent is null), without copying a string to compare
/// it: most attributes compared are unchanged strings.
pub fn same_as_state(state: Option<&Parsed>, value: &Json) -> bool {
    match (state, value) {
        (None, _) => value.is_null(),
        (Some(Parsed::String(s)), Json::String(v)) => s == v,
        (Some(Parsed::String(_)), _) => false,
        (Some(other), _) => same(&other.to_serde(), value),
    }
}
