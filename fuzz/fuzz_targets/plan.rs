//! Plan: the bytes before the first 0xFF are an upload, the rest a snapshot.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::{plan, Document, FinalizeOptions, JobInput, JobOptions};

const MODES: [&str; 4] = ["DIFF", "PATCH", "CROSS_SCOPE", "OVERRIDE"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let split = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
    let (upload, snapshot) = (&rest[..split], rest.get(split + 1..).unwrap_or_default());
    let job = JobInput::from_options(JobOptions {
        sync_mode: Some(MODES[first as usize % MODES.len()].to_string()),
        scope: Some("s1".to_string()),
        ..JobOptions::default()
    });
    let finalize = FinalizeOptions {
        partial_types: if first & 0x80 != 0 { vec!["t_x".to_string()] } else { Vec::new() },
    };
    let report = plan(
        &job,
        &[Document { name: Some("upload.json"), bytes: upload }],
        &Document { name: Some("snapshot.json"), bytes: snapshot },
        &finalize,
    );
    let _ = report.to_json();
});
