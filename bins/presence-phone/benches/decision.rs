//! The incoming-call decision in process: signature check of the GET webhook, the
//! cached status lookup and the TwiML render (what `/api/phone/incoming` does per
//! request, without HTTP). Compared with twilio-node by `BENCH=1 scripts/load-presence.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use presence_phone::{config::Messages, twiml};
use twilio_presence::{EndpointId, Event, Identity, MemoryStore, Presence, Timestamp};
use twilio_webhook::{Signer, Validator};

const TOKEN: &str = "bench-auth-token";
const URL: &str = "https://phone.example.com/api/phone/incoming?name=alice";
const CALLBACK: &str = "https://phone.example.com/api/phone/status-callback?identity=alice";

fn decision(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let presence = rt.block_on(Presence::start(MemoryStore::new())).unwrap();
    let alice = Identity::new("alice").unwrap();
    let ep = EndpointId::new("EP1").unwrap();
    rt.block_on(presence.apply(Event::connected(alice, ep, Timestamp::now())))
        .unwrap();
    let no_params: [(&str, &str); 0] = [];
    let signature = Signer::new(TOKEN).sign(URL, &no_params);
    let validator = Validator::new(TOKEN).unwrap();
    let messages = Messages {
        unavailable: "The user is offline right now".to_owned(),
        busy: "The user is busy right now".to_owned(),
        unknown: "Sorry, this user is unknown".to_owned(),
    };
    c.bench_function("presence_phone_incoming_decision", |b| {
        b.iter(|| {
            validator.validate(URL, &no_params, &signature).unwrap();
            let status = presence.status("alice");
            twiml::incoming("alice", status, CALLBACK, &messages).unwrap()
        });
    });
}

criterion_group!(benches, decision);
criterion_main!(benches);
