//! Lint: any bytes as an upload body, under a mode picked by the first byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::{lint, Document, JobInput, JobOptions};

const MODES: [&str; 5] = ["DIFF", "PATCH", "CROSS_SCOPE", "OVERRIDE", "CREATE_OR_UPDATE"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, body)) = data.split_first() else { return };
    let job = JobInput::from_options(JobOptions {
        sync_mode: Some(MODES[first as usize % MODES.len()].to_string()),
        scope: (first & 0x80 == 0).then(|| "fuzz-scope".to_string()),
        ignore_duplicates: Some(first & 0x40 != 0),
        ..JobOptions::default()
    });
    let report = lint(&job, &[Document { name: Some("upload.json"), bytes: body }], None);
    let again = lint(&job, &[Document { name: Some("upload.json"), bytes: body }], None);
    assert_eq!(report.to_json(), again.to_json(), "reports repeat byte for byte");
});
