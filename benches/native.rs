//! Native timings for `make bench`: lints (or plans) the given files several times and prints
//! the median in milliseconds and the peak memory the runs added, in bytes (Linux: the high
//! water mark of resident memory less what was resident once the inputs were read). Called by
//! scripts/bench.mjs on the payloads it generates.
//!
//!     cargo bench --bench native -- lint UPLOAD RUNS
//!     cargo bench --bench native -- plan UPLOAD SNAPSHOT RUNS
//!     cargo bench --bench native -- jim CONFIG STATE RUNS
//!     cargo bench --bench native -- jim-state PEOPLE FILE   (writes a generated JIM state)
//!     cargo bench --bench native -- job BATCHES WARM_UP RUNS   (one upload body a line,
//!                                                               uploaded in turn: `upload_times`)

use std::time::Instant;

#[path = "../tests/common/jim_population.rs"]
mod jim_population;

use syncplan::lifecycle::SyncJob;
use syncplan::{lint, plan, Document, FinalizeOptions, JobInput, JobOptions};

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// A line of /proc/self/status (`VmHWM`, `VmRSS`) in bytes; 0 where there is none.
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.trim().strip_suffix(" kB")?.trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// `job`: uploads each line of `batches` to a job, `runs` jobs in turn, and prints the median
/// time of each upload in milliseconds, one a line, then how many diagnostics the last upload
/// returned. A job of the first `warm_up` lines goes first, so that the first upload measured
/// does not pay for the first touch of the allocator's memory and the tables.
fn upload_times(options: &JobOptions, batches: &[u8], warm_up: usize, runs: usize) {
    let bodies = || {
        batches
            .split(|&b| b == b'\n')
            .filter(|line| !line.is_empty())
    };
    let upload_all = |bodies: &mut dyn Iterator<Item = &[u8]>| {
        let mut job = SyncJob::new(options.clone());
        let mut diagnostics = 0;
        let times: Vec<f64> = bodies
            .map(|body| {
                let start = Instant::now();
                let report = job
                    .upload(None, body.to_vec())
                    .expect("the job awaits uploads");
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                diagnostics = report.diagnostics.len();
                std::hint::black_box(report);
                ms
            })
            .collect();
        (times, diagnostics)
    };
    upload_all(&mut bodies().take(warm_up));
    let mut diagnostics = 0;
    let mut samples: Vec<Vec<f64>> = Vec::new();
    for _ in 0..runs.max(1) {
        let (times, returned) = upload_all(&mut bodies());
        diagnostics = returned;
        samples.resize(times.len(), Vec::new());
        for (upload, ms) in samples.iter_mut().zip(times) {
            upload.push(ms);
        }
    }
    for upload in samples {
        println!("{:.3}", median(upload));
    }
    println!("{diagnostics}");
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
    let resident_with_inputs;
    let samples: Vec<f64> = match args.first().map(String::as_str) {
        Some("job") => {
            let warm_up = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(0);
            upload_times(&job.options, &read(&args[1]), warm_up, runs);
            return;
        }
        Some("lint") => {
            let upload = read(&args[1]);
            resident_with_inputs = status_bytes("VmRSS");
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
            resident_with_inputs = status_bytes("VmRSS");
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
        Some("jim") => {
            let (config, state) = (read(&args[1]), read(&args[2]));
            resident_with_inputs = status_bytes("VmRSS");
            (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    let report = syncplan::jim::preview(
                        &Document {
                            name: Some("config.json"),
                            bytes: &config,
                        },
                        &Document {
                            name: Some("state.json"),
                            bytes: &state,
                        },
                    );
                    // Written out as a native tool writes it (to a file, or stdout), not held
                    // as one string: the wasm build likewise hands its report to JavaScript.
                    let mut out = std::io::BufWriter::new(std::io::sink());
                    report
                        .write_json(&mut out)
                        .expect("a sink takes every byte");
                    start.elapsed().as_secs_f64() * 1000.0
                })
                .collect()
        }
        Some("jim-state") => {
            let people: usize = args[1].parse().expect("a number of people");
            std::fs::write(&args[2], jim_population::state(people)).expect("a writable file");
            return;
        }
        _ => {
            eprintln!("usage: native lint UPLOAD RUNS | native plan UPLOAD SNAPSHOT RUNS | native jim CONFIG STATE RUNS | native jim-state PEOPLE FILE | native job BATCHES WARM_UP RUNS");
            std::process::exit(2);
        }
    };
    let peak = status_bytes("VmHWM").saturating_sub(resident_with_inputs);
    println!("{:.1} {peak}", median(samples));
}
