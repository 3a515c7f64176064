//! No type of this crate that holds a secret shows it in `Debug` output, and the
//! keyed HMAC states are of types that wipe themselves when dropped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use twilio_webhook::actix::WebhookConfig;
use twilio_webhook::{Algorithm, Secret, Signer, Validator};

const TOKEN: &str = "auth-token-0123456789abcdef-DO-NOT-PRINT";
const SHARED: &str = "shared-key-secret-fedcba9876543210-DO-NOT-PRINT";

fn assert_hidden(what: &str, shown: &str) {
    for secret in [TOKEN, SHARED] {
        assert!(!shown.contains(secret), "{what} shows a secret: {shown}");
        // Not even a part of it (a prefix printed by a truncating formatter).
        assert!(
            !shown.contains(&secret[..12]),
            "{what} shows a secret: {shown}"
        );
    }
}

#[test]
fn debug_output_never_contains_a_secret() {
    let builder = Validator::builder()
        .auth_token(TOKEN)
        .shared_key("webhooks_sharedkey_1", SHARED);
    assert_hidden("ValidatorBuilder", &format!("{builder:?} {builder:#?}"));
    let validator = builder.build().unwrap();
    assert_hidden("Validator", &format!("{validator:?} {validator:#?}"));
    // The key id is not a secret and helps in a log.
    assert!(format!("{validator:?}").contains("webhooks_sharedkey_1"));

    for signer in [
        Signer::new(TOKEN),
        Signer::new(SHARED).with_algorithm(Algorithm::HmacSha256),
    ] {
        assert_hidden("Signer", &format!("{signer:?} {signer:#?}"));
    }
    let secret = Secret::new(TOKEN);
    assert_hidden("Secret", &format!("{secret:?} {secret}"));

    let config_builder =
        WebhookConfig::builder(validator.clone()).public_base_url("https://example.com");
    assert_hidden("WebhookConfigBuilder", &format!("{config_builder:?}"));
    let config = config_builder.build().unwrap();
    assert_hidden("WebhookConfig", &format!("{config:?} {config:#?}"));
}

/// The keyed states a `Validator` keeps are `hmac::Hmac` over these hash cores and
/// block buffers; this compiles only while their `zeroize` features are on.
#[test]
fn keyed_states_zeroize_on_drop() {
    fn wiped<T: hmac::digest::zeroize::ZeroizeOnDrop>() {}
    wiped::<<sha1::Sha1 as hmac::EagerHash>::Core>();
    wiped::<<sha2::Sha256 as hmac::EagerHash>::Core>();
    wiped::<hmac::digest::block_api::Buffer<hmac::block_api::HmacCore<sha1::Sha1>>>();
    wiped::<hmac::digest::block_api::Buffer<hmac::block_api::HmacCore<sha2::Sha256>>>();
}
