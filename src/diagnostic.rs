//! What a check says about an input: the rule it comes from, how much it matters, where it points.

use serde::Serialize;

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
