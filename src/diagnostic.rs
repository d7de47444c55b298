//! What a check says about an input: the rule it comes from, how much it matters, where it points.
//! Both dialects record their findings here (`Findings`, located later into `Diagnostic`s), and
//! quote values in their messages the same way.

use serde::Serialize;

use crate::json::Value;

/// How much a diagnostic matters. `Error`: the real API would reject the request or the job
/// would fail. `Warning`: accepted, but almost surely wrong or losing data. `Info`: convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule of the catalog: a stable id, a default severity and a one-line description.
#[derive(Debug, Serialize)]
pub struct Rule {
    pub id: &'static str,
    #[serde(rename = "severity")]
    pub default_severity: Severity,
    #[serde(rename = "doc")]
    pub doc: &'static str,
}

/// Declares a rule of the catalog. The doc comment's first line is the one-line description
/// the catalog prints; further lines are longer documentation. The rule's cases in
/// `tests/rules/<id>.md` (what it flags, what it reports there, what it accepts) are appended,
/// so that `cargo doc` shows every rule with worked examples that the tests keep true.
macro_rules! declare_rule {
    (
        #[doc = $summary:literal]
        $(#[doc = $more:literal])*
        $name:ident: $id:literal, $severity:ident
    ) => {
        #[doc = $summary]
        $(#[doc = $more])*
        #[doc = ""]
        #[doc = concat!("Rule `", $id, "`, ", stringify!($severity), " by default.")]
        #[doc = ""]
        #[doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rules/", $id, ".md"))]
        pub const $name: $crate::diagnostic::Rule = $crate::diagnostic::Rule {
            id: $id,
            default_severity: $crate::diagnostic::Severity::$severity,
            doc: $summary.trim_ascii_start(),
        };
    };
}
pub(crate) use declare_rule;

/// One finding, located in its file. `line` and `column` are 1-based; `column` counts UTF-16
/// code units. They are `None` only for findings about job flags given on the command line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: Option<String>,
    pub pointer: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// What a finding points at: a member's name, its value, or (for text that is not valid
/// JSON) a byte offset found while reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Key,
    Value,
    Offset(usize),
}

/// Where a finding points: a document (`None` for job flags), a JSON Pointer and an anchor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub doc: Option<usize>,
    pub pointer: String,
    pub anchor: Anchor,
}

impl Place {
    pub fn value(doc: Option<usize>, pointer: String) -> Place {
        Place {
            doc,
            pointer,
            anchor: Anchor::Value,
        }
    }
}

/// A message or hint: a `String` as it is, a `&str` copied out of line (`Into<String>` copied
/// it inline at each of the hundred-odd places that give one).
pub trait Text {
    fn text(self) -> String;
}

impl Text for String {
    fn text(self) -> String {
        self
    }
}

impl Text for &str {
    #[inline(never)]
    fn text(self) -> String {
        self.to_string()
    }
}

/// What a check found, before it is located.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub place: Place,
    pub message: String,
    pub hint: Option<String>,
}

impl Finding {
    pub fn hint(&mut self, hint: impl Text) -> &mut Finding {
        self.set_hint(hint.text())
    }

    // Not inlined, like `Findings::push`: there are a hundred and more call sites.
    #[inline(never)]
    fn set_hint(&mut self, hint: String) -> &mut Finding {
        self.hint = Some(hint);
        self
    }
}

/// The findings of one run, in the order they were made.
#[derive(Default)]
pub struct Findings {
    pub list: Vec<Finding>,
}

impl Findings {
    pub fn add(&mut self, rule: &'static Rule, place: Place, message: impl Text) -> &mut Finding {
        self.push(rule, place, message.text())
    }

    // Not inlined: a finding is added at a hundred and more places, and the push inlined into
    // each of them was kilobytes of the WebAssembly module.
    #[inline(never)]
    fn push(&mut self, rule: &'static Rule, place: Place, message: String) -> &mut Finding {
        self.list.push(Finding {
            rule,
            severity: rule.default_severity,
            place,
            message,
            hint: None,
        });
        let last = self.list.len() - 1;
        &mut self.list[last]
    }
}

/// A value as a message quotes it: JSON text, cut short when long.
pub fn quote(value: &Value) -> String {
    match value {
        Value::String(s) => quote_str(s),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
        scalar => scalar.to_string(),
    }
}

/// A string as a message quotes it, cut to 60 characters.
pub fn quote_str(s: &str) -> String {
    const LIMIT: usize = 60;
    match s.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("\"{}…\"", &s[..cut]),
        None => format!("\"{s}\""),
    }
}

/// The JSON type of a value, as messages name it.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
