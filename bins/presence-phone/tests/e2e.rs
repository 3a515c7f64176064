//! End to end: the real binary on a socket, Twilio Sync served by Prism (Twilio's
//! OpenAPI spec behind the strict contract gate), driven by signed webhooks.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::{path::Path, process::Stdio};

use common::*;
use twilio_testkit::{
    prism::{Prism, Spec},
    process::{ChildGuard, app_command, spawn_on_free_port},
};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

struct App {
    _child: ChildGuard,
    base: String,
    http: reqwest::Client,
}

fn start(db: &Path, sync_base: &str) -> App {
    // The public URL names the port, so the port is chosen first (and retried if taken).
    let (child, addr) = spawn_on_free_port(|port| {
        let base = format!("http://127.0.0.1:{port}");
        let vars = [
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("BIND_ADDRESS", format!("127.0.0.1:{port}")),
            ("PUBLIC_BASE_URL", base.clone()),
            ("TWILIO_ACCOUNT_SID", ACCOUNT.to_owned()),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
            (
                "TWILIO_API_KEY_SID",
                "SK0123456789abcdef0123456789abcdef".to_owned(),
            ),
            ("TWILIO_API_KEY_SECRET", "api-key-secret".to_owned()),
            (
                "TWILIO_SYNC_SERVICE_SID",
                "IS0123456789abcdef0123456789abcdef".to_owned(),
            ),
            (
                "TWILIO_TWIML_APP_SID",
                "AP0123456789abcdef0123456789abcdef".to_owned(),
            ),
            ("TWILIO_PHONE_NUMBER", "+15551230000".to_owned()),
            ("TWILIO_SYNC_BASE_URL", sync_base.to_owned()),
            ("SQLITE_PATH", db.display().to_string()),
            ("APP_USERS", users().to_owned()),
            (
                "SESSION_SECRET",
                "e2e-session-key-0123456789abcdefghij".to_owned(),
            ),
        ];
        let mut cmd = app_command(env!("CARGO_BIN_EXE_presence-phone"), &vars);
        cmd.stdin(Stdio::null());
        cmd
    })
    .unwrap();
    App {
        _child: child,
        base: format!("http://{addr}"),
        // An idle connection is reused only while well inside the server's 5 s
        // keep-alive: on a starved machine a longer idle one may be closing as a
        // request is written to it (hyper's IncompleteMessage).
        http: reqwest::Client::builder()
            .pool_idle_timeout(std::time::Duration::from_secs(1))
            .build()
            .unwrap(),
    }
}

impl App {
    /// Sends a webhook signed for our PUBLIC_BASE_URL (as Twilio would).
    async fn webhook(&self, path: &str, params: &[(&str, &str)]) -> reqwest::Response {
        let url = format!("{}{path}", self.base);
        let owned: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let sig = twilio_webhook::Signer::new(AUTH_TOKEN).sign(&url, &owned);
        self.http
            .post(&url)
            .header("X-Twilio-Signature", sig)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form(params))
            .send()
            .await
            .unwrap()
    }

    async fn reach(&self, event: &str, identity: &str, endpoint: &str) -> u16 {
        let p = [
            ("EventType", event),
            ("Identity", identity),
            ("EndpointId", endpoint),
            ("AccountSid", ACCOUNT),
        ];
        self.webhook("/api/sync-callback", &p)
            .await
            .status()
            .as_u16()
    }

    async fn incoming(&self, name: &str) -> String {
        let path = format!("/api/phone/incoming?name={name}");
        let params = [
            ("CallSid", CALL),
            ("From", "+15005550006"),
            ("To", "+15005550001"),
        ];
        let res = self.webhook(&path, &params).await;
        assert_eq!(res.status().as_u16(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/xml")
        );
        res.text().await.unwrap()
    }

    async fn call_status(&self, status: &str) -> u16 {
        let p = [
            ("CallSid", CALL),
            ("CallStatus", status),
            ("To", "client:alice"),
            ("From", "+15005550006"),
        ];
        self.webhook("/api/phone/status-callback?identity=alice", &p)
            .await
            .status()
            .as_u16()
    }

    async fn presence(&self, cookie: &str) -> serde_json::Value {
        let res = self
            .http
            .get(format!("{}/api/presence", self.base))
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        res.json().await.unwrap()
    }

    async fn login(&self) -> String {
        let res = self
            .http
            .post(format!("{}/api/login", self.base))
            .json(&serde_json::json!({ "username": "alice", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200);
        let set = res.headers()["set-cookie"].to_str().unwrap();
        set.split(';').next().unwrap().to_owned()
    }
}

const CALL: &str = "CA0123456789abcdef0123456789abcdef";

fn user<'a>(snapshot: &'a serde_json::Value, name: &str) -> Option<&'a serde_json::Value> {
    snapshot["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["identity"] == name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn presence_phone_end_to_end() {
    let prism = match Prism::start(Spec::Sync) {
        Ok(p) => p,
        Err(e) => panic!("Prism is needed (scripts/setup.sh): {e}"),
    };
    let db = temp_db("e2e");
    let app = start(&db, prism.base_url());

    // Two endpoints for alice; an incoming call routes to her client.
    assert_eq!(
        app.reach("endpoint_connected", "alice", "EPalice1").await,
        200
    );
    assert_eq!(
        app.reach("endpoint_connected", "alice", "EPalice2").await,
        200
    );
    let xml = app.incoming("alice").await;
    assert!(xml.contains("<Dial><Client statusCallback=\""), "{xml}");
    assert!(
        xml.contains(&format!(
            "{}/api/phone/status-callback?identity=alice",
            app.base
        )),
        "{xml}"
    );
    assert!(xml.contains(">alice</Client>"), "{xml}");

    // Ringing makes her busy; completed makes her available.
    assert_eq!(app.call_status("ringing").await, 200);
    assert!(
        app.incoming("alice")
            .await
            .contains("<Say>The user is busy right now</Say>")
    );
    assert_eq!(app.call_status("completed").await, 200);
    assert!(app.incoming("alice").await.contains("<Client"));

    // Unsigned and forged webhooks: 400/403, nothing changes.
    let url = format!("{}/api/sync-callback", app.base);
    let body = form(&[
        ("EventType", "endpoint_disconnected"),
        ("Identity", "alice"),
        ("EndpointId", "EPalice1"),
    ]);
    let unsigned = app
        .http
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status().as_u16(), 400);
    let forged = app
        .http
        .post(&url)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", "dGhpcyBpcyBub3QgYSBzaWduYXR1cmU=")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status().as_u16(), 403);
    // Signed with another auth token.
    let other = twilio_webhook::Signer::new("some-other-token").sign(
        &url,
        &[
            ("EventType", "endpoint_disconnected"),
            ("Identity", "alice"),
            ("EndpointId", "EPalice1"),
        ],
    );
    let res = app
        .http
        .post(&url)
        .header("X-Twilio-Signature", other)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 403);
    let cookie = app.login().await;
    let snap = app.presence(&cookie).await;
    assert_eq!(user(&snap, "alice").unwrap()["endpoints"], 2, "{snap}");
    assert_eq!(user(&snap, "alice").unwrap()["state"], "available");

    // A restart (on a new port) keeps her state (SQLite file).
    drop(app);
    let app = start(&db, prism.base_url());
    assert!(
        app.incoming("alice").await.contains("<Client"),
        "available after restart"
    );
    let snap = app.presence(&app.login().await).await;
    assert_eq!(user(&snap, "alice").unwrap()["endpoints"], 2);

    // Disconnects make her unavailable and the call gets the spoken message.
    assert_eq!(
        app.reach("endpoint_disconnected", "alice", "EPalice1")
            .await,
        200
    );
    assert!(app.incoming("alice").await.contains("<Client"));
    assert_eq!(
        app.reach("endpoint_disconnected", "alice", "EPalice2")
            .await,
        200
    );
    assert!(
        app.incoming("alice")
            .await
            .contains("<Say>The user is offline right now</Say>")
    );
    assert!(
        app.incoming("nobody")
            .await
            .contains("<Say>Sorry, this user is unknown</Say>")
    );

    // 1,000 concurrent reachability events lose no update: 10 users x 100 endpoints.
    // At most 100 in flight: with all 1,000 connections opened at once, a starved
    // machine may not write a request head within the server's 5 s request timeout,
    // and the server's 408 then breaks the client's request (hyper's UnexpectedMessage).
    let app = std::sync::Arc::new(app);
    let in_flight = std::sync::Arc::new(tokio::sync::Semaphore::new(100));
    let mut tasks = Vec::new();
    for i in 0..1000 {
        let app = app.clone();
        let in_flight = in_flight.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = in_flight.acquire_owned().await.unwrap();
            let who = format!("load{}", i % 10);
            let ep = format!("EP{i}");
            app.reach("endpoint_connected", &who, &ep).await
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let snap = app.presence(&app.login().await).await;
    for u in 0..10 {
        let entry = user(&snap, &format!("load{u}")).unwrap();
        assert_eq!(entry["endpoints"], 100, "{entry}");
        assert_eq!(entry["state"], "available");
    }

    // The Sync mirror wrote one Map item per user to Prism, within the contract.
    twilio_testkit::wait::until("a Sync Map item update for load9", || {
        let seen = prism.requests().iter().any(|r| {
            r["method"] == "POST"
                && r["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/Maps/presence/Items/load9"))
        });
        async move { seen }
    })
    .await
    .unwrap();
    prism.assert_clean().unwrap();
}
