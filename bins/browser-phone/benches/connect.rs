//! The browser-call webhook (`/hooks/call/connect`), the app's hot path when users dial:
//! parse the form body, check the signature, read the payload, validate the number
//! against the allow-list, render the `<Dial>` TwiML. Compared with the same steps in
//! twilio-node by `scripts/bench-browser-phone.sh` (`tests/oracle/bench-browser-phone.js`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use actix_web::{App, test};
use browser_phone::{AppState, Config, DestinationPolicy, configure};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, criterion_group, criterion_main};
use twilio_twiml::voice::{Dial, Number, VoiceResponse};
use twilio_webhook::payload::{self, VoiceRequest};
use twilio_webhook::{Signer, Validator};

const AUTH_TOKEN: &str = "0123456789abcdef0123456789abcdef";
const URL: &str = "https://phone.example.com/hooks/call/connect";
const CALLER_ID: &str = "+15005550006";
// Keep in sync with tests/oracle/bench-browser-phone.js: the captured request of §2.5.
const PARAMS: [(&str, &str); 11] = [
    ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
    ("ApiVersion", "2010-04-01"),
    ("ApplicationSid", "AP0123456789abcdef0123456789abcdef"),
    ("CallSid", "CA0123456789abcdef0123456789abcdef"),
    ("CallStatus", "ringing"),
    ("Called", ""),
    ("Caller", "client:alice"),
    ("Direction", "inbound"),
    ("From", "client:alice"),
    ("To", ""),
    ("phoneNumber", "+12035550123"),
];

fn body() -> String {
    PARAMS
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace('+', "%2B").replace(':', "%3A")))
        .collect::<Vec<_>>()
        .join("&")
}

/// The handler's steps through the crates' public APIs, without HTTP.
fn pipeline(group: &mut BenchmarkGroup<'_, WallTime>) {
    let validator = Validator::new(AUTH_TOKEN).unwrap();
    let policy = DestinationPolicy::new(["+1", "+44"]).unwrap();
    let signature = Signer::new(AUTH_TOKEN).sign(URL, &PARAMS);
    let body = body();
    group.bench_function("connect_pipeline", |b| {
        b.iter(|| {
            let params = twilio_webhook::parse_form(black_box(body.as_bytes()));
            validator
                .validate(URL, &params, black_box(&signature))
                .unwrap();
            let hook: VoiceRequest = payload::from_params(&params).unwrap();
            let number = policy
                .check(
                    "phoneNumber",
                    hook.extra.get("phoneNumber").map(String::as_str),
                )
                .unwrap();
            VoiceResponse::new()
                .dial(
                    Dial::new()
                        .caller_id(CALLER_ID)
                        .number(Number::new(number.as_str())),
                )
                .to_xml()
                .unwrap()
        });
    });
}

/// The whole request through the actix app in-process (routing, extractor, handler,
/// response), without a socket.
fn request(group: &mut BenchmarkGroup<'_, WallTime>) {
    let hash = twilio_app_auth::hash_password("bench").unwrap();
    let vars = [
        ("TWILIO_ACCOUNT_SID", PARAMS[0].1.to_owned()),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
        (
            "TWILIO_API_KEY_SID",
            "SK0123456789abcdef0123456789abcdef".to_owned(),
        ),
        ("TWILIO_API_KEY_SECRET", "secret".to_owned()),
        ("TWILIO_TWIML_APP_SID", PARAMS[2].1.to_owned()),
        ("TWILIO_PHONE_NUMBER", CALLER_ID.to_owned()),
        ("PUBLIC_BASE_URL", "https://phone.example.com".to_owned()),
        ("ALLOWED_DESTINATION_PREFIXES", "+1,+44".to_owned()),
        ("APP_USERS", format!("alice:{hash}")),
        (
            "SESSION_SECRET",
            "0123456789abcdef0123456789abcdef".to_owned(),
        ),
        // The limiter runs on every request, but must not refuse during the bench.
        ("RATE_LIMIT_CALLS", "1000000000000".to_owned()),
    ];
    let config = Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })
    .unwrap();
    let state = AppState::new(config).unwrap();
    let signature = Signer::new(AUTH_TOKEN).sign(URL, &PARAMS);
    let body = body();
    let system = actix_web::rt::System::new();
    let app = system.block_on(test::init_service(App::new().configure(configure(state))));
    group.bench_function("connect_request", |b| {
        b.iter(|| {
            let req = test::TestRequest::post()
                .uri("/hooks/call/connect")
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header(("x-twilio-signature", signature.as_str()))
                .set_payload(body.clone())
                .to_request();
            let res = system.block_on(test::call_service(&app, req));
            assert!(res.status().is_success());
            system.block_on(test::read_body(res))
        });
    });
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("browser_phone");
    pipeline(&mut group);
    request(&mut group);
    group.finish();
}

criterion_group!(connect, benches);
criterion_main!(connect);
