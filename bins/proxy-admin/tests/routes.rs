//! Every route without Twilio: login, same-origin, validation, webhook signatures,
//! tokens, and what is not served. Twilio's base URLs point at a closed port, so any
//! request that got past the checks would answer 502, never 400/401/403.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use actix_web::App;
use actix_web::body::MessageBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::test as at;
use common::*;
use proxy_admin::configure;
use serde_json::Value;

macro_rules! app {
    ($state:expr) => {
        at::init_service(App::new().configure(configure($state.clone()))).await
    };
}

const PAGES: [&str; 6] = [
    "/",
    "/services",
    "/sessions?sid=KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "/participants?serviceSid=KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&sessionSid=KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "/interactions?serviceSid=KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&sessionSid=KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&participantSid=KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "/app.js",
];

const ACTIONS: [&str; 13] = [
    "/createService",
    "/serviceDelete",
    "/createSession",
    "/sessionDelete",
    "/sessionUpdate",
    "/createParticipant",
    "/participantDelete",
    "/reservePhone",
    "/createMessage",
    "/proxyClientAccessToken",
    "/localCall",
    "/localCall/status",
    "/localCall/hangup",
];

/// A POST of `body` from a logged-in alice on this app's origin.
fn action(state: &proxy_admin::AppState, path: &str, body: &[(&str, &str)]) -> at::TestRequest {
    at::TestRequest::post()
        .uri(path)
        .insert_header(("cookie", session_cookie(state, "alice")))
        .insert_header(("origin", ORIGIN))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(form(body))
}

async fn text(res: ServiceResponse<impl MessageBody>) -> String {
    String::from_utf8(at::read_body(res).await.to_vec()).unwrap()
}

#[actix_web::test]
async fn pages_send_strangers_to_the_login_form() {
    let state = state(&[]);
    let app = app!(state);
    for page in PAGES {
        let res = at::call_service(&app, at::TestRequest::get().uri(page).to_request()).await;
        assert_eq!(res.status(), StatusCode::FOUND, "{page}");
        // The login form comes back to the page asked for.
        let location = res.headers().get("location").unwrap().to_str().unwrap();
        let expected = match page {
            "/" => "/login".to_owned(),
            _ => format!("/login?{}", form(&[("next", page)])),
        };
        assert_eq!(location, expected, "{page}");
    }
    // A forged or expired cookie is no better.
    let req = at::TestRequest::get()
        .uri("/services")
        .insert_header(("cookie", "session=alice.9999999999.forged"));
    assert_eq!(
        at::call_service(&app, req.to_request()).await.status(),
        StatusCode::FOUND
    );
    let res = at::call_service(&app, at::TestRequest::get().uri("/login").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(text(res).await.contains("name=\"password\""));
}

#[actix_web::test]
async fn actions_need_a_login() {
    let state = state(&[]);
    let app = app!(state);
    for path in ACTIONS {
        let req = at::TestRequest::post()
            .uri(path)
            .insert_header(("origin", ORIGIN))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(form(&[("serviceSid", KS)]));
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[actix_web::test]
async fn cross_site_posts_are_refused() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for path in ACTIONS {
        for origin in [Some("https://evil.example.net"), Some("null"), None] {
            let mut req = at::TestRequest::post()
                .uri(path)
                .insert_header(("cookie", cookie.as_str()))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(form(&[("serviceSid", KS)]));
            if let Some(origin) = origin {
                req = req.insert_header(("origin", origin));
            }
            let res = at::call_service(&app, req.to_request()).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} {origin:?}");
            assert!(text(res).await.contains("cross-site"));
        }
    }
    // A browser that sends no Origin but a same-origin Referer gets through the check
    // (and is then stopped by validation: no uniqueName).
    let req = at::TestRequest::post()
        .uri("/createService")
        .insert_header(("cookie", cookie.as_str()))
        .insert_header(("referer", format!("{ORIGIN}/services")))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload("");
    assert_eq!(
        at::call_service(&app, req.to_request()).await.status(),
        StatusCode::BAD_REQUEST
    );
    // Login CSRF: the login form is checked too.
    let req = at::TestRequest::post()
        .uri("/login")
        .insert_header(("origin", "https://evil.example.net"))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(form(&[("username", "alice"), ("password", PASSWORD)]));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get("set-cookie").is_none());
}

#[actix_web::test]
async fn login_sets_a_strict_cookie_and_logout_clears_it() {
    let state = state(&[]);
    let app = app!(state);
    let req = at::TestRequest::post()
        .uri("/login")
        .insert_header(("origin", ORIGIN))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(form(&[("username", "alice"), ("password", PASSWORD)]));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Secure")
    );
    let pair = cookie.split(';').next().unwrap();
    let req = at::TestRequest::get()
        .uri("/")
        .insert_header(("cookie", pair));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csp = res
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(text(res).await.contains("Twilio Proxy Administration App"));

    let req = at::TestRequest::post()
        .uri("/login")
        .insert_header(("origin", ORIGIN))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(form(&[("username", "alice"), ("password", "wrong")]));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().get("set-cookie").is_none());

    let req = at::TestRequest::post()
        .uri("/logout")
        .insert_header(("cookie", pair))
        .insert_header(("origin", ORIGIN));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        res.headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    // A copy of the logged-out cookie no longer opens a page.
    let req = at::TestRequest::get()
        .uri("/")
        .insert_header(("cookie", pair));
    let res = at::call_service(&app, req.to_request()).await;
    assert_ne!(res.status(), StatusCode::OK);
}

/// A route, its form, and the field the 400 must name.
type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);

#[actix_web::test]
async fn every_field_is_checked_before_twilio() {
    let state = state(&[]);
    let app = app!(state);
    let long = "x".repeat(1601);
    let cases: Vec<Case<'_>> = vec![
        (
            "/createService",
            vec![
                ("geoMatchLevel", "country"),
                ("numberSelectionBehavior", "avoid-sticky"),
            ],
            "uniqueName",
        ),
        (
            "/createService",
            vec![
                ("uniqueName", "a"),
                ("geoMatchLevel", "planet"),
                ("numberSelectionBehavior", "avoid-sticky"),
            ],
            "geoMatchLevel",
        ),
        (
            "/createService",
            vec![
                ("uniqueName", "a"),
                ("geoMatchLevel", "country"),
                ("numberSelectionBehavior", "sticky"),
            ],
            "numberSelectionBehavior",
        ),
        (
            "/serviceDelete",
            vec![("serviceSid", "KS123")],
            "serviceSid",
        ),
        (
            "/serviceDelete",
            vec![("serviceSid", "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")],
            "serviceSid",
        ),
        (
            "/serviceDelete",
            vec![("serviceSid", "KS../../Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaa")],
            "serviceSid",
        ),
        (
            "/createSession",
            vec![("serviceSid", KS), ("uniqueName", "s"), ("mode", "video")],
            "mode",
        ),
        (
            "/createSession",
            vec![
                ("serviceSid", KS),
                ("uniqueName", "s"),
                ("mode", "voice-only"),
                ("ttl", "1234567"),
            ],
            "ttl",
        ),
        (
            "/createSession",
            vec![
                ("serviceSid", KS),
                ("uniqueName", "s"),
                ("mode", "voice-only"),
                ("ttl", "-5"),
            ],
            "ttl",
        ),
        (
            "/sessionDelete",
            vec![("serviceSid", KS), ("sessionSid", "KC")],
            "sessionSid",
        ),
        (
            "/sessionUpdate",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("updateStatus", "open"),
            ],
            "updateStatus",
        ),
        (
            "/createParticipant",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("friendlyName", "Ann"),
                ("identifier", "555-CALL"),
            ],
            "identifier",
        ),
        (
            "/createParticipant",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("friendlyName", "Ann"),
                ("identifier", "+15551234567"),
                ("proxyIdentifier", "abc"),
            ],
            "proxyIdentifier",
        ),
        (
            "/createParticipant",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("friendlyName", "Ann"),
                ("identifier", "+15551234567"),
                ("chatParticipant", "yes"),
            ],
            "chatParticipant",
        ),
        (
            "/createParticipant",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("friendlyName", "Ann"),
                ("identifier", "+15551234567"),
                ("chatParticipant", "true"),
            ],
            "identifier",
        ),
        (
            "/createParticipant",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("identifier", "+15551234567"),
            ],
            "friendlyName",
        ),
        (
            "/participantDelete",
            vec![
                ("serviceSid", KS),
                ("sessionSid", KC),
                ("participantSid", PN),
            ],
            "participantSid",
        ),
        (
            "/reservePhone",
            vec![
                ("serviceSid", KS),
                ("phoneSid", PN),
                ("isReserved", "maybe"),
            ],
            "isReserved",
        ),
        (
            "/reservePhone",
            vec![("serviceSid", KS), ("phoneSid", KP), ("isReserved", "true")],
            "phoneSid",
        ),
        (
            "/createMessage",
            vec![("from", SENDER), ("to", "+15551234567"), ("body", "")],
            "body",
        ),
        (
            "/createMessage",
            vec![
                ("from", SENDER),
                ("to", "+15551234567"),
                ("body", long.as_str()),
            ],
            "body",
        ),
        (
            "/createMessage",
            vec![("from", SENDER), ("to", "call me"), ("body", "hi")],
            "to",
        ),
    ];
    for (path, body, field) in cases {
        let res = at::call_service(&app, action(&state, path, &body).to_request()).await;
        let status = res.status();
        let message = text(res).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{path} {body:?}: {message}"
        );
        assert!(
            message.contains(field),
            "{path}: `{message}` should name {field}"
        );
    }
}

#[actix_web::test]
async fn sms_only_from_allowed_senders() {
    let state = state(&[]);
    let app = app!(state);
    let body = [
        ("from", "+15005550009"),
        ("to", "+14155559999"),
        ("body", "hi"),
    ];
    let res = at::call_service(&app, action(&state, "/createMessage", &body).to_request()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(text(res).await.contains("not an allowed sender"));

    let off = common::state(&[("ALLOWED_SMS_SENDERS", "")]);
    let app = app!(off);
    let body = [("from", SENDER), ("to", "+14155559999"), ("body", "hi")];
    let res = at::call_service(&app, action(&off, "/createMessage", &body).to_request()).await;
    assert_eq!(res.status(), StatusCode::NOT_IMPLEMENTED);
}

#[actix_web::test]
async fn access_token_is_per_admin_and_never_for_strangers() {
    let state = state(&[]);
    let app = app!(state);
    let res = at::call_service(
        &app,
        action(&state, "/proxyClientAccessToken", &[]).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("cache-control").unwrap(), "no-store");
    let body: Value = at::read_body_json(res).await;
    assert_eq!(body["DialConfig"], true);
    assert_eq!(body["ChatConfig"], true);
    let jwt = body["JwtToken"].as_str().unwrap();
    let verified = twilio_token::Verifier::new(API_KEY_SECRET)
        .verify::<Value>(jwt)
        .unwrap();
    let grants = &verified.claims["grants"];
    assert_eq!(grants["identity"], "alice");
    assert_eq!(grants["voice"]["outgoing"]["application_sid"], APP_SID);
    assert_eq!(grants["voice"]["incoming"]["allow"], true);
    assert_eq!(grants["chat"]["service_sid"], CHAT_SID);
    assert_eq!(verified.claims["iss"], API_KEY_SID);

    // Without the optional SIDs there is nothing to grant.
    let bare = common::state(&[("TWILIO_TWIML_APP_SID", ""), ("CHAT_SERVICE_SID", "")]);
    let app = app!(bare);
    let res = at::call_service(
        &app,
        action(&bare, "/proxyClientAccessToken", &[]).to_request(),
    )
    .await;
    let body: Value = at::read_body_json(res).await;
    assert_eq!(body["DialConfig"], false);
    assert_eq!(body["ChatConfig"], false);
    assert_eq!(body["JwtToken"], "");
}

#[actix_web::test]
async fn webhooks_need_a_valid_signature() {
    let state = state(&[]);
    let app = app!(state);
    let dial = dial_params("alice");
    for path in ["/proxyDemoOutboundDial", "/recordCall"] {
        let params = if path == "/recordCall" {
            record_params()
        } else {
            pairs(&dial)
        };
        let (body, signature) = signed_form(path, &params);
        // No signature.
        let req = at::TestRequest::post()
            .uri(path)
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body.clone());
        let res = at::call_service(&app, req.to_request()).await;
        assert!(
            matches!(
                res.status(),
                StatusCode::BAD_REQUEST | StatusCode::FORBIDDEN
            ),
            "{path}"
        );
        // Signed for another URL, or tampered with.
        let (_, other) = signed_form("/elsewhere", &params);
        for (sig, payload) in [
            (other, body.clone()),
            (signature.clone(), format!("{body}&Extra=1")),
        ] {
            let req = at::TestRequest::post()
                .uri(path)
                .insert_header(("x-twilio-signature", sig))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(payload);
            let res = at::call_service(&app, req.to_request()).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        }
    }
    assert_eq!(state.recordings_in_flight(), 0);
}

/// A signed call the rule refuses hangs up with the reason spoken. The answer is a
/// 200: Twilio runs TwiML only from a 2xx; on a 4xx it logs error 11217 and the
/// caller hears its generic "application error" instead of the reason.
#[actix_web::test]
async fn dial_refuses_callers_that_are_not_admins_or_not_our_app() {
    let state = state(&[]);
    let app = app!(state);
    let mut stranger = dial_params("mallory");
    let mut other_app = dial_params("alice");
    other_app[2].1 = "APffffffffffffffffffffffffffffffff".to_owned();
    let mut pstn = dial_params("alice");
    pstn[6].1 = "+19005550000".to_owned();
    let mut other_account = dial_params("alice");
    other_account[0].1 = "ACffffffffffffffffffffffffffffffff".to_owned();
    let mut no_participant = dial_params("alice");
    no_participant.retain(|(k, _)| k != "participantSid");
    stranger.push(("To".to_owned(), "+19005550000".to_owned()));
    let off = common::state(&[("TWILIO_TWIML_APP_SID", "")]);
    let app_off = app!(off);
    for (params, reason, app) in [
        (stranger, "not an admin", &app),
        (other_app, "TwiML App", &app),
        (pstn, "not an admin", &app),
        (other_account, "another account", &app),
        (no_participant, "participantSid", &app),
        (dial_params("alice"), "not configured", &app_off),
    ] {
        let (body, signature) = signed_form("/proxyDemoOutboundDial", &pairs(&params));
        let req = at::TestRequest::post()
            .uri("/proxyDemoOutboundDial")
            .insert_header(("x-twilio-signature", signature))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body);
        let res = at::call_service(app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{params:?}");
        assert!(
            res.headers()
                .get("content-type")
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("text/xml")
        );
        let xml = text(res).await;
        assert!(
            xml.contains("<Say>") && xml.contains(reason) && xml.contains("<Hangup/>"),
            "{reason}: {xml}"
        );
        assert!(!xml.contains("<Dial"), "{xml}");
    }
}

#[actix_web::test]
async fn record_call_answers_at_once_even_when_twilio_is_unreachable() {
    let state = state(&[]);
    let app = app!(state);
    let (body, signature) = signed_form("/recordCall", &record_params());
    let started = Instant::now();
    let req = at::TestRequest::post()
        .uri("/recordCall")
        .insert_header(("x-twilio-signature", signature))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Waiting for the job would take its 15 attempts a second apart; the bound leaves
    // a loaded machine room.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        state.recordings_in_flight(),
        1,
        "the job runs in the background"
    );
}

#[actix_web::test]
async fn the_app_directory_is_not_served() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for path in [
        "/Cargo.toml",
        "/src/lib.rs",
        "/.env",
        "/web/app.js",
        "/templates/base.html",
        "/node_modules/playwright-core/package.json",
    ] {
        let req = at::TestRequest::get()
            .uri(path)
            .insert_header(("cookie", cookie.as_str()));
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[actix_web::test]
async fn bad_query_sids_are_400_pages() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for path in [
        "/sessions",
        "/sessions?sid=KS%3Cscript%3E",
        "/participants?serviceSid=KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "/interactions?serviceSid=KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&sessionSid=KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&participantSid=x",
    ] {
        let req = at::TestRequest::get()
            .uri(path)
            .insert_header(("cookie", cookie.as_str()));
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        let html = text(res).await;
        assert!(
            html.to_lowercase().contains("sid") && !html.contains("<script>"),
            "{html}"
        );
    }
    // Twilio unreachable: a 502 page, not a hang and not a stack trace.
    let req = at::TestRequest::get()
        .uri("/services")
        .insert_header(("cookie", cookie.as_str()));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::BAD_GATEWAY);
    assert!(text(res).await.contains("Twilio could not be reached"));
}

#[test]
fn config_fails_fast_naming_the_variable() {
    for (var, value) in [
        ("TWILIO_ACCOUNT_SID", ""),
        ("TWILIO_ACCOUNT_SID", "AC123"),
        ("TWILIO_AUTH_TOKEN", ""),
        ("TWILIO_API_KEY_SID", "AK0123"),
        ("TWILIO_TWIML_APP_SID", "not-an-app"),
        ("CHAT_SERVICE_SID", "CH0123"),
        ("PUBLIC_BASE_URL", "proxy.example.com"),
        ("ALLOWED_SMS_SENDERS", "+1500,5550006"),
        ("SESSION_SECRET", "short"),
        ("PORT", "http"),
    ] {
        let err = config(&[(var, value)]).unwrap_err().to_string();
        assert!(err.contains(var), "{var}={value}: {err}");
        assert!(
            value.is_empty() || !err.contains(value) || var == "PORT",
            "{err} echoes the value"
        );
    }
    let ok = config(&[("PORT", "8080"), ("TWILIO_TWIML_APP_SID", "")]).unwrap();
    assert_eq!(ok.bind.port(), 8080);
    assert!(ok.twiml_app_sid.is_none());
    // The seed's old names are reported by their new ones.
    let err = config(&[
        ("TWILIO_TWIML_APP_SID", ""),
        ("PROXY_TWIML_APP_SID", "not-an-app"),
    ])
    .unwrap_err()
    .to_string();
    assert!(err.contains("TWILIO_TWIML_APP_SID"), "{err}");
    // The seed's variable names for the API key still work.
    let legacy = config(&[
        ("TWILIO_API_KEY_SID", ""),
        ("TWILIO_API_KEY_SECRET", ""),
        ("API_KEY", API_KEY_SID),
        ("API_SECRET", "s"),
    ])
    .unwrap();
    assert_eq!(legacy.api_key_sid.as_str(), API_KEY_SID);
    let debug = format!("{legacy:?}");
    assert!(
        !debug.contains(AUTH_TOKEN) && !debug.contains("0123456789abcdef0123456789abcdef-test")
    );
}

fn login_request(username: &str, password: &str) -> at::TestRequest {
    at::TestRequest::post()
        .uri("/login")
        .insert_header(("origin", ORIGIN))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(form(&[("username", username), ("password", password)]))
}

/// A login posted from the same host under another name (`localhost` while
/// PUBLIC_BASE_URL says `127.0.0.1`) is refused, and the page says why and where to go.
#[actix_web::test]
async fn a_login_from_another_name_for_the_host_says_where_the_app_lives() {
    let state = state(&[("PUBLIC_BASE_URL", "http://127.0.0.1:8080")]);
    let app = app!(state);
    let req = login_request("admin", PASSWORD)
        .insert_header(("origin", "http://localhost:8080"))
        .to_request();
    let res = at::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let html = text(res).await;
    for part in [
        "the form came from http://localhost:8080",
        "open the app at http://127.0.0.1:8080",
        "localhost and 127.0.0.1 are different sites",
    ] {
        assert!(html.contains(part), "{part}: {html}");
    }
    // Whatever else a browser sends is described, never echoed.
    let req = login_request("admin", PASSWORD)
        .insert_header(("origin", "http://x.example/<script>"))
        .to_request();
    let html = text(at::call_service(&app, req).await).await;
    assert!(html.contains("another or an opaque origin"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
}

/// Each password check is an Argon2 hash (19 MiB, tens of ms); the throttle counts a
/// failure only after its hash, so a burst of parallel logins all used to hash at
/// once: memory and CPU for anyone on the internet. Only a few run at a time now; the
/// rest are told to come back at once, without hashing.
#[actix_web::test]
async fn parallel_logins_hash_a_few_at_a_time() {
    let state = state(&[]);
    let app = app!(state);
    let burst = 12;
    let names: Vec<String> = (0..burst).map(|i| format!("guess{i}")).collect();
    let calls = names
        .iter()
        .map(|name| at::call_service(&app, login_request(name, "wrong").to_request()));
    let responses = futures_util::future::join_all(calls).await;
    let checked = responses
        .iter()
        .filter(|r| r.status() == StatusCode::UNAUTHORIZED)
        .count();
    let busy: Vec<_> = responses
        .iter()
        .filter(|r| r.status() == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(
        (1..=proxy_admin::MAX_CONCURRENT_LOGINS).contains(&checked),
        "{checked} passwords hashed at once"
    );
    assert_eq!(checked + busy.len(), burst);
    for res in busy {
        assert_eq!(res.headers().get("retry-after").unwrap(), "1");
    }
    // The slots are free again afterwards: the right password works.
    let res = at::call_service(&app, login_request("alice", PASSWORD).to_request()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// A name no admin can have (the form allows 16 KiB) is refused before the hash: it
/// used to cost an Argon2 run and a throttle entry keyed by the whole name, kept for
/// the throttle's window (a spray of long random names grew memory).
#[actix_web::test]
async fn malformed_user_names_are_refused_before_the_hash() {
    let state = state(&[]);
    let app = app!(state);
    let long = "a".repeat(4000);
    // Not timed (a loaded machine makes any bound flaky): the 400 with the name rule
    // comes from the check that runs before the throttle and the hash.
    for name in [long.as_str(), "alice smith", "<script>", ""] {
        let res = at::call_service(&app, login_request(name, "wrong").to_request()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{name:.20}");
        let html = text(res).await;
        assert!(html.contains("1 to 64 characters"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }
}

/// A throttled login says when to come back, in the header as well as in the text.
#[actix_web::test]
async fn throttled_logins_carry_retry_after() {
    let state = state(&[]);
    let app = app!(state);
    for _ in 0..5 {
        let res = at::call_service(&app, login_request("bob", "wrong").to_request()).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = at::call_service(&app, login_request("bob", PASSWORD).to_request()).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
}

/// Behind a reverse proxy (the default bind is 127.0.0.1) every login came from the
/// proxy's address, so five wrong passwords from anyone on the internet locked every
/// admin out. With `TRUSTED_PROXIES` the client is the address that proxy appended to
/// `X-Forwarded-For`; what a client writes there itself is not believed.
#[actix_web::test]
async fn logins_behind_a_trusted_proxy_are_throttled_per_real_client() {
    let proxy: std::net::SocketAddr = "127.0.0.1:40000".parse().unwrap();
    let via_proxy = |name: &str, password: &str, forwarded: &str| {
        login_request(name, password)
            .peer_addr(proxy)
            .insert_header(("x-forwarded-for", forwarded.to_owned()))
            .to_request()
    };
    let state = state(&[("TRUSTED_PROXIES", "127.0.0.1, ::1")]);
    let app = app!(state);
    // An attacker guesses alice's password five times behind a forged first hop.
    for _ in 0..5 {
        let res = at::call_service(&app, via_proxy("alice", "x", "10.9.9.9, 203.0.113.9")).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = at::call_service(&app, via_proxy("alice", "x", "10.9.9.9, 203.0.113.9")).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the attacker is throttled"
    );
    // The admin, elsewhere, still gets in through the same proxy.
    let res = at::call_service(&app, via_proxy("alice", PASSWORD, "198.51.100.7")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // A malformed setting stops the app, naming it.
    let err = config(&[("TRUSTED_PROXIES", "proxy.local")]).unwrap_err();
    assert!(err.to_string().contains("TRUSTED_PROXIES"), "{err}");
}

/// The shared state is `Debug` (it ends up in panics and traces): no secret in it.
#[test]
fn state_debug_shows_no_secret() {
    let state = state(&[]);
    let debug = format!("{state:?}");
    assert!(debug.contains(ACCOUNT_SID), "{debug}");
    for secret in [
        AUTH_TOKEN,
        API_KEY_SECRET,
        "0123456789abcdef0123456789abcdef-test",
        "$argon2id$",
    ] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
}

/// Proxy's Callback URL sends the account as `interactionAccountSid` (Twilio's Proxy
/// webhooks page; there is no `accountSid`). Callbacks shaped like that page's example
/// were all refused with 403, so no call was ever recorded.
#[actix_web::test]
async fn record_call_accepts_proxys_documented_callback() {
    let state = state(&[]);
    let app = app!(state);
    let inbound_url =
        format!("https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Calls/{CA}.json");
    let params: Vec<(&str, &str)> = vec![
        ("inboundParticipantSid", KP),
        ("inboundResourceSid", CA),
        ("inboundResourceStatus", "in-progress"),
        ("inboundResourceType", "call"),
        ("inboundResourceUrl", &inbound_url),
        ("interactionAccountSid", ACCOUNT_SID),
        ("interactionData", ""),
        ("interactionDateCreated", "2018-03-13T22:42:54Z"),
        ("interactionDateUpdated", "2018-03-13T22:42:56Z"),
        ("interactionServiceSid", KS),
        ("interactionSessionSid", KC),
        ("interactionSid", "KIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("interactionType", "Voice"),
        (
            "outboundParticipantSid",
            "KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        ),
        ("outboundResourceSid", "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
        ("outboundResourceStatus", "initiated"),
        ("outboundResourceType", "call"),
    ];
    let post = |params: &[(&str, &str)]| {
        let (body, signature) = signed_form("/recordCall", params);
        at::TestRequest::post()
            .uri("/recordCall")
            .insert_header(("x-twilio-signature", signature))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body)
            .to_request()
    };
    let res = at::call_service(&app, post(&params)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(state.recordings_in_flight(), 1, "the recording job started");
    // Another account's callback (the same auth token reused) is still refused.
    let mut other = params.clone();
    other[5].1 = "ACffffffffffffffffffffffffffffffff";
    other[1].1 = "CAcccccccccccccccccccccccccccccccc";
    let res = at::call_service(&app, post(&other)).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(state.recordings_in_flight(), 1);
}

/// Origins and Referers that only look like ours are cross-site; a query that names a
/// field twice is a 400, not "the last one wins".
#[actix_web::test]
async fn look_alike_origins_and_repeated_fields_are_refused() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for (header, value) in [
        ("origin", format!("{ORIGIN}.evil.example")),
        ("origin", format!("{ORIGIN}:8443")),
        ("origin", "http://proxy-admin.example.com".to_owned()),
        ("referer", format!("{ORIGIN}.evil.example/services")),
        ("referer", format!("{ORIGIN}@evil.example/services")),
    ] {
        let req = at::TestRequest::post()
            .uri("/serviceDelete")
            .insert_header(("cookie", cookie.as_str()))
            .insert_header((header, value.clone()))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(form(&[("serviceSid", KS)]));
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{header}: {value}");
    }
    let req = at::TestRequest::get()
        .uri(&format!(
            "/sessions?sid={KS}&sid=KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        ))
        .insert_header(("cookie", cookie.as_str()));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
