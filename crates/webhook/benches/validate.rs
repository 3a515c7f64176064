//! Criterion figures for validating typical call status callbacks (15 parameters)
//! and for the floor: one bare HMAC-SHA1 over the same signed bytes, from an
//! already-keyed MAC (cloned). The workloads and both sides are in `common`:
//! * `one_endpoint`: 64 distinct callbacks to one URL in turn, as an app receives them;
//! * `many_urls`: 4,096 distinct URLs in turn, each request to its own, as a
//!   multi-tenant receiver sees them.
//!
//! `parse_and_validate_one_endpoint` adds decoding the raw body (`parse_form`).
//! Criterion measures each function on its own, minutes apart on a shared machine;
//! for the ratio, `benches/paired.rs` times the two sides interleaved.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;

use std::hint::black_box;

use common::{URL, Workload, sides};
use criterion::{Criterion, criterion_group, criterion_main};
use twilio_webhook::parse_form;

fn bench(c: &mut Criterion) {
    let (validator, prekeyed) = sides();
    let one_endpoint = Workload::one_endpoint();
    let many_urls = Workload::many_urls();
    one_endpoint.check(&validator, &prekeyed);
    many_urls.check(&validator, &prekeyed);

    let mut g = c.benchmark_group("webhook");
    for w in [&one_endpoint, &many_urls] {
        let mut turn = 0usize;
        g.bench_function(format!("validate_{}", w.name), |b| {
            b.iter(|| {
                turn = (turn + 1) % w.requests.len();
                w.validate(&validator, turn)
            })
        });
        g.bench_function(format!("hmac_{}", w.name), |b| {
            b.iter(|| {
                turn = (turn + 1) % w.requests.len();
                w.hmac(&prekeyed, turn)
            })
        });
    }
    let mut turn = 0usize;
    g.bench_function("parse_and_validate_one_endpoint", |b| {
        b.iter(|| {
            turn = (turn + 1) % one_endpoint.requests.len();
            let r = &one_endpoint.requests[turn];
            let body = &one_endpoint.callbacks[r.callback].body;
            let params = parse_form(black_box(body.as_bytes()));
            validator
                .validate(black_box(URL), &params, black_box(&r.signature))
                .is_ok()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
