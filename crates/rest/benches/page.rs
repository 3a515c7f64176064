//! Decoding a 50-call 2010-04-01 list page (`benches/calls-page.json`, built from the
//! spec's example) into typed `Call`s, the work done for every page fetched. Compared
//! with twilio-node's `CallPage` by `scripts/bench-rest.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use twilio_rest::Domain;
use twilio_rest::api::calls::{Call, CallEvent, CallInstructions, CreateCall};
use twilio_rest::form::ToForm;
use twilio_rest::page::Page;
use twilio_rest::sid::PhoneNumber;

const PAGE: &[u8] = include_bytes!("calls-page.json");

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("rest");
    let page = Page::<Call>::parse(PAGE, Domain::Api).unwrap();
    assert_eq!(page.items().len(), 50);
    assert!(page.has_next());
    group.throughput(Throughput::Elements(1));
    group.bench_function("decode_calls_page", |b| {
        b.iter(|| Page::<Call>::parse(black_box(PAGE), Domain::Api).unwrap())
    });
    let params = CreateCall::new(
        PhoneNumber::new("+15005550006").unwrap(),
        PhoneNumber::new("+15005550001").unwrap(),
        CallInstructions::twiml("<Response><Say>Hello</Say></Response>"),
    )
    .status_callback("https://example.com/status")
    .status_callback_event([CallEvent::Initiated, CallEvent::Answered])
    .timeout(20);
    group.bench_function("encode_create_call", |b| {
        b.iter(|| black_box(&params).to_form().encode())
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
