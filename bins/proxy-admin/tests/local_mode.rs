//! `proxy-admin` with no Twilio variables starts in local mode on the embedded fake:
//! the binary on port 0 (with the test's users), walked
//! through services, sessions, participants, SMS, click-to-call and interactions.
//! Outside local mode the simulated-call routes answer 501.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::App;
use actix_web::http::StatusCode;
use actix_web::test as at;
use serde_json::Value;

use twilio_testkit::app::{PASSWORD, users_text};
use twilio_testkit::process::{app_command, spawn_reporting};
use twilio_testkit::wait;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_runs_a_proxy_session_without_an_account() {
    // The log (stdout, read by the harness) shows a generated admin password when no
    // users are given; the test brings its own users instead.
    let mut cmd = app_command(
        env!("CARGO_BIN_EXE_proxy-admin"),
        &[("PORT", "0".into()), ("APP_USERS", users_text().into())],
    );
    let (_app, addr) = spawn_reporting(&mut cmd).unwrap();
    let password = PASSWORD;
    let base = format!("http://{addr}");
    let origin = format!("http://127.0.0.1:{}", addr.port());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let login_page = http
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        login_page.contains("LOCAL MODE"),
        "the login page is labelled"
    );
    let login = http
        .post(format!("{base}/login"))
        .header("origin", &origin)
        .form(&[("username", "alice"), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 303, "the logged password logs in");
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let post = |path: &str, form: &[(&str, &str)]| {
        http.post(format!("{base}{path}"))
            .header("origin", &origin)
            .header("cookie", &cookie)
            .form(form)
            .send()
    };
    let get = |path: String| {
        http.get(format!("{base}{path}"))
            .header("cookie", &cookie)
            .send()
    };
    let text = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let body = r.text().await.unwrap();
        assert_eq!(status, 200, "{body}");
        body
    };

    let ks = text(
        post(
            "/createService",
            &[
                ("uniqueName", "demo"),
                ("geoMatchLevel", "country"),
                ("numberSelectionBehavior", "prefer-sticky"),
            ],
        )
        .await
        .unwrap(),
    )
    .await;
    assert!(ks.starts_with("KS"), "{ks}");
    let services = text(get("/services".into()).await.unwrap()).await;
    assert!(
        services.contains("demo") && services.contains("LOCAL MODE"),
        "what is created is listed"
    );
    let kc = text(
        post(
            "/createSession",
            &[
                ("serviceSid", &ks),
                ("uniqueName", "order-1"),
                ("mode", "voice-and-message"),
            ],
        )
        .await
        .unwrap(),
    )
    .await;
    assert!(kc.starts_with("KC"), "{kc}");
    let sessions = text(get(format!("/sessions?sid={ks}")).await.unwrap()).await;
    assert!(sessions.contains("order-1"));
    let mut kps = Vec::new();
    for (name, number) in [("Alice", "+14155550101"), ("Bob", "+14155550102")] {
        let kp = text(
            post(
                "/createParticipant",
                &[
                    ("serviceSid", &ks),
                    ("sessionSid", &kc),
                    ("friendlyName", name),
                    ("identifier", number),
                ],
            )
            .await
            .unwrap(),
        )
        .await;
        assert!(kp.starts_with("KP"), "{kp}");
        kps.push(kp);
    }
    let participants_path = format!("/participants?serviceSid={ks}&sessionSid={kc}");
    let participants = text(get(participants_path.clone()).await.unwrap()).await;
    assert!(participants.contains("Alice") && participants.contains("Bob"));
    // Alice's proxy number: the pool's first (+1555010…), shown on the page.
    let at = participants
        .find("+1555010")
        .expect("a proxy number on the page");
    let proxy = participants[at..at + 12].to_owned();

    // Alice texts her proxy number: relayed to Bob and listed as an interaction.
    let sm = text(
        post(
            "/createMessage",
            &[
                ("from", "+14155550101"),
                ("to", &proxy),
                ("body", "hello bob"),
            ],
        )
        .await
        .unwrap(),
    )
    .await;
    assert!(sm.starts_with("SM"), "{sm}");
    let interactions_path = format!(
        "/interactions?serviceSid={ks}&sessionSid={kc}&participantSid={}",
        kps[0]
    );
    wait::until("the interaction is listed", || async {
        get(interactions_path.clone())
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .contains("hello bob")
    })
    .await
    .unwrap();

    // Click-to-call: the page dials through the server (no Voice SDK is loaded).
    assert!(
        participants.contains("data-local-calls") && participants.contains("data-dial"),
        "Dial is on, in local mode: {participants}"
    );
    assert!(
        !participants.contains("twilio.min.js"),
        "no SDK in local mode"
    );
    let json = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let body = r.text().await.unwrap();
        assert_eq!(status, 200, "{body}");
        serde_json::from_str::<Value>(&body).unwrap()
    };
    let placed = json(
        post(
            "/localCall",
            &[
                ("serviceSid", &ks),
                ("sessionSid", &kc),
                ("participantSid", &kps[0]),
            ],
        )
        .await
        .unwrap(),
    )
    .await;
    let ca = placed["callSid"].as_str().unwrap().to_owned();
    assert!(ca.starts_with("CA") && ca.len() == 34, "{placed}");
    // The fake's call resource: from Alice's number to her proxy number.
    assert_eq!(placed["call"]["from"], "+14155550101", "{placed}");
    assert_eq!(placed["call"]["to"], proxy.as_str(), "{placed}");
    let status_of = || async {
        json(
            post("/localCall/status", &[("callSid", &ca)])
                .await
                .unwrap(),
        )
        .await
    };
    // The fake's signed status callbacks move the call to in-progress (its answer
    // TwiML dials, so it stays up until hung up).
    wait::until("the call is in progress", || async {
        let s = status_of().await;
        s["status"] == "in-progress" && s["call"]["status"] == "in-progress"
    })
    .await
    .unwrap();
    // Malformed and unknown calls are refused with a message.
    let bad = post("/localCall/status", &[("callSid", "CA123")])
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 400);
    assert!(bad.text().await.unwrap().contains("callSid"));
    let other = format!("CA{}", "0".repeat(32));
    let unknown = post("/localCall/hangup", &[("callSid", &other)])
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 403);
    let missing = post("/localCall", &[("serviceSid", &ks), ("sessionSid", &kc)])
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 400);
    assert!(missing.text().await.unwrap().contains("participantSid"));
    // Hang up: the fake ends the call and its completed callback says so.
    json(
        post("/localCall/hangup", &[("callSid", &ca)])
            .await
            .unwrap(),
    )
    .await;
    wait::until("the call is over", || async {
        let s = status_of().await;
        s["status"] == "completed" && s["final"] == true && s["call"]["status"] == "completed"
    })
    .await
    .unwrap();

    let closed = post(
        "/sessionUpdate",
        &[
            ("serviceSid", &ks),
            ("sessionSid", &kc),
            ("updateStatus", "notClosed"),
        ],
    )
    .await
    .unwrap();
    assert!(text(closed).await.contains("\"closed\""));
    text(
        post("/serviceDelete", &[("serviceSid", &ks)])
            .await
            .unwrap(),
    )
    .await;
    assert!(
        !text(get("/services".into()).await.unwrap())
            .await
            .contains(">demo<")
    );
}

#[actix_web::test]
async fn simulated_calls_are_501_outside_local_mode() {
    let state = common::state(&[]);
    let app = at::init_service(App::new().configure(proxy_admin::configure(state.clone()))).await;
    let cookie = common::session_cookie(&state, "alice");
    for (path, body) in [
        (
            "/localCall",
            common::form(&[
                ("serviceSid", common::KS),
                ("sessionSid", common::KC),
                ("participantSid", common::KP),
            ]),
        ),
        (
            "/localCall/status",
            common::form(&[("callSid", common::CA)]),
        ),
        (
            "/localCall/hangup",
            common::form(&[("callSid", common::CA)]),
        ),
    ] {
        let req = at::TestRequest::post()
            .uri(path)
            .insert_header(("cookie", cookie.as_str()))
            .insert_header(("origin", common::ORIGIN))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body);
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::NOT_IMPLEMENTED, "{path}");
        let text = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
        assert!(text.contains("only in local mode"), "{path}: {text}");
    }
    // The status callback is signed like every webhook, then 501 too.
    let params = [
        ("AccountSid", common::ACCOUNT_SID),
        ("CallSid", common::CA),
        ("CallStatus", "ringing"),
    ];
    let (body, signature) = common::signed_form("/localCall/callback", &params);
    let req = at::TestRequest::post()
        .uri("/localCall/callback")
        .insert_header(("x-twilio-signature", signature))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::NOT_IMPLEMENTED);
    let unsigned = at::TestRequest::post()
        .uri("/localCall/callback")
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(common::form(&params));
    let res = at::call_service(&app, unsigned.to_request()).await;
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "unsigned: the extractor's 400"
    );
}
