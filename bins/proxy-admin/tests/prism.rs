//! Every route against Prism serving Twilio's proxy_v1 and api_v2010 OpenAPI specs
//! behind the strict gate: each request the app makes must match the contract, and
//! the app must make sense of the contract's example answers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::http::StatusCode;
use actix_web::test as at;
use actix_web::{App, web};
use common::*;
use proxy_admin::{AppState, configure};
use serde_json::Value;
use twilio_testkit::prism::{Prism, Spec};

/// Both mocks, started side by side.
async fn prisms() -> (Prism, Prism) {
    let proxy = web::block(|| Prism::start(Spec::Proxy));
    let api = web::block(|| Prism::start(Spec::Api));
    let (proxy, api) = futures_util::future::join(proxy, api).await;
    let start =
        |p: Result<Result<Prism, String>, _>| p.unwrap().unwrap_or_else(|e| panic!("Prism: {e}"));
    (start(proxy), start(api))
}

fn state_for(proxy: &Prism, api: &Prism) -> AppState {
    state(&[
        ("TWILIO_PROXY_BASE_URL", proxy.base_url()),
        ("TWILIO_API_BASE_URL", api.base_url()),
    ])
}

/// `METHOD path` of every request Twilio was sent, in order.
fn seen(prism: &Prism) -> Vec<String> {
    prism
        .requests()
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap_or("");
            let path = path.split('?').next().unwrap_or("");
            format!("{} {path}", r["method"].as_str().unwrap_or(""))
        })
        .collect()
}

macro_rules! app {
    ($state:expr) => {
        at::init_service(App::new().configure(configure($state.clone()))).await
    };
}

macro_rules! get_page {
    ($app:expr, $cookie:expr, $uri:expr $(,)?) => {{
        let req = at::TestRequest::get()
            .uri($uri)
            .insert_header(("cookie", $cookie.as_str()));
        let res = at::call_service(&$app, req.to_request()).await;
        let status = res.status();
        let body = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
        (status, body)
    }};
}

#[actix_web::test]
async fn pages_render_the_contract_answers() {
    let (proxy, api) = prisms().await;
    let state = state_for(&proxy, &api);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");

    let (status, html) = get_page!(app, cookie, "/services");
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Create Service"), "{html}");

    let (status, html) = get_page!(app, cookie, &format!("/sessions?sid={KS}"));
    assert_eq!(status, StatusCode::OK, "{html}");
    // The pool from the spec's example, with its reserve toggle.
    assert!(html.contains("+1987654321"), "{html}");
    assert!(
        html.contains(&format!("name=\"phoneSid\" value=\"{PN}\"")),
        "{html}"
    );
    assert!(html.contains(">Reserve</button>"), "{html}");

    // The seed's spoofable status and mode in the query are ignored.
    let (status, html) = get_page!(
        app,
        cookie,
        &format!(
            "/participants?serviceSid={KS}&sessionSid={KC}&sessionStatus=closed&sessionMode=message-only"
        ),
    );
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Order #1234"), "{html}");
    assert!(html.contains(": open, voice-and-message"), "{html}");

    let (status, html) = get_page!(
        app,
        cookie,
        &format!("/interactions?serviceSid={KS}&sessionSid={KC}&participantSid={KP}"),
    );
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("No interactions."), "{html}");

    let base = format!("/v1/Services/{KS}");
    assert_eq!(
        sorted(seen(&proxy)),
        sorted(vec![
            "GET /v1/Services".to_owned(),
            format!("GET {base}"),
            format!("GET {base}/PhoneNumbers"),
            format!("GET {base}/Sessions"),
            format!("GET {base}/Sessions/{KC}"),
            format!("GET {base}/Sessions/{KC}/Participants"),
            format!("GET {base}/Sessions/{KC}/Interactions"),
            format!("GET {base}/Sessions/{KC}/Participants"),
        ]),
        "one query per list, no per-item fetches when the lists are empty"
    );
    proxy.assert_clean().unwrap();
    api.assert_clean().unwrap();
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// A route, its form, and how its answer starts.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[actix_web::test]
async fn actions_reach_twilio_within_the_contract() {
    let (proxy, api) = prisms().await;
    let state = state_for(&proxy, &api);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    let post = |path: &str, body: &[(&str, &str)]| {
        at::TestRequest::post()
            .uri(path)
            .insert_header(("cookie", cookie.as_str()))
            .insert_header(("origin", ORIGIN))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(form(body))
            .to_request()
    };
    let cases: Vec<Case<'_>> = vec![
        (
            "/createService",
            vec![
                ("uniqueName", "rides"),
                ("geoMatchLevel", "area-code"),
                ("numberSelectionBehavior", "prefer-sticky"),
            ],
            "KS",
        ),
        ("/serviceDelete", vec![("serviceSid", KS)], "true"),
        (
            "/createSession",
            vec![
                ("serviceSid", KS),
                ("uniqueName", "ride 42"),
                ("mode", "voice-only"),
                ("ttl", "3600"),
            ],
            "KC",
        ),
        (
            "/sessionDelete",
            vec![("serviceSid", KS), ("sessionSid", KC)],
            "true",
        ),
        (
            "/sessionUpdate",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("updateStatus", "closed"),
            ],
            "{",
        ),
        (
            "/createParticipant",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("friendlyName", "Ann"),
                // The seed's digits-only form: sent as +15551234567.
                ("identifier", "15551234567"),
                ("proxyIdentifier", "14155559999"),
                ("chatParticipant", "false"),
            ],
            "KP",
        ),
        (
            "/createParticipant",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("friendlyName", "chat user"),
                ("identifier", "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                ("chatParticipant", "true"),
            ],
            "KP",
        ),
        (
            "/participantDelete",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("participantSid", KP),
            ],
            "true",
        ),
        (
            "/reservePhone",
            vec![
                ("serviceSid", KS),
                ("phoneSid", PN),
                ("isReserved", "false"),
            ],
            "{",
        ),
        (
            "/createMessage",
            vec![
                ("from", SENDER),
                ("to", "+14155559999"),
                ("body", "Hi & <bye>"),
            ],
            "",
        ),
    ];
    for (path, body, expect) in cases {
        let res = at::call_service(&app, post(path, &body)).await;
        let status = res.status();
        let text = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
        assert_eq!(status, StatusCode::OK, "{path}: {text}");
        assert!(text.starts_with(expect), "{path}: {text}");
    }
    let res = at::call_service(
        &app,
        post(
            "/sessionUpdate",
            &[
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("updateStatus", "notClosed"),
            ],
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let json: Value = at::read_body_json(res).await;
    assert_eq!(json["sid"], KC);

    let base = format!("/v1/Services/{KS}");
    assert_eq!(
        seen(&proxy),
        [
            "POST /v1/Services".to_owned(),
            format!("DELETE {base}"),
            format!("POST {base}/Sessions"),
            format!("DELETE {base}/Sessions/{KC}"),
            format!("POST {base}/Sessions/{KC}"),
            format!("POST {base}/Sessions/{KC}/Participants"),
            format!("POST {base}/Sessions/{KC}/Participants"),
            format!("DELETE {base}/Sessions/{KC}/Participants/{KP}"),
            format!("POST {base}/PhoneNumbers/{PN}"),
            format!("POST {base}/Sessions/{KC}"),
        ]
    );
    assert_eq!(
        seen(&api),
        [format!(
            "POST /2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
        )]
    );
    proxy.assert_clean().unwrap();
    api.assert_clean().unwrap();
}

#[actix_web::test]
async fn webhooks_dial_the_participants_proxy_number_and_start_recording() {
    let (proxy, api) = prisms().await;
    let state = state_for(&proxy, &api);
    let app = app!(state);

    let params = dial_params("alice");
    let (body, signature) = signed_form("/proxyDemoOutboundDial", &pairs(&params));
    let req = at::TestRequest::post()
        .uri("/proxyDemoOutboundDial")
        .insert_header(("x-twilio-signature", signature))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("content-type").unwrap(),
        "text/xml; charset=utf-8"
    );
    let xml = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
    // The spec's example participant: identifier +14155551212, proxy +14155559999,
    // proxy number PNaaa… which is in the example pool.
    assert!(
        xml.contains(r#"<Dial callerId="+14155551212"><Number>+14155559999</Number></Dial>"#),
        "{xml}"
    );

    let (body, signature) = signed_form("/recordCall", &record_params());
    let req = at::TestRequest::post()
        .uri("/recordCall")
        .insert_header(("x-twilio-signature", signature))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    // (That the answer does not wait for the job is
    // routes.rs `record_call_answers_at_once_even_when_twilio_is_unreachable`.)
    // The job runs on: it looks for an existing recording of the inbound call, finds
    // the example's, and stops.
    twilio_testkit::wait::until("the recording job stops", || {
        let running = state.recordings_in_flight() > 0;
        async move { !running }
    })
    .await
    .unwrap();
    assert_eq!(
        seen(&api),
        [format!(
            "GET /2010-04-01/Accounts/{ACCOUNT_SID}/Recordings.json"
        )]
    );
    let base = format!("/v1/Services/{KS}");
    assert_eq!(
        sorted(seen(&proxy)),
        sorted(vec![
            format!("GET {base}/PhoneNumbers"),
            format!("GET {base}/Sessions/{KC}"),
            format!("GET {base}/Sessions/{KC}/Participants/{KP}"),
        ])
    );
    proxy.assert_clean().unwrap();
    api.assert_clean().unwrap();
}
