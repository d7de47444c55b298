//! Evaluates flow expressions with JIM's semantics: case-insensitive accessors that give null
//! for absent attributes, string `+` with null as "", `==` on an attribute and a string
//! comparing references (so it is false), and the function library with its null behaviour.

use serde_json::{Map, Value as Json};

use super::expr::{BinaryOp, Expr, Side};
use crate::support::case;
use crate::support::dates::{civil_from_days, parse_iso};
use crate::support::float::parse_f64;

/// A value during evaluation. Dates are epoch milliseconds (UTC).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    Date(i64),
    List(Vec<Value>),
}

/// An evaluation failure (JIM's `ExpressionEvaluationError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError(pub String);

type Result<T> = std::result::Result<T, EvalError>;

fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(EvalError(message.into()))
}

/// What an expression may read: the metaverse object (export flows) or the connected-system
/// object (import flows), and the preview's fixed "now".
#[derive(Clone, Copy, Default)]
pub struct Inputs<'a> {
    pub mv: Option<&'a dyn Attributes>,
    pub cs: Option<&'a dyn Attributes>,
    pub now: Option<i64>,
}

/// The functions JIM registers, with their argument counts (fewest, most).
pub const FUNCTIONS: [(&str, usize, usize); 36] = [
    ("Trim", 1, 1),
    ("Upper", 1, 1),
    ("Lower", 1, 1),
    ("Capitalise", 1, 1),
    ("Left", 2, 2),
    ("Right", 2, 2),
    ("Substring", 2, 3),
    ("Replace", 3, 3),
    ("Length", 1, 1),
    ("IsNullOrEmpty", 1, 1),
    ("IsNullOrWhitespace", 1, 1),
    ("StartsWith", 2, 2),
    ("EndsWith", 2, 2),
    ("Contains", 2, 2),
    ("CollectionContains", 2, 2),
    ("Split", 1, 2),
    ("Join", 1, 2),
    ("IIF", 3, 3),
    ("Coalesce", 2, 2),
    ("Eq", 2, 2),
    ("Now", 0, 0),
    ("Today", 0, 0),
    ("FormatDate", 2, 2),
    ("ToFileTime", 1, 1),
    ("FromFileTime", 1, 1),
    ("ToString", 1, 1),
    ("ToInt", 1, 1),
    ("ToDecimal", 1, 1),
    ("EscapeDN", 1, 1),
    ("RandomPassword", 0, 1),
    ("RandomPassphrase", 0, 1),
    ("EnableUser", 1, 1),
    ("DisableUser", 1, 1),
    ("SetBit", 2, 2),
    ("ClearBit", 2, 2),
    ("HasBit", 2, 2),
];

/// Functions whose result differs from run to run.
pub const NONDETERMINISTIC: [&str; 4] = ["Now", "Today", "RandomPassword", "RandomPassphrase"];

/// The placeholder a preview shows for a random value.
pub const RANDOM: &str = "<random>";

pub fn arity(name: &str) -> Option<(usize, usize)> {
    FUNCTIONS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, min, max)| (min, max))
}

/// A JSON attribute value as an expression value; multi-valued attributes become lists.
pub fn from_json(value: &Json) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n.as_f64().map_or(Value::Null, Value::Number),
        Json::String(s) => Value::Text(s.clone()),
        Json::Array(items) => Value::List(items.iter().map(from_json).collect()),
        Json::Object(_) => Value::Text(value.to_string()),
    }
}

/// An expression value as a JSON attribute value: null and empty lists are no value.
pub fn to_json(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => number(*n),
        Value::Text(s) => Json::String(s.clone()),
        Value::Date(ms) => Json::String(iso(*ms)),
        Value::List(items) if items.is_empty() => Json::Null,
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
    }
}

fn number(n: f64) -> Json {
    crate::json::number_json(n).map_or(Json::Null, Json::Number)
}

/// A JSON attribute value of a parsed document as an expression value, as [`from_json`] gives
/// it for the same value held by serde_json (a number out of `f64` range is no value there).
pub fn from_parsed(value: &crate::json::Value) -> Value {
    use crate::json::Value as Parsed;
    match value {
        Parsed::Null => Value::Null,
        Parsed::Bool(b) => Value::Bool(*b),
        Parsed::Number(n) => n
            .as_f64()
            .filter(|f| f.is_finite())
            .map_or(Value::Null, Value::Number),
        Parsed::String(s) => Value::Text(s.to_string()),
        Parsed::Array(items) => Value::List(items.iter().map(from_parsed).collect()),
        Parsed::Object(_) => Value::Text(value.to_serde().to_string()),
    }
}

/// An object's attributes as expressions and scoping criteria read them: the state's own
/// (borrowed from the parsed document), or a metaverse object's after inbound flow.
pub trait Attributes {
    /// Case-insensitive attribute lookup; absent gives null. Of names that differ only in
    /// case, the least (byte order) is read, as a sorted map's first match would be.
    fn lookup(&self, name: &str) -> Value;
}

impl Attributes for Map<String, Json> {
    fn lookup(&self, name: &str) -> Value {
        self.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map_or(Value::Null, |(_, v)| from_json(v))
    }
}

impl Attributes for crate::json::Map<'_> {
    fn lookup(&self, name: &str) -> Value {
        self.iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .min_by(|a, b| a.0.cmp(b.0))
            .map_or(Value::Null, |(_, v)| from_parsed(v))
    }
}

/// Case-insensitive attribute lookup; absent gives null.
pub fn lookup(object: &dyn Attributes, name: &str) -> Value {
    object.lookup(name)
}

/// Evaluates an expression.
pub fn evaluate(expr: &Expr, inputs: &Inputs) -> Result<Value> {
    match expr {
        Expr::Null => Ok(Value::Null),
        Expr::Bool(b) => Ok(Value::Bool(*b)),
        Expr::Number(n) => Ok(Value::Number(*n)),
        Expr::Text(t) => Ok(Value::Text(t.clone())),
        Expr::Attribute { side, name, .. } => {
            let object = match side {
                Side::Metaverse => inputs.mv,
                Side::ConnectedSystem => inputs.cs,
            };
            let Some(object) = object else {
                return fail(format!(
                    "{}[\"{name}\"] is not available here",
                    side.accessor()
                ));
            };
            Ok(match lookup(object, name) {
                // Import flows see only the first value of a multi-valued attribute.
                Value::List(items) if *side == Side::ConnectedSystem => {
                    items.into_iter().next().unwrap_or(Value::Null)
                }
                other => other,
            })
        }
        Expr::Not(inner) => match evaluate(inner, inputs)? {
            Value::Bool(b) => Ok(Value::Bool(!b)),
            other => fail(format!("'!' needs a boolean, not {}", kind(&other))),
        },
        Expr::Negate(inner) => match evaluate(inner, inputs)? {
            Value::Number(n) => Ok(Value::Number(-n)),
            Value::Null => Ok(Value::Null),
            other => fail(format!("'-' needs a number, not {}", kind(&other))),
        },
        Expr::Conditional {
            test,
            then,
            otherwise,
        } => match evaluate(test, inputs)? {
            Value::Bool(true) => evaluate(then, inputs),
            Value::Bool(false) => evaluate(otherwise, inputs),
            other => fail(format!(
                "'?:' needs a boolean condition, not {}",
                kind(&other)
            )),
        },
        Expr::Binary {
            op, left, right, ..
        } => binary(*op, left, right, inputs),
        Expr::Call { name, args, .. } => {
            let values = args
                .iter()
                .map(|a| evaluate(a, inputs))
                .collect::<Result<Vec<_>>>()?;
            call(name, &values, inputs)
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::Text(_) => "text",
        Value::Date(_) => "a date",
        Value::List(_) => "a list",
    }
}

fn binary(op: BinaryOp, left: &Expr, right: &Expr, inputs: &Inputs) -> Result<Value> {
    // Short-circuit logic first.
    if matches!(op, BinaryOp::And | BinaryOp::Or) {
        let l = truth(evaluate(left, inputs)?, op)?;
        if (op == BinaryOp::And && !l) || (op == BinaryOp::Or && l) {
            return Ok(Value::Bool(l));
        }
        return Ok(Value::Bool(truth(evaluate(right, inputs)?, op)?));
    }
    let l = evaluate(left, inputs)?;
    let r = evaluate(right, inputs)?;
    match op {
        BinaryOp::Add => match (&l, &r) {
            (Value::Text(_), _) | (_, Value::Text(_)) => {
                Ok(Value::Text(format!("{}{}", text(&l), text(&r))))
            }
            (Value::Number(a), Value::Number(b)) => Ok(Value::Number(a + b)),
            (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
            _ => fail(format!("'+' cannot add {} and {}", kind(&l), kind(&r))),
        },
        BinaryOp::Subtract | BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Remainder => {
            match (&l, &r) {
                (Value::Number(a), Value::Number(b)) => match op {
                    BinaryOp::Subtract => Ok(Value::Number(a - b)),
                    BinaryOp::Multiply => Ok(Value::Number(a * b)),
                    _ if *b == 0.0 => fail("division by zero"),
                    BinaryOp::Divide => Ok(Value::Number(a / b)),
                    _ => Ok(Value::Number(a % b)),
                },
                (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
                _ => fail(format!(
                    "'{}' needs numbers, not {} and {}",
                    op.symbol(),
                    kind(&l),
                    kind(&r)
                )),
            }
        }
        BinaryOp::Equal | BinaryOp::NotEqual => {
            // An attribute is an object: `==` with a string compares references, never text.
            let reference = (is_accessor(left) && matches!(r, Value::Text(_)))
                || (is_accessor(right) && matches!(l, Value::Text(_)));
            let equal = if reference {
                false
            } else {
                equal_values(&l, &r)
            };
            Ok(Value::Bool(if op == BinaryOp::Equal {
                equal
            } else {
                !equal
            }))
        }
        _ => {
            let ordering = match (&l, &r) {
                (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
                (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
                (Value::Null, _) | (_, Value::Null) => return Ok(Value::Bool(false)),
                _ => {
                    return fail(format!(
                        "'{}' cannot compare {} and {}",
                        op.symbol(),
                        kind(&l),
                        kind(&r)
                    ))
                }
            };
            let Some(ordering) = ordering else {
                return Ok(Value::Bool(false));
            };
            Ok(Value::Bool(match op {
                BinaryOp::Less => ordering.is_lt(),
                BinaryOp::LessOrEqual => ordering.is_le(),
                BinaryOp::Greater => ordering.is_gt(),
                _ => ordering.is_ge(),
            }))
        }
    }
}

fn is_accessor(expr: &Expr) -> bool {
    matches!(expr, Expr::Attribute { .. })
}

fn truth(value: Value, op: BinaryOp) -> Result<bool> {
    match value {
        Value::Bool(b) => Ok(b),
        other => fail(format!(
            "'{}' needs booleans, not {}",
            op.symbol(),
            kind(&other)
        )),
    }
}

fn equal_values(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y,
        _ => a == b,
    }
}

/// Text as string concatenation sees it: null is "".
pub fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Number(n) => crate::json::number_text(*n),
        Value::Text(s) => s.clone(),
        Value::Date(ms) => iso(*ms),
        Value::List(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
    }
}

fn int_arg(value: &Value, function: &str) -> Result<i64> {
    match value {
        Value::Number(n) => Ok(*n as i64),
        other => fail(format!("{function} needs a number, not {}", kind(other))),
    }
}

fn date_arg(value: &Value, function: &str) -> Result<Option<i64>> {
    match value {
        Value::Null => Ok(None),
        Value::Date(ms) => Ok(Some(*ms)),
        Value::Text(s) => match parse_iso(s) {
            Some(ms) => Ok(Some(ms)),
            None => fail(format!("{function}: \"{s}\" is not a date")),
        },
        other => fail(format!("{function} needs a date, not {}", kind(other))),
    }
}

/// Applies a string function with JIM's "null in, null out".
fn on_text(value: &Value, f: impl FnOnce(&str) -> Value) -> Value {
    match value {
        Value::Null => Value::Null,
        other => f(&text(other)),
    }
}

/// FILETIME ticks (100 ns since 1601-01-01) at the Unix epoch.
const FILETIME_EPOCH: i64 = 116_444_736_000_000_000;

fn call(name: &str, a: &[Value], inputs: &Inputs) -> Result<Value> {
    let Some((min, max)) = arity(name) else {
        return fail(format!("unknown function {name}"));
    };
    if a.len() < min || a.len() > max {
        return fail(format!(
            "{name} takes {}, not {}",
            count_args(min, max),
            a.len()
        ));
    }
    let first = &a[0..a.len().min(1)];
    let arg0 = first.first().unwrap_or(&Value::Null);
    Ok(match name {
        "Trim" => on_text(arg0, |s| Value::Text(s.trim().to_string())),
        "Upper" => on_text(arg0, |s| Value::Text(case::to_upper(s))),
        "Lower" => on_text(arg0, |s| Value::Text(case::to_lower(s))),
        "Capitalise" => on_text(arg0, |s| Value::Text(capitalise(s))),
        "Left" => {
            let n = int_arg(&a[1], name)?.max(0) as usize;
            on_text(arg0, |s| Value::Text(s.chars().take(n).collect()))
        }
        "Right" => {
            let n = int_arg(&a[1], name)?.max(0) as usize;
            on_text(arg0, |s| {
                let count = s.chars().count();
                Value::Text(s.chars().skip(count.saturating_sub(n)).collect())
            })
        }
        "Substring" => {
            let start = int_arg(&a[1], name)?.max(0) as usize;
            let length = match a.get(2) {
                Some(v) => Some(int_arg(v, name)?.max(0) as usize),
                None => None,
            };
            on_text(arg0, |s| {
                let rest = s.chars().skip(start);
                Value::Text(match length {
                    Some(n) => rest.take(n).collect(),
                    None => rest.collect(),
                })
            })
        }
        "Replace" => {
            let (from, to) = (text(&a[1]), text(&a[2]));
            on_text(arg0, |s| {
                Value::Text(if from.is_empty() {
                    s.to_string()
                } else {
                    s.replace(&from, &to)
                })
            })
        }
        "Length" => on_text(arg0, |s| Value::Number(s.chars().count() as f64)),
        "IsNullOrEmpty" => Value::Bool(matches!(arg0, Value::Null) || text(arg0).is_empty()),
        "IsNullOrWhitespace" => {
            Value::Bool(matches!(arg0, Value::Null) || text(arg0).trim().is_empty())
        }
        "StartsWith" => on_text(arg0, |s| Value::Bool(s.starts_with(&text(&a[1])))),
        "EndsWith" => on_text(arg0, |s| Value::Bool(s.ends_with(&text(&a[1])))),
        "Contains" => on_text(arg0, |s| Value::Bool(s.contains(&text(&a[1])))),
        "CollectionContains" => {
            let wanted = &a[1];
            Value::Bool(match arg0 {
                Value::List(items) => items.iter().any(|i| equal_values(i, wanted)),
                Value::Null => false,
                single => equal_values(single, wanted),
            })
        }
        "Split" => {
            let separator = a.get(1).map(text).unwrap_or_else(|| ",".to_string());
            let source = text(arg0);
            let parts = if separator.is_empty() {
                vec![source.as_str()]
            } else {
                source.split(separator.as_str()).collect()
            };
            Value::List(
                parts
                    .into_iter()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(|p| Value::Text(p.to_string()))
                    .collect(),
            )
        }
        "Join" => {
            let separator = a.get(1).map(text).unwrap_or_else(|| ",".to_string());
            match arg0 {
                Value::List(items) if !items.is_empty() => {
                    Value::Text(items.iter().map(text).collect::<Vec<_>>().join(&separator))
                }
                Value::List(_) | Value::Null => Value::Null,
                single => Value::Text(text(single)),
            }
        }
        "IIF" => match arg0 {
            Value::Bool(true) => a[1].clone(),
            Value::Bool(false) => a[2].clone(),
            other => {
                return fail(format!(
                    "IIF needs a boolean condition, not {}",
                    kind(other)
                ))
            }
        },
        "Coalesce" => {
            if matches!(arg0, Value::Null) {
                a[1].clone()
            } else {
                arg0.clone()
            }
        }
        "Eq" => Value::Bool(match (arg0, &a[1]) {
            (Value::Number(x), Value::Number(y)) => x == y,
            (Value::Null, Value::Null) => true,
            (Value::Null, _) | (_, Value::Null) => false,
            (x, y) => text(x) == text(y),
        }),
        "Now" | "Today" => {
            let Some(now) = inputs.now else {
                return fail(format!(
                    "{name}() needs the state's \"now\" so that previews repeat"
                ));
            };
            Value::Date(if name == "Today" {
                now - now.rem_euclid(86_400_000)
            } else {
                now
            })
        }
        "FormatDate" => match date_arg(arg0, name)? {
            None => Value::Null,
            Some(ms) => Value::Text(format_date(ms, &text(&a[1]))),
        },
        "ToFileTime" => match date_arg(arg0, name)? {
            None => Value::Null,
            Some(ms) => Value::Number((ms * 10_000 + FILETIME_EPOCH) as f64),
        },
        "FromFileTime" => match arg0 {
            Value::Null => Value::Null,
            value => {
                let ticks = int_arg(value, name)?;
                if ticks == 0 || ticks == i64::MAX {
                    Value::Null
                } else {
                    Value::Date((ticks - FILETIME_EPOCH) / 10_000)
                }
            }
        },
        "ToString" => on_text(arg0, |s| Value::Text(s.to_string())),
        "ToInt" | "ToDecimal" => {
            let parsed = match arg0 {
                Value::Number(n) => Some(*n),
                Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
                other => parse_f64(text(other).trim()),
            };
            let n = parsed.unwrap_or(0.0);
            Value::Number(if name == "ToInt" { n.trunc() } else { n })
        }
        "EscapeDN" => on_text(arg0, |s| Value::Text(escape_dn(s))),
        "RandomPassword" | "RandomPassphrase" => Value::Text(RANDOM.to_string()),
        "EnableUser" | "DisableUser" | "SetBit" | "ClearBit" | "HasBit" => match arg0 {
            Value::Null => Value::Null,
            value => {
                let flags = int_arg(value, name)?;
                // EnableUser and DisableUser work on ACCOUNTDISABLE, bit 2 of userAccountControl.
                let bit = match name {
                    "EnableUser" | "DisableUser" => 2,
                    _ => int_arg(&a[1], name)?,
                };
                if !(0..63).contains(&bit) && !matches!(name, "EnableUser" | "DisableUser") {
                    return fail(format!("{name}: bit {bit} is out of range"));
                }
                let mask = if matches!(name, "EnableUser" | "DisableUser") {
                    bit
                } else {
                    1i64 << bit
                };
                match name {
                    "EnableUser" | "ClearBit" => Value::Number((flags & !mask) as f64),
                    "DisableUser" | "SetBit" => Value::Number((flags | mask) as f64),
                    _ => Value::Bool(flags & mask != 0),
                }
            }
        },
        _ => return fail(format!("unknown function {name}")),
    })
}

fn count_args(min: usize, max: usize) -> String {
    match (min, max) {
        (0, 0) => "no arguments".to_string(),
        (1, 1) => "one argument".to_string(),
        (a, b) if a == b => format!("{a} arguments"),
        (a, b) => format!("{a} to {b} arguments"),
    }
}

/// Upper case after the start, a space, `-` or `'`.
fn capitalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = true;
    for c in s.chars() {
        if upper {
            out.push(case::upper(c));
        } else {
            out.push(c);
        }
        upper = matches!(c, ' ' | '-' | '\'');
    }
    out
}

/// Escapes a distinguished-name value (RFC 4514): `,+"\<>;=` always, `#` and space at the start,
/// space at the end.
fn escape_dn(s: &str) -> String {
    let count = s.chars().count();
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        let special = matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=')
            || (i == 0 && (c == '#' || c == ' '))
            || (i + 1 == count && c == ' ');
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Formats with the invariant-culture tokens yyyy, MM, dd, HH, mm, ss and fff.
fn format_date(ms: i64, format: &str) -> String {
    let (year, month, day) = civil_from_days(ms.div_euclid(86_400_000));
    let in_day = ms.rem_euclid(86_400_000);
    let parts = [
        ("yyyy", format!("{year:04}")),
        ("MM", format!("{month:02}")),
        ("dd", format!("{day:02}")),
        ("HH", format!("{:02}", in_day / 3_600_000)),
        ("mm", format!("{:02}", in_day / 60_000 % 60)),
        ("ss", format!("{:02}", in_day / 1000 % 60)),
        ("fff", format!("{:03}", in_day % 1000)),
    ];
    let mut out = String::new();
    let mut rest = format;
    'outer: while !rest.is_empty() {
        for (token, value) in &parts {
            if let Some(after) = rest.strip_prefix(token) {
                out.push_str(value);
                rest = after;
                continue 'outer;
            }
        }
        let mut chars = rest.chars();
        out.extend(chars.next());
        rest = chars.as_str();
    }
    out
}

/// ISO 8601 in UTC with milliseconds.
pub fn iso(ms: i64) -> String {
    format_date(ms, "yyyy-MM-ddTHH:mm:ss.fffZ")
}
