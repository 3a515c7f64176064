//! Validating typical call status callbacks (15 parameters) against the floor: one
//! bare HMAC-SHA1 over the same signed bytes, from an already-keyed MAC (cloned).
//!
//! Two workloads, each measured for both sides:
//! * `one_endpoint`: [`REQUESTS`] distinct callbacks to one URL in turn (their
//!   `CallSid`, `CallDuration`, `Timestamp` and `SequenceNumber` differ), as an app
//!   receives them;
//! * `many_urls`: [`URLS`] distinct URLs in turn, each request to its own, as a
//!   multi-tenant receiver sees them.
//!
//! `validate_*` is `Validator::validate` on the decoded pairs (what a handler does
//! once the form is decoded); `hmac_*` clones a pre-keyed `Hmac<Sha1>` and hashes the
//! exact bytes Twilio signed (checked below to reproduce every signature);
//! `parse_and_validate_one_endpoint` adds decoding the raw body (`parse_form`).
//! `tests/oracle/bench-webhook.js` validates the one-endpoint requests with
//! twilio-node; `scripts/bench-webhook.sh` runs both and prints the ratios.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use twilio_webhook::{Signer, Validator, parse_form};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";
const URL: &str = "https://presence.example.com/api/phone/status-callback";
/// How many distinct callbacks the benches cycle through.
const REQUESTS: usize = 64;
/// How many distinct URLs `many_urls` cycles through.
const URLS: usize = 4096;

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

/// One request as both sides see it: the URL and decoded pairs the validator gets,
/// the signature, and the exact bytes Twilio signed for the bare HMAC.
struct Case {
    url: String,
    params: Vec<(String, String)>,
    body: String,
    signature: String,
    signed: Vec<u8>,
}

impl Case {
    fn new(url: String, params: Vec<(String, String)>) -> Self {
        let mut sorted = params.clone();
        sorted.sort_unstable();
        let signed = std::iter::once(url.clone())
            .chain(sorted.iter().map(|(k, v)| format!("{k}{v}")))
            .collect::<String>()
            .into_bytes();
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&params)
            .finish();
        let signature = Signer::new(TOKEN).sign(&url, &params);
        Self {
            url,
            params,
            body,
            signature,
            signed,
        }
    }
}

/// Checks that every case validates and that the bare HMAC covers exactly the bytes
/// the validator checks (it reproduces the signature).
fn check(validator: &Validator, cases: &[Case]) {
    for case in cases {
        validator
            .validate(&case.url, &case.params, &case.signature)
            .unwrap();
        let tag = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes())
            .unwrap()
            .chain_update(&case.signed)
            .finalize()
            .into_bytes();
        assert_eq!(
            base64::engine::general_purpose::STANDARD.encode(tag),
            case.signature
        );
    }
}

fn bench(c: &mut Criterion) {
    let validator = Validator::new(TOKEN).unwrap();
    let prekeyed = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes()).unwrap();
    let one_endpoint: Vec<Case> = (0..REQUESTS)
        .map(|i| Case::new(URL.to_owned(), request(i)))
        .collect();
    let many_urls: Vec<Case> = (0..URLS)
        .map(|i| {
            let url = format!(
                "https://tenant{:04}.example.com/api/phone/status-callback?site={i}",
                i % 1000
            );
            Case::new(url, request(i % REQUESTS))
        })
        .collect();
    check(&validator, &one_endpoint);
    check(&validator, &many_urls);

    let mut g = c.benchmark_group("webhook");
    for (name, cases) in [("one_endpoint", &one_endpoint), ("many_urls", &many_urls)] {
        let mut turn = 0usize;
        g.bench_function(format!("validate_{name}"), |b| {
            b.iter(|| {
                turn = (turn + 1) % cases.len();
                let case = &cases[turn];
                validator
                    .validate(
                        black_box(&case.url),
                        black_box(&case.params),
                        black_box(&case.signature),
                    )
                    .is_ok()
            })
        });
        g.bench_function(format!("hmac_{name}"), |b| {
            b.iter(|| {
                turn = (turn + 1) % cases.len();
                let mut mac = black_box(&prekeyed).clone();
                mac.update(black_box(&cases[turn].signed));
                mac.finalize().into_bytes()
            })
        });
    }
    let mut turn = 0usize;
    g.bench_function("parse_and_validate_one_endpoint", |b| {
        b.iter(|| {
            turn = (turn + 1) % one_endpoint.len();
            let case = &one_endpoint[turn];
            let params = parse_form(black_box(case.body.as_bytes()));
            validator
                .validate(black_box(URL), &params, black_box(&case.signature))
                .is_ok()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
