//! Scoping criteria, evaluated as JIM does: top-level groups are ORed, a group combines its
//! criteria and child groups by All or Any, an empty group is true, a missing attribute
//! matches only an Equals with no value, and only the first value of a multi-valued attribute
//! is compared. Each decision says which group and criterion decided it.

use super::eval::{lookup, Attributes, Value};
use super::model::{AttrType, Criterion, CriterionValue, Group, Operator};
use crate::support::case;
use crate::support::dates::parse_iso;

/// Whether an object is in scope, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub in_scope: bool,
    pub reason: String,
}

/// Evaluates a rule's groups against an object. `kind_of` gives an attribute's type.
pub fn decide(
    groups: &[Group],
    object: &dyn Attributes,
    kind_of: &dyn Fn(&str) -> Option<AttrType>,
    now: Option<i64>,
) -> Decision {
    decide_as(groups, object, kind_of, now, Explain::Yes)
}

/// Whether an object is in scope, as [`decide`] says, without the sentence saying why: the
/// phases that only ask this would otherwise format one per criterion and object.
pub fn in_scope(
    groups: &[Group],
    object: &dyn Attributes,
    kind_of: &dyn Fn(&str) -> Option<AttrType>,
    now: Option<i64>,
) -> bool {
    decide_as(groups, object, kind_of, now, Explain::No).in_scope
}

/// Whether a decision carries its reason.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Explain {
    Yes,
    No,
}

/// The reason `why` gives, or nothing when none is wanted.
fn say(explain: Explain, why: impl FnOnce() -> String) -> String {
    match explain {
        Explain::Yes => why(),
        Explain::No => String::new(),
    }
}

fn decide_as(
    groups: &[Group],
    object: &dyn Attributes,
    kind_of: &dyn Fn(&str) -> Option<AttrType>,
    now: Option<i64>,
    explain: Explain,
) -> Decision {
    if groups.is_empty() {
        return Decision {
            in_scope: true,
            reason: say(explain, || {
                "no scoping criteria: every object is in scope".to_string()
            }),
        };
    }
    let mut first_failure = None;
    for (i, group) in groups.iter().enumerate() {
        let (matched, why) = group_matches(group, object, kind_of, now, explain);
        if matched {
            return Decision {
                in_scope: true,
                reason: say(explain, || format!("group {} matched: {why}", i + 1)),
            };
        }
        first_failure.get_or_insert_with(|| {
            say(explain, || format!("group {} did not match: {why}", i + 1))
        });
    }
    Decision {
        in_scope: false,
        reason: first_failure.unwrap_or_default(),
    }
}

fn group_matches(
    group: &Group,
    object: &dyn Attributes,
    kind_of: &dyn Fn(&str) -> Option<AttrType>,
    now: Option<i64>,
    explain: Explain,
) -> (bool, String) {
    let results = group
        .criteria
        .iter()
        .map(|c| criterion_as(c, object, kind_of, now, explain))
        .chain(
            group
                .children
                .iter()
                .map(|g| group_matches(g, object, kind_of, now, explain)),
        );
    let mut last = (group.all, say(explain, || "the group is empty".to_string()));
    for (matched, why) in results {
        // All: the first false decides; Any: the first true decides.
        if matched != group.all {
            return (matched, why);
        }
        last = (matched, why);
    }
    last
}

fn describe(c: &Criterion) -> String {
    let value = match &c.value {
        CriterionValue::None => "no value".to_string(),
        CriterionValue::Text(s) => format!("\"{s}\""),
        CriterionValue::Number(n) => crate::json::number_text(*n),
        CriterionValue::DateTime(ms) => super::eval::iso(*ms),
        CriterionValue::Relative { hours, .. } => format!("{hours} hours from now"),
        CriterionValue::Bool(b) => b.to_string(),
        CriterionValue::Guid(g) => g.clone(),
    };
    let op = c.operator.map_or("?", Operator::as_str);
    format!("{} {op} {value}", c.attribute)
}

/// Whether a criterion matches, and a sentence saying so.
pub fn criterion_matches(
    c: &Criterion,
    object: &dyn Attributes,
    kind_of: &dyn Fn(&str) -> Option<AttrType>,
    now: Option<i64>,
) -> (bool, String) {
    criterion_as(c, object, kind_of, now, Explain::Yes)
}

fn criterion_as(
    c: &Criterion,
    object: &dyn Attributes,
    kind_of: &dyn Fn(&str) -> Option<AttrType>,
    now: Option<i64>,
    explain: Explain,
) -> (bool, String) {
    let what = say(explain, || describe(c));
    let Some(op) = c.operator else {
        return (
            false,
            say(explain, || {
                format!("{what}: the criterion has no comparisonType")
            }),
        );
    };
    let actual = match lookup(object, &c.attribute) {
        Value::List(items) => items.into_iter().next().unwrap_or(Value::Null),
        Value::Text(s) if s.is_empty() => Value::Null,
        other => other,
    };
    if actual == Value::Null {
        let matched = op == Operator::Equals && c.value == CriterionValue::None;
        return (
            matched,
            say(explain, || format!("{what}: {} has no value", c.attribute)),
        );
    }
    let kind = kind_of(&c.attribute).unwrap_or(match c.value {
        CriterionValue::Number(_) => AttrType::Number,
        CriterionValue::DateTime(_) | CriterionValue::Relative { .. } => AttrType::DateTime,
        CriterionValue::Bool(_) => AttrType::Boolean,
        CriterionValue::Guid(_) => AttrType::Guid,
        _ => AttrType::Text,
    });
    if !op.suits(kind) {
        return (
            false,
            say(explain, || {
                format!(
                    "{what}: {} does not apply to {} attributes",
                    op.as_str(),
                    kind.as_str()
                )
            }),
        );
    }
    let shown = shown(&actual);
    let ordering = match (&c.value, &actual) {
        (CriterionValue::Text(wanted), _) => {
            let (a, w) = if c.case_sensitive {
                (shown.clone(), wanted.clone())
            } else {
                (case::to_lower(&shown), case::to_lower(wanted))
            };
            let matched = match op {
                Operator::Equals | Operator::NotEquals => a == w,
                Operator::StartsWith | Operator::NotStartsWith => a.starts_with(&w),
                Operator::EndsWith | Operator::NotEndsWith => a.ends_with(&w),
                _ => a.contains(&w),
            };
            return verdict(matched != op.is_negated(), &what, &shown, explain);
        }
        (CriterionValue::Number(wanted), Value::Number(n)) => n.partial_cmp(wanted),
        (CriterionValue::DateTime(wanted), actual) => date_of(actual).map(|d| d.cmp(wanted)),
        (CriterionValue::Relative { hours, by_day }, actual) => {
            let Some(now) = now else {
                return (
                    false,
                    say(explain, || {
                        format!("{what}: a relative date needs the state's \"now\"")
                    }),
                );
            };
            let mut threshold = now + hours * 3_600_000;
            if *by_day {
                threshold -= threshold.rem_euclid(86_400_000);
            }
            date_of(actual).map(|d| d.cmp(&threshold))
        }
        (CriterionValue::Bool(wanted), Value::Bool(b)) => Some(b.cmp(wanted)),
        (CriterionValue::Guid(wanted), _) => {
            Some(case::to_lower(&shown).cmp(&case::to_lower(wanted)))
        }
        (CriterionValue::None, _) => None,
        _ => None,
    };
    let Some(ordering) = ordering else {
        return (
            false,
            say(explain, || {
                format!("{what}: {shown} cannot be compared with it")
            }),
        );
    };
    let matched = match op {
        Operator::Equals => ordering.is_eq(),
        Operator::NotEquals => ordering.is_ne(),
        Operator::LessThan => ordering.is_lt(),
        Operator::LessThanOrEquals => ordering.is_le(),
        Operator::GreaterThan => ordering.is_gt(),
        Operator::GreaterThanOrEquals => ordering.is_ge(),
        _ => false,
    };
    verdict(matched, &what, &shown, explain)
}

fn verdict(matched: bool, what: &str, shown: &str, explain: Explain) -> (bool, String) {
    let verb = if matched { "holds" } else { "fails" };
    (
        matched,
        say(explain, || format!("{what} {verb} for {shown}")),
    )
}

fn shown(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        other => super::eval::text(other),
    }
}

fn date_of(value: &Value) -> Option<i64> {
    match value {
        Value::Text(s) => parse_iso(s),
        Value::Number(n) => Some(*n as i64),
        Value::Date(ms) => Some(*ms),
        _ => None,
    }
}
