#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod algorithm;
mod canonical;
mod error;
#[cfg(feature = "normalized-urls")]
mod legacy_qs;
pub mod payload;
mod signer;
mod urls;
mod validator;

#[cfg(feature = "actix")]
pub mod actix;

pub use algorithm::{Algorithm, SignatureSettings};
pub use error::Error;
pub use signer::{SignedJson, Signer};
/// The credential type of the twilio-* crates (zeroised on drop, redacted in
/// `Debug`/`Display`); auth tokens and SharedKey secrets are held in it.
pub use twilio_types::Secret;
pub use validator::{SIGNATURE_HEADER, Validator, ValidatorBuilder, WebhookRequest};

use std::fmt::Write as _;

use sha2::Digest as _;

/// The header carrying Twilio's idempotency token, the same on every retry of a delivery.
pub const IDEMPOTENCY_TOKEN_HEADER: &str = "I-Twilio-Idempotency-Token";

/// Decodes an `application/x-www-form-urlencoded` body into name/value pairs, in
/// order, keeping repeated names (`+` is a space; invalid UTF-8 is replaced).
///
/// Decoded by the `form_urlencoded` crate (the WHATWG rules): pieces split at `&`,
/// empty ones skipped, a name without `=` gets an empty value, a `%` not followed by
/// two hex digits stays as it is.
///
/// ```
/// let params = twilio_webhook::parse_form(b"From=%2B15005550006&Body=Hi+there&&Flag");
/// assert_eq!(params, [
///     ("From".to_owned(), "+15005550006".to_owned()),
///     ("Body".to_owned(), "Hi there".to_owned()),
///     ("Flag".to_owned(), String::new()),
/// ]);
/// ```
pub fn parse_form(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// The lower-case hex SHA-256 of a body, as Twilio puts in `bodySHA256`.
pub fn body_sha256_hex(body: &[u8]) -> String {
    sha2::Sha256::digest(body)
        .iter()
        .fold(String::with_capacity(64), |mut out, b| {
            // Writing to a `String` cannot fail.
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// The first `bodySHA256` query parameter of `url`, decoded, if any.
pub fn body_sha256_param(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "bodySHA256")
        .map(|(_, v)| v.into_owned())
}

/// `url` with `bodySHA256=<hex sha256 of body>` appended to its query.
pub fn with_body_sha256(url: &str, body: &[u8]) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    // The query starts at the first `?`; join with `&` unless it is empty or ends in one.
    let sep = match base.split_once('?') {
        None => "?",
        Some((_, q)) if q.is_empty() || q.ends_with('&') => "",
        Some(_) => "&",
    };
    let mut out = format!("{base}{sep}bodySHA256={}", body_sha256_hex(body));
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_hash_round_trip() {
        let url = with_body_sha256("https://a.b/x?y=1", b"{}");
        assert_eq!(
            url,
            "https://a.b/x?y=1&bodySHA256=44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(
            body_sha256_param(&url).as_deref(),
            Some(&url[url.len() - 64..])
        );
        // A `?` inside the query must not swallow the new parameter (found by fuzzing).
        let odd = with_body_sha256("x?a=b?", b"");
        assert_eq!(body_sha256_param(&odd).map(|h| h.len()), Some(64));
    }

    /// Nothing outlives a request but the `Validator` itself: no module keeps
    /// request bytes or key material in a thread-local or a `static`. (The patterns
    /// are split so this test's own source does not match them.)
    #[test]
    fn no_state_shared_between_requests() {
        let forbidden = [
            concat!("thread", "_local!"),
            concat!("Once", "Lock"),
            concat!("Lazy", "Lock"),
            concat!("Atomic", "U"),
        ];
        let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut files = 0;
        for entry in std::fs::read_dir(src).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            files += 1;
            for line in text.lines() {
                let item = line.trim_start();
                let item = item.strip_prefix("pub(crate) ").unwrap_or(item);
                let item = item.strip_prefix("pub ").unwrap_or(item);
                let found = item.starts_with(concat!("static", " "))
                    || forbidden.iter().any(|p| line.contains(*p));
                assert!(!found, "{}: {line}", entry.path().display());
            }
        }
        assert!(files >= 8, "the sources were not found in {src}");
    }
}
