//! Differential test against twilio-node 6 (`tests/oracle/browser-phone.js`): twilio-node
//! signs each webhook as Twilio would, the app must accept it, and the TwiML the app
//! answers must be byte-equal to what twilio-node's `VoiceResponse` renders.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::App;
use actix_web::http::StatusCode;
use actix_web::test as at;
use browser_phone::configure;
use common::*;
use serde_json::{Map, Value, json};

/// A small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + (self.next() % 10) as u8))
            .collect()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Values Twilio sends in geo fields: accents, spaces, punctuation, emoji.
const PLACES: [&str; 8] = [
    "SAN FRANCISCO",
    "São Paulo",
    "Zürich",
    "Saint-Étienne",
    "O'Fallon",
    "a+b=c&d",
    "東京",
    "🙂 town",
];

fn connect_case(rng: &mut Rng, user: &str) -> (Value, String) {
    let number = if rng.next().is_multiple_of(2) {
        // Ranges the destination policy admits (no 900/976, Caribbean or Canadian
        // area codes, no UK 07/08/09): its refusals have tests of their own.
        format!("+1555{}", rng.digits(7))
    } else {
        format!("+4420{}", rng.digits(8))
    };
    let from = format!("client:{user}");
    let mut params = Map::new();
    for (k, v) in connect_params(&from, Some(&number)) {
        params.insert(k.to_owned(), json!(v));
    }
    params.insert("FromCity".into(), json!(rng.pick(&PLACES)));
    let case = json!({
        "path": "/hooks/call/connect",
        "params": params,
        "answer": {"dialNumber": number, "callerId": PHONE_NUMBER},
    });
    (case, "/hooks/call/connect".into())
}

fn voice_case(rng: &mut Rng) -> (Value, String) {
    let (called, user) = if rng.next().is_multiple_of(3) {
        (BOB_NUMBER.to_owned(), "bob")
    } else {
        (format!("+1500555{}", rng.digits(4)), "alice")
    };
    let mut params = Map::new();
    for (k, v) in voice_params(&called) {
        params.insert(k.to_owned(), json!(v));
    }
    params.insert("FromCity".into(), json!(rng.pick(&PLACES)));
    params.insert("CallerName".into(), json!(rng.pick(&PLACES)));
    let case = json!({"path": "/hooks/voice", "params": params, "answer": {"dialClient": user}});
    (case, "/hooks/voice".into())
}

#[actix_web::test]
async fn webhooks_signed_by_twilio_node_get_twilio_nodes_twiml() {
    const CASES: usize = 120;
    let mut rng = Rng(0x5EED_0001);
    let cases: Vec<(Value, String)> = (0..CASES)
        .map(|i| match i % 3 {
            0 => connect_case(&mut rng, "alice"),
            1 => connect_case(&mut rng, "bob"),
            _ => voice_case(&mut rng),
        })
        .collect();
    let input = json!({
        "authToken": AUTH_TOKEN,
        "baseUrl": PUBLIC_BASE_URL,
        "cases": cases.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
    });
    let expected = twilio_testkit::oracle::run("browser-phone.js", &input).unwrap();
    let expected = expected.as_array().unwrap();
    assert_eq!(expected.len(), CASES);

    // Generous limits: every browser call here must be answered.
    let state = state(&[("RATE_LIMIT_CALLS", "1000"), ("CALLS_PER_HOUR", "1000")]);
    let app = at::init_service(App::new().configure(configure(state))).await;
    for ((case, path), want) in cases.iter().zip(expected) {
        let params: Vec<(String, String)> = case["params"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect();
        let pairs: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let req = at::TestRequest::post()
            .uri(path)
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .insert_header(("x-twilio-signature", want["signature"].as_str().unwrap()))
            .set_payload(form_urlencoded_body(&pairs))
            .to_request();
        let res = at::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::OK, "{case}");
        let body = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
        assert_eq!(body, want["xml"].as_str().unwrap(), "{case}");
    }
}
