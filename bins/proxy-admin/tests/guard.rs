//! Issue 14 over real sockets: attackers at 127.0.0.11–15 cannot lock an admin out,
//! and SMS cannot run up the bill (premium ranges refused, per-user and global rates).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::{App, HttpServer};
use common::*;
use proxy_admin::{AppState, configure};

/// Starts the app on 127.0.0.1 port 0.
fn serve(state: AppState) -> (String, actix_web::dev::ServerHandle) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let server = HttpServer::new(move || App::new().configure(configure(state.clone())))
        .workers(2)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (format!("http://{addr}"), handle)
}

/// An HTTP client whose requests come from `from`.
fn client_from(from: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(from))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

async fn login(base: &str, from: [u8; 4], password: &str) -> reqwest::Response {
    client_from(from)
        .post(format!("{base}/login"))
        .header("origin", ORIGIN)
        .form(&[("username", "alice"), ("password", password)])
        .send()
        .await
        .unwrap()
}

/// Was: 5 wrong passwords from 5 addresses made the right one from a sixth fail
/// with 429 for 15 minutes. Now each address is limited on its own guesses only.
#[actix_web::test]
async fn wrong_passwords_from_many_addresses_do_not_lock_the_admin_out() {
    let (base, handle) = serve(state(&[]));
    for last in 11..=15 {
        let res = login(&base, [127, 0, 0, last], "guess").await;
        assert_eq!(res.status(), 401, "from 127.0.0.{last}");
    }
    let res = login(&base, [127, 0, 0, 16], PASSWORD).await;
    assert_eq!(res.status(), 303, "the right password from a sixth address");

    handle.stop(false).await;
}

async fn send_sms(
    base: &str,
    http: &reqwest::Client,
    user: &str,
    to: &str,
    state: &AppState,
) -> (u16, String) {
    let res = http
        .post(format!("{base}/createMessage"))
        .header("origin", ORIGIN)
        .header("cookie", session_cookie(state, user))
        .form(&[("from", SENDER), ("to", to), ("body", "hi")])
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

/// Was: 30 parallel SMS to +882345678901 were all sent (200). Now each is refused
/// with 403 naming the range, before Twilio is asked.
#[actix_web::test]
async fn parallel_sms_to_an_international_premium_range_are_refused() {
    let state = state(&[]);
    let (base, handle) = serve(state.clone());
    let http = client_from([127, 0, 0, 11]);
    let sends = (0..30).map(|_| send_sms(&base, &http, "alice", "+882345678901", &state));
    for (status, body) in futures_util::future::join_all(sends).await {
        assert_eq!(status, 403, "{body}");
        assert_eq!(
            body,
            "destination +882… refused: international networks, premium and shared-cost (+882)"
        );
    }
    let (status, body) = send_sms(&base, &http, "alice", "+97955512345", &state).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("(+979)"), "{body}");
    handle.stop(false).await;
}

/// Messages are limited per user and for the whole app, answered 429 with
/// `Retry-After`; admitted ones reach Twilio (unreachable here: 502).
#[actix_web::test]
async fn message_rates_per_user_and_global_answer_429() {
    let state = state(&[
        ("MESSAGES_PER_USER_PER_HOUR", "2"),
        ("MESSAGES_PER_HOUR", "3"),
    ]);
    let (base, handle) = serve(state.clone());
    let http = client_from([127, 0, 0, 12]);
    let to = "+15551234567";
    for _ in 0..2 {
        assert_eq!(send_sms(&base, &http, "alice", to, &state).await.0, 502);
    }
    let (status, body) = send_sms(&base, &http, "alice", to, &state).await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("at most 2 per hour per user"), "{body}");
    assert_eq!(send_sms(&base, &http, "bob", to, &state).await.0, 502);
    let (status, body) = send_sms(&base, &http, "bob", to, &state).await;
    assert_eq!(status, 429, "{body}");
    assert!(
        body.contains("at most 3 per hour for the whole app"),
        "{body}"
    );
    handle.stop(false).await;
}
