//! The text rendering for people: diagnostics grouped by file, each with its source line and
//! a caret, then a one-line summary.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::{Report, Summary, MAX_LISTED_PER_RULE};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::json::lines::LineIndex;

/// The text of an input file, so diagnostics can quote their line.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Source lines longer than this are shown as a window around the caret.
const LINE_WINDOW: usize = 100;

/// ANSI styling, or none.
#[derive(Clone, Copy)]
pub(super) struct Paint {
    pub color: bool,
}

impl Paint {
    pub fn wrap(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.wrap(code, severity.as_str())
    }
}

/// Renders a report as text. `color` adds ANSI colours (for terminals only).
pub fn render_text(report: &Report, sources: &[Source], color: bool) -> String {
    let mut out = render_diagnostics(
        &report.diagnostics,
        &report.omitted,
        &report.summary,
        sources,
        color,
    );
    // The baseline's share goes at the end of the summary line, the output's last line.
    if let Some(count) = report.suppressed_count().filter(|&n| n > 0) {
        out.pop();
        let _ = writeln!(out, " ({count} suppressed by the baseline)");
    }
    out
}

/// Renders diagnostics grouped by file, each with its source line, then the summary line.
pub fn render_diagnostics(
    diagnostics: &[Diagnostic],
    omitted: &BTreeMap<String, usize>,
    summary: &Summary,
    sources: &[Source],
    color: bool,
) -> String {
    let paint = Paint { color };
    let mut out = String::new();
    let mut indexes: HashMap<&str, (LineIndex, &str)> = HashMap::new();
    let mut current_file: Option<Option<&str>> = None;
    for d in diagnostics {
        let file = d.file.as_deref();
        if current_file != Some(file) {
            if current_file.is_some() {
                out.push('\n');
            }
            let title = match file {
                Some(name) => name,
                None if d.line.is_some() => "<input>",
                None => "job options",
            };
            let _ = writeln!(out, "{}", paint.wrap("4", title));
            current_file = Some(file);
        }
        let source = file.and_then(|name| {
            if !indexes.contains_key(name) {
                let text = sources.iter().find(|s| s.name == name)?.text;
                indexes.insert(name, (LineIndex::new(text), text));
            }
            indexes.get(name)
        });
        write_diagnostic(&mut out, &paint, d, source);
    }
    if !diagnostics.is_empty() {
        out.push('\n');
    }
    for (rule, count) in omitted {
        let _ = writeln!(
            out,
            "… and {count} more {rule} diagnostic{} (the first {MAX_LISTED_PER_RULE} of each rule are listed)",
            plural(*count)
        );
    }
    if !omitted.is_empty() {
        out.push('\n');
    }
    let s = summary;
    let total = s.errors + s.warnings + s.infos;
    let line = if total == 0 {
        paint.wrap("1;32", "✔ no problems")
    } else {
        let mark = if s.errors > 0 {
            paint.wrap("1;31", "✖")
        } else {
            paint.wrap("1;33", "!")
        };
        format!(
            "{mark} {total} problem{}: {}, {}, {}",
            plural(total),
            count(s.errors, "error"),
            count(s.warnings, "warning"),
            count(s.infos, "info")
        )
    };
    let _ = writeln!(out, "{line}");
    out
}

fn write_diagnostic(
    out: &mut String,
    paint: &Paint,
    d: &Diagnostic,
    source: Option<&(LineIndex, &str)>,
) {
    let _ = writeln!(
        out,
        "  {}{}: {}",
        paint.severity(d.severity),
        paint.wrap("2", &format!("[{}]", d.rule)),
        d.message
    );
    let (Some(line), Some(column)) = (d.line, d.column) else {
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "    = hint: {hint}");
        }
        return;
    };
    let place = match &d.file {
        Some(name) => format!("{name}:{line}:{column}"),
        None => format!("{line}:{column}"),
    };
    let pointer = if d.pointer.is_empty() {
        String::new()
    } else {
        format!(" ({})", d.pointer)
    };
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let _ = writeln!(out, "  {gutter}--> {place}{pointer}");
    if let Some((index, text)) = source {
        let start = index.line_start(line as usize);
        let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let (shown, caret) = window(text[start..end].trim_end_matches('\r'), column as usize);
        let _ = writeln!(out, "  {gutter} |");
        let _ = writeln!(out, "  {} | {shown}", paint.wrap("2", &number));
        let _ = writeln!(
            out,
            "  {gutter} | {}{}",
            " ".repeat(caret),
            paint.wrap("1;31", "^")
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "  {gutter} = hint: {hint}");
    }
}

/// The part of a source line to show and the caret's character offset in it. `column` is in
/// UTF-16 units; tabs show as single spaces so the caret lines up.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let mut units = 0;
    let caret = chars
        .iter()
        .position(|c| {
            let before = units;
            units += c.len_utf16();
            before + 1 >= column
        })
        .unwrap_or(chars.len());
    if chars.len() <= LINE_WINDOW {
        return (chars.into_iter().collect(), caret);
    }
    let from = caret.saturating_sub(LINE_WINDOW / 3);
    let to = (from + LINE_WINDOW).min(chars.len());
    let mut shown = String::new();
    let mut caret_at = caret - from;
    if from > 0 {
        shown.push('…');
        caret_at += 1;
    }
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    (shown, caret_at)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", plural(n))
}

/// The rule catalog as an aligned table.
pub fn render_rules(rules: &[&Rule]) -> String {
    let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = String::new();
    for rule in rules {
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.id,
            rule.default_severity.as_str(),
            rule.doc
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn caret_counts_utf16_columns() {
        // "😀" is two UTF-16 units but one character on screen: column 7 is the `1`.
        assert_eq!(window("\"😀\": 1", 7), ("\"😀\": 1".to_string(), 5));
    }

    #[test]
    fn long_lines_show_a_window() {
        let line = "x".repeat(500);
        let (shown, caret) = window(&line, 301);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), Some('x'));
        assert_eq!(caret, 34);
    }
}
