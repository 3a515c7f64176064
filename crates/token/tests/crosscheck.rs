//! Cross-check with the `jsonwebtoken` crate's own encoder and decoder: its
//! `decode` (with its own time checks on) accepts our tokens, and we accept tokens
//! its `encode` writes (its header bytes, not ours). The independent oracle is
//! twilio-node's `jsonwebtoken` in `differential.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{DecodingKey, EncodingKey, Validation, decode, encode};
use serde_json::{Value, json};
use twilio_token::{
    AccessToken, Algorithm, ClientCapability, Error, SyncGrant, Verifier, VoiceGrant,
};

const SECRET: &str = "cross-check-secret";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn theirs(alg: Algorithm) -> jsonwebtoken::Algorithm {
    match alg {
        Algorithm::Hs384 => jsonwebtoken::Algorithm::HS384,
        Algorithm::Hs512 => jsonwebtoken::Algorithm::HS512,
        _ => jsonwebtoken::Algorithm::HS256,
    }
}

#[test]
fn jsonwebtoken_accepts_our_access_tokens() {
    for alg in Algorithm::ALL {
        let jwt = AccessToken::builder(
            "AC0123456789abcdef0123456789abcdef".parse().unwrap(),
            "SK0123456789abcdef0123456789abcdef".parse().unwrap(),
            SECRET,
        )
        .identity("alice")
        .grant(SyncGrant::new().endpoint_id("e"))
        .grant(VoiceGrant::new().incoming(true))
        .region("au1")
        .algorithm(alg)
        .build()
        .unwrap()
        .to_jwt()
        .unwrap();
        let data = decode::<Value>(
            jwt.as_bytes(),
            &DecodingKey::from_secret(SECRET.as_bytes()),
            &Validation::new(theirs(alg)),
        )
        .unwrap_or_else(|e| panic!("{alg}: {e}"));
        assert_eq!(data.header.cty.as_deref(), Some("twilio-fpa;v=1"));
        assert_eq!(data.claims["grants"]["identity"], "alice");
        assert_eq!(
            data.claims["grants"]["voice"],
            json!({"incoming": {"allow": true}})
        );
        let wrong = decode::<Value>(
            jwt.as_bytes(),
            &DecodingKey::from_secret(b"other"),
            &Validation::new(theirs(alg)),
        );
        assert!(wrong.is_err());
    }
}

#[test]
fn jsonwebtoken_accepts_our_capability_tokens() {
    let jwt = ClientCapability::new(
        "AC0123456789abcdef0123456789abcdef".parse().unwrap(),
        SECRET,
    )
    .allow_client_incoming("bob")
    .to_jwt()
    .unwrap();
    let data = decode::<Value>(
        jwt.as_bytes(),
        &DecodingKey::from_secret(SECRET.as_bytes()),
        &Validation::new(jsonwebtoken::Algorithm::HS256),
    )
    .unwrap();
    assert_eq!(data.claims["scope"], "scope:client:incoming?clientName=bob");
    assert!(data.claims["exp"].is_u64());
}

#[test]
fn we_accept_tokens_jsonwebtoken_signs() {
    for alg in Algorithm::ALL {
        let mut header = jsonwebtoken::Header::new(theirs(alg));
        header.cty = Some("twilio-fpa;v=1".into());
        let t = now();
        let claims = json!({
            "jti": format!("SK0123456789abcdef0123456789abcdef-{t}"),
            "grants": {"identity": "carol", "video": {"room": "r1"}},
            "iat": t, "exp": t + 60,
            "iss": "SK0123456789abcdef0123456789abcdef",
            "sub": "AC0123456789abcdef0123456789abcdef",
        });
        let jwt = encode(
            &header,
            &claims,
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .unwrap();
        let v = Verifier::new(SECRET).verify_access_token(&jwt).unwrap();
        assert_eq!(v.header.alg, alg);
        assert_eq!(v.claims.grants.video().unwrap().room.as_deref(), Some("r1"));
        assert_eq!(v.claims.exp, t + 60);

        let expired = json!({"exp": t - 10});
        let jwt = encode(
            &header,
            &expired,
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .unwrap();
        assert!(matches!(
            Verifier::new(SECRET).verify::<Value>(&jwt),
            Err(Error::Expired { .. })
        ));
        assert!(
            Verifier::new(SECRET)
                .leeway(Duration::from_secs(60))
                .verify::<Value>(&jwt)
                .is_ok()
        );
    }
}
