//! The JavaScript API under WebAssembly: run by wasm-bindgen-test in Node and, with
//! WASM_BINDGEN_USE_BROWSER=1, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array, JSON};
use syncplan::wasm::{lint_js, lint_report, plan_js, plan_report, rules_js, rules_report, JsJob};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const FAULTY: &str = "{\n  \"entities\": [\n    {\"_key\": \"src:é😀:0001\", \"_type\": \"t_x\", \"_class\": \"Application\", \"name\": \"a\"}\n  ]\n}";

fn job() -> JsValue {
    JSON::parse(r#"{"syncMode": "DIFF", "scope": "s1"}"#).unwrap()
}

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        let key = match key.parse::<u32>() {
            Ok(i) => JsValue::from(i),
            Err(_) => JsValue::from_str(key),
        };
        Reflect::get(&v, &key).unwrap()
    })
}

fn uploads(items: &[JsValue]) -> JsValue {
    items.iter().collect::<Array>().into()
}

#[wasm_bindgen_test]
fn lint_reads_strings_and_bytes_alike() {
    let from_text = lint_js(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap();
    let bytes: JsValue = Uint8Array::from(FAULTY.as_bytes()).into();
    let from_bytes = lint_js(
        job(),
        uploads(&[bytes]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        JSON::stringify(&from_text).unwrap(),
        JSON::stringify(&from_bytes).unwrap()
    );
    assert_eq!(
        get(&from_text, &["diagnostics", "0", "rule"]),
        "entity-required"
    );
    assert_eq!(get(&from_text, &["diagnostics", "0", "line"]), 3);
    assert_eq!(get(&from_text, &["diagnostics", "0", "column"]), 5);
    assert_eq!(
        get(&from_text, &["diagnostics", "0", "file"]),
        "upload-1.json"
    );
    assert_eq!(get(&from_text, &["summary", "errors"]), 1);
}

#[wasm_bindgen_test]
fn file_names_and_the_start_body_come_from_options() {
    let options = JSON::parse(r#"{"files": ["people.json"], "jobFile": "start.json", "jobBody": "{\"source\": \"api\"}"}"#).unwrap();
    let report = lint_js(
        JsValue::UNDEFINED,
        uploads(&[FAULTY.into()]),
        JsValue::NULL,
        options,
    )
    .unwrap();
    assert_eq!(
        get(&report, &["diagnostics", "0", "rule"]),
        "job-scope-required"
    );
    assert_eq!(get(&report, &["diagnostics", "0", "file"]), "start.json");
    assert_eq!(get(&report, &["diagnostics", "1", "file"]), "people.json");
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_and_the_module_survives() {
    let bad_job = JSON::parse(r#"{"mode": "DIFF"}"#).unwrap();
    let err = lint_js(
        bad_job,
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    let err: js_sys::Error = err.dyn_into().unwrap();
    assert!(String::from(err.message()).contains("unknown field `mode`"));
    let err = lint_js(
        job(),
        JsValue::from(42),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    let err = lint_js(
        job(),
        uploads(&[JsValue::from(1)]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    let err: js_sys::Error = err.dyn_into().unwrap();
    assert_eq!(
        String::from(err.message()),
        "uploads[0] must be text (a string) or bytes (an ArrayBuffer or a typed array such as Uint8Array)"
    );
    // Still usable.
    let report = lint_js(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(get(&report, &["summary", "errors"]), 1);
}

#[wasm_bindgen_test]
fn text_report_and_catalog() {
    let options = JSON::parse(r#"{"format": "text", "files": ["people.json"]}"#).unwrap();
    let result = lint_report(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        options,
    )
    .unwrap();
    let output = get(&result, &["output"]).as_string().unwrap();
    assert!(
        output.contains("--> people.json:3:5 (/entities/0)"),
        "{output}"
    );
    assert!(output.contains("    ^"), "{output}");
    assert_eq!(get(&result, &["unreadable"]), false);
    assert_eq!(get(&result, &["summary", "errors"]), 1);

    let catalog = Array::from(&rules_js(None).unwrap());
    assert_eq!(catalog.length() as usize, syncplan::rules().len());
    assert_eq!(get(&catalog.get(0), &["id"]), "invalid-json");
    assert!(rules_report(Some("text".into()), None)
        .unwrap()
        .contains("duplicate-key"));
    let jim = rules_report(Some("text".into()), Some("jim".into())).unwrap();
    assert!(jim.contains("jim-unscoped-sibling"));
    assert!(rules_report(None, Some("ldap".into())).is_err());
    assert!(rules_report(Some("yaml".into()), None).is_err());
}

const HRIS_BEFORE: &str = include_str!("fixtures/plan/hris-before.json");
const HRIS_TODAY: &str = include_str!("fixtures/plan/hris-today.json");

fn hris_job() -> JsValue {
    JSON::parse(r#"{"syncMode": "DIFF", "scope": "hris"}"#).unwrap()
}

#[wasm_bindgen_test]
fn plan_is_byte_identical_to_the_native_report() {
    let bytes: JsValue = Uint8Array::from(HRIS_BEFORE.as_bytes()).into();
    let result = plan_report(
        hris_job(),
        uploads(&[HRIS_TODAY.into()]),
        bytes,
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap();
    // The native test compares its report with the same file.
    assert_eq!(
        get(&result, &["output"]).as_string().unwrap(),
        include_str!("fixtures/plan/hris-report.json")
    );
    assert_eq!(get(&result, &["deletions"]), 3);
    assert_eq!(get(&result, &["previousObjects"]), 7);

    let finalize = JSON::parse(r#"{"partialDatasets": {"types": ["hr_person"]}}"#).unwrap();
    let report = plan_js(
        hris_job(),
        uploads(&[HRIS_TODAY.into()]),
        HRIS_BEFORE.into(),
        finalize,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        get(&report, &["plan", "entities", "kept", "0", "_key"]),
        "hr:person:p2"
    );
    let err = plan_js(
        hris_job(),
        uploads(&[HRIS_TODAY.into()]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
}

#[wasm_bindgen_test]
fn job_mirrors_the_lifecycle() {
    let mut job = JsJob::new(hris_job()).unwrap();
    assert_eq!(job.state(), "AWAITING_UPLOADS");
    let first = Array::from(
        &job.upload(HRIS_TODAY.into(), Some("batch-1.json".into()))
            .unwrap(),
    );
    assert!(first.length() > 0);
    // The same batch again: every _key is now a duplicate.
    let second = Array::from(&job.upload(HRIS_TODAY.into(), None).unwrap());
    let duplicates = second
        .iter()
        .filter(|d| get(d, &["rule"]) == "duplicate-key")
        .count();
    assert_eq!(duplicates, 7);
    assert_eq!(
        get(&second.get(second.length() - 1), &["file"]),
        "upload-2.json"
    );

    let report = job
        .finalize(HRIS_BEFORE.into(), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(job.state(), "FINISHED");
    assert_eq!(
        get(&report, &["plan", "counters", "numEntitiesUploaded"]),
        8
    );
    let err = job.upload(HRIS_TODAY.into(), None).unwrap_err();
    assert_eq!(get(&err, &["code"]), "JOB_NOT_AWAITING_UPLOADS");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert!(job
        .finalize(HRIS_BEFORE.into(), JsValue::UNDEFINED)
        .is_err());

    let mut aborted = JsJob::new(hris_job()).unwrap();
    aborted.abort().unwrap();
    assert_eq!(aborted.state(), "ABORTED");
    assert_eq!(
        get(&aborted.upload("{}".into(), None).unwrap_err(), &["code"]),
        "JOB_NOT_AWAITING_UPLOADS"
    );
}

#[wasm_bindgen_test]
fn jim_preview_through_the_api() {
    use syncplan::wasm::{jim_lint_js, jim_preview_js};
    let config = include_str!("../examples/jim/config.json");
    let state = include_str!("../examples/jim/state.json");
    let report = jim_preview_js(config.into(), state.into(), JsValue::UNDEFINED).unwrap();
    // The same report as the native test's golden file.
    assert_eq!(
        JSON::stringify_with_replacer_and_space(&report, &JsValue::NULL, &JsValue::from(2))
            .unwrap(),
        include_str!("fixtures/jim/example-report.json").trim_end()
    );
    let lint = jim_lint_js(config.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&lint, &["summary", "warnings"]), 1);
    assert!(jim_preview_js(config.into(), JsValue::UNDEFINED, JsValue::UNDEFINED).is_err());
}

#[path = "common/jim_population.rs"]
mod jim_population;

#[wasm_bindgen_test]
fn a_large_jim_report_is_written_into_javascript_whole() {
    use syncplan::wasm::jim_report;
    use syncplan::Document;
    let config = include_str!("../examples/jim/config.json");
    // Several pieces of report, with characters of two, three and four bytes throughout, so
    // that pieces end inside characters.
    let state = jim_population::state(3_000)
        .replace("Engineering", "Ingeniería 工程 😀")
        .replace("Lovelace", "Lövelace");
    let native = syncplan::jim::preview(
        &Document::new("config.json", config),
        &Document::new("state.json", &state),
    )
    .to_json();
    assert!(
        native.len() > 3 << 20,
        "{} bytes: more than three pieces",
        native.len()
    );
    let rendered = jim_report(config.into(), state.as_str().into(), JsValue::UNDEFINED).unwrap();
    let output = get(&rendered, &["output"]).as_string().unwrap();
    assert!(output.contains("Ingeniería 工程 😀"));
    assert_eq!(output, native);
}

#[wasm_bindgen_test]
fn text_written_into_javascript_keeps_characters_cut_between_writes() {
    use std::io::Write;
    use syncplan::wasm::js_text::JsText;
    // serde_json writes whole characters; any other writer may cut one between two writes,
    // and a cut may fall where a piece is handed over.
    let text = format!("{}é工😀", "a".repeat((1 << 20) - 1)).repeat(3);
    let mut written = JsText::default();
    for chunk in text.as_bytes().chunks(7) {
        written.write_all(chunk).unwrap();
    }
    assert_eq!(String::from(written.finish()), text);
    // Bytes that are no UTF-8 are replaced, not held back.
    let mut written = JsText::default();
    written.write_all(b"ok \xff done").unwrap();
    assert_eq!(String::from(written.finish()), "ok \u{fffd} done");
}

#[wasm_bindgen_test]
fn the_hostile_suite_in_one_instance_then_a_clean_payload() {
    let run = |input: JsValue| -> JsValue {
        lint_js(
            job(),
            uploads(&[input]),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        )
        .unwrap()
    };
    let bytes = |b: &[u8]| -> JsValue { Uint8Array::from(b).into() };
    let numbers = vec!["7"; 1_000_000].join(",");
    let many = format!("{{\"entities\": [{}]}}", vec!["42"; 100_000].join(","));
    let cases: Vec<(JsValue, &str)> = vec![
        (format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into(), "invalid-json"),
        (format!("{{\"entities\": [{{\"_key\": \"k:0000000001\", \"_type\": \"t_x\", \"_class\": \"Application\", \"name\": \"{}\", \"displayName\": \"A\"}}]}}", "x".repeat(20 << 20)).into(), "string-too-long"),
        (format!("{{\"entities\": [{{\"_key\": \"k:0000000001\", \"_type\": \"t_x\", \"_class\": \"Application\", \"name\": \"a\", \"displayName\": \"A\", \"n\": [{numbers}, \"x\"]}}]}}").into(), "property-value-type"),
        (bytes(b"{\"entities\": [\"\xFF\"]}"), "invalid-json"),
        (bytes(b"\xEF\xBB\xBF{\"entities\": [1]}"), "upload-shape"),
        (r#"{"entities": [{"name": "\ud800"}]}"#.into(), "invalid-json"),
        (r#"{"entities": [{"_key": "k:0000000001", "_key": "k:0000000002"}]}"#.into(), "duplicate-member"),
        (r#"{"entities": [], "n": 9007199254740993}"#.into(), "unsafe-integer"),
        (r#"{"entities": [NaN]}"#.into(), "invalid-json"),
        (r#"{"entities": [1,]}"#.into(), "invalid-json"),
        ("{\"entities\": [] /* c */}".into(), "invalid-json"),
        ("{\"entities\": []}\u{0}".into(), "invalid-json"),
        (many.into(), "upload-shape"),
    ];
    for (input, rule) in cases {
        let report = run(input);
        let rules: Vec<String> = Array::from(&get(&report, &["diagnostics"]))
            .iter()
            .map(|d| get(&d, &["rule"]).as_string().unwrap())
            .collect();
        assert!(
            rules.iter().any(|r| r == rule),
            "expected {rule}, got {rules:?}"
        );
    }
    // CRLF positions and then a clean payload, in the same instance.
    let crlf = "{\r\n\"entities\": [\r\n  {\"_key\": \"k:0000000001\", \"_type\": \"t_x\", \"_class\": \"Application\", \"name\": \"a\"}\r\n]}";
    let report = run(crlf.into());
    assert_eq!(get(&report, &["diagnostics", "0", "line"]), 3);
    assert_eq!(get(&report, &["diagnostics", "0", "column"]), 3);
    let clean = r#"{"entities": [{"_key": "k:0000000001", "_type": "t_x", "_class": "Application", "name": "a", "displayName": "A"}]}"#;
    let report = run(clean.into());
    assert_eq!(get(&report, &["summary", "errors"]), 0);
    assert_eq!(Array::from(&get(&report, &["diagnostics"])).length(), 0);
}

#[wasm_bindgen_test]
fn inputs_over_the_limit_are_refused_with_a_message() {
    let half = syncplan::wasm::MAX_INPUT_BYTES as u32 / 2;
    let a: JsValue = Uint8Array::new_with_length(half + 1).into();
    let b: JsValue = Uint8Array::new_with_length(half).into();
    let err = lint_js(
        job(),
        uploads(&[a, b]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    let err: js_sys::Error = err.dyn_into().unwrap();
    assert!(String::from(err.message()).starts_with(
        "the inputs hold 1024 MiB; the WebAssembly build reads at most 1024 MiB per call"
    ));
    // The module is still usable.
    let report = lint_js(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(get(&report, &["summary", "errors"]), 1);
}

#[wasm_bindgen_test]
fn option_members_of_the_wrong_type_are_named() {
    let message = |job: &str, options: &str| {
        let err = lint_js(
            JSON::parse(job).unwrap(),
            uploads(&[FAULTY.into()]),
            JsValue::UNDEFINED,
            JSON::parse(options).unwrap(),
        )
        .unwrap_err();
        String::from(err.dyn_into::<js_sys::Error>().unwrap().message())
    };
    assert_eq!(
        message(r#"{"scope": 5}"#, "{}"),
        "job options: `scope` must be a string, not a number"
    );
    assert_eq!(
        message(r#"{"ignoreDuplicates": "yes"}"#, "{}"),
        "job options: `ignoreDuplicates` must be a boolean, not a string"
    );
    assert_eq!(
        message("{}", r#"{"files": "a.json"}"#),
        "options: `files` must be an array of strings, not a string"
    );
    assert_eq!(
        message("{}", r#"{"rules": ["duplicate-key"]}"#),
        "options: `rules` must be an object of strings, not an array"
    );
    assert_eq!(
        message("{}", r#"{"rules": {"duplicate-key": 2}}"#),
        "options: `rules.duplicate-key` must be a string, not a number"
    );
    assert_eq!(
        message("{}", r#"{"files": ["a.json", null]}"#),
        "options: `files[1]` must be a string, not null"
    );
    // A rule setting and a partial-dataset type read through.
    let options = JSON::parse(r#"{"rules": {"entity-required": "off"}}"#).unwrap();
    let report = lint_js(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        options,
    )
    .unwrap();
    assert_eq!(get(&report, &["summary", "errors"]), 0);
    let previous = r#"{"entities": [{"_id": "1", "_key": "k", "_type": "kept_thing", "_class": "Record", "_scope": "s1"}]}"#;
    let finalize = JSON::parse(r#"{"partialDatasets": {"types": ["kept_thing"]}}"#).unwrap();
    let report = plan_js(
        job(),
        uploads(&[FAULTY.into()]),
        previous.into(),
        finalize,
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(
        get(&report, &["plan", "entities", "kept", "0", "_key"]),
        "k"
    );
    let bad = JSON::parse(r#"{"partialDatasets": ["kept_thing"]}"#).unwrap();
    let err = plan_js(
        job(),
        uploads(&[FAULTY.into()]),
        previous.into(),
        bad,
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(
        String::from(err.dyn_into::<js_sys::Error>().unwrap().message()),
        "finalize options: partialDatasets must be an object"
    );
}

/// What an options object can get wrong, each named: the object itself, a member the function
/// does not take, a member of the wrong type, nested or not, and values JSON cannot hold.
#[wasm_bindgen_test]
fn every_options_object_names_what_is_wrong_with_it() {
    use syncplan::wasm::jim_lint_js;
    let thrown = |result: Result<JsValue, JsValue>| {
        String::from(
            result
                .unwrap_err()
                .dyn_into::<js_sys::Error>()
                .unwrap()
                .message(),
        )
    };
    let lint = |job: &str, options: &str| {
        thrown(lint_js(
            JSON::parse(job).unwrap(),
            uploads(&[FAULTY.into()]),
            JsValue::UNDEFINED,
            JSON::parse(options).unwrap(),
        ))
    };
    let finalize = |finalize: &str| {
        thrown(plan_js(
            job(),
            uploads(&[FAULTY.into()]),
            "{}".into(),
            JSON::parse(finalize).unwrap(),
            JsValue::UNDEFINED,
        ))
    };
    let jim = |options: &str| thrown(jim_lint_js("{}".into(), JSON::parse(options).unwrap()));
    assert_eq!(
        lint(r#"{"mode": "DIFF"}"#, "{}"),
        "job options: unknown field `mode`, expected one of source, syncMode, scope, integrationInstanceId, ignoreDuplicates"
    );
    assert_eq!(lint("[]", "{}"), "job options must be an object");
    assert_eq!(lint("{}", r#""json""#), "options must be an object");
    assert_eq!(
        lint("{}", r#"{"rules": [["duplicate-key", "off"]]}"#),
        "options: `rules` must be an object of strings, not an array"
    );
    assert_eq!(
        lint("{}", r#"{"partialTypes": "aws_instance"}"#),
        "options: `partialTypes` must be an array of strings, not a string"
    );
    assert_eq!(
        lint("{}", r#"{"writeBaseline": 1}"#),
        "options: `writeBaseline` must be a boolean, not a number"
    );
    assert_eq!(
        finalize(r#"{"partialDatasets": {"typos": []}}"#),
        "finalize options: partialDatasets: unknown field `typos`, expected one of types"
    );
    assert_eq!(
        finalize(r#"{"partialDatasets": {"types": "t"}}"#),
        "finalize options: partialDatasets: `types` must be an array of strings, not a string"
    );
    assert_eq!(
        finalize(r#"{"partial": {}}"#),
        "finalize options: unknown field `partial`, expected one of partialDatasets"
    );
    assert_eq!(
        jim(r#"{"format": 5}"#),
        "options: `format` must be a string, not a number"
    );
    assert_eq!(
        jim(r#"{"file": "a.json"}"#),
        "options: unknown field `file`, expected one of configFile, stateFile, format, color"
    );
    // Values JSON cannot hold, named as JavaScript names them.
    let with_member = |name: &str, value: &JsValue| {
        let options = Object::new();
        Reflect::set(&options, &name.into(), value).unwrap();
        thrown(lint_js(
            JsValue::UNDEFINED,
            uploads(&[FAULTY.into()]),
            JsValue::UNDEFINED,
            options.into(),
        ))
    };
    assert_eq!(
        with_member("files", &Array::of1(&JsValue::UNDEFINED).into()),
        "options: `files[0]` must be a string, not undefined"
    );
    assert_eq!(
        with_member("color", &JsValue::bigint_from_str("1")),
        "options: `color` must be a boolean, not a bigint"
    );
    assert_eq!(
        with_member("rules", &js_sys::Function::new_no_args("").into()),
        "options: `rules` must be an object of strings, not a function"
    );
    // `null` is an absent member, as `undefined` is: no scope, default names, no start body.
    let report = lint_js(
        JSON::parse(r#"{"scope": null}"#).unwrap(),
        uploads(&[FAULTY.into()]),
        JsValue::NULL,
        JSON::parse(r#"{"color": null, "files": null, "jobBody": null}"#).unwrap(),
    )
    .unwrap();
    assert_eq!(
        get(&report, &["diagnostics", "0", "rule"]),
        "job-scope-required"
    );
    assert_eq!(get(&report, &["diagnostics", "1", "file"]), "upload-1.json");
}

#[wasm_bindgen_test]
fn an_sdk_summary_is_checked_and_gives_the_plan_its_partial_datasets() {
    let job = JSON::parse(r#"{"source": "integration-external", "integrationInstanceId": "i-1"}"#)
        .unwrap();
    let upload = r#"{"entities": [{"_key": "acme:user:0001", "_type": "acme_user", "_class": "User", "name": "a", "displayName": "A"}]}"#;
    let snapshot = r#"{"entities": [{"_key": "acme:app:0001", "_type": "acme_application", "_class": "Application", "_integrationInstanceId": "i-1"}]}"#;
    let summary = r#"{"integrationStepResults": [{"id": "fetch-apps", "declaredTypes": ["acme_application"], "encounteredTypes": [], "status": "failure"}],
        "metadata": {"partialDatasets": {"types": ["acme_application"]}}}"#;
    let options = JSON::parse(&format!(
        r#"{{"summary": {}, "summaryFile": ".j1-integration/summary.json"}}"#,
        JSON::stringify(&summary.into()).unwrap()
    ))
    .unwrap();
    let report = lint_js(
        job.clone(),
        uploads(&[upload.into()]),
        JsValue::UNDEFINED,
        options.clone(),
    )
    .unwrap();
    assert_eq!(get(&report, &["diagnostics", "0", "rule"]), "step-failed");
    assert_eq!(
        get(&report, &["diagnostics", "0", "file"]),
        ".j1-integration/summary.json"
    );
    // No finalize argument: the summary's partial datasets keep the application.
    let kept = plan_js(
        job.clone(),
        uploads(&[upload.into()]),
        snapshot.into(),
        JsValue::UNDEFINED,
        options.clone(),
    )
    .unwrap();
    assert_eq!(
        get(&kept, &["plan", "entities", "kept", "0", "_key"]),
        "acme:app:0001"
    );
    // A finalize argument is the finalize body, even an empty one.
    let finalize = JSON::parse(r#"{"partialDatasets": {"types": []}}"#).unwrap();
    let deleted = plan_js(
        job,
        uploads(&[upload.into()]),
        snapshot.into(),
        finalize,
        options,
    )
    .unwrap();
    assert_eq!(
        get(&deleted, &["plan", "entities", "delete", "0", "_key"]),
        "acme:app:0001"
    );
}

#[wasm_bindgen_test]
fn a_baseline_written_by_one_call_suppresses_in_the_next() {
    let options = |members: &[(&str, JsValue)]| -> JsValue {
        let object = js_sys::Object::new();
        for (name, value) in members {
            Reflect::set(&object, &JsValue::from_str(name), value).unwrap();
        }
        object.into()
    };
    let first = lint_report(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        options(&[("writeBaseline", true.into())]),
    )
    .unwrap();
    assert_eq!(get(&first, &["summary", "errors"]), 1);
    let baseline = get(&first, &["baseline"]).as_string().unwrap();
    assert!(
        baseline.contains(
            r#"{"rule": "entity-required", "key": "src:é😀:0001", "property": "", "count": 1}"#
        ),
        "{baseline}"
    );

    let text = lint_report(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        options(&[
            ("format", "text".into()),
            ("baseline", baseline.clone().into()),
        ]),
    )
    .unwrap();
    assert_eq!(
        get(&text, &["output"]),
        "✔ no problems (1 suppressed by the baseline)\n"
    );
    assert_eq!(get(&text, &["summary", "errors"]), 0);
    assert!(get(&text, &["baseline"]).is_undefined());

    let bytes: JsValue = Uint8Array::from(baseline.as_bytes()).into();
    let report = lint_js(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        options(&[("baseline", bytes)]),
    )
    .unwrap();
    assert_eq!(get(&report, &["suppressed"]), 1);
    assert_eq!(Array::from(&get(&report, &["diagnostics"])).length(), 0);

    let err = lint_js(
        job(),
        uploads(&[FAULTY.into()]),
        JsValue::UNDEFINED,
        options(&[
            ("baseline", "{}".into()),
            ("baselineFile", "team.json".into()),
        ]),
    )
    .unwrap_err();
    assert_eq!(
        String::from(err.dyn_into::<js_sys::Error>().unwrap().message()),
        "team.json: \"version\" must be 1: not a syncplan baseline; write one with `syncplan lint --write-baseline team.json …`"
    );
}

#[wasm_bindgen_test]
fn numbers_read_in_the_module_round_as_rust_rounds_them() {
    // Short decimals are exact in the module itself; the others are read by JavaScript's
    // parseFloat. Either way each must be the float that Rust's own parser gives.
    let texts = [
        "0.1",
        "7.5",
        "-0.0",
        "1.5e-3",
        "0.30000000000000004",
        "9007199254740993",
        "123456789012345678901234567890",
        "1e23",
        "1e-23",
        "4.9e-324",
        "2.4703282292062328e-324",
        "2.2250738585072011e-308",
        "1.7976931348623157e308",
        "1e-400",
        "0.1000000000000000055511151231257827021181583404541015625",
        "1234567890.12345678901234567890e-5",
        // Exponents past 2^32 must not wrap in a 32-bit index.
        "1e-4294967301",
        "5e-4294967296",
    ];
    let text = format!("[{}]", texts.join(","));
    let arena = syncplan::json::Arena::new();
    let parsed = syncplan::json::parse::parse_noting(&text, &arena).unwrap();
    let syncplan::json::Value::Array(values) = parsed.value else {
        panic!("not an array");
    };
    for (written, value) in texts.iter().zip(values) {
        let syncplan::json::Value::Number(number) = value else {
            panic!("{written} is not a number");
        };
        let expected = written.parse::<f64>().unwrap();
        assert_eq!(
            number.as_f64().map(f64::to_bits),
            Some(expected.to_bits()),
            "{written}"
        );
    }
    for too_big in ["[1.8e308]", "[1e4294967301]", "[1e4294967296]"] {
        let refused = syncplan::json::parse::parse_noting(too_big, &arena).unwrap_err();
        assert_eq!(refused.what, "number out of range", "{too_big}");
    }
}
