//! The requests both benches validate, and the two sides they compare.
//!
//! A workload is a list of requests; each request names its URL, one of [`CALLBACKS`]
//! distinct call status callbacks (15 parameters; their `CallSid`, `CallDuration`,
//! `Timestamp` and `SequenceNumber` differ) and its signature. Requests that share a
//! callback share its parameters, so both sides read the same amount of
//! per-request memory: the validator the URL, the decoded pairs and the signature
//! header; the bare HMAC the URL and the callback's sorted `name` + `value` bytes.
#![allow(dead_code, unreachable_pub)]

use std::hint::black_box;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use twilio_webhook::{Signer, Validator};

pub const TOKEN: &str = "0123456789abcdef0123456789abcdef";
pub const URL: &str = "https://presence.example.com/api/phone/status-callback";
/// How many distinct callbacks the workloads cycle through.
pub const CALLBACKS: usize = 64;
/// How many distinct URLs `many_urls` cycles through.
pub const URLS: usize = 4096;

/// Callback `i`, parameters in the order Twilio sends them. Keep in sync with
/// `request` in tests/oracle/bench-webhook.js.
pub fn request(i: usize) -> Vec<(String, String)> {
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

/// One callback's parameters as both sides get them.
pub struct Callback {
    /// The decoded pairs, in the order Twilio sends them (what the validator gets).
    pub params: Vec<(String, String)>,
    /// The form body they were decoded from.
    pub body: String,
    /// Every `name` + `value`, sorted: the parameters' part of the signed string
    /// (what the bare HMAC gets after the URL).
    pub signed_params: Vec<u8>,
}

impl Callback {
    fn new(i: usize) -> Self {
        let params = request(i);
        let mut sorted = params.clone();
        sorted.sort_unstable();
        let signed_params = sorted
            .iter()
            .flat_map(|(k, v)| [k.as_bytes(), v.as_bytes()])
            .flatten()
            .copied()
            .collect();
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&params)
            .finish();
        Self {
            params,
            body,
            signed_params,
        }
    }
}

/// One request: its URL, which callback it carries, and the `X-Twilio-Signature`.
pub struct Request {
    pub url: String,
    pub callback: usize,
    pub signature: String,
}

/// The requests of one workload, and the callbacks they carry.
pub struct Workload {
    pub name: &'static str,
    pub callbacks: Vec<Callback>,
    pub requests: Vec<Request>,
}

impl Workload {
    fn new(name: &'static str, urls: impl Iterator<Item = String>) -> Self {
        let callbacks: Vec<Callback> = (0..CALLBACKS).map(Callback::new).collect();
        let signer = Signer::new(TOKEN);
        let requests = urls
            .enumerate()
            .map(|(i, url)| {
                let callback = i % CALLBACKS;
                let signature = signer.sign(&url, &callbacks[callback].params);
                Request {
                    url,
                    callback,
                    signature,
                }
            })
            .collect();
        Self {
            name,
            callbacks,
            requests,
        }
    }

    /// [`CALLBACKS`] requests to one 55-byte URL.
    pub fn one_endpoint() -> Self {
        Self::new("one_endpoint", (0..CALLBACKS).map(|_| URL.to_owned()))
    }

    /// [`URLS`] requests, each to its own URL (75 to 80 bytes).
    pub fn many_urls() -> Self {
        Self::new(
            "many_urls",
            (0..URLS).map(|i| {
                format!(
                    "https://tenant{:04}.example.com/api/phone/status-callback?site={i}",
                    i % 1000
                )
            }),
        )
    }

    /// Checks that every request validates and that the bare HMAC covers exactly the
    /// bytes the validator checks (it reproduces every signature).
    pub fn check(&self, validator: &Validator, prekeyed: &Hmac<sha1::Sha1>) {
        for (i, r) in self.requests.iter().enumerate() {
            assert!(self.validate(validator, i), "{} {i}", self.name);
            let tag = self.hmac(prekeyed, i);
            assert_eq!(
                base64::engine::general_purpose::STANDARD.encode(tag),
                r.signature
            );
        }
    }

    /// The validator's side: the public call a handler makes for request `i`.
    #[inline]
    pub fn validate(&self, validator: &Validator, i: usize) -> bool {
        let r = &self.requests[i];
        validator
            .validate(
                black_box(&r.url),
                black_box(&self.callbacks[r.callback].params),
                black_box(&r.signature),
            )
            .is_ok()
    }

    /// The floor: a clone of the pre-keyed HMAC-SHA1, the URL and the sorted
    /// parameters' bytes hashed, finalised.
    #[inline]
    pub fn hmac(&self, prekeyed: &Hmac<sha1::Sha1>, i: usize) -> [u8; 20] {
        let r = &self.requests[i];
        let mut mac = black_box(prekeyed).clone();
        mac.update(black_box(r.url.as_bytes()));
        mac.update(black_box(&self.callbacks[r.callback].signed_params));
        mac.finalize().into_bytes().into()
    }
}

/// The validator and the pre-keyed MAC, built once.
pub fn sides() -> (Validator, Hmac<sha1::Sha1>) {
    let validator = Validator::new(TOKEN).expect("a validator");
    let prekeyed = Hmac::<sha1::Sha1>::new_from_slice(TOKEN.as_bytes()).expect("a key");
    (validator, prekeyed)
}
