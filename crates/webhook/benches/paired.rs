//! The ratio the webhook speed goal is about: validation time over the bare
//! pre-keyed HMAC-SHA1 time, for the same requests, measured the same way and
//! interleaved so that a shared machine's load falls on both sides alike.
//!
//! For each workload (see `common`), `SAMPLES` samples; a sample times one batch of
//! `BATCH` consecutive requests through each side (the order of the two sides
//! alternates between samples; the batch start moves on each sample, so
//! `many_urls` walks all 4,096 URLs). Each sample gives a ratio; printed are the
//! median ratio and its quartiles, the ratio of the two sides' fastest batches, and
//! the median rates, one JSON object per workload.
//!
//! `cargo bench -p twilio-webhook --bench paired` runs it; `-- loop <side> <n>`
//! (side `validate_one_endpoint`, `hmac_many_urls`, ...) just runs one side `n`
//! times, for `perf stat` / `perf record`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    missing_docs
)]

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::{Workload, sides};

const SAMPLES: usize = 2000;
const BATCH: usize = 128;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Test runners list targets with `--list` (nextest runs `--all-targets`): this one
    // has no tests to list.
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let (validator, prekeyed) = sides();
    let workloads = [Workload::one_endpoint(), Workload::many_urls()];
    for w in &workloads {
        w.check(&validator, &prekeyed);
    }
    if let Some(at) = args.iter().position(|a| a == "loop") {
        let side = args.get(at + 1).expect("loop <side> <n>");
        let n: usize = args
            .get(at + 2)
            .and_then(|n| n.parse().ok())
            .unwrap_or(3_000_000);
        let w = workloads
            .iter()
            .find(|w| side.ends_with(w.name))
            .expect("a side ending in one_endpoint or many_urls");
        let len = w.requests.len();
        let mut ok = 0usize;
        for i in 0..n {
            if side.starts_with("validate") {
                ok += usize::from(w.validate(&validator, i % len));
            } else {
                ok += usize::from(black_box(w.hmac(&prekeyed, i % len))[0] > 0);
            }
        }
        println!("{side}: {n} runs ({ok})");
        return;
    }
    // Run as a test (`cargo test --benches`, no `--bench`): the check above that both
    // sides reproduce every signature is the test; timing is for `cargo bench`.
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let samples = std::env::var("SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SAMPLES);
    for w in &workloads {
        let len = w.requests.len();
        let time = |validate: bool, start: usize| {
            let t = Instant::now();
            for i in start..start + BATCH {
                if validate {
                    black_box(w.validate(&validator, i % len));
                } else {
                    black_box(w.hmac(&prekeyed, i % len));
                }
            }
            t.elapsed()
        };
        // Warm-up: every request through both sides once.
        for start in (0..len).step_by(BATCH) {
            time(true, start);
            time(false, start);
        }
        let mut ratios = Vec::with_capacity(samples);
        let (mut v_times, mut h_times) = (Vec::new(), Vec::new());
        for s in 0..samples {
            let start = (s * BATCH) % len;
            let (v, h) = if s % 2 == 0 {
                let v = time(true, start);
                (v, time(false, start))
            } else {
                let h = time(false, start);
                (time(true, start), h)
            };
            ratios.push(v.as_secs_f64() / h.as_secs_f64());
            v_times.push(v);
            h_times.push(h);
        }
        ratios.sort_by(f64::total_cmp);
        v_times.sort();
        h_times.sort();
        let q = |v: &[f64], p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
        let rate = |d: Duration| BATCH as f64 / d.as_secs_f64();
        println!(
            "{{\"workload\":\"{}\",\"samples\":{},\"ratio_median\":{:.3},\"ratio_q1\":{:.3},\"ratio_q3\":{:.3},\"ratio_fastest\":{:.3},\"validate_per_sec\":{:.0},\"hmac_per_sec\":{:.0},\"validate_fastest_per_sec\":{:.0},\"hmac_fastest_per_sec\":{:.0}}}",
            w.name,
            samples,
            q(&ratios, 0.5),
            q(&ratios, 0.25),
            q(&ratios, 0.75),
            v_times[0].as_secs_f64() / h_times[0].as_secs_f64(),
            rate(v_times[samples / 2]),
            rate(h_times[samples / 2]),
            rate(v_times[0]),
            rate(h_times[0]),
        );
    }
}
