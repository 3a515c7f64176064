//! Fuzzes signature validation and form parsing of `twilio-webhook`.
//!
//! Input layout: `url \0 signature \0 settings \0 body`. Checks that nothing panics,
//! that whatever we sign validates, that a different token never validates, and
//! that the signature of a plainly built reference string (pairs sorted by UTF-16
//! code units, duplicates dropped) validates in any parameter order while an extra
//! parameter breaks it. A validator kept for the whole run checks that nothing
//! carried from one input to the next changes an answer.
#![no_main]

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use libfuzzer_sys::fuzz_target;
use twilio_webhook::{Signer, Validator, WebhookRequest, parse_form};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&b| b == 0);
    let url = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let signature = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let settings = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let body = parts.next().unwrap_or_default();

    let Ok(validator) = Validator::builder()
        .auth_token("fuzz-token")
        .shared_key("key1", "fuzz-shared")
        .build()
    else {
        return;
    };
    let params = parse_form(body);
    let request = WebhookRequest::new(&url, Some(&signature))
        .signature_settings(Some(&settings))
        .form_params(&params)
        .raw_body(body);
    let _ = validator.validate_request(&request);
    let _ = validator.validate(&url, &params, &signature);
    let _ = validator.validate_json(&url, body, &signature);

    // Round trip: our own signature must validate, a foreign one must not.
    let ours = Signer::new("fuzz-token").sign(&url, &params);
    assert!(validator.validate(&url, &params, &ours).is_ok());
    let foreign = Signer::new("other-token").sign(&url, &params);
    assert!(validator.validate(&url, &params, &foreign).is_err());
    // (A URL that already carries bodySHA256 or a fragment is not one Twilio sends.)
    if twilio_webhook::body_sha256_param(&url).is_none() && !url.contains('#') {
        let json = Signer::new("fuzz-token").sign_json(&url, body);
        assert!(
            validator
                .validate_json(&json.url, body, &json.signature)
                .is_ok()
        );
    }

    // The reference: what the signed string is, written as plainly as possible.
    let mut pairs: Vec<(Vec<u16>, Vec<u16>, &str, &str)> = params
        .iter()
        .map(|(k, v)| {
            (
                k.encode_utf16().collect(),
                v.encode_utf16().collect(),
                k.as_str(),
                v.as_str(),
            )
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    let mut signed = url.to_string();
    for (_, _, k, v) in &pairs {
        signed.push_str(k);
        signed.push_str(v);
    }
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(b"fuzz-token") else {
        return;
    };
    mac.update(signed.as_bytes());
    let reference = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    assert!(validator.validate(&url, &params, &reference).is_ok());
    let reversed: Vec<(String, String)> = params.iter().rev().cloned().collect();
    assert!(validator.validate(&url, &reversed, &reference).is_ok());
    // With no port and no normalised fallbacks, every other candidate URL is at least
    // as long as `url`, so a longer parameter string can never give the same bytes.
    let no_port = url
        .split_once("://")
        .is_none_or(|(_, rest)| !rest.contains(':'));
    let strict = Validator::builder()
        .auth_token("fuzz-token")
        .normalized_url_fallbacks(false)
        .build();
    if let (true, Ok(strict)) = (no_port, strict) {
        let mut extra = params.clone();
        extra.push(("\u{1f600}extra".to_owned(), "1".to_owned()));
        if !params
            .iter()
            .any(|(k, v)| k == "\u{1f600}extra" && v == "1")
        {
            assert!(strict.validate(&url, &extra, &reference).is_err());
        }
    }

    // One validator for the whole run, as an app keeps it: its answers must not
    // depend on the inputs it checked before.
    let long_lived = LONG_LIVED.get_or_init(|| Validator::new("fuzz-token").ok());
    if let Some(long_lived) = long_lived {
        assert!(long_lived.validate(&url, &params, &reference).is_ok());
        assert!(long_lived.validate(&url, &params, &foreign).is_err());
    }
});

static LONG_LIVED: std::sync::OnceLock<Option<Validator>> = std::sync::OnceLock::new();
