//! The actix-web extractor, through actix's test utilities and one real socket.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::io::{Read, Write};

use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse, test as atest, web};
use twilio_webhook::actix::{TwilioWebhook, WebhookConfig};
use twilio_webhook::payload::{CallStatus, Extra, SyncEvent, SyncEventType, VoiceRequest};
use twilio_webhook::{Algorithm, Signer, Validator};

const TOKEN: &str = "test-auth-token";
const BASE: &str = "https://phone.example.com";

async fn voice(hook: TwilioWebhook<VoiceRequest>) -> HttpResponse {
    let status = hook
        .call_status
        .clone()
        .map(|s| s.to_string())
        .unwrap_or_default();
    let token = hook.idempotency_token().unwrap_or("-").to_owned();
    let extra = hook.extra.get("phoneNumber").cloned().unwrap_or_default();
    HttpResponse::Ok().body(format!("{status}|{token}|{extra}"))
}

async fn sync(hook: TwilioWebhook<SyncEvent>) -> HttpResponse {
    let connected = hook.event_type == SyncEventType::EndpointConnected;
    HttpResponse::Ok().body(format!(
        "{connected}|{}",
        hook.identity.clone().unwrap_or_default()
    ))
}

async fn raw(hook: TwilioWebhook<Extra>) -> HttpResponse {
    HttpResponse::Ok().body(hook.get("name").cloned().unwrap_or_default())
}

async fn json(hook: TwilioWebhook<serde_json::Value>) -> HttpResponse {
    HttpResponse::Ok().body(hook["EventType"].as_str().unwrap_or_default().to_owned())
}

fn config(trust_forwarded: bool) -> WebhookConfig {
    let validator = Validator::builder()
        .auth_token(TOKEN)
        .auth_token("old-token")
        .shared_key("webhooks_sharedkey_1", "shared-secret")
        .build()
        .unwrap();
    WebhookConfig::builder(validator)
        .public_base_url(BASE)
        .trust_forwarded_headers(trust_forwarded)
        .body_limit(4096)
        .build()
        .unwrap()
}

fn app(
    cfg: WebhookConfig,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(cfg))
        .route("/voice", web::post().to(voice))
        .route("/sync", web::post().to(sync))
        .route("/incoming", web::get().to(raw))
        .route("/json", web::post().to(json))
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

const CALL: &[(&str, &str)] = &[
    ("AccountSid", "AC00000000000000000000000000000000"),
    ("CallSid", "CA00000000000000000000000000000000"),
    ("CallStatus", "ringing"),
    ("From", "client:Anonymous"),
    ("To", ""),
    ("Direction", "inbound"),
    ("phoneNumber", "+12035550100"),
];

async fn send(req: atest::TestRequest, cfg: WebhookConfig) -> (StatusCode, String) {
    let service = atest::init_service(app(cfg)).await;
    let resp = atest::call_service(&service, req.to_request()).await;
    let status = resp.status();
    let body = atest::read_body(resp).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn post(path: &str, body: String) -> atest::TestRequest {
    atest::TestRequest::post()
        .uri(path)
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body)
}

#[actix_web::test]
async fn valid_form_post_reaches_handler_with_typed_payload() {
    let sig = Signer::new(TOKEN).sign(&format!("{BASE}/voice"), CALL);
    let req = post("/voice", form(CALL))
        .insert_header(("X-Twilio-Signature", sig))
        .insert_header(("I-Twilio-Idempotency-Token", "idem-1"));
    assert_eq!(
        send(req, config(false)).await,
        (StatusCode::OK, "ringing|idem-1|+12035550100".into())
    );
}

#[actix_web::test]
async fn rotated_token_is_accepted() {
    let sig = Signer::new("old-token").sign(&format!("{BASE}/voice"), CALL);
    let req = post("/voice", form(CALL)).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(send(req, config(false)).await.0, StatusCode::OK);
}

#[actix_web::test]
async fn missing_signature_is_400_without_detail() {
    let (status, body) = send(post("/voice", form(CALL)), config(false)).await;
    assert_eq!((status, body.as_str()), (StatusCode::BAD_REQUEST, ""));
}

#[actix_web::test]
async fn invalid_signature_is_403_without_detail() {
    let sig = Signer::new("wrong").sign(&format!("{BASE}/voice"), CALL);
    let req = post("/voice", form(CALL)).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(
        send(req, config(false)).await,
        (StatusCode::FORBIDDEN, String::new())
    );
}

#[actix_web::test]
async fn tampered_body_is_403() {
    let sig = Signer::new(TOKEN).sign(&format!("{BASE}/voice"), CALL);
    let body = form(CALL).replace("ringing", "completed");
    let req = post("/voice", body).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(send(req, config(false)).await.0, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn socket_url_is_not_the_public_url() {
    // Signed for the URL the app sees locally, not the configured public one.
    let sig = Signer::new(TOKEN).sign("http://localhost:8080/voice", CALL);
    let req = post("/voice", form(CALL)).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(send(req, config(false)).await.0, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn get_webhook_signs_the_query() {
    let path = "/incoming?name=alice&team=it's+fine";
    let sig = Signer::new(TOKEN).sign(&format!("{BASE}{path}"), &[] as &[(&str, &str)]);
    let req = atest::TestRequest::get()
        .uri(path)
        .insert_header(("X-Twilio-Signature", sig));
    assert_eq!(
        send(req, config(false)).await,
        (StatusCode::OK, "alice".into())
    );
    let forged =
        Signer::new(TOKEN).sign(&format!("{BASE}/incoming?name=bob"), &[] as &[(&str, &str)]);
    let req = atest::TestRequest::get()
        .uri(path)
        .insert_header(("X-Twilio-Signature", forged));
    assert_eq!(send(req, config(false)).await.0, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn json_body_checked_through_body_sha256() {
    let body = r#"{"EventType":"onMessageAdded"}"#;
    let signed = Signer::new(TOKEN).sign_json(&format!("{BASE}/json"), body.as_bytes());
    let path = signed.url.strip_prefix(BASE).unwrap().to_owned();
    let req = atest::TestRequest::post()
        .uri(&path)
        .insert_header(("content-type", "application/json"))
        .insert_header(("X-Twilio-Signature", signed.signature.clone()))
        .set_payload(body);
    assert_eq!(
        send(req, config(false)).await,
        (StatusCode::OK, "onMessageAdded".into())
    );
    let req = atest::TestRequest::post()
        .uri(&path)
        .insert_header(("X-Twilio-Signature", signed.signature))
        .set_payload(r#"{"EventType":"onMessageRemoved"}"#);
    assert_eq!(send(req, config(false)).await.0, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn body_over_limit_is_413() {
    let big = "x".repeat(5000);
    let pairs = [("Body", big.as_str())];
    let sig = Signer::new(TOKEN).sign(&format!("{BASE}/voice"), &pairs);
    let req = post("/voice", form(&pairs)).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(
        send(req, config(false)).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[actix_web::test]
async fn forwarded_headers_only_when_trusted() {
    let sig = Signer::new(TOKEN).sign("https://tunnel.example.net/voice", CALL);
    let make = || {
        post("/voice", form(CALL))
            .insert_header(("X-Twilio-Signature", sig.clone()))
            .insert_header(("X-Forwarded-Proto", "https"))
            .insert_header(("X-Forwarded-Host", "tunnel.example.net, proxy.internal"))
    };
    assert_eq!(send(make(), config(true)).await.0, StatusCode::OK);
    assert_eq!(send(make(), config(false)).await.0, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn sync_reachability_and_missing_required_field() {
    let event = [
        ("AccountSid", "AC00000000000000000000000000000000"),
        ("ServiceSid", "IS00000000000000000000000000000000"),
        ("EventType", "endpoint_connected"),
        ("Identity", "alice"),
        ("EndpointId", "alice-1"),
        ("SomethingNew", "kept"),
    ];
    let sig = Signer::new(TOKEN).sign(&format!("{BASE}/sync"), &event);
    let req = post("/sync", form(&event)).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(
        send(req, config(false)).await,
        (StatusCode::OK, "true|alice".into())
    );
    // Signed, but not a Sync event: 400, no detail.
    let sig = Signer::new(TOKEN).sign(&format!("{BASE}/sync"), &event[3..]);
    let req = post("/sync", form(&event[3..])).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(
        send(req, config(false)).await,
        (StatusCode::BAD_REQUEST, String::new())
    );
}

#[actix_web::test]
async fn shared_key_hmac_sha256_selected_by_settings_header() {
    let signer = Signer::new("shared-secret").with_algorithm(Algorithm::HmacSha256);
    let sig = signer.sign(&format!("{BASE}/voice"), CALL);
    let req = post("/voice", form(CALL))
        .insert_header(("X-Twilio-Signature", sig.clone()))
        .insert_header((
            "X-Twilio-Webhooks-Signature-Settings",
            "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256",
        ));
    assert_eq!(send(req, config(false)).await.0, StatusCode::OK);
    // The same signature without the header is checked as HMAC-SHA1: rejected.
    let req = post("/voice", form(CALL)).insert_header(("X-Twilio-Signature", sig));
    assert_eq!(send(req, config(false)).await.0, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn missing_config_is_500() {
    let service = atest::init_service(App::new().route("/voice", web::post().to(voice))).await;
    let req = post("/voice", form(CALL))
        .insert_header(("X-Twilio-Signature", "x"))
        .to_request();
    assert_eq!(
        atest::call_service(&service, req).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
}

#[test]
fn bad_base_url_is_rejected_at_build_time() {
    let v = Validator::new(TOKEN).unwrap();
    assert!(
        WebhookConfig::builder(v.clone())
            .public_base_url("ftp://x")
            .build()
            .is_err()
    );
    assert!(
        WebhookConfig::builder(v.clone())
            .public_base_url("https://x/?q=1")
            .build()
            .is_err()
    );
    assert!(
        WebhookConfig::builder(v)
            .public_base_url("https://x/prefix/")
            .build()
            .is_ok()
    );
}

/// A real server on a real socket, driven by a raw HTTP/1.1 client.
#[actix_web::test]
async fn real_socket_round_trip() {
    let server = actix_web::HttpServer::new(|| app(config(false)))
        .workers(1)
        .bind(("127.0.0.1", 0))
        .unwrap();
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let body = form(CALL);
    let sig = Signer::new(TOKEN).sign(&format!("{BASE}/voice"), CALL);
    let response = web::block(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /voice HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
             X-Twilio-Signature: {sig}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    })
    .await
    .unwrap();
    handle.stop(true).await;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.ends_with("ringing|-|+12035550100"), "{response}");
}

#[test]
fn call_status_enum_round_trip() {
    assert_eq!(CallStatus::from("no-answer"), CallStatus::NoAnswer);
    assert_eq!(CallStatus::from("brand-new").as_str(), "brand-new");
}

#[actix_web::test]
async fn without_base_url_the_host_header_is_used_and_forwarded_headers_ignored() {
    let cfg = WebhookConfig::builder(Validator::new(TOKEN).unwrap())
        .build()
        .unwrap();
    let sig = Signer::new(TOKEN).sign("http://app.local:8080/voice", CALL);
    let req = post("/voice", form(CALL))
        .insert_header(("Host", "app.local:8080"))
        .insert_header(("X-Twilio-Signature", sig));
    assert_eq!(send(req, cfg.clone()).await.0, StatusCode::OK);
    let forged = Signer::new(TOKEN).sign("https://elsewhere.example/voice", CALL);
    let req = post("/voice", form(CALL))
        .insert_header(("Host", "app.local:8080"))
        .insert_header(("X-Forwarded-Host", "elsewhere.example"))
        .insert_header(("X-Forwarded-Proto", "https"))
        .insert_header(("X-Twilio-Signature", forged));
    assert_eq!(send(req, cfg).await.0, StatusCode::FORBIDDEN);
}
