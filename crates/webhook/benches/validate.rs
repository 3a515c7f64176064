//! Validating typical call status callbacks (15 parameters).
//!
//! The bench cycles through [`REQUESTS`] distinct callbacks to one endpoint (their
//! `CallSid`, `CallDuration`, `Timestamp` and `SequenceNumber` differ), as an app
//! receives them: nothing about a whole request repeats, only what Twilio keeps
//! fixed (URL, account, parameter names and their order).
//!
//! `validate_status_callback` is what a handler does per request once the form is
//! decoded (`_new_order`: the same with the parameters' order changing every time,
//! so the order remembered from the previous request never fits; `_no_shared_prefix`:
//! each request to another URL, so no remembered HMAC state fits either);
//! `validate_from_body` adds decoding the raw body; `bare_hmac_sha1` is the floor a
//! user would write: one HMAC-SHA1, keyed per call, over the exact signed bytes
//! (checked below to reproduce each signature); `bare_hmac_sha1_prekeyed` clones an
//! already-keyed HMAC instead (two SHA-1 compressions fewer).
//! `tests/oracle/bench-webhook.js` validates the same requests with twilio-node;
//! `scripts/bench-webhook.sh` runs both and prints validations/s and both ratios.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use twilio_webhook::{Signer, Validator, parse_form};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const URL: &str = "https://presence.example.com/api/phone/status-callback";
/// How many distinct callbacks the bench cycles through.
const REQUESTS: usize = 64;

/// Callback `i`, parameters in the order Twilio sends them. Keep in sync with
/// `request` in tests/oracle/bench-webhook.js.
fn request(i: usize) -> Vec<(String, String)> {
    [
        (
            "AccountSid",
            "AC0123456789abcdef0123456789abcdef".to_owned(),
        ),
        ("ApiVersion", "2010-04-01".to_owned()),
        (
            "CallSid",
            format!("CA{i:02x}0123456789abcdef0123456789abcd"),
        ),
        ("CallStatus", "completed".to_owned()),
        ("Called", "client:alice".to_owned()),
        ("Caller", "+14155550100".to_owned()),
        ("Direction", "outbound-dial".to_owned()),
        ("From", "+14155550100".to_owned()),
        ("To", "client:alice".to_owned()),
        (
            "ParentCallSid",
            "CAfedcba9876543210fedcba9876543210".to_owned(),
        ),
        ("CallDuration", (40 + i).to_string()),
        ("Duration", "1".to_owned()),
        (
            "Timestamp",
            format!("Mon, 23 Nov 2026 14:00:{:02} +0000", i % 60),
        ),
        ("CallbackSource", "call-progress-events".to_owned()),
        ("SequenceNumber", (i % 4).to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The bytes Twilio signs: the URL, then the parameters sorted by name, name + value.
fn signed_bytes(params: &[(String, String)]) -> Vec<u8> {
    let mut sorted = params.to_vec();
    sorted.sort_unstable();
    std::iter::once(URL.to_owned())
        .chain(sorted.iter().map(|(k, v)| format!("{k}{v}")))
        .collect::<String>()
        .into_bytes()
}

fn bench(c: &mut Criterion) {
    let validator = Validator::new(TOKEN).unwrap();
    let requests: Vec<_> = (0..REQUESTS).map(request).collect();
    let signatures: Vec<String> = requests
        .iter()
        .map(|p| Signer::new(TOKEN).sign(URL, p))
        .collect();
    let bodies: Vec<String> = requests
        .iter()
        .map(|p| {
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(p)
                .finish()
        })
        .collect();
    let signed: Vec<Vec<u8>> = requests.iter().map(|p| signed_bytes(p)).collect();
    for ((params, signature), bytes) in requests.iter().zip(&signatures).zip(&signed) {
        validator.validate(URL, params, signature).unwrap();
        let tag = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes())
            .unwrap()
            .chain_update(bytes)
            .finalize()
            .into_bytes();
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(tag),
            *signature,
            "the bare HMAC must cover exactly the bytes the validator checks"
        );
    }
    let prekeyed = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();
    // The next request of the cycle, as an index.
    let mut turn = 0usize;
    let mut next = move || {
        turn = (turn + 1) % REQUESTS;
        turn
    };

    let mut g = c.benchmark_group("webhook");
    g.bench_function("validate_status_callback", |b| {
        b.iter(|| {
            let i = next();
            validator
                .validate(
                    black_box(URL),
                    black_box(&requests[i]),
                    black_box(&signatures[i]),
                )
                .is_ok()
        })
    });
    // The validator reuses the order it found for the previous request when it still
    // sorts the next one (Twilio sends a webhook's parameters in a fixed order);
    // every other request reversed makes every check sort afresh.
    let reversed: Vec<Vec<(String, String)>> = requests
        .iter()
        .map(|p| p.iter().rev().cloned().collect())
        .collect();
    g.bench_function("validate_status_callback_new_order", |b| {
        b.iter(|| {
            let i = next();
            let params = if i % 2 == 0 {
                &requests[i]
            } else {
                &reversed[i]
            };
            validator
                .validate(black_box(URL), black_box(params), black_box(&signatures[i]))
                .is_ok()
        })
    });
    // Each request to its own URL (64 endpoints, more than a thread remembers), so
    // no HMAC state of an earlier request ever fits: the validator's worst case.
    let urls: Vec<String> = (0..REQUESTS)
        .map(|i| format!("https://presence{i:02}.example.com/api/phone/status-callback"))
        .collect();
    let url_signatures: Vec<String> = requests
        .iter()
        .zip(&urls)
        .map(|(p, url)| Signer::new(TOKEN).sign(url, p))
        .collect();
    g.bench_function("validate_status_callback_no_shared_prefix", |b| {
        b.iter(|| {
            let i = next();
            validator
                .validate(
                    black_box(&urls[i]),
                    black_box(&requests[i]),
                    black_box(&url_signatures[i]),
                )
                .is_ok()
        })
    });
    g.bench_function("validate_from_body", |b| {
        b.iter(|| {
            let i = next();
            let params = parse_form(black_box(bodies[i].as_bytes()));
            validator
                .validate(black_box(URL), &params, black_box(&signatures[i]))
                .is_ok()
        })
    });
    g.bench_function("bare_hmac_sha1", |b| {
        b.iter(|| {
            let i = next();
            let mut mac = Hmac::<sha1::Sha1>::new_from_slice(black_box(TOKEN.as_bytes())).unwrap();
            mac.update(black_box(&signed[i]));
            mac.finalize().into_bytes()
        })
    });
    g.bench_function("bare_hmac_sha1_prekeyed", |b| {
        b.iter(|| {
            let i = next();
            let mut mac = black_box(&prekeyed).clone();
            mac.update(black_box(&signed[i]));
            mac.finalize().into_bytes()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
