//! SARIF 2.1.0, for code scanning: every catalog rule with its description and help, results
//! with UTF-16 columns, and fingerprints that stay put when lines move.

use serde_json::{json, Map, Value};

use super::Report;
use crate::diagnostic::{Diagnostic, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://www.npmjs.com/package/syncplan";

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

fn result(d: &Diagnostic, rule_index: usize) -> Value {
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str(&format!("\nHint: {hint}"));
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(d.rule));
    result.insert("ruleIndex".into(), json!(rule_index));
    result.insert("level".into(), json!(level(d.severity)));
    result.insert("message".into(), json!({ "text": message }));
    if let Some(file) = &d.file {
        let mut region = Map::new();
        if let (Some(line), Some(column)) = (d.line, d.column) {
            region.insert("startLine".into(), json!(line));
            region.insert("startColumn".into(), json!(column));
        }
        let mut location = json!({
            "physicalLocation": {
                "artifactLocation": { "uri": file.replace('\\', "/") },
                "region": region,
            }
        });
        if !d.pointer.is_empty() {
            location["logicalLocations"] =
                json!([{ "fullyQualifiedName": d.pointer, "kind": "member" }]);
        }
        result.insert("locations".into(), json!([location]));
    }
    // The rule, the file and the pointer identify a finding across runs, whatever the line.
    let file = d.file.as_deref().unwrap_or("");
    result.insert(
        "partialFingerprints".into(),
        json!({ "syncplanFinding/v1": fingerprint(&[d.rule, file, &d.pointer, &d.message]) }),
    );
    Value::Object(result)
}

/// The report as a SARIF 2.1.0 log.
pub fn render_sarif(report: &Report) -> String {
    let catalog = crate::rules();
    let rules: Vec<Value> = catalog
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": { "text": rule.doc },
                "fullDescription": { "text": rule.doc },
                "help": { "text": format!("{} Run `syncplan rules` for the whole catalog.", rule.doc) },
                "defaultConfiguration": { "level": level(rule.default_severity) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| result(d, catalog.iter().position(|r| r.id == d.rule).unwrap_or(0)))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "syncplan",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
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
