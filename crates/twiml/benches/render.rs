//! Rendering speed: the incoming-call document and a 50-verb document, prebuilt
//! (`render`) and built per iteration (`build+render`). Compare with twilio-node via
//! `scripts/bench-twiml.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support/docs.rs"]
mod docs;

fn bench(c: &mut Criterion) {
    let incoming = docs::incoming_call();
    let fifty = docs::fifty_verbs();
    let mut group = c.benchmark_group("twiml");
    group.bench_function("incoming_call_render", |b| {
        b.iter(|| black_box(&incoming).to_xml().unwrap())
    });
    group.bench_function("fifty_verbs_render", |b| {
        b.iter(|| black_box(&fifty).to_xml().unwrap())
    });
    group.bench_function("incoming_call_build_render", |b| {
        b.iter(|| docs::incoming_call().to_xml().unwrap())
    });
    group.bench_function("fifty_verbs_build_render", |b| {
        b.iter(|| docs::fifty_verbs().to_xml().unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
