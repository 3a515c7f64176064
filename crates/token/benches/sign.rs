//! Signing a typical Voice + Sync Access Token (the presence phone's token).
//!
//! `build_and_sign` does per token what a web handler and twilio-node's usual code
//! do: build the token and its grants, then sign. `tests/oracle/bench-token.js` does
//! the same with twilio-node; `scripts/bench-token.sh` runs both and prints the ratio.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use twilio_token::{
    AccessToken, AccountSid, ApiKeySid, ApplicationSid, Secret, SyncGrant, SyncServiceSid,
    Verifier, VoiceGrant,
};

struct Config {
    account: AccountSid,
    key: ApiKeySid,
    secret: Secret,
    sync_service: SyncServiceSid,
    app: ApplicationSid,
}

fn config() -> Config {
    Config {
        account: "AC0123456789abcdef0123456789abcdef".parse().unwrap(),
        key: "SK0123456789abcdef0123456789abcdef".parse().unwrap(),
        secret: Secret::new("0123456789abcdef0123456789abcdef"),
        sync_service: "IS0123456789abcdef0123456789abcdef".parse().unwrap(),
        app: "AP0123456789abcdef0123456789abcdef".parse().unwrap(),
    }
}

fn presence_token(c: &Config, identity: &str) -> AccessToken {
    AccessToken::builder(c.account.clone(), c.key.clone(), c.secret.clone())
        .identity(identity)
        .grant(
            SyncGrant::new()
                .service_sid(c.sync_service.clone())
                .endpoint_id(format!("TwilioSyncDemo::{identity}:0b6c4f3e-5d1a-4e8b")),
        )
        .grant(
            VoiceGrant::new()
                .incoming(true)
                .outgoing_application_sid(c.app.clone()),
        )
        .build()
        .unwrap()
}

fn bench(crit: &mut Criterion) {
    let c = config();
    let mut group = crit.benchmark_group("token");
    group.bench_function("build_and_sign", |b| {
        b.iter(|| presence_token(&c, black_box("alice")).to_jwt().unwrap());
    });
    let token = presence_token(&c, "alice");
    group.bench_function("sign_prebuilt", |b| {
        b.iter(|| black_box(&token).to_jwt().unwrap());
    });
    let jwt = token.to_jwt().unwrap();
    let verifier = Verifier::new(c.secret.clone());
    group.bench_function("verify", |b| {
        b.iter(|| verifier.verify_access_token(black_box(&jwt)).unwrap());
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
