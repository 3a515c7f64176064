//! Every route through actix's test utilities: the happy paths that do not reach
//! Twilio, and every refusal (401, 400, 403, 405, 429, 502).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::App;
use actix_web::dev::ServiceResponse;
use actix_web::http::{Method, StatusCode};
use actix_web::test as at;
use browser_phone::configure;
use common::*;
use serde_json::{Value, json};
use twilio_token::Verifier;

/// The app around `state`, as actix's test service.
macro_rules! app {
    ($state:expr) => {
        at::init_service(App::new().configure(configure($state.clone()))).await
    };
}

fn header(res: &ServiceResponse, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

async fn json_of(res: ServiceResponse) -> Value {
    at::read_body_json(res).await
}

async fn text_of(res: ServiceResponse) -> String {
    String::from_utf8(at::read_body(res).await.to_vec()).unwrap()
}

fn post_json(path: &str, cookie: Option<&str>, body: &Value) -> at::TestRequest {
    let mut req = at::TestRequest::post().uri(path).set_json(body);
    if let Some(c) = cookie {
        req = req.insert_header(("cookie", c));
    }
    req
}

fn post_hook(path: &str, body: String, signature: Option<&str>) -> at::TestRequest {
    let mut req = at::TestRequest::post()
        .uri(path)
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    if let Some(s) = signature {
        req = req.insert_header(("x-twilio-signature", s));
    }
    req
}

#[actix_web::test]
async fn every_api_route_needs_a_login() {
    let state = state(&[]);
    let app = app!(state);
    let body = json!({"to": "+15551234567", "message": "hi"});
    for (method, path) in [
        (Method::POST, "/api/token/generate"),
        (Method::GET, "/api/config"),
        (Method::POST, "/api/messages"),
        (Method::POST, "/api/calls"),
        (Method::GET, "/app.js"),
    ] {
        for cookie in [
            None,
            Some("session=alice.99999999999.AAAA"),
            Some("session=garbage"),
        ] {
            let mut req = at::TestRequest::default()
                .method(method.clone())
                .uri(path)
                .set_json(&body);
            if let Some(c) = cookie {
                req = req.insert_header(("cookie", c));
            }
            let res = at::call_service(&app, req.to_request()).await;
            assert_eq!(
                res.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} {cookie:?}"
            );
            assert!(header(&res, "content-type").starts_with("application/json"));
            assert_eq!(json_of(res).await["error"], "unauthorized");
        }
    }
}

#[actix_web::test]
async fn page_redirects_to_login_then_serves_the_phone() {
    let state = state(&[]);
    let app = app!(state);
    let res = at::call_service(&app, at::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&res, "location"), "/login");

    let res = at::call_service(&app, at::TestRequest::get().uri("/login").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text_of(res).await.contains("id=\"login-form\""));

    let cookie = session_cookie(&state, "alice");
    let req = at::TestRequest::get()
        .uri("/")
        .insert_header(("cookie", cookie.as_str()));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-type").starts_with("text/html"));
    assert_eq!(header(&res, "x-frame-options"), "DENY");
    assert_eq!(header(&res, "x-content-type-options"), "nosniff");
    assert_eq!(header(&res, "cache-control"), "no-store");
    let html = text_of(res).await;
    for tab in [
        "Text Message",
        "Voice Message",
        "Call",
        "Accept",
        "Decline",
        "/vendor/twilio.min.js",
    ] {
        assert!(html.contains(tab), "page lacks {tab}");
    }
    let keys = html.matches("data-digit=").count();
    assert_eq!(keys, 12, "dialpad keys");

    let res = at::call_service(
        &app,
        at::TestRequest::get()
            .uri("/vendor/twilio.min.js")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text_of(res).await.contains("Device"));
    let res = at::call_service(
        &app,
        at::TestRequest::get().uri("/assets/app.css").to_request(),
    )
    .await;
    assert!(header(&res, "content-type").starts_with("text/css"));
    // Both pages forbid inline scripts; the login page's script is a file.
    for uri in ["/login", "/"] {
        let res = at::call_service(
            &app,
            at::TestRequest::get()
                .uri(uri)
                .insert_header(("cookie", cookie.as_str()))
                .to_request(),
        )
        .await;
        let csp = header(&res, "content-security-policy");
        assert!(csp.contains("script-src 'self';"), "{uri}: {csp}");
        assert!(!text_of(res).await.contains("<script>"), "{uri}");
    }
    let res = at::call_service(&app, at::TestRequest::get().uri("/login.js").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text_of(res).await.contains("/api/login"));
}

#[actix_web::test]
async fn login_sets_a_session_and_wrong_passwords_are_refused() {
    let state = state(&[]);
    let app = app!(state);
    let res = at::call_service(
        &app,
        post_json(
            "/api/login",
            None,
            &json!({"username": "alice", "password": PASSWORD}),
        )
        .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let set_cookie = header(&res, "set-cookie");
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("Secure"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    let res = at::call_service(
        &app,
        at::TestRequest::get()
            .uri("/api/config")
            .insert_header(("cookie", cookie))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    for (user, password) in [("alice", "wrong"), ("mallory", PASSWORD)] {
        let res = at::call_service(
            &app,
            post_json(
                "/api/login",
                None,
                &json!({"username": user, "password": password}),
            )
            .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{user}");
        assert!(header(&res, "set-cookie").is_empty());
    }
    let res = at::call_service(
        &app,
        post_json("/api/logout", None, &json!({})).to_request(),
    )
    .await;
    assert!(header(&res, "set-cookie").contains("Max-Age=0"));

    // Logging out ends the session: a copy of the cookie is refused afterwards.
    let cookie = session_cookie(&state, "alice");
    let token = |cookie| post_json("/api/token/generate", Some(cookie), &json!({})).to_request();
    assert_eq!(
        at::call_service(&app, token(&cookie)).await.status(),
        StatusCode::OK
    );
    let res = at::call_service(
        &app,
        post_json("/api/logout", Some(&cookie), &json!({})).to_request(),
    )
    .await;
    assert!(header(&res, "set-cookie").contains("Max-Age=0"));
    assert_eq!(
        at::call_service(&app, token(&cookie)).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn token_is_an_access_token_for_the_users_own_identity_for_one_hour() {
    let state = state(&[]);
    let app = app!(state);
    for user in ["alice", "bob"] {
        let cookie = session_cookie(&state, user);
        let before = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let res = at::call_service(
            &app,
            post_json("/api/token/generate", Some(&cookie), &json!({})).to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(header(&res, "cache-control"), "no-store");
        let body = json_of(res).await;
        assert_eq!(body["identity"], user);
        assert_eq!(body["ttl"], 3600);
        let claims = Verifier::new(API_KEY_SECRET)
            .verify_access_token(body["token"].as_str().unwrap())
            .unwrap()
            .claims;
        assert_eq!(claims.grants.identity.as_deref(), Some(user));
        assert_eq!(claims.sub.as_str(), ACCOUNT_SID);
        assert_eq!(claims.iss.as_str(), API_KEY_SID);
        let iat = claims.iat.unwrap();
        assert!(iat >= before && iat <= before + 5);
        assert_eq!(claims.exp - iat, 3600, "one hour, not 3,600,000 s");
        assert_eq!(body["expiresAt"], claims.exp);
        let voice = claims.grants.voice().unwrap();
        assert!(voice.incoming);
        assert_eq!(
            voice.outgoing_application_sid.as_ref().unwrap().as_str(),
            APP_SID
        );
        // Not a capability token signed with the auth token.
        assert!(
            Verifier::new(AUTH_TOKEN)
                .verify_access_token(body["token"].as_str().unwrap())
                .is_err()
        );
    }
}

#[actix_web::test]
async fn config_reports_the_number() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "bob");
    let req = at::TestRequest::get()
        .uri("/api/config")
        .insert_header(("cookie", cookie));
    let body = json_of(at::call_service(&app, req.to_request()).await).await;
    assert_eq!(body["phoneNumber"], PHONE_NUMBER);
    assert_eq!(body["identity"], "bob");
    assert_eq!(body["allowedPrefixes"], json!(["+1", "+44"]));
}

#[actix_web::test]
async fn bad_destinations_and_messages_are_refused_before_twilio() {
    let state = state(&[("MAX_SMS_CHARS", "10"), ("MAX_VOICE_CHARS", "5")]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for path in ["/api/messages", "/api/calls"] {
        let cases: [(Value, StatusCode, &str); 9] = [
            (
                json!({"message": "hi"}),
                StatusCode::BAD_REQUEST,
                "invalid_number",
            ),
            (
                json!({"to": "", "message": "hi"}),
                StatusCode::BAD_REQUEST,
                "invalid_number",
            ),
            (
                json!({"to": "5551234567", "message": "hi"}),
                StatusCode::BAD_REQUEST,
                "invalid_number",
            ),
            (
                json!({"to": "+1 555 123", "message": "hi"}),
                StatusCode::BAD_REQUEST,
                "invalid_number",
            ),
            // Valid E.164, but premium/foreign ranges are not on the allow-list.
            (
                json!({"to": "+882345678901", "message": "hi"}),
                StatusCode::FORBIDDEN,
                "destination_not_allowed",
            ),
            (
                json!({"to": "+4930123456", "message": "hi"}),
                StatusCode::FORBIDDEN,
                "destination_not_allowed",
            ),
            (
                json!({"to": "+15551234567", "message": "   "}),
                StatusCode::BAD_REQUEST,
                "message_empty",
            ),
            (
                json!({"to": "+15551234567", "message": "x".repeat(11)}),
                StatusCode::BAD_REQUEST,
                "message_length",
            ),
            (
                json!({"to": "+15551234567"}),
                StatusCode::BAD_REQUEST,
                "message_empty",
            ),
        ];
        for (body, status, kind) in cases {
            let res =
                at::call_service(&app, post_json(path, Some(&cookie), &body).to_request()).await;
            assert_eq!(res.status(), status, "{path} {body}");
            let json = json_of(res).await;
            assert_eq!(json["kind"], kind, "{path} {body}");
            assert!(!json["error"].as_str().unwrap().is_empty());
        }
        // Not JSON at all.
        let req = at::TestRequest::post()
            .uri(path)
            .insert_header(("cookie", cookie.as_str()))
            .insert_header(("content-type", "application/json"))
            .set_payload("{not json");
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        assert_eq!(json_of(res).await["kind"], "bad_request");
    }
    // Voice limit is separate from the SMS one.
    let res = at::call_service(
        &app,
        post_json(
            "/api/calls",
            Some(&cookie),
            &json!({"to": "+15551234567", "message": "123456"}),
        )
        .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn rate_limits_answer_429_with_retry_after() {
    let state = state(&[
        ("RATE_LIMIT_MESSAGES", "0"),
        ("RATE_LIMIT_CALLS", "0"),
        ("RATE_LIMIT_WINDOW_SECS", "120"),
    ]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for path in ["/api/messages", "/api/calls"] {
        let res = at::call_service(
            &app,
            post_json(
                path,
                Some(&cookie),
                &json!({"to": "+15551234567", "message": "hi"}),
            )
            .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
        assert_eq!(header(&res, "retry-after"), "120");
        let body = json_of(res).await;
        assert_eq!(body["kind"], "rate_limited");
        // Said once, as a person would (the page shows it as is).
        let what = if path == "/api/messages" {
            "messages"
        } else {
            "calls"
        };
        assert_eq!(
            body["error"],
            format!("too many {what}; try again in 2 minutes")
        );
    }
}

#[actix_web::test]
async fn twilio_unreachable_is_a_bad_gateway() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    let res = at::call_service(
        &app,
        post_json(
            "/api/messages",
            Some(&cookie),
            &json!({"to": "+15551234567", "message": "hi"}),
        )
        .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    let body = json_of(res).await;
    assert_eq!(body["kind"], "twilio");
    assert!(!body["error"].as_str().unwrap().contains(AUTH_TOKEN));
}

#[actix_web::test]
async fn wrong_methods_are_405() {
    let state = state(&[]);
    let app = app!(state);
    for (method, path) in [
        // GET lists the user's messages and calls (issue 16); other methods are 405.
        (Method::DELETE, "/api/messages"),
        (Method::PUT, "/api/calls"),
        (Method::GET, "/api/token/generate"),
        (Method::POST, "/api/config"),
        (Method::GET, "/hooks/voice"),
    ] {
        let req = at::TestRequest::default()
            .method(method.clone())
            .uri(path)
            .to_request();
        let res = at::call_service(&app, req).await;
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
    }
}

#[actix_web::test]
async fn connect_hook_dials_an_allowed_number_with_the_caller_id() {
    let state = state(&[]);
    let app = app!(state);
    let (body, sig) = signed_form(
        "/hooks/call/connect",
        &connect_params("client:alice", Some("+15551234567")),
    );
    let res = at::call_service(
        &app,
        post_hook("/hooks/call/connect", body, Some(&sig)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-type").starts_with("text/xml"));
    assert_eq!(
        text_of(res).await,
        r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="+15005550006"><Number>+15551234567</Number></Dial></Response>"#
    );
}

#[actix_web::test]
async fn connect_hook_refuses_missing_invalid_and_disallowed_numbers() {
    let state = state(&[]);
    let app = app!(state);
    let cases: [(Vec<(&str, &str)>, StatusCode); 7] = [
        (
            connect_params("client:alice", None),
            StatusCode::BAD_REQUEST,
        ),
        (
            connect_params("client:alice", Some("")),
            StatusCode::BAD_REQUEST,
        ),
        (
            connect_params("client:alice", Some("call me")),
            StatusCode::BAD_REQUEST,
        ),
        (
            connect_params("client:alice", Some("+882345678901")),
            StatusCode::FORBIDDEN,
        ),
        // Not one of our users (e.g. a capability token's client:Anonymous).
        (
            connect_params("client:Anonymous", Some("+15551234567")),
            StatusCode::BAD_REQUEST,
        ),
        (
            connect_params("+14155550100", Some("+15551234567")),
            StatusCode::BAD_REQUEST,
        ),
        // Another TwiML App of the account.
        (
            connect_params("client:alice", Some("+15551234567"))
                .into_iter()
                .map(|(k, v)| {
                    if k == "ApplicationSid" {
                        (k, "AP99999999999999999999999999999999")
                    } else {
                        (k, v)
                    }
                })
                .collect(),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (params, status) in cases {
        let (body, sig) = signed_form("/hooks/call/connect", &params);
        let res = at::call_service(
            &app,
            post_hook("/hooks/call/connect", body, Some(&sig)).to_request(),
        )
        .await;
        assert_eq!(res.status(), status, "{params:?}");
        assert!(header(&res, "content-type").starts_with("text/xml"));
        let xml = text_of(res).await;
        assert!(!xml.contains("<Number"), "{xml}");
        assert!(!xml.contains("<Dial"), "{xml}");
        assert!(xml.contains("<Hangup/>"), "{xml}");
    }
}

#[actix_web::test]
async fn hooks_need_a_valid_signature_for_the_public_url() {
    let state = state(&[]);
    let app = app!(state);
    for path in ["/hooks/call/connect", "/hooks/voice"] {
        let params = connect_params("client:alice", Some("+15551234567"));
        let (body, good) = signed_form(path, &params);
        // Missing header: 400.
        let res = at::call_service(&app, post_hook(path, body.clone(), None).to_request()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        // Garbage, or a signature for another URL (the socket's own address): 403.
        let other_url = format!("http://localhost:1337{path}");
        let wrong_url = twilio_webhook::Signer::new(AUTH_TOKEN).sign(&other_url, &params);
        let other_key = twilio_webhook::Signer::new("another-token")
            .sign(&format!("{PUBLIC_BASE_URL}{path}"), &params);
        for bad in ["bm9wZQ==", wrong_url.as_str(), other_key.as_str()] {
            let res =
                at::call_service(&app, post_hook(path, body.clone(), Some(bad)).to_request()).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} {bad}");
        }
        // A tampered body under a good signature: 403.
        let tampered = body.replace("%2B15551234567", "%2B15559999999");
        assert_ne!(tampered, body);
        let res = at::call_service(&app, post_hook(path, tampered, Some(&good)).to_request()).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        // The real thing passes.
        let res = at::call_service(&app, post_hook(path, body, Some(&good)).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }
}

#[actix_web::test]
async fn incoming_calls_ring_only_the_routed_user() {
    let state = state(&[]);
    let app = app!(state);
    for (called, user) in [(BOB_NUMBER, "bob"), (PHONE_NUMBER, "alice")] {
        let (body, sig) = signed_form("/hooks/voice", &voice_params(called));
        let res = at::call_service(
            &app,
            post_hook("/hooks/voice", body, Some(&sig)).to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(header(&res, "content-type").starts_with("text/xml"));
        assert_eq!(
            text_of(res).await,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial><Client>{user}</Client></Dial></Response>"#
            )
        );
    }
}

#[actix_web::test]
async fn incoming_calls_without_a_route_hear_an_apology() {
    let state = state(&[
        ("INCOMING_CALL_DEFAULT_USER", ""),
        ("INCOMING_CALL_ROUTES", ""),
    ]);
    let app = app!(state);
    let (body, sig) = signed_form("/hooks/voice", &voice_params(PHONE_NUMBER));
    let res = at::call_service(
        &app,
        post_hook("/hooks/voice", body, Some(&sig)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let xml = text_of(res).await;
    assert!(
        xml.contains("<Say>") && xml.contains("<Hangup/>") && !xml.contains("<Client"),
        "{xml}"
    );
}

#[actix_web::test]
async fn webhooks_for_another_account_are_refused() {
    let state = state(&[]);
    let app = app!(state);
    let params: Vec<_> = voice_params(PHONE_NUMBER)
        .into_iter()
        .map(|(k, v)| {
            if k == "AccountSid" {
                (k, "AC99999999999999999999999999999999")
            } else {
                (k, v)
            }
        })
        .collect();
    let (body, sig) = signed_form("/hooks/voice", &params);
    let res = at::call_service(
        &app,
        post_hook("/hooks/voice", body, Some(&sig)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn browser_calls_count_against_the_call_limit() {
    let state = state(&[("RATE_LIMIT_CALLS", "1")]);
    let app = app!(state);
    let params = connect_params("client:alice", Some("+15551234567"));
    let (body, sig) = signed_form("/hooks/call/connect", &params);
    let res = at::call_service(
        &app,
        post_hook("/hooks/call/connect", body.clone(), Some(&sig)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = at::call_service(
        &app,
        post_hook("/hooks/call/connect", body, Some(&sig)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(!text_of(res).await.contains("<Number"));
    // bob's budget is his own.
    let (body, sig) = signed_form(
        "/hooks/call/connect",
        &connect_params("client:bob", Some("+15551234567")),
    );
    let res = at::call_service(
        &app,
        post_hook("/hooks/call/connect", body, Some(&sig)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[test]
fn config_fails_fast_and_names_the_variable() {
    for (var, value) in [
        ("TWILIO_ACCOUNT_SID", ""),
        ("TWILIO_ACCOUNT_SID", "AC123"),
        ("TWILIO_AUTH_TOKEN", ""),
        ("TWILIO_API_KEY_SID", "AC0123456789abcdef0123456789abcdef"),
        ("TWILIO_TWIML_APP_SID", "nope"),
        ("TWILIO_PHONE_NUMBER", "5005550006"),
        ("PUBLIC_BASE_URL", "phone.example.com"),
        ("ALLOWED_DESTINATION_PREFIXES", ""),
        ("ALLOWED_DESTINATION_PREFIXES", "1,44"),
        ("INCOMING_CALL_ROUTES", "+15005550007=mallory"),
        ("INCOMING_CALL_DEFAULT_USER", "mallory"),
        ("RATE_LIMIT_MESSAGES", "ten"),
        ("SESSION_SECRET", "short"),
        ("APP_USERS", "alice:not-a-hash"),
        ("BIND_ADDRESS", "localhost"),
    ] {
        let err = config(&[(var, value)]).unwrap_err().to_string();
        let expected_var = match var {
            "INCOMING_CALL_DEFAULT_USER" => "INCOMING_CALL_ROUTES",
            other => other,
        };
        assert!(err.contains(expected_var), "{var}={value:?}: {err}");
        assert!(
            !err.contains(AUTH_TOKEN) && !err.contains(API_KEY_SECRET),
            "{err}"
        );
    }
    // The seed's old names are read when the new ones are unset, and reported by
    // the new names.
    for (new, old) in [
        ("TWILIO_TWIML_APP_SID", "TWILIO_APP_SID"),
        ("BIND_ADDRESS", "BIND"),
    ] {
        let err = config(&[(new, ""), (old, "nope")]).unwrap_err().to_string();
        assert!(err.contains(&format!("{new}: ")), "{old}: {err}");
    }
    let debug = format!("{:?}", config(&[]).unwrap());
    assert!(
        !debug.contains(AUTH_TOKEN) && !debug.contains(API_KEY_SECRET),
        "{debug}"
    );
}
