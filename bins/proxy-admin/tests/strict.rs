//! Strict input, shared headers and login redirects (issue 14 "Loose input", issue 16
//! item 5): a repeated form field or invalid UTF-8 is a 400 before Twilio is called,
//! every response says `nosniff`, `HEAD` and `/healthz` answer, the access log names
//! the method, and login returns to the page asked for, never to another site.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use actix_web::http::{Method, StatusCode};
use actix_web::test as at;
use actix_web::{App, web};
use common::*;
use proxy_admin::configure;
use twilio_testkit::prism::{Prism, Spec};
use twilio_testkit::process::{ChildGuard, app_command, free_port, wait_for_port};

macro_rules! app {
    ($state:expr) => {
        at::init_service(App::new().configure(configure($state.clone()))).await
    };
}

const KS_OTHER: &str = "KSbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

fn post(cookie: &str, path: &str, body: &str) -> at::TestRequest {
    at::TestRequest::post()
        .uri(path)
        .insert_header(("cookie", cookie))
        .insert_header(("origin", ORIGIN))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body.to_owned())
}

/// The status and body text of `$req` sent to `$app`.
macro_rules! status_and_text {
    ($app:expr, $req:expr) => {{
        let res = at::call_service($app, $req.to_request()).await;
        let status = res.status();
        let body = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
        (status, body)
    }};
}

/// The finding: `serviceSid=KS…a&serviceSid=KS…b` deleted the second Service (the
/// last one wins). Against the contract mock, Twilio must not be called at all.
#[actix_web::test]
async fn a_repeated_service_sid_deletes_nothing() {
    let proxy = web::block(|| Prism::start(Spec::Proxy))
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("Prism: {e}"));
    let state = state(&[("TWILIO_PROXY_BASE_URL", proxy.base_url())]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    let body = format!("serviceSid={KS}&serviceSid={KS_OTHER}");
    let res = at::call_service(&app, post(&cookie, "/serviceDelete", &body).to_request()).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        res.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    let text = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
    assert_eq!(text, "form body: `serviceSid` is given more than once");
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());

    // The same route with one SID does reach Twilio (the refusal above was the check).
    let one = format!("serviceSid={KS}");
    let res = at::call_service(&app, post(&cookie, "/serviceDelete", &one).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(proxy.requests().len(), 1);
    proxy.assert_clean().unwrap();
}

/// `uniqueName=%FF%FE` used to become two replacement characters and a 200; every
/// form and query of the app refuses bytes that are not UTF-8, naming the field.
#[actix_web::test]
async fn invalid_utf8_is_a_400_naming_the_field() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    let body = "uniqueName=%FF%FE&geoMatchLevel=country&numberSelectionBehavior=avoid-sticky";
    let (status, text) = status_and_text!(&app, post(&cookie, "/createService", body));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert_eq!(
        text,
        "form body: `uniqueName` is not valid UTF-8 (percent-decoded)"
    );
    let page = at::TestRequest::get()
        .uri("/sessions?sid=KS%FF")
        .insert_header(("cookie", cookie.as_str()));
    let (status, html) = status_and_text!(&app, page);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(html.contains("`sid` is not valid UTF-8"), "{html}");
    // A repeated field in a page's query, and in the login form, too.
    let page = at::TestRequest::get()
        .uri(&format!(
            "/participants?serviceSid={KS}&serviceSid={KS}&sessionSid={KC}"
        ))
        .insert_header(("cookie", cookie.as_str()));
    let (status, html) = status_and_text!(&app, page);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(
        html.contains("`serviceSid` is given more than once"),
        "{html}"
    );
    let login = at::TestRequest::post()
        .uri("/login")
        .insert_header(("origin", ORIGIN))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(format!("username=alice&password={PASSWORD}&username=bob"));
    let (status, text) = status_and_text!(&app, login);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("`username`"), "{text}");
}

/// Every response, including redirects, refusals, Twilio's error text passed on as
/// `text/plain`, and 404s, carries `X-Content-Type-Options: nosniff`.
#[actix_web::test]
async fn every_response_says_nosniff() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    let get = |uri: &str, cookie: Option<&str>| {
        let req = at::TestRequest::get().uri(uri);
        match cookie {
            Some(c) => req.insert_header(("cookie", c.to_owned())),
            None => req,
        }
    };
    let cases = [
        (get("/login", None), 200),
        (get("/healthz", None), 200),
        (get("/assets/app.css", None), 200),
        (get("/favicon.ico", None), 200),
        (get("/services", None), 302),
        (get("/", Some(&cookie)), 200),
        (get("/app.js", Some(&cookie)), 200),
        (get("/sessions", Some(&cookie)), 400),
        (get("/services", Some(&cookie)), 502),
        (get("/nowhere", Some(&cookie)), 404),
        (get("/createService", Some(&cookie)), 405),
        (
            post(&cookie, "/createService", "uniqueName=a&uniqueName=b"),
            400,
        ),
        (
            post(
                &cookie,
                "/createService",
                "uniqueName=rides&geoMatchLevel=country&numberSelectionBehavior=avoid-sticky",
            ),
            502,
        ),
        (post("", "/createService", ""), 401),
        (post(&cookie, "/recordCall", ""), 400),
    ];
    for (req, status) in cases {
        let req = req.to_request();
        let what = format!("{} {}", req.method(), req.uri());
        let res = at::call_service(&app, req).await;
        assert_eq!(res.status().as_u16(), status, "{what}");
        assert_eq!(
            res.headers()
                .get_all("x-content-type-options")
                .map(|v| v.to_str().unwrap())
                .collect::<Vec<_>>(),
            ["nosniff"],
            "{what}"
        );
    }
}

/// `HEAD` is answered wherever `GET` is, with no body; `/healthz` exists.
#[actix_web::test]
async fn head_answers_every_page_and_healthz() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for (uri, status) in [
        ("/healthz", 200),
        ("/login", 200),
        ("/", 200),
        ("/assets/app.css", 200),
        ("/app.js", 200),
        ("/services", 502),
    ] {
        let req = at::TestRequest::default()
            .method(Method::HEAD)
            .uri(uri)
            .insert_header(("cookie", cookie.as_str()));
        let (got, body) = status_and_text!(&app, req);
        assert_eq!(got.as_u16(), status, "HEAD {uri}");
        assert!(body.is_empty(), "HEAD {uri}: {body}");
    }
    let (status, body) = status_and_text!(&app, at::TestRequest::get().uri("/healthz"));
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
}

/// A page asked for without a session comes back after login; `next` that leaves the
/// site (`//evil`, `/\evil`, an absolute URL) is never followed.
#[actix_web::test]
async fn login_returns_to_the_page_asked_for_and_nowhere_else() {
    let state = state(&[]);
    let app = app!(state);
    let asked = format!("/sessions?sid={KS}");
    let res = at::call_service(&app, at::TestRequest::get().uri(&asked).to_request()).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let expected = format!("/login?next=%2Fsessions%3Fsid%3D{KS}");
    assert_eq!(location, expected);

    // The form carries `next` back (escaped in the page).
    let (status, html) = status_and_text!(&app, at::TestRequest::get().uri(&location));
    assert_eq!(status, StatusCode::OK);
    let hidden = format!(r#"name="next" value="/sessions?sid={KS}""#);
    assert!(html.contains(&hidden), "{html}");

    let login = |next: &str| {
        at::TestRequest::post()
            .uri("/login")
            .insert_header(("origin", ORIGIN))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(form(&[
                ("username", "alice"),
                ("password", PASSWORD),
                ("next", next),
            ]))
    };
    let res = at::call_service(&app, login(&asked).to_request()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers().get("location").unwrap(), asked.as_str());

    for evil in [
        "//evil.example/x",
        "/\\evil.example/x",
        "https://evil.example/x",
        "/\t/evil.example",
        "javascript:alert(1)",
    ] {
        let res = at::call_service(&app, login(evil).to_request()).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{evil:?}");
        assert_eq!(res.headers().get("location").unwrap(), "/", "{evil:?}");
        let uri = format!("/login?{}", form(&[("next", evil)]));
        let (status, html) = status_and_text!(&app, at::TestRequest::get().uri(&uri));
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains("name=\"next\""), "{evil:?}: {html}");
    }
}

/// The real binary: `HEAD` and `/healthz` on a socket, and one access-log line per
/// request naming the method and the path (without the query), where the log used to
/// print a literal `m`.
#[tokio::test]
async fn access_log_names_method_path_and_status_on_a_socket() {
    let port = free_port();
    let vars = [
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.to_owned()),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
        ("TWILIO_API_KEY_SID", API_KEY_SID.to_owned()),
        ("TWILIO_API_KEY_SECRET", API_KEY_SECRET.to_owned()),
        ("ALLOWED_SMS_SENDERS", SENDER.to_owned()),
        ("PUBLIC_BASE_URL", format!("http://127.0.0.1:{port}")),
        (
            "SESSION_SECRET",
            "0123456789abcdef0123456789abcdef-strict".into(),
        ),
        ("APP_USERS", users_text()),
        ("PORT", port.to_string()),
        ("RUST_LOG", "warn,http=info".into()),
        ("TWILIO_API_BASE_URL", "http://127.0.0.1:9".into()),
        ("TWILIO_PROXY_BASE_URL", "http://127.0.0.1:9".into()),
    ];
    let mut cmd = app_command(env!("CARGO_BIN_EXE_proxy-admin"), &vars);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _guard = ChildGuard(child);
    let (lines_tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                return;
            }
        }
    });
    wait_for_port(port, Duration::from_secs(30)).unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    for path in ["/healthz", "/login"] {
        let res = http.head(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(res.status(), 200, "HEAD {path}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert!(res.bytes().await.unwrap().is_empty());
    }
    let res = http
        .get(format!("{base}/sessions?sid={KS}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);

    let expected = [
        "HEAD /healthz 200 ",
        "HEAD /login 200 ",
        "GET /sessions 302 ",
    ];
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen: Vec<String> = Vec::new();
    while !expected.iter().all(|e| seen.iter().any(|l| l.contains(e))) {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => seen.push(line),
            Err(_) => panic!("access log lines missing; saw {seen:#?}"),
        }
    }
    let log = seen.join("\n");
    assert!(log.contains("127.0.0.1 GET /sessions 302 "), "{log}");
    assert!(!log.contains(KS), "the query stays out of the log: {log}");
}
