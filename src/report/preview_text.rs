//! The JIM preview as text: what happens to each connector-space object that does more than
//! stay joined, each metaverse object's flows and exports, and the counts by outcome.

use std::fmt::Write;

use super::text::Paint;
use crate::jim::preview::outcome::{CsResult, Placed};
use crate::jim::preview::{Export, Preview};

fn show(value: &serde_json::Value) -> String {
    value.to_string()
}

fn export_line(e: &Export) -> String {
    let target = e
        .connected_system_object_id
        .as_deref()
        .map(|id| format!(" {id}"))
        .unwrap_or_default();
    let values: Vec<String> = e
        .attributes
        .iter()
        .map(|v| match &v.before {
            Some(before) => format!("{}: {} → {}", v.name, show(before), show(&v.after)),
            None => format!("{} = {}", v.name, show(&v.after)),
        })
        .collect();
    let detail = if values.is_empty() {
        String::new()
    } else {
        format!(": {}", values.join(", "))
    };
    format!(
        "      → {} {}{target}: {} ({}){detail}",
        e.connected_system, e.object_type, e.change_type, e.outcome
    )
}

/// Renders a preview.
pub fn render_preview(preview: &Preview, color: bool) -> String {
    let paint = Paint { color };
    let mut out = String::new();
    let _ = writeln!(out, "{}", paint.wrap("1", "Connector space"));
    let mut quiet = 0;
    for c in &preview.cs_objects {
        if c.outcome == CsResult::Placed(Placed::Joined) && c.join.is_none() && c.errors.is_empty()
        {
            quiet += 1;
            continue;
        }
        let mut line = format!(
            "  {} {} {}: {}",
            c.connected_system, c.object_type, c.id, c.outcome
        );
        match (&c.join, &c.metaverse_object_id) {
            (Some(join), Some(mv)) => {
                let _ = write!(
                    line,
                    " {mv} by matching rule {} ({} = {})",
                    join.matching_rule,
                    join.attribute,
                    show(&join.value)
                );
            }
            (None, Some(mv)) => {
                let _ = write!(line, " ({mv})");
            }
            _ => {}
        }
        if let Some(problem) = c
            .errors
            .iter()
            .find(|e| c.outcome == CsResult::Failed(e.kind))
        {
            let _ = write!(line, ": {}", problem.message);
        }
        let _ = writeln!(out, "{line}");
        if let Some(scope) = &c.scope {
            if !scope.in_scope || c.outcome == CsResult::Placed(Placed::Projected) {
                let state = if scope.in_scope { "in" } else { "out" };
                let _ = writeln!(
                    out,
                    "      scope: {state} ({}): {}",
                    scope.sync_rule, scope.reason
                );
            }
        }
        for e in c
            .errors
            .iter()
            .filter(|e| c.outcome != CsResult::Failed(e.kind))
        {
            let _ = writeln!(
                out,
                "      {}: {}",
                paint.wrap("31", e.kind.as_str()),
                e.message
            );
        }
    }
    if quiet > 0 {
        let _ = writeln!(out, "  {quiet} more stay joined");
    }
    let _ = writeln!(out, "\n{}", paint.wrap("1", "Metaverse"));
    for m in &preview.mv_objects {
        let outcomes = if m.outcomes.is_empty() {
            "exports only".to_string()
        } else {
            let names: Vec<&str> = m.outcomes.iter().map(|o| o.as_str()).collect();
            names.join(", ")
        };
        let _ = writeln!(out, "  {} ({}): {outcomes}", m.id, m.object_type);
        for c in &m.changes {
            let by = match (&c.sync_rule, c.priority) {
                (Some(rule), Some(p)) => format!(" ({rule}, priority {p})"),
                (Some(rule), None) => format!(" ({rule})"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "      ~ {}: {} → {} {}{by}",
                c.attribute,
                show(&c.before),
                show(&c.after),
                c.status
            );
        }
        for e in &m.exports {
            let _ = writeln!(out, "{}", export_line(e));
        }
        for e in &m.errors {
            let _ = writeln!(
                out,
                "      {}: {}",
                paint.wrap("31", e.kind.as_str()),
                e.message
            );
        }
    }
    let counts: Vec<String> = preview
        .counts
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let _ = writeln!(
        out,
        "\n{}",
        paint.wrap("1", &format!("Outcomes: {}", counts.join(", ")))
    );
    let _ = writeln!(
        out,
        "Deletions: {} of {} objects",
        preview.deletions, preview.objects
    );
    out
}
