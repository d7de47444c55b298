//! The text rendering for people: diagnostics grouped by file, each with its source line and
//! a caret, then a one-line summary.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Report, Summary, MAX_LISTED_PER_RULE};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::json::lines::LineIndex;
use crate::json::pointer;

/// The text of an input file, so diagnostics can quote their line.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Source lines longer than this are shown as a window around the caret.
const LINE_WINDOW: usize = 100;
/// A rule that fires more often than this in one run is shown as one entry (a real payload
/// can hold thousands of `boolean-name` findings, which would bury everything else); the
/// machine formats still list each diagnostic.
const GROUP_ABOVE: usize = 20;
/// How many of a grouped rule's most frequent properties (or messages) are shown, each
/// with its first diagnostic as the example.
const GROUP_EXAMPLES: usize = 3;

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
    // A list searched in turn: a run has a few files, and a map type compiles code of its own.
    let mut indexes: Vec<(&str, LineIndex, &str)> = Vec::new();
    let mut current_file: Option<Option<&str>> = None;
    let mut grouped = grouped_rules(diagnostics, omitted);
    for d in diagnostics {
        let at = grouped.iter().position(|(rule, _)| *rule == d.rule);
        let group = at.map(|at| grouped[at].1);
        if group == Some(Group::Written) {
            continue;
        }
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
            let at = match indexes.iter().position(|(n, _, _)| *n == name) {
                Some(at) => at,
                None => {
                    let text = sources.iter().find(|s| s.name == name)?.text;
                    indexes.push((name, LineIndex::new(text), text));
                    indexes.len() - 1
                }
            };
            let (_, index, text) = &indexes[at];
            Some((index, *text))
        });
        match group {
            Some(Group::Pending(total)) => {
                write_group(&mut out, &paint, d, total, diagnostics);
                if let Some(at) = at {
                    grouped[at].1 = Group::Written;
                }
            }
            _ => write_diagnostic(&mut out, &paint, d, source),
        }
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

/// Where a grouped rule stands while the diagnostics are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Not yet written: its total, omitted diagnostics included.
    Pending(usize),
    Written,
}

/// The rules that fire more than `GROUP_ABOVE` times in the run. A list searched in turn, not
/// a map: a run has a few dozen rules at most, and every map type compiles code of its own.
fn grouped_rules<'a>(
    diagnostics: &'a [Diagnostic],
    omitted: &BTreeMap<String, usize>,
) -> Vec<(&'a str, Group)> {
    let mut totals: Vec<(&str, usize)> = Vec::new();
    for d in diagnostics {
        match totals.iter_mut().find(|(rule, _)| *rule == d.rule) {
            Some((_, listed)) => *listed += 1,
            None => totals.push((d.rule, 1)),
        }
    }
    let mut grouped = Vec::new();
    for (rule, listed) in totals {
        let total = listed + omitted.get(rule).copied().unwrap_or(0);
        if total > GROUP_ABOVE {
            grouped.push((rule, Group::Pending(total)));
        }
    }
    grouped
}

/// What a grouped diagnostic is counted under: the property it points at, or (for one that
/// points at an object or an index) its message.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    Property(String),
    Message(String),
}

impl GroupKey {
    fn of(d: &Diagnostic) -> GroupKey {
        let last = d.pointer.rsplit('/').next().unwrap_or_default();
        if d.pointer.is_empty() || last.bytes().all(|b| b.is_ascii_digit()) {
            GroupKey::Message(d.message.clone())
        } else {
            GroupKey::Property(pointer::unescape(last).into_owned())
        }
    }
}

/// One entry for every diagnostic of `first`'s rule: the total, then the most frequent
/// properties (or messages), each with its first diagnostic as the example. Ordered by count,
/// then by name, so the same input gives the same text.
fn write_group(
    out: &mut String,
    paint: &Paint,
    first: &Diagnostic,
    total: usize,
    diagnostics: &[Diagnostic],
) {
    // Counted in a sorted list rather than a map (whose code the module would carry for this
    // alone), sorted by `order`, which keeps the module to one compiled sort. Both sorts are
    // stable: a key's first diagnostic stays its first, and equal counts keep key order.
    let mut keyed: Vec<(GroupKey, &Diagnostic)> = diagnostics
        .iter()
        .filter(|d| d.rule == first.rule)
        .map(|d| (GroupKey::of(d), d))
        .collect();
    crate::support::order::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    let mut ranked: Vec<(GroupKey, (usize, &Diagnostic))> = Vec::new();
    for (key, d) in keyed {
        match ranked.last_mut() {
            Some((last, (count, _))) if *last == key => *count += 1,
            _ => ranked.push((key, (1, d))),
        }
    }
    crate::support::order::sort_by(&mut ranked, |(_, (a, _)), (_, (b, _))| b.cmp(a));
    let _ = writeln!(
        out,
        "  {}{}: {} diagnostics, grouped (--format json lists each one)",
        paint.severity(first.severity),
        paint.wrap("2", &format!("[{}]", first.rule)),
        thousands(total)
    );
    for (key, (count, example)) in ranked.iter().take(GROUP_EXAMPLES) {
        let at = match key {
            GroupKey::Property(name) => format!("at property \"{name}\""),
            GroupKey::Message(_) => "with this message".to_string(),
        };
        let place = place(example).unwrap_or_else(|| "job options".to_string());
        let _ = writeln!(out, "    {} {at}, e.g. {place}", thousands(*count));
        let _ = writeln!(out, "      {}", example.message);
        if let Some(hint) = &example.hint {
            let _ = writeln!(out, "      = hint: {hint}");
        }
    }
    let rest = &ranked[ranked.len().min(GROUP_EXAMPLES)..];
    if !rest.is_empty() {
        let more: usize = rest.iter().map(|(_, (count, _))| count).sum();
        let properties = rest
            .iter()
            .filter(|(key, _)| matches!(key, GroupKey::Property(_)))
            .count();
        let what = if properties == rest.len() {
            let noun = if properties == 1 {
                "property"
            } else {
                "properties"
            };
            format!(" at {properties} other {noun}")
        } else if properties == 0 {
            format!(" with {} other message{}", rest.len(), plural(rest.len()))
        } else {
            String::new()
        };
        let _ = writeln!(out, "    … and {} more{what}", thousands(more));
    }
}

/// `7673` → `7,673`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `file:line:column (pointer)`, when the diagnostic has a line.
fn place(d: &Diagnostic) -> Option<String> {
    let (line, column) = (d.line?, d.column?);
    let at = match &d.file {
        Some(name) => format!("{name}:{line}:{column}"),
        None => format!("{line}:{column}"),
    };
    Some(if d.pointer.is_empty() {
        at
    } else {
        format!("{at} ({})", d.pointer)
    })
}

fn write_diagnostic(
    out: &mut String,
    paint: &Paint,
    d: &Diagnostic,
    source: Option<(&LineIndex, &str)>,
) {
    let _ = writeln!(
        out,
        "  {}{}: {}",
        paint.severity(d.severity),
        paint.wrap("2", &format!("[{}]", d.rule)),
        d.message
    );
    let (Some(line), Some(column), Some(place)) = (d.line, d.column, place(d)) else {
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "    = hint: {hint}");
        }
        return;
    };
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let _ = writeln!(out, "  {gutter}--> {place}");
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
    use super::*;

    fn diagnostic(rule: &'static str, pointer: &str, line: u32, message: &str) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Info,
            message: message.to_string(),
            file: Some("upload.json".to_string()),
            pointer: pointer.to_string(),
            line: Some(line),
            column: Some(7),
            hint: Some(format!("hint for {pointer}")),
        }
    }

    /// Entity `i`'s boolean `name`, as boolean-name reports it.
    fn boolean(i: u32, name: &str) -> Diagnostic {
        let pointer = format!("/entities/{i}/{name}");
        diagnostic(
            "boolean-name",
            &pointer,
            i + 2,
            &format!("\"{name}\" is not named is… or has…"),
        )
    }

    #[test]
    fn a_rule_firing_more_than_the_threshold_is_one_entry() {
        // 21 booleans: "enabled" 8 times, "active" and "locked" 5 each (a tie, broken by name),
        // "a~1b" (`a/b`) twice, "deleted" once; and one diagnostic of another rule.
        let mut list = Vec::new();
        for (name, times) in [
            ("locked", 5),
            ("enabled", 8),
            ("active", 5),
            ("a~1b", 2),
            ("deleted", 1),
        ] {
            for _ in 0..times {
                list.push(boolean(list.len() as u32, name));
            }
        }
        list.insert(
            3,
            diagnostic("empty-string", "/entities/3/owner", 5, "\"owner\" is \"\""),
        );
        let summary = Summary {
            errors: 0,
            warnings: 0,
            infos: 22,
        };
        let text = render_diagnostics(&list, &BTreeMap::new(), &summary, &[], false);
        assert_eq!(
            text,
            "upload.json
  info[boolean-name]: 21 diagnostics, grouped (--format json lists each one)
    8 at property \"enabled\", e.g. upload.json:7:7 (/entities/5/enabled)
      \"enabled\" is not named is… or has…
      = hint: hint for /entities/5/enabled
    5 at property \"active\", e.g. upload.json:15:7 (/entities/13/active)
      \"active\" is not named is… or has…
      = hint: hint for /entities/13/active
    5 at property \"locked\", e.g. upload.json:2:7 (/entities/0/locked)
      \"locked\" is not named is… or has…
      = hint: hint for /entities/0/locked
    … and 3 more at 2 other properties
  info[empty-string]: \"owner\" is \"\"
   --> upload.json:5:7 (/entities/3/owner)
    = hint: hint for /entities/3/owner

! 22 problems: 0 errors, 0 warnings, 22 infos
"
        );
        // Twenty are listed one by one.
        list.truncate(20);
        let text = render_diagnostics(&list, &BTreeMap::new(), &summary, &[], false);
        assert!(!text.contains("grouped") && text.matches("info[boolean-name]").count() == 19);
    }

    #[test]
    fn omitted_diagnostics_count_towards_the_group() {
        let list: Vec<Diagnostic> = (0..3).map(|i| boolean(i, "enabled")).collect();
        let omitted = BTreeMap::from([("boolean-name".to_string(), 7_670)]);
        let summary = Summary {
            errors: 0,
            warnings: 0,
            infos: 7_673,
        };
        let text = render_diagnostics(&list, &omitted, &summary, &[], false);
        assert!(
            text.contains("info[boolean-name]: 7,673 diagnostics, grouped"),
            "{text}"
        );
        assert!(
            text.contains("    3 at property \"enabled\", e.g. upload.json:2:7"),
            "{text}"
        );
        assert!(
            text.contains("… and 7670 more boolean-name diagnostics"),
            "{text}"
        );
    }

    #[test]
    fn objects_are_counted_by_message() {
        let list: Vec<Diagnostic> = (0..25)
            .map(|i| {
                let class = if i % 5 == 0 { "Device" } else { "Person" };
                let message = format!("class {class} requires \"email\"");
                diagnostic(
                    "data-model-required",
                    &format!("/entities/{i}"),
                    i + 2,
                    &message,
                )
            })
            .collect();
        let summary = Summary {
            errors: 0,
            warnings: 25,
            infos: 0,
        };
        let text = render_diagnostics(&list, &BTreeMap::new(), &summary, &[], false);
        assert!(text.contains("    20 with this message, e.g. upload.json:3:7 (/entities/1)\n      class Person requires \"email\"\n"), "{text}");
        assert!(text.contains("    5 with this message, e.g. upload.json:2:7 (/entities/0)\n      class Device requires \"email\"\n"), "{text}");
        assert!(!text.contains("… and"), "{text}");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(7_673), "7,673");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

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
