//! Validating a typical call status callback (15 parameters).
//!
//! `validate_status_callback` is what a handler does per request once the form is
//! decoded (`_new_order`: the same with the parameters' order changing every time,
//! so the order remembered from the previous request never fits); `validate_from_body` adds decoding the raw body; `bare_hmac_sha1` is the
//! floor a user would write: one HMAC-SHA1, keyed per call, over the exact signed
//! bytes (checked below to reproduce the signature); `bare_hmac_sha1_prekeyed`
//! clones an already-keyed HMAC instead, as the validator does (two SHA-1
//! compressions fewer).
//! `tests/oracle/bench-webhook.js` validates the same request with twilio-node;
//! `scripts/bench-webhook.sh` runs both and prints validations/s and both ratios.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use twilio_webhook::{Signer, Validator, parse_form};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const URL: &str = "https://presence.example.com/api/phone/status-callback";
/// Keep in sync with tests/oracle/bench-webhook.js.
const PARAMS: [(&str, &str); 15] = [
    ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
    ("ApiVersion", "2010-04-01"),
    ("CallSid", "CA0123456789abcdef0123456789abcdef"),
    ("CallStatus", "completed"),
    ("Called", "client:alice"),
    ("Caller", "+14155550100"),
    ("Direction", "outbound-dial"),
    ("From", "+14155550100"),
    ("To", "client:alice"),
    ("ParentCallSid", "CAfedcba9876543210fedcba9876543210"),
    ("CallDuration", "42"),
    ("Duration", "1"),
    ("Timestamp", "Mon, 23 Nov 2026 14:00:00 +0000"),
    ("CallbackSource", "call-progress-events"),
    ("SequenceNumber", "3"),
];

fn bench(c: &mut Criterion) {
    let validator = Validator::new(TOKEN).unwrap();
    let params: Vec<(String, String)> = PARAMS
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let signature = Signer::new(TOKEN).sign(URL, &params);
    let body: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(PARAMS)
        .finish();
    validator.validate(URL, &params, &signature).unwrap();

    // The signed bytes: URL, then the parameters sorted by name, name + value.
    let mut sorted = PARAMS;
    sorted.sort_unstable();
    let signed: String = std::iter::once(URL.to_owned())
        .chain(sorted.iter().map(|(k, v)| format!("{k}{v}")))
        .collect();
    let tag = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes())
        .unwrap()
        .chain_update(signed.as_bytes())
        .finalize()
        .into_bytes();
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(tag),
        signature,
        "the bare HMAC must cover exactly the bytes the validator checks"
    );
    let prekeyed = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();

    let mut g = c.benchmark_group("webhook");
    g.bench_function("validate_status_callback", |b| {
        b.iter(|| {
            validator
                .validate(black_box(URL), black_box(&params), black_box(&signature))
                .is_ok()
        })
    });
    // The validator reuses the order it found for the previous request when it still
    // sorts the next one (Twilio sends a webhook's parameters in a fixed order);
    // alternating two orders of the same parameters makes every check sort afresh.
    let reversed: Vec<(String, String)> = params.iter().rev().cloned().collect();
    let orders = [&params, &reversed];
    let mut turn = 0usize;
    g.bench_function("validate_status_callback_new_order", |b| {
        b.iter(|| {
            turn += 1;
            validator
                .validate(
                    black_box(URL),
                    black_box(orders[turn % 2]),
                    black_box(&signature),
                )
                .is_ok()
        })
    });
    g.bench_function("validate_from_body", |b| {
        b.iter(|| {
            let params = parse_form(black_box(body.as_bytes()));
            validator
                .validate(black_box(URL), &params, black_box(&signature))
                .is_ok()
        })
    });
    g.bench_function("bare_hmac_sha1", |b| {
        b.iter(|| {
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(black_box(TOKEN.as_bytes())).unwrap();
            mac.update(black_box(signed.as_bytes()));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("bare_hmac_sha1_prekeyed", |b| {
        b.iter(|| {
            let mut mac = black_box(&prekeyed).clone();
            mac.update(black_box(signed.as_bytes()));
            mac.finalize().into_bytes()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
