//! Mutation test of the verifier (fuzzing without a fuzzer): every changed token is
//! rejected with a typed error, nothing panics, and the unchanged token passes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, UNIX_EPOCH};

use twilio_token::{
    AccessToken, AccessTokenClaims, Algorithm, CapabilityClaims, ClientCapability, SyncGrant,
    Verifier, VoiceGrant,
};

const SECRET: &str = "robustness-secret";
const MUTATIONS_PER_TOKEN: usize = 4_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One random edit: flip a bit, replace, insert or delete a byte, truncate, or
/// swap two segments.
fn mutate(rng: &mut Rng, token: &str) -> Vec<u8> {
    let mut b = token.as_bytes().to_vec();
    let alphabet = b"ABCabc019-_.=+/ \x00\xff";
    match rng.below(6) {
        0 => {
            let i = rng.below(b.len());
            b[i] ^= 1 << rng.below(8);
        }
        1 => {
            let i = rng.below(b.len());
            b[i] = alphabet[rng.below(alphabet.len())];
        }
        2 => {
            let i = rng.below(b.len() + 1);
            b.insert(i, alphabet[rng.below(alphabet.len())]);
        }
        3 => {
            b.remove(rng.below(b.len()));
        }
        4 => b.truncate(rng.below(b.len())),
        _ => {
            let parts: Vec<&str> = token.split('.').collect();
            let (i, j) = (rng.below(3), rng.below(3));
            let mut p = parts.clone();
            p.swap(i, j);
            b = p.join(".").into_bytes();
        }
    }
    b
}

fn check<T: serde::de::DeserializeOwned + std::fmt::Debug>(token: &str, seed: u64) -> usize {
    let at = UNIX_EPOCH + Duration::from_secs(1_000_100);
    let verifier = Verifier::new(SECRET);
    assert!(verifier.verify_at::<T>(token, at).is_ok());
    let mut rng = Rng(seed);
    let mut rejected = 0;
    for _ in 0..MUTATIONS_PER_TOKEN {
        let bytes = mutate(&mut rng, token);
        let Ok(text) = String::from_utf8(bytes) else {
            rejected += 1; // a &str API cannot even receive it
            continue;
        };
        if text == token {
            continue;
        }
        let result = verifier.verify_at::<T>(&text, at);
        assert!(result.is_err(), "accepted a changed token: {text}");
        // The error's text never carries the secret.
        assert!(!result.unwrap_err().to_string().contains(SECRET));
        rejected += 1;
    }
    rejected
}

#[test]
fn changed_tokens_are_always_rejected() {
    let mut total = 0;
    for (i, alg) in Algorithm::ALL.into_iter().enumerate() {
        let token = AccessToken::builder(
            "AC0123456789abcdef0123456789abcdef".parse().unwrap(),
            "SK0123456789abcdef0123456789abcdef".parse().unwrap(),
            SECRET,
        )
        .identity("alice")
        .grant(SyncGrant::new().endpoint_id("e"))
        .grant(VoiceGrant::new().incoming(true))
        .algorithm(alg)
        .build()
        .unwrap()
        .to_jwt_at(UNIX_EPOCH + Duration::from_secs(1_000_000))
        .unwrap();
        total += check::<AccessTokenClaims>(&token, 0x1234 + i as u64);
    }
    let capability = ClientCapability::new(
        "AC0123456789abcdef0123456789abcdef".parse().unwrap(),
        SECRET,
    )
    .allow_client_incoming("bob")
    .to_jwt_at(UNIX_EPOCH + Duration::from_secs(1_000_000))
    .unwrap();
    total += check::<CapabilityClaims>(&capability, 0x9999);
    assert!(total > 15_000, "only {total} mutations checked");
}
