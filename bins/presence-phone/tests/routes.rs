//! Every route, called in-process with actix's test utilities (no socket).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::{
    App,
    dev::ServiceResponse,
    http::{StatusCode, header},
    test,
};
use common::*;
use presence_phone::{State, build, configure};
use twilio_presence::Status;

const CALL: &str = "CA0123456789abcdef0123456789abcdef";

macro_rules! app {
    ($tag:expr) => {{
        let state: State = build(config($tag)).await.unwrap();
        let s2 = state.clone();
        let svc = test::init_service(App::new().configure(move |c| configure(c, &s2))).await;
        (state, svc)
    }};
}

/// A signed form POST.
fn signed_post(path: &str, params: &[(&str, &str)]) -> test::TestRequest {
    test::TestRequest::post()
        .uri(path)
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .insert_header(("X-Twilio-Signature", sign(path, params)))
        .set_payload(form(params))
}

fn reach(event: &str, identity: &str, endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("EventType", event.to_owned()),
        ("Identity", identity.to_owned()),
        ("EndpointId", endpoint.to_owned()),
        (
            "AccountSid",
            "AC00000000000000000000000000000000".to_owned(),
        ),
    ]
}

fn borrow<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

macro_rules! send_reach {
    ($svc:expr, $event:expr, $identity:expr, $endpoint:expr) => {{
        let p = reach($event, $identity, $endpoint);
        test::call_service(
            $svc,
            signed_post("/api/sync-callback", &borrow(&p)).to_request(),
        )
        .await
        .status()
    }};
}

async fn body_text(res: ServiceResponse) -> String {
    String::from_utf8(test::read_body(res).await.to_vec()).unwrap()
}

macro_rules! login_cookie {
    ($svc:expr, $user:expr) => {{
    let svc = $svc;
    let user = $user;
    let req = test::TestRequest::post()
        .uri("/api/login")
        .set_json(serde_json::json!({ "username": user, "password": PASSWORD }))
        .to_request();
    let res = test::call_service(svc, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let set = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Secure"));
    set.split(';').next().unwrap().to_owned()
    }};
}

#[actix_web::test]
async fn reachability_changes_presence_and_other_events_are_ignored() {
    let (state, svc) = app!("reach");
    let p = &state.app.presence;
    assert_eq!(
        send_reach!(&svc, "endpoint_connected", "alice", "EP1"),
        StatusCode::OK
    );
    assert_eq!(p.status("alice"), Some(Status::Available));
    // Duplicate connect, second endpoint, one disconnect: still available.
    send_reach!(&svc, "endpoint_connected", "alice", "EP1");
    send_reach!(&svc, "endpoint_connected", "alice", "EP2");
    send_reach!(&svc, "endpoint_disconnected", "alice", "EP1");
    assert_eq!(p.status("alice"), Some(Status::Available));
    send_reach!(&svc, "endpoint_disconnected", "alice", "EP2");
    assert_eq!(p.status("alice"), Some(Status::Unavailable));

    let doc = [
        ("EventType", "document_updated"),
        ("DocumentSid", "ET00000000000000000000000000000000"),
    ];
    let res = test::call_service(&svc, signed_post("/api/sync-callback", &doc).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(p.snapshot().len(), 1);
}

#[actix_web::test]
async fn webhooks_reject_unsigned_and_forged_and_change_nothing() {
    let (state, svc) = app!("forged");
    let p = reach("endpoint_connected", "alice", "EP1");
    let params = borrow(&p);
    let unsigned = test::TestRequest::post()
        .uri("/api/sync-callback")
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .set_payload(form(&params));
    let res = test::call_service(&svc, unsigned.to_request()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = test::read_body_json(res).await;
    assert_eq!(body["error"], "missing_signature");

    // Signed for other parameters (bob), sent with alice: forged.
    let bob = reach("endpoint_connected", "bob", "EP1");
    let forged = test::TestRequest::post()
        .uri("/api/sync-callback")
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .insert_header((
            "X-Twilio-Signature",
            sign("/api/sync-callback", &borrow(&bob)),
        ))
        .set_payload(form(&params));
    let res = test::call_service(&svc, forged.to_request()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Signed with the wrong host (the request's own Host is not trusted).
    let wrong = twilio_webhook::Signer::new(AUTH_TOKEN).sign(
        "http://localhost:8080/api/sync-callback",
        &p.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>(),
    );
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/sync-callback")
            .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
            .insert_header(("X-Twilio-Signature", wrong))
            .set_payload(form(&params))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // Status callback and incoming are checked too.
    let cb = [
        ("CallSid", CALL),
        ("CallStatus", "ringing"),
        ("To", "client:alice"),
    ];
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/phone/status-callback")
            .insert_header(("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl"))
            .set_payload(form(&cb))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = test::call_service(
        &svc,
        test::TestRequest::get()
            .uri("/api/phone/incoming?name=alice")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/phone/outgoing")
            .insert_header(("X-Twilio-Signature", "AAAA"))
            .set_payload("phoneNumber=%2B15551234567")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(state.app.presence.snapshot().is_empty(), "nothing changed");
}

macro_rules! incoming_get {
    ($svc:expr, $name:expr) => {{
        let svc = $svc;
        let name = $name;
        let path = format!("/api/phone/incoming?name={name}");
        let req = test::TestRequest::get()
            .uri(&path)
            .insert_header(("X-Twilio-Signature", sign(&path, &[])));
        let res = test::call_service(svc, req.to_request()).await;
        let status = res.status();
        if status == StatusCode::OK {
            let ct = res
                .headers()
                .get(header::CONTENT_TYPE)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            assert!(ct.starts_with("text/xml"), "{ct}");
        }
        (status, body_text(res).await)
    }};
}

#[actix_web::test]
async fn incoming_call_decision_and_call_status() {
    let (state, svc) = app!("incoming");
    let p = &state.app.presence;
    let (s, xml) = incoming_get!(&svc, "alice");
    assert_eq!(s, StatusCode::OK);
    assert!(
        xml.contains("<Say>Sorry, this user is unknown</Say>"),
        "{xml}"
    );

    send_reach!(&svc, "endpoint_connected", "alice", "EP1");
    let (_, xml) = incoming_get!(&svc, "alice");
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial><Client \
         statusCallback=\"https://phone.example.com/api/phone/status-callback?identity=alice\" \
         statusCallbackEvent=\"initiated ringing answered completed\">alice</Client></Dial></Response>"
    );

    // POST variant (Twilio's default method), signed with the body params.
    let params = [
        ("CallSid", CALL),
        ("From", "+15005550006"),
        ("To", "+15005550001"),
    ];
    let res = test::call_service(
        &svc,
        signed_post("/api/phone/incoming?name=alice", &params).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(body_text(res).await.contains("<Client"));

    // ringing -> busy (identity from our signed query parameter).
    let cb = |status: &'static str| {
        [
            ("CallSid", CALL),
            ("CallStatus", status),
            ("To", "client:alice"),
            ("From", "+15005550006"),
        ]
    };
    let path = "/api/phone/status-callback?identity=alice";
    let res = test::call_service(&svc, signed_post(path, &cb("ringing")).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(p.status("alice"), Some(Status::Busy));
    let (_, xml) = incoming_get!(&svc, "alice");
    assert!(
        xml.contains("<Say>The user is busy right now</Say>"),
        "{xml}"
    );

    // completed -> available again; identity from `To` without the query.
    let res = test::call_service(
        &svc,
        signed_post("/api/phone/status-callback", &cb("completed")).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(p.status("alice"), Some(Status::Available));

    // A call ending after she left never makes her available (§1.9.5).
    let call2 = "CAffffffffffffffffffffffffffffffff";
    let p2 = |status: &'static str| {
        [
            ("CallSid", call2),
            ("CallStatus", status),
            ("To", "client:alice"),
        ]
    };
    test::call_service(
        &svc,
        signed_post("/api/phone/status-callback", &p2("ringing")).to_request(),
    )
    .await;
    send_reach!(&svc, "endpoint_disconnected", "alice", "EP1");
    test::call_service(
        &svc,
        signed_post("/api/phone/status-callback", &p2("failed")).to_request(),
    )
    .await;
    assert_eq!(p.status("alice"), Some(Status::Unavailable));
    let (_, xml) = incoming_get!(&svc, "alice");
    assert!(
        xml.contains("<Say>The user is offline right now</Say>"),
        "{xml}"
    );

    // Bad input: 400 JSON.
    assert_eq!(incoming_get!(&svc, "").0, StatusCode::BAD_REQUEST);
    assert_eq!(incoming_get!(&svc, "a%3Cb").0, StatusCode::BAD_REQUEST);
    let missing = [("CallStatus", "ringing"), ("To", "client:alice")];
    let res = test::call_service(
        &svc,
        signed_post("/api/phone/status-callback", &missing).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let no_client = [
        ("CallSid", CALL),
        ("CallStatus", "ringing"),
        ("To", "+15005550001"),
    ];
    let res = test::call_service(
        &svc,
        signed_post("/api/phone/status-callback", &no_client).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn outgoing_dials_valid_numbers_only() {
    let (_state, svc) = app!("outgoing");
    let ok = [
        ("phoneNumber", "+1 (555) 987-6543"),
        ("From", "client:alice"),
        ("CallSid", CALL),
    ];
    let res = test::call_service(&svc, signed_post("/api/phone/outgoing", &ok).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let xml = body_text(res).await;
    assert_eq!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial callerId=\"+15551230000\"><Number \
         statusCallback=\"https://phone.example.com/api/phone/status-callback?identity=alice\" \
         statusCallbackEvent=\"initiated ringing answered completed\">+15559876543</Number></Dial></Response>"
    );
    for bad in ["", "5551234", "+1555<Hangup/>", "+0123"] {
        let p = [("phoneNumber", bad), ("From", "client:alice")];
        let res =
            test::call_service(&svc, signed_post("/api/phone/outgoing", &p).to_request()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["error"], "bad_request");
    }
}

#[actix_web::test]
async fn login_token_presence_and_logout() {
    let (_state, svc) = app!("login");
    // Everything behind login answers 401 JSON without a session.
    for (method, path) in [
        ("POST", "/api/phone/token"),
        ("GET", "/api/presence"),
        ("GET", "/api/presence/events"),
        ("GET", "/api/me"),
    ] {
        let req = if method == "POST" {
            test::TestRequest::post()
        } else {
            test::TestRequest::get()
        };
        let res = test::call_service(&svc, req.uri(path).to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["error"], "unauthorized");
    }
    // Wrong password, unknown user, malformed body.
    for body in [
        serde_json::json!({ "username": "alice", "password": "nope" }),
        serde_json::json!({ "username": "mallory", "password": PASSWORD }),
    ] {
        let res = test::call_service(
            &svc,
            test::TestRequest::post()
                .uri("/api/login")
                .set_json(body)
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/login")
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .set_payload("{")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let cookie = login_cookie!(&svc, "alice");
    // The token is for the logged-in user even if the body asks for someone else.
    let req = test::TestRequest::post()
        .uri("/api/phone/token")
        .insert_header((header::COOKIE, cookie.clone()))
        .set_json(serde_json::json!({ "identity": "bob", "endpoint": "0b6c4f3e-aaaa" }))
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = test::read_body_json(res).await;
    assert_eq!(body["identity"], "alice");
    assert_eq!(body["mode"], "local");
    let claims = jwt_claims(body["token"].as_str().unwrap());
    assert_eq!(claims["grants"]["identity"], "alice");
    assert_eq!(
        claims["grants"]["data_sync"]["endpoint_id"],
        "PresencePhone::alice:0b6c4f3e-aaaa"
    );
    assert_eq!(claims["grants"]["voice"]["incoming"]["allow"], true);
    assert!(
        claims["grants"]["voice"]["outgoing"]["application_sid"]
            .as_str()
            .unwrap()
            .starts_with("AP")
    );
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        3600
    );

    let bad = test::TestRequest::post()
        .uri("/api/phone/token")
        .insert_header((header::COOKIE, cookie.clone()))
        .set_json(serde_json::json!({ "endpoint": "../../x" }))
        .to_request();
    assert_eq!(
        test::call_service(&svc, bad).await.status(),
        StatusCode::BAD_REQUEST
    );

    // A forged cookie for bob is refused.
    let forged = cookie.replacen("alice", "bob", 1);
    let req = test::TestRequest::post()
        .uri("/api/phone/token")
        .insert_header((header::COOKIE, forged))
        .to_request();
    assert_eq!(
        test::call_service(&svc, req).await.status(),
        StatusCode::UNAUTHORIZED
    );

    send_reach!(&svc, "endpoint_connected", "bob", "EPb");
    let req = test::TestRequest::get()
        .uri("/api/presence")
        .insert_header((header::COOKIE, cookie.clone()))
        .to_request();
    let body: serde_json::Value = test::call_and_read_body_json(&svc, req).await;
    assert_eq!(body["users"][0]["identity"], "bob");
    assert_eq!(body["users"][0]["state"], "available");
    assert_eq!(body["users"][0]["endpoints"], 1);

    let req = test::TestRequest::get()
        .uri("/api/me")
        .insert_header((header::COOKIE, cookie.clone()))
        .to_request();
    let body: serde_json::Value = test::call_and_read_body_json(&svc, req).await;
    assert_eq!(body["username"], "alice");

    let res = test::call_service(
        &svc,
        test::TestRequest::post()
            .uri("/api/logout")
            .insert_header((header::COOKIE, cookie.clone()))
            .to_request(),
    )
    .await;
    let set = res
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(set.starts_with("pp_session=;") && set.contains("Max-Age=0"));
    // The session is over: a copy of the cookie is refused.
    let req = test::TestRequest::get()
        .uri("/api/me")
        .insert_header((header::COOKIE, cookie))
        .to_request();
    assert_eq!(
        test::call_service(&svc, req).await.status(),
        actix_web::http::StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn events_stream_starts_with_a_snapshot_then_changes() {
    use actix_web::body::MessageBody;
    use std::pin::Pin;
    let (_state, svc) = app!("sse");
    let cookie = login_cookie!(&svc, "alice");
    let req = test::TestRequest::get()
        .uri("/api/presence/events")
        .insert_header((header::COOKIE, cookie))
        .to_request();
    let res = test::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get(header::CONTENT_TYPE).unwrap(),
        "text/event-stream"
    );
    let mut body = res.into_body();
    let first = futures_util::future::poll_fn(|cx| Pin::new(&mut body).poll_next(cx))
        .await
        .unwrap()
        .unwrap();
    assert!(String::from_utf8_lossy(&first).starts_with("data: {\"type\":\"snapshot\""));
    send_reach!(&svc, "endpoint_connected", "bob", "EPb");
    let chunk = futures_util::future::poll_fn(|cx| Pin::new(&mut body).poll_next(cx))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&chunk);
    assert!(
        text.contains("\"type\":\"change\"")
            && text.contains("\"identity\":\"bob\"")
            && text.contains("available"),
        "{text}"
    );
}

#[actix_web::test]
async fn page_and_assets() {
    let (_state, svc) = app!("page");
    let res = test::call_service(&svc, test::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::CONTENT_SECURITY_POLICY).is_some());
    assert!(body_text(res).await.contains("<script src=\"/app.js\""));
    let res = test::call_service(&svc, test::TestRequest::get().uri("/app.js").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = test::call_and_read_body_json(
        &svc,
        test::TestRequest::get().uri("/api/config").to_request(),
    )
    .await;
    assert_eq!(body["mode"], "local");
    // Nobody logged in: still 200 (no 401 in the page's console), username null.
    assert_eq!(body["username"], serde_json::Value::Null);
    let cookie = login_cookie!(&svc, "alice");
    let body: serde_json::Value = test::call_and_read_body_json(
        &svc,
        test::TestRequest::get()
            .uri("/api/config")
            .insert_header((header::COOKIE, cookie))
            .to_request(),
    )
    .await;
    assert_eq!(body["username"], "alice");
    // The shared stylesheet and icon: no 404 for the browser's favicon request.
    for uri in ["/assets/app.css", "/favicon.ico"] {
        let res = test::call_service(&svc, test::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{uri}");
    }
}
