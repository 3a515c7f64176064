//! How the client behaves against a local HTTP stub (wiremock): error decoding,
//! retries, `Retry-After`, timeouts, pagination of both styles, garbage bodies, and
//! credentials kept out of errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use twilio_rest::api::calls::{CallEvent, CallInstructions, CallStatus, CreateCall, ListCalls};
use twilio_rest::raw::Method;
use twilio_rest::retry::RetryPolicy;
use twilio_rest::sid::{AccountSid, PhoneNumber};
use twilio_rest::{Client, Credentials, Domain, Error};
use wiremock::matchers::{body_string, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const AC: &str = "AC0123456789abcdef0123456789abcdef";
const TOKEN: &str = "s3cr3t-auth-token";

fn client(server: &MockServer, retry: RetryPolicy) -> Client {
    let mut builder = Client::builder()
        .credentials(Credentials::auth_token(AccountSid::new(AC).unwrap(), TOKEN))
        .retry(retry)
        .timeout(Duration::from_millis(500));
    for domain in Domain::ALL {
        builder = builder.base_url(domain, server.uri());
    }
    builder.build().unwrap()
}

fn fast_retries(n: u32) -> RetryPolicy {
    RetryPolicy::fixed(n, Duration::from_millis(5))
}

fn call_json(n: usize) -> Value {
    json!({
        "sid": format!("CA{n:032x}"),
        "account_sid": AC,
        "status": "queued",
        "to": "+15005550006",
        "from": "+15005550001",
        "phone_number_sid": "",
        "parent_call_sid": null,
        "price": null
    })
}

fn calls_path() -> String {
    format!("/2010-04-01/Accounts/{AC}/Calls.json")
}

#[tokio::test]
async fn create_call_sends_form_with_auth_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(calls_path()))
        .and(header("authorization", "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjpzM2NyM3QtYXV0aC10b2tlbg=="))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "To=%2B15005550006&From=%2B15005550001&Twiml=%3CResponse%2F%3E&StatusCallback=https%3A%2F%2Fe.x%2Fs&StatusCallbackEvent=initiated&StatusCallbackEvent=answered&Timeout=20",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(call_json(1)))
        .expect(1)
        .mount(&server)
        .await;
    let params = CreateCall::new(
        PhoneNumber::new("+15005550006").unwrap(),
        PhoneNumber::new("+15005550001").unwrap(),
        CallInstructions::twiml("<Response/>"),
    )
    .status_callback("https://e.x/s")
    .status_callback_event([CallEvent::Initiated, CallEvent::Answered])
    .timeout(20);
    let call = client(&server, RetryPolicy::none())
        .api()
        .calls()
        .create(&params)
        .await
        .unwrap();
    assert_eq!(call.sid.as_str(), format!("CA{:032x}", 1));
    assert_eq!(call.status, Some(CallStatus::Queued));
    assert_eq!(call.phone_number_sid, None, "empty SIDs read as None");
    let ua = &server.received_requests().await.unwrap()[0].headers["user-agent"];
    assert!(ua.to_str().unwrap().starts_with("twilio-rust/"));
}

#[tokio::test]
async fn twilio_error_document_becomes_api_error() {
    let server = MockServer::start().await;
    let body = json!({"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404});
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(body))
        .mount(&server)
        .await;
    let sid = format!("CA{}", "0".repeat(32)).parse().unwrap();
    let err = client(&server, fast_retries(3))
        .api()
        .call(sid)
        .fetch()
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            status,
            code,
            message,
            more_info,
            ..
        } => {
            assert_eq!((*status, *code), (404, Some(20404)));
            assert_eq!(message, "The requested resource was not found");
            assert_eq!(
                more_info.as_deref(),
                Some("https://www.twilio.com/docs/errors/20404")
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "404 is not retried"
    );
    assert!(!format!("{err:?} {err}").contains(TOKEN));
}

/// Answers with the given responses in order, then repeats the last.
struct Sequence(Vec<ResponseTemplate>, std::sync::atomic::AtomicUsize);

impl Sequence {
    fn new(responses: Vec<ResponseTemplate>) -> Self {
        Self(responses, std::sync::atomic::AtomicUsize::new(0))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.0[n.min(self.0.len() - 1)].clone()
    }
}

fn too_many() -> ResponseTemplate {
    ResponseTemplate::new(429)
        .set_body_json(json!({"code": 20429, "message": "Too Many Requests", "status": 429}))
}

#[tokio::test]
async fn retries_429_then_succeeds_even_for_creates() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Sequence::new(vec![
            too_many(),
            too_many(),
            ResponseTemplate::new(201).set_body_json(call_json(2)),
        ]))
        .mount(&server)
        .await;
    let params = CreateCall::new(
        PhoneNumber::new("+15005550006").unwrap(),
        PhoneNumber::new("+15005550001").unwrap(),
        CallInstructions::url("https://e.x/twiml"),
    );
    let call = client(&server, fast_retries(3))
        .api()
        .calls()
        .create(&params)
        .await
        .unwrap();
    assert_eq!(call.sid.as_str(), format!("CA{:032x}", 2));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![
            too_many().insert_header("Retry-After", "1"),
            ResponseTemplate::new(200).set_body_json(call_json(3)),
        ]))
        .mount(&server)
        .await;
    let sid = format!("CA{:032x}", 3).parse().unwrap();
    let start = Instant::now();
    client(&server, fast_retries(2))
        .api()
        .call(sid)
        .fetch()
        .await
        .unwrap();
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(990),
        "waited only {waited:?}"
    );
}

#[tokio::test]
async fn retries_exhausted_returns_last_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(too_many())
        .mount(&server)
        .await;
    let err = client(&server, fast_retries(2))
        .api()
        .calls()
        .list(ListCalls::default())
        .first_page()
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(429), Some(20429)));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "1 attempt + 2 retries"
    );
}

#[tokio::test]
async fn status_503_is_retried_only_when_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(503),
            ResponseTemplate::new(200).set_body_json(call_json(4)),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let c = client(&server, fast_retries(3));
    c.api()
        .call(format!("CA{:032x}", 4).parse().unwrap())
        .fetch()
        .await
        .unwrap();
    let params = CreateCall::new(
        PhoneNumber::new("+15005550006").unwrap(),
        PhoneNumber::new("+15005550001").unwrap(),
        CallInstructions::url("https://e.x/twiml"),
    );
    let err = c.api().calls().create(&params).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    let posts = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1, "a create is not repeated on 503");
}

#[tokio::test]
async fn timeouts_are_typed_and_creates_not_repeated() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(call_json(5))
        .set_delay(Duration::from_secs(2));
    Mock::given(method("POST"))
        .respond_with(slow.clone())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(slow)
        .mount(&server)
        .await;
    let c = client(&server, fast_retries(1));
    let params = CreateCall::new(
        PhoneNumber::new("+15005550006").unwrap(),
        PhoneNumber::new("+15005550001").unwrap(),
        CallInstructions::url("https://e.x/twiml"),
    );
    let err = c.api().calls().create(&params).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(d) if d == Duration::from_millis(500)),
        "{err:?}"
    );
    let err = c
        .api()
        .call(format!("CA{:032x}", 5).parse().unwrap())
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    let reqs = server.received_requests().await.unwrap();
    let count = |m: &str| reqs.iter().filter(|r| r.method.as_str() == m).count();
    assert_eq!(
        (count("POST"), count("GET")),
        (1, 2),
        "GET retried once, POST never"
    );
}

#[tokio::test]
async fn ambiguous_create_retry_is_opt_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(Sequence::new(vec![
            ResponseTemplate::new(201).set_delay(Duration::from_secs(2)),
            ResponseTemplate::new(201).set_body_json(call_json(6)),
        ]))
        .mount(&server)
        .await;
    let c = client(&server, fast_retries(1).retry_ambiguous_creates(true));
    let params = CreateCall::new(
        PhoneNumber::new("+15005550006").unwrap(),
        PhoneNumber::new("+15005550001").unwrap(),
        CallInstructions::url("https://e.x/twiml"),
    );
    c.api().calls().create(&params).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn garbage_body_is_a_decode_error_with_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>proxy says hi</html>"))
        .mount(&server)
        .await;
    let err = client(&server, RetryPolicy::none())
        .api()
        .call(format!("CA{:032x}", 7).parse().unwrap())
        .fetch()
        .await
        .unwrap_err();
    match err {
        Error::Decode { body, .. } => assert_eq!(body, "<html>proxy says hi</html>"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn pages_follow_next_page_uri_of_the_2010_api() {
    let server = MockServer::start().await;
    let p = calls_path();
    let page = |items: Vec<Value>, next: Option<String>| {
        ResponseTemplate::new(200)
            .set_body_json(json!({"calls": items, "next_page_uri": next, "page_size": 2}))
    };
    Mock::given(method("GET"))
        .and(path(p.clone()))
        .and(query_param("Page", "1"))
        .respond_with(page(
            vec![call_json(3), call_json(4)],
            Some(format!("{p}?PageSize=2&Page=2&PageToken=PA2")),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.clone()))
        .and(query_param("Page", "2"))
        .respond_with(page(vec![call_json(5)], None))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.clone()))
        .and(query_param("Status", "queued"))
        .and(query_param("PageSize", "2"))
        .and(query_param_is_missing("Page"))
        .respond_with(page(
            vec![call_json(1), call_json(2)],
            Some(format!("{p}?PageSize=2&Page=1&PageToken=PA1")),
        ))
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::none());
    let list = || {
        c.api()
            .calls()
            .list(ListCalls::default().status(CallStatus::Queued))
            .page_size(2)
    };
    let all = list().collect().await.unwrap();
    let sids: Vec<String> = all.iter().map(|c| c.sid.to_string()).collect();
    let want: Vec<String> = (1..=5).map(|n| format!("CA{n:032x}")).collect();
    assert_eq!(sids, want);

    // A limit stops fetching once reached: 3 items need 2 pages.
    let before = server.received_requests().await.unwrap().len();
    let three = list().limit(3).collect().await.unwrap();
    assert_eq!(three.len(), 3);
    assert_eq!(server.received_requests().await.unwrap().len() - before, 2);

    // Explicit pages.
    let lister = list();
    let first = lister.first_page().await.unwrap();
    assert_eq!(first.items().len(), 2);
    let second = lister.next_page(&first).await.unwrap().unwrap();
    let third = lister.next_page(&second).await.unwrap().unwrap();
    assert!(!third.has_next());
    assert!(lister.next_page(&third).await.unwrap().is_none());
    let pages: Vec<_> = list().pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);
}

#[tokio::test]
async fn pages_follow_meta_next_page_url_of_v1_apis() {
    let server = MockServer::start().await;
    // Twilio's absolute link names the real host; the client keeps the configured base.
    let link = |n: u32| {
        format!(
            "https://sync.twilio.com/v1/Services/IS{:032x}/Documents?PageSize=1&Page={n}&PageToken=PT{n}",
            0
        )
    };
    let doc = |n: u32| json!({"sid": format!("ET{n:032x}"), "unique_name": format!("doc{n}"), "data": {"n": n}, "revision": "0"});
    let p = format!("/v1/Services/IS{:032x}/Documents", 0);
    for n in 0..3u32 {
        let next = if n < 2 {
            Value::String(link(n + 1))
        } else {
            Value::Null
        };
        let body = json!({"documents": [doc(n)], "meta": {"key": "documents", "page": n, "page_size": 1, "next_page_url": next}});
        let mut m = Mock::given(method("GET")).and(path(p.clone()));
        m = if n == 0 {
            m.and(query_param("PageSize", "1"))
                .and(query_param_is_missing("PageToken"))
        } else {
            m.and(query_param("PageToken", format!("PT{n}")))
        };
        m.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .mount(&server)
            .await;
    }
    let items: Vec<Value> = {
        // Use the raw escape hatch through the typed lister of the Sync module when present;
        // here the generic page machinery is exercised through raw JSON.
        let c = client(&server, RetryPolicy::none());
        let first: Value = c
            .request(Method::GET, Domain::Sync, p.clone())
            .query("PageSize", "1")
            .send_json()
            .await
            .unwrap();
        assert_eq!(first["meta"]["next_page_url"], Value::String(link(1)));
        c.sync()
            .service(format!("IS{:032x}", 0).parse().unwrap())
            .documents()
            .list()
            .page_size(1)
            .collect()
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.data.unwrap_or_default())
            .collect()
    };
    assert_eq!(
        items,
        vec![json!({"n": 0}), json!({"n": 1}), json!({"n": 2})]
    );
}

#[tokio::test]
async fn raw_requests_use_auth_and_base() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/2010-04-01/Accounts/{AC}/Balance.json")))
        .and(header(
            "authorization",
            "Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjpzM2NyM3QtYXV0aC10b2tlbg==",
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"balance": "1.00", "currency": "USD"})),
        )
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::none());
    let v: Value = c
        .request(
            Method::GET,
            Domain::Api,
            format!("/2010-04-01/Accounts/{AC}/Balance.json"),
        )
        .send_json()
        .await
        .unwrap();
    assert_eq!(v["currency"], "USD");
    let bytes = c
        .request(Method::GET, Domain::Api, "/nope")
        .send()
        .await
        .unwrap_err();
    assert_eq!(bytes.status(), Some(404));
}

#[tokio::test]
async fn flex_token_validation() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/v1/Accounts/{AC}/Tokens/validate")))
        .and(header("content-type", "application/json"))
        .and(wiremock::matchers::body_json(json!({"token": "jwe.token"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "valid": true, "code": 0, "message": null, "expiration": "2026-11-23T16:00:00.000Z",
            "realm_user_id": null, "identity": "alice", "roles": ["agent"],
            "worker_sid": format!("WK{:032x}", 9)
        })))
        .mount(&server)
        .await;
    let v = client(&server, RetryPolicy::none())
        .flex()
        .validate_token("jwe.token")
        .await
        .unwrap();
    assert!(v.valid);
    assert_eq!(v.realm_user_id, None);
    assert_eq!(v.identity.as_deref(), Some("alice"));
    assert_eq!(v.roles, vec!["agent".to_owned()]);
    assert_eq!(v.worker_sid.unwrap().to_string(), format!("WK{:032x}", 9));
    let err = client(&server, RetryPolicy::none())
        .flex()
        .validate_token("")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
}

#[tokio::test]
async fn connection_refused_is_transport_error_without_secrets() {
    // A port nothing listens on: bind, learn the port, drop.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let c = Client::builder()
        .credentials(Credentials::auth_token(AccountSid::new(AC).unwrap(), TOKEN))
        .base_url(Domain::Api, format!("http://127.0.0.1:{port}"))
        .retry(fast_retries(2))
        .build()
        .unwrap();
    let err = c
        .api()
        .call(format!("CA{:032x}", 1).parse().unwrap())
        .fetch()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let shown = format!("{err:?} {err} {c:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn a_page_linking_to_itself_ends_the_stream() {
    let server = MockServer::start().await;
    let p = calls_path();
    let body = json!({"calls": [call_json(1)], "next_page_uri": format!("{p}?Page=1&PageToken=X")});
    Mock::given(method("GET"))
        .and(path(p.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let c = client(&server, RetryPolicy::none());
    let all = tokio::time::timeout(
        Duration::from_secs(5),
        c.api().calls().list(ListCalls::default()).collect(),
    )
    .await
    .expect("the stream must end")
    .unwrap();
    assert_eq!(
        all.len(),
        2,
        "first page, then the page that links to itself once"
    );
}

#[tokio::test]
async fn payload_data_returns_the_redirect_without_following_it() {
    let server = MockServer::start().await;
    let base = format!(
        "/2010-04-01/Accounts/{AC}/Recordings/RE{z}/AddOnResults/XR{z}/Payloads/XH{z}",
        z = "0".repeat(32)
    );
    // Location only (no body): the target is taken from the header, never fetched.
    Mock::given(method("GET"))
        .and(path(format!("{base}/Data.json")))
        .respond_with(
            ResponseTemplate::new(307).insert_header("location", format!("{}/blob", server.uri())),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/blob"))
        .respond_with(ResponseTemplate::new(200).set_body_string("data"))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::none());
    let result = client
        .api()
        .recording(format!("RE{}", "0".repeat(32)).parse().unwrap())
        .add_on_result(format!("XR{}", "0".repeat(32)).parse().unwrap());
    let data = result
        .payload_data(&format!("XH{}", "0".repeat(32)).parse().unwrap())
        .await
        .unwrap();
    assert_eq!(data.redirect_to, format!("{}/blob", server.uri()));

    // Other calls still follow redirects.
    Mock::given(method("GET"))
        .and(path(calls_path()))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved.json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved.json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    let moved: Value = client
        .request(Method::GET, Domain::Api, calls_path())
        .send_json()
        .await
        .unwrap();
    assert_eq!(moved, json!({"ok": true}));
}
