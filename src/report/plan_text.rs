//! The plan as text, in terraform's spirit: deletions first and plain, then creates, updates
//! with each property before → after, skips with their reasons, OVERRIDE winners, and one
//! summary line.

use std::fmt::Write;

use super::text::Paint;
use super::Report;
use crate::jupiterone::plan::{Change, Changes, OverrideRow, OverrideStatus, Plan, ValueSource};
use serde_json::Value;

/// Renders the plan part of a report (nothing when the report has no plan).
pub fn render_plan(report: &Report, color: bool) -> String {
    let Some(plan) = &report.plan else {
        return String::new();
    };
    let paint = Paint { color };
    let mut out = String::new();
    let job = &report.job;
    let scope = job
        .reconciled_scope()
        .map(|s| format!(" for scope \"{s}\""))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}",
        paint.wrap("1", &format!("Plan{scope} ({})", job.sync_mode.as_str()))
    );

    let lists = [
        ("entity", &plan.entities),
        ("relationship", &plan.relationships),
    ];
    section(
        &mut out,
        &paint,
        "Delete",
        lists
            .iter()
            .flat_map(|(kind, c)| {
                c.delete.iter().map(move |d| {
                    paint.wrap(
                        "31",
                        &format!("  - {kind} {} ({}): {}", d.key, d.type_name, d.reason),
                    )
                })
            })
            .collect(),
    );
    section(
        &mut out,
        &paint,
        "Create",
        lists
            .iter()
            .flat_map(|(kind, c)| {
                c.create.iter().map(move |d| {
                    let type_name = d.type_name.as_ref().map(|t| format!(" ({t})"));
                    let type_name = type_name.unwrap_or_default();
                    paint.wrap("32", &format!("  + {kind} {}{type_name}", d.key))
                })
            })
            .collect(),
    );
    let updates: Vec<String> = lists
        .iter()
        .flat_map(|(kind, c)| {
            c.update.iter().map(move |u| {
                let id =
                    u.id.as_ref()
                        .map(|id| format!(" [{id}]"))
                        .unwrap_or_default();
                let mut text =
                    paint.wrap("33", &format!("  ~ {kind} {}{id} ({})", u.key, u.type_name));
                for change in &u.changes {
                    text.push('\n');
                    text.push_str(&describe_change(change));
                }
                if u.raw_data_changed {
                    text.push_str("\n      _rawData changed");
                }
                text
            })
        })
        .collect();
    section(&mut out, &paint, "Update", updates);
    section(
        &mut out,
        &paint,
        "Skip",
        lists
            .iter()
            .flat_map(|(kind, c)| {
                c.skipped.iter().map(move |s| {
                    let name = s.key.as_deref().or(s.id.as_deref()).unwrap_or("?");
                    paint.wrap("36", &format!("  ! {kind} {name}: {}", s.reason))
                })
            })
            .collect(),
    );
    let kept = plan.entities.kept.iter().flatten();
    section(
        &mut out,
        &paint,
        "Keep",
        kept.map(|k| format!("  = entity {} ({}): {}", k.key, k.type_name, k.reason))
            .collect(),
    );
    if let Some(rows) = &plan.overrides {
        let own = job.scope.as_deref().unwrap_or("");
        section(
            &mut out,
            &paint,
            "Overrides",
            rows.iter().map(|r| describe_override(r, own)).collect(),
        );
    }
    let unchanged: Vec<String> = [
        (plan.entities.unchanged, "entity", "entities"),
        (
            plan.relationships.unchanged,
            "relationship",
            "relationships",
        ),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect();
    if !unchanged.is_empty() {
        let _ = writeln!(out, "\nUnchanged: {}", unchanged.join(", "));
    }
    let notes = plan.notes.iter().map(|n| format!("  * {n}")).collect();
    section(&mut out, &paint, "Notes", notes);
    let _ = writeln!(out, "\n{}", paint.wrap("1", &summary(plan)));
    out
}

fn section(out: &mut String, paint: &Paint, title: &str, lines: Vec<String>) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{} ({}):", paint.wrap("1", title), lines.len());
    for line in lines {
        let _ = writeln!(out, "{line}");
    }
}

fn describe_change(change: &Change) -> String {
    match (&change.before, &change.after) {
        (None, Some(after)) => format!("      + {}: {}", change.property, show(after)),
        (Some(before), None) => format!("      - {}: {}", change.property, show(before)),
        (Some(before), Some(after)) => format!(
            "      ~ {}: {} → {}",
            change.property,
            show(before),
            show(after)
        ),
        (None, None) => format!("      ~ {}", change.property),
    }
}

fn describe_override(row: &OverrideRow, own: &str) -> String {
    let what = format!("  {} {}", row.id, row.property);
    let (before, after) = (show(&row.before), show(&row.after));
    let origin = match (row.source, &row.winner) {
        (ValueSource::Override, Some(scope)) => format!("override of {scope}"),
        (ValueSource::UpdateEntity, _) => "updateEntity value".to_string(),
        (ValueSource::Entity, _) => "the entity's own value".to_string(),
        _ => "no value".to_string(),
    };
    match row.status {
        OverrideStatus::Set => format!("{what}: {before} → {after} (set by {own})"),
        OverrideStatus::Unchanged => format!("{what}: {after} (unchanged, {origin})"),
        OverrideStatus::Shadowed => format!("{what}: stays {after}: the older {origin} wins; {own}'s value is recorded but shadowed"),
        OverrideStatus::Removed => {
            let note = row.note.as_ref().map(|n| format!("; {n}")).unwrap_or_default();
            format!("{what}: {before} → {after} (override removed; now {origin}{note})")
        }
        OverrideStatus::Skipped => format!("{what}: skipped, no entity has this _id"),
    }
}

/// A value as the plan shows it: compact JSON, cut short when long.
fn show(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// `Plan: 3 to create, 1 to update, 40 to delete, 2 skipped` (and kept, when any).
pub fn summary(plan: &Plan) -> String {
    let total = |f: fn(&Changes) -> usize| f(&plan.entities) + f(&plan.relationships);
    let kept = plan.entities.kept.as_ref().map_or(0, Vec::len);
    let mut line = format!(
        "Plan: {} to create, {} to update, {} to delete, {} skipped",
        total(|c| c.create.len()),
        total(|c| c.update.len()),
        total(|c| c.delete.len()),
        total(|c| c.skipped.len()),
    );
    if kept > 0 {
        line.push_str(&format!(", {kept} kept"));
    }
    line
}
