//! JIM preview: the bytes before the first 0xFF are a configuration, the rest a state.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::Document;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (config, state) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let config = Document { name: Some("config.json"), bytes: config };
    let state = Document { name: Some("state.json"), bytes: state };
    let report = syncplan::jim::preview(&config, &state);
    let _ = report.to_json();
});
