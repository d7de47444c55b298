//! Markdown for a pull-request comment: counts first, deletions before anything else, long
//! lists folded into `<details>`, diagnostics as a table. Every payload value is escaped, so a
//! value cannot inject markup into the comment.

use std::fmt::Write;

use super::plan_text::summary;
use super::Report;
use crate::jupiterone::plan::{Change, Plan};

/// Lists longer than this are folded.
const FOLD_AFTER: usize = 10;

/// Text for a table cell or a list item: HTML-escaped, pipes escaped, one line.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('`', "&#96;")
        .replace('\r', "")
        .replace('\n', "<br>")
}

fn code(text: &str) -> String {
    format!("<code>{}</code>", escape(text))
}

/// A list, folded into `<details>` when long.
fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let heading = format!("{title} ({})", items.len());
    if items.len() > FOLD_AFTER {
        let _ = writeln!(out, "<details><summary>{heading}</summary>\n");
    } else {
        let _ = writeln!(out, "**{heading}**\n");
    }
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    if items.len() > FOLD_AFTER {
        out.push_str("\n</details>\n");
    }
    out.push('\n');
}

fn change(c: &Change) -> String {
    let show = |v: &serde_json::Value| code(&v.to_string());
    match (&c.before, &c.after) {
        (Some(b), Some(a)) => format!("{}: {} → {}", code(&c.property), show(b), show(a)),
        (None, Some(a)) => format!("{}: added {}", code(&c.property), show(a)),
        (Some(b), None) => format!("{}: removed (was {})", code(&c.property), show(b)),
        (None, None) => code(&c.property),
    }
}

fn render_plan(out: &mut String, report: &Report, plan: &Plan) {
    let scope = report.job.reconciled_scope().unwrap_or("");
    let _ = writeln!(
        out,
        "### Plan for scope {} ({})\n\n{}\n",
        code(scope),
        report.job.sync_mode.as_str(),
        summary(plan)
    );
    out.push_str(
        "| | create | update | delete | skipped | unchanged |\n|---|---:|---:|---:|---:|---:|\n",
    );
    for (name, c) in [
        ("entities", &plan.entities),
        ("relationships", &plan.relationships),
    ] {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} |",
            c.create.len(),
            c.update.len(),
            c.delete.len(),
            c.skipped.len(),
            c.unchanged
        );
    }
    out.push('\n');
    let lists = [
        ("entity", &plan.entities),
        ("relationship", &plan.relationships),
    ];
    let deletions: Vec<String> = lists
        .iter()
        .flat_map(|(kind, c)| {
            c.delete.iter().map(move |d| {
                format!(
                    "{kind} {} ({}): {}",
                    code(&d.key),
                    escape(&d.type_name),
                    escape(&d.reason)
                )
            })
        })
        .collect();
    list(out, "🗑️ Deletions", &deletions);
    let creates: Vec<String> = lists
        .iter()
        .flat_map(|(kind, c)| {
            c.create.iter().map(move |d| match &d.type_name {
                Some(t) => format!("{kind} {} ({})", code(&d.key), escape(t)),
                None => format!("{kind} {}", code(&d.key)),
            })
        })
        .collect();
    list(out, "Creates", &creates);
    let updates: Vec<String> = lists
        .iter()
        .flat_map(|(kind, c)| {
            c.update.iter().map(move |u| {
                let mut parts: Vec<String> = u.changes.iter().map(change).collect();
                if u.raw_data_changed {
                    parts.push("<code>_rawData</code> changed".to_string());
                }
                format!("{kind} {}: {}", code(&u.key), parts.join("; "))
            })
        })
        .collect();
    list(out, "Updates", &updates);
    let skipped: Vec<String> = lists
        .iter()
        .flat_map(|(kind, c)| {
            c.skipped.iter().map(move |s| {
                let name = s.key.as_deref().or(s.id.as_deref()).unwrap_or("");
                format!("{kind} {}: {}", code(name), escape(&s.reason))
            })
        })
        .collect();
    list(out, "Skipped", &skipped);
    let kept: Vec<String> = plan
        .entities
        .kept
        .iter()
        .flatten()
        .map(|k| {
            format!(
                "entity {} ({}): {}",
                code(&k.key),
                escape(&k.type_name),
                escape(&k.reason)
            )
        })
        .collect();
    list(out, "Kept", &kept);
    if let Some(rows) = &plan.overrides {
        let rows: Vec<String> = rows
            .iter()
            .map(|r| {
                let winner = r
                    .winner
                    .as_deref()
                    .map(|w| format!(", winner {}", code(w)))
                    .unwrap_or_default();
                format!(
                    "{} {}: {} → {} ({}{winner})",
                    code(&r.id),
                    code(&r.property),
                    code(&r.before.to_string()),
                    code(&r.after.to_string()),
                    r.status.as_str()
                )
            })
            .collect();
        list(out, "Overrides", &rows);
    }
    let notes: Vec<String> = plan.notes.iter().map(|n| escape(n)).collect();
    list(out, "Notes", &notes);
}

/// The report as a pull-request comment.
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let mark = if s.errors > 0 {
        "❌"
    } else if s.warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(out, "## {mark} syncplan\n");
    out.push_str("| errors | warnings | infos |\n|---:|---:|---:|\n");
    let _ = writeln!(out, "| {} | {} | {} |\n", s.errors, s.warnings, s.infos);
    if let Some(count) = report.suppressed_count().filter(|&n| n > 0) {
        let _ = writeln!(out, "{count} suppressed by the baseline.\n");
    }
    if let Some(plan) = &report.plan {
        render_plan(&mut out, report, plan);
    }
    if report.diagnostics.is_empty() {
        return out;
    }
    let folded = report.diagnostics.len() > FOLD_AFTER;
    if folded {
        let _ = writeln!(
            out,
            "<details><summary>Diagnostics ({})</summary>\n",
            report.diagnostics.len()
        );
    } else {
        out.push_str("### Diagnostics\n\n");
    }
    out.push_str("| severity | rule | where | message |\n|---|---|---|---|\n");
    for d in &report.diagnostics {
        let place = match (&d.file, d.line, d.column) {
            (Some(file), Some(line), Some(column)) => code(&format!("{file}:{line}:{column}")),
            (Some(file), _, _) => code(file),
            _ => "job options".to_string(),
        };
        let mut message = escape(&d.message);
        if let Some(hint) = &d.hint {
            message.push_str(&format!("<br><sub>{}</sub>", escape(hint)));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {place} | {message} |",
            d.severity.as_str(),
            code(d.rule)
        );
    }
    if folded {
        out.push_str("\n</details>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_neutralises_markup() {
        assert_eq!(
            super::escape("<img src=x onerror=alert(1)>|`"),
            "&lt;img src=x onerror=alert(1)&gt;\\|&#96;"
        );
    }
}
