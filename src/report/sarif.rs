//! SARIF 2.1.0, for code scanning: every catalog rule with its description and help, results
//! with UTF-16 columns, and fingerprints that stay put when lines move.

use serde::Serialize;

use super::Report;
use crate::diagnostic::{Diagnostic, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://www.npmjs.com/package/syncplan";

// The log's parts, each with its members in alphabetical order, as this report has always
// written them. Typed rather than built with `json!`, whose value serializer would be linked
// into the module for this one report.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
    tool: Tool,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<RuleEntry>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleEntry {
    default_configuration: Configuration,
    full_description: Text<'static>,
    help: Text<'static>,
    id: &'static str,
    name: &'static str,
    short_description: Text<'static>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

impl<'a> Text<'a> {
    fn new(text: impl Into<std::borrow::Cow<'a, str>>) -> Text<'a> {
        Text { text: text.into() }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locations: Option<[Location<'a>; 1]>,
    message: Text<'a>,
    partial_fingerprints: Fingerprints,
    rule_id: &'static str,
    rule_index: usize,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "syncplanFinding/v1")]
    finding: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    logical_locations: Option<[LogicalLocation<'a>; 1]>,
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// Both positions or neither (an empty region).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<u32>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// FNV-1a, 64 bits: a stable, dependency-free hash for fingerprints.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn result(d: &Diagnostic, rule_index: usize) -> SarifResult<'_> {
    let message = match &d.hint {
        Some(hint) => Text::new(format!("{}\nHint: {hint}", d.message)),
        None => Text::new(d.message.as_str()),
    };
    let locations = d.file.as_ref().map(|file| {
        let (start_line, start_column) = match (d.line, d.column) {
            (Some(line), Some(column)) => (Some(line), Some(column)),
            _ => (None, None),
        };
        [Location {
            logical_locations: (!d.pointer.is_empty()).then(|| {
                [LogicalLocation {
                    fully_qualified_name: &d.pointer,
                    kind: "member",
                }]
            }),
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: file.replace('\\', "/"),
                },
                region: Region {
                    start_column,
                    start_line,
                },
            },
        }]
    });
    // The rule, the file and the pointer identify a finding across runs, whatever the line.
    let file = d.file.as_deref().unwrap_or("");
    SarifResult {
        level: level(d.severity),
        locations,
        message,
        partial_fingerprints: Fingerprints {
            finding: fingerprint(&[d.rule, file, &d.pointer, &d.message]),
        },
        rule_id: d.rule,
        rule_index,
    }
}

/// The report as a SARIF 2.1.0 log.
pub fn render_sarif(report: &Report) -> String {
    let catalog = crate::rules();
    let rules = catalog
        .iter()
        .map(|rule| RuleEntry {
            default_configuration: Configuration {
                level: level(rule.default_severity),
            },
            full_description: Text::new(rule.doc),
            help: Text::new(format!(
                "{} Run `syncplan rules` for the whole catalog.",
                rule.doc
            )),
            id: rule.id,
            name: rule.id,
            short_description: Text::new(rule.doc),
        })
        .collect();
    let results = report
        .diagnostics
        .iter()
        .map(|d| result(d, catalog.iter().position(|r| r.id == d.rule).unwrap_or(0)))
        .collect();
    let log = Log {
        schema: SCHEMA,
        runs: [Run {
            column_kind: "utf16CodeUnits",
            results,
            tool: Tool {
                driver: Driver {
                    information_uri: INFORMATION_URI,
                    name: "syncplan",
                    rules,
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    let mut text = crate::json::to_pretty(&log);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(
            super::fingerprint(&["a", "b"]),
            super::fingerprint(&["a", "b"])
        );
        assert_ne!(
            super::fingerprint(&["ab", ""]),
            super::fingerprint(&["a", "b"])
        );
    }
}
