//! Every rule's cases, from `tests/rules/<id>.md`: what it flags, where and with what message,
//! and what it accepts. The same files are the rule's examples in `cargo doc`.
//!
//! A case is a `#### title` section. Fenced blocks are named by their info string: `json
//! options` (the job options), `json job.json` (a start body), `json snapshot.json`, `json
//! summary.json`, `json upload-N.json` for a sync job; `json config.json` and `json state.json`
//! for JIM. Blocks before `Flagged:` belong to both halves; blocks after `Flagged:` make the rule
//! fire, and the `text` block after `Reported:` says where and how (file:line:column, pointer,
//! message, hint); blocks after `Accepted:` must not make it fire. `SYNCPLAN_WRITE_SNAPSHOTS=1
//! cargo test --test rule_cases` rewrites the `Reported:` blocks for review.

mod common;

use std::fmt::Write as _;

use syncplan::{jim, Diagnostic, Document, JobInput, JobOptions, RunExtras};

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Both,
    Flagged,
    Reported,
    Accepted,
}

struct Input {
    name: String,
    text: String,
}

struct Case {
    title: String,
    both: Vec<Input>,
    flagged: Vec<Input>,
    accepted: Vec<Input>,
    /// The lines of the `Reported:` block's content, as a range of the file's lines.
    reported: Option<std::ops::Range<usize>>,
    /// The line after the last block of the flagged half, where a missing report goes.
    flagged_end: usize,
}

impl Case {
    fn is_jim(&self) -> bool {
        self.both
            .iter()
            .chain(&self.flagged)
            .chain(&self.accepted)
            .any(|input| input.name == "config.json")
    }
}

fn read_cases(file: &str, lines: &[&str]) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut part = Part::Both;
    let mut at = 0;
    while at < lines.len() {
        let line = lines[at];
        if let Some(title) = line.strip_prefix("#### ") {
            cases.push(Case {
                title: title.to_string(),
                both: Vec::new(),
                flagged: Vec::new(),
                accepted: Vec::new(),
                reported: None,
                flagged_end: at + 1,
            });
            part = Part::Both;
        } else if let Some(next) = match line {
            "Flagged:" => Some(Part::Flagged),
            "Reported:" => Some(Part::Reported),
            "Accepted:" => Some(Part::Accepted),
            _ => None,
        } {
            part = next;
        } else if let Some(info) = line.strip_prefix("```").filter(|info| !info.is_empty()) {
            let open = at;
            let close = (open + 1..lines.len())
                .find(|&l| lines[l] == "```")
                .unwrap_or_else(|| panic!("{file}:{}: the block is not closed", open + 1));
            let case = cases
                .last_mut()
                .unwrap_or_else(|| panic!("{file}:{}: a block before the first case", open + 1));
            let text = lines[open + 1..close].join("\n");
            let mut words = info.split(' ');
            let (kind, name) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            match (part, kind) {
                (Part::Reported, "text") => case.reported = Some(open + 1..close),
                (Part::Reported, _) => panic!("{file}:{}: a report is a text block", open + 1),
                (_, "json" | "generated") if !name.is_empty() => {
                    let text = if kind == "generated" {
                        generated(&text)
                    } else {
                        text
                    };
                    let input = Input {
                        name: name.to_string(),
                        text,
                    };
                    match part {
                        Part::Both => case.both.push(input),
                        Part::Flagged => {
                            case.flagged.push(input);
                            case.flagged_end = close + 1;
                        }
                        _ => case.accepted.push(input),
                    }
                }
                _ => panic!("{file}:{}: a block needs a kind and a name", open + 1),
            }
            at = close;
        }
        at += 1;
    }
    cases
}

/// An upload too big to write out, described by its size or its count:
/// `N bytes of entities with 4000-character descriptions`, or `N entities TEMPLATE` where
/// `{i}` in the template is each entity's number from 0.
fn generated(description: &str) -> String {
    let (count, rest) = description
        .split_once(' ')
        .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)))
        .unwrap_or_else(|| panic!("a generated upload starts with a number: {description:?}"));
    let list: Vec<String> = if rest == "bytes of entities with 4000-character descriptions" {
        let text = "d".repeat(4000);
        let entity = |key: &str| {
            format!(
                r#"{{"_key": "{key}", "_type": "src_thing", "_class": "Application", "name": "n", "displayName": "N", "description": "{text}"}}"#
            )
        };
        let one = entity("src:thing:0001").len() + 2;
        (0..count / one + 1)
            .map(|i| entity(&format!("src:thing:{i:08}")))
            .collect()
    } else {
        let template = rest.strip_prefix("entities ").unwrap_or_else(|| {
            panic!("a generated upload is N bytes … or N entities …: {description:?}")
        });
        (0..count)
            .map(|i| template.replace("{i}", &i.to_string()))
            .collect()
    };
    format!(r#"{{"entities": [{}]}}"#, list.join(", "))
}

fn job_options(text: &str) -> JobOptions {
    let value: serde_json::Value = serde_json::from_str(text).expect("the options are JSON");
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).map(str::to_string);
    JobOptions {
        source: field("source"),
        sync_mode: field("syncMode"),
        scope: field("scope"),
        integration_instance_id: field("integrationInstanceId"),
        ignore_duplicates: value.get("ignoreDuplicates").and_then(|v| v.as_bool()),
    }
}

/// Runs a case's shared inputs with one half's, and returns the diagnostics.
fn run(case: &Case, half: &[Input]) -> Vec<Diagnostic> {
    let inputs: Vec<&Input> = case.both.iter().chain(half).collect();
    let named = |name: &str| {
        inputs
            .iter()
            .find(|i| i.name == name)
            .map(|i| Document::new(&i.name, &i.text))
    };
    if case.is_jim() {
        let config = named("config.json").expect("a JIM case has a config.json");
        return match named("state.json") {
            Some(state) => jim::preview(&config, &state).diagnostics,
            None => jim::lint(&config).diagnostics,
        };
    }
    let job = JobInput {
        options: inputs
            .iter()
            .find(|i| i.name == "options")
            .map(|i| job_options(&i.text))
            .unwrap_or_default(),
        body: named("job.json"),
    };
    let uploads: Vec<Document> = inputs
        .iter()
        .filter(|i| i.name.starts_with("upload-"))
        .map(|i| Document::new(&i.name, &i.text))
        .collect();
    let extras = RunExtras {
        summary: named("summary.json"),
        ..RunExtras::default()
    };
    syncplan::lint_with(&job, &uploads, named("snapshot.json").as_ref(), &extras).diagnostics
}

fn report_lines(diagnostics: &[&Diagnostic]) -> String {
    let mut text = String::new();
    for d in diagnostics {
        let at = match (d.line, d.column) {
            (Some(line), Some(column)) => format!("{line}:{column}"),
            _ => "-".to_string(),
        };
        let file = d.file.as_deref().unwrap_or("(options)");
        writeln!(text, "{file}:{at} {:?} {}", d.pointer, d.message).unwrap();
        if let Some(hint) = &d.hint {
            writeln!(text, "  = hint: {hint}").unwrap();
        }
    }
    text
}

fn cases_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// Runs every case of rule `id` and returns its file as this run writes it, with the
/// dialects its cases flag and accept the rule in.
fn check_rule(id: &str) -> (String, Coverage) {
    let path = cases_dir().join(format!("{id}.md"));
    let file = format!("tests/rules/{id}.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{file} is missing"));
    let lines: Vec<&str> = text.lines().collect();
    let cases = read_cases(&file, &lines);
    let mut coverage = Coverage::default();
    // (line to replace from, to, new lines)
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for case in &cases {
        let jim = case.is_jim();
        if !case.flagged.is_empty() {
            let diagnostics = run(case, &case.flagged);
            let hits: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.rule == id).collect();
            assert!(
                !hits.is_empty(),
                "{file}, {:?}: {id} does not fire on the flagged input; the run reports:\n{}",
                case.title,
                report_lines(&diagnostics.iter().collect::<Vec<_>>())
            );
            coverage.flagged(jim);
            let report = report_lines(&hits);
            match &case.reported {
                Some(range) => edits.push((range.start, range.end, report)),
                None => edits.push((
                    case.flagged_end,
                    case.flagged_end,
                    format!("\nReported:\n\n```text\n{report}```\n"),
                )),
            }
        }
        if !case.accepted.is_empty() {
            let diagnostics = run(case, &case.accepted);
            let hits: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.rule == id).collect();
            assert!(
                hits.is_empty(),
                "{file}, {:?}: {id} fires on the accepted input:\n{}",
                case.title,
                report_lines(&hits)
            );
            coverage.accepted(jim);
        }
    }
    let mut written = String::new();
    let mut line = 0;
    for (from, to, replacement) in edits {
        for kept in &lines[line..from] {
            written.push_str(kept);
            written.push('\n');
        }
        written.push_str(&replacement);
        line = to;
    }
    for kept in &lines[line..] {
        written.push_str(kept);
        written.push('\n');
    }
    (written, coverage)
}

#[derive(Default)]
struct Coverage {
    sync: [bool; 2],
    jim: [bool; 2],
}

impl Coverage {
    fn flagged(&mut self, jim: bool) {
        self.dialect(jim)[0] = true;
    }

    fn accepted(&mut self, jim: bool) {
        self.dialect(jim)[1] = true;
    }

    fn dialect(&mut self, jim: bool) -> &mut [bool; 2] {
        if jim {
            &mut self.jim
        } else {
            &mut self.sync
        }
    }
}

#[test]
fn every_rule_flags_and_accepts_its_cases_as_written() {
    let sync = syncplan::rules();
    let jim_rules = jim::rules();
    let mut ids: Vec<&str> = sync.iter().chain(jim_rules).map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let (written, coverage) = check_rule(id);
        if sync.iter().any(|r| r.id == id) {
            assert_eq!(
                coverage.sync, [true; 2],
                "tests/rules/{id}.md needs a sync-job case it flags and one it accepts"
            );
        }
        if jim_rules.iter().any(|r| r.id == id) {
            assert_eq!(
                coverage.jim, [true; 2],
                "tests/rules/{id}.md needs a JIM case it flags and one it accepts"
            );
        }
        common::matches_snapshot(&format!("tests/rules/{id}.md"), &written);
    }
}

#[test]
fn every_case_file_is_a_rule() {
    for entry in std::fs::read_dir(cases_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let id = name.trim_end_matches(".md");
        assert!(
            syncplan::rules()
                .iter()
                .chain(jim::rules())
                .any(|r| r.id == id),
            "tests/rules/{name} is not the cases of a rule in either catalog"
        );
    }
}
