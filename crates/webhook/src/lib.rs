#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod algorithm;
mod canonical;
mod error;
mod legacy_qs;
mod mac;
pub mod payload;
mod secret;
mod signature;
mod signer;
mod urls;
mod validator;

#[cfg(feature = "actix")]
pub mod actix;

pub use algorithm::{Algorithm, SignatureSettings};
pub use error::Error;
pub use secret::Secret;
pub use signer::{SignedJson, Signer};
pub use validator::{SIGNATURE_HEADER, Validator, ValidatorBuilder, WebhookRequest};

use sha2::Digest as _;

/// The header carrying Twilio's idempotency token, the same on every retry of a delivery.
pub const IDEMPOTENCY_TOKEN_HEADER: &str = "I-Twilio-Idempotency-Token";

/// Decodes an `application/x-www-form-urlencoded` body into name/value pairs, in
/// order, keeping repeated names (`+` is a space; invalid UTF-8 is replaced).
///
/// Decodes exactly as the `form_urlencoded` crate (the WHATWG rules): pieces split
/// at `&`, empty ones skipped, a name without `=` gets an empty value, a `%` not
/// followed by two hex digits stays as it is. Each name and value is decoded
/// straight into its own `String`, one allocation each.
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
    let pieces = body.iter().filter(|&&b| b == b'&').count() + 1;
    let mut params = Vec::with_capacity(pieces);
    for piece in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match piece.iter().position(|&b| b == b'=') {
            Some(i) => (&piece[..i], &piece[i + 1..]),
            None => (piece, &[][..]),
        };
        params.push((form_decode(name), form_decode(value)));
    }
    params
}

/// One name or value: `+` to a space, `%XX` to its byte, then UTF-8 (lossy).
fn form_decode(input: &[u8]) -> String {
    if !input.iter().any(|&b| b == b'%' || b == b'+') {
        return String::from_utf8_lossy(input).into_owned();
    }
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut bytes = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        let escaped = (b == b'%')
            .then(|| Some((hex(*input.get(i + 1)?)?, hex(*input.get(i + 2)?)?)))
            .flatten();
        match (b, escaped) {
            (b'+', _) => bytes.push(b' '),
            (_, Some((high, low))) => {
                bytes.push(high << 4 | low);
                i += 2;
            }
            _ => bytes.push(b),
        }
        i += 1;
    }
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// The lower-case hex SHA-256 of a body, as Twilio puts in `bodySHA256`.
pub fn body_sha256_hex(body: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = sha2::Sha256::digest(body);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    out
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

    /// `parse_form` decodes like the `form_urlencoded` crate on generated bodies full
    /// of the characters that matter (`&`, `=`, `+`, `%`, hex digits, bytes that are
    /// not UTF-8 alone).
    #[test]
    fn parse_form_matches_form_urlencoded() {
        let alphabet: &[u8] = b"&&==++%%%0aAfFgz9 \x00\xc3\xa9\xff\xf0\x9f\x98\x80";
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = usize::try_from(state % 24).unwrap();
            let body: Vec<u8> = (0..len)
                .map(|i| {
                    let r = state.rotate_left(u32::try_from(i * 5).unwrap());
                    alphabet[usize::try_from(r % alphabet.len() as u64).unwrap()]
                })
                .collect();
            let expected: Vec<(String, String)> = form_urlencoded::parse(&body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            assert_eq!(parse_form(&body), expected, "round {round}: {body:?}");
        }
    }

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
}
