//! JIM expressions: parse anything, evaluate what parses against a small object.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::jim::eval::{evaluate, Inputs};
use syncplan::jim::expr::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    let Ok(expr) = parse(source) else { return };
    let attributes: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"name": " Ada ", "n": 512, "list": ["a", "b"], "when": "2024-01-01T00:00:00Z", "empty": ""}"#)
            .unwrap_or_default();
    let inputs = Inputs {
        mv: Some(&attributes),
        cs: Some(&attributes),
        now: Some(1_763_800_000_000),
    };
    let _ = evaluate(&expr, &inputs);
});
