//! Native timings for `make bench`: lints (or plans) the given files several times and prints
//! the median in milliseconds. Called by scripts/bench.mjs on the payloads it generates.
//!
//!     cargo bench --bench native -- lint UPLOAD RUNS
//!     cargo bench --bench native -- plan UPLOAD SNAPSHOT RUNS

use std::time::Instant;

use syncplan::{lint, plan, Document, FinalizeOptions, JobInput, JobOptions};

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let job = JobInput::from_options(JobOptions {
        scope: Some("bench".into()),
        ..JobOptions::default()
    });
    let read = |path: &str| std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let runs: usize = args.last().and_then(|r| r.parse().ok()).unwrap_or(5);
    let samples: Vec<f64> = match args.first().map(String::as_str) {
        Some("lint") => {
            let upload = read(&args[1]);
            (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    let report = lint(
                        &job,
                        &[Document {
                            name: Some("upload.json"),
                            bytes: &upload,
                        }],
                        None,
                    );
                    std::hint::black_box(report);
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect()
        }
        Some("plan") => {
            let (upload, snapshot) = (read(&args[1]), read(&args[2]));
            (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    let report = plan(
                        &job,
                        &[Document {
                            name: Some("upload.json"),
                            bytes: &upload,
                        }],
                        &Document {
                            name: Some("snapshot.json"),
                            bytes: &snapshot,
                        },
                        &FinalizeOptions::default(),
                    );
                    std::hint::black_box(report);
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect()
        }
        _ => {
            eprintln!("usage: native lint UPLOAD RUNS | native plan UPLOAD SNAPSHOT RUNS");
            std::process::exit(2);
        }
    };
    println!("{:.1}", median(samples));
}
