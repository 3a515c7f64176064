//! `twilio-fake` keeps to Twilio's published contract: every endpoint it serves is
//! called (with state that makes each answer non-trivial: a held call with a
//! recording, a relayed Proxy message, statistics with SLA splits), and every
//! success body is validated against the response schema of the OpenAPI spec as
//! Twilio published it (`tests/contract/check-responses.js`, Ajv). Error answers
//! are checked for Twilio's error shape and code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Mutex;

use reqwest::Method;
use serde_json::{Value, json};
use twilio_fake::Fake;
use twilio_testkit::prism::{Spec, contract_dir};
use twilio_testkit::process::node_json;
use twilio_testkit::wait;
use twilio_types::Secret;

/// The fake and every answer it gave, by spec.
struct Session {
    fake: Fake,
    http: reqwest::Client,
    seen: Mutex<Vec<(Spec, Value)>>,
}

impl Session {
    async fn call(&self, spec: Spec, method: Method, path: &str, form: &[(&str, &str)]) -> Value {
        let (status, body) = self.raw(method.clone(), path, form).await;
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {body}"
        );
        self.seen.lock().unwrap().push((
            spec,
            json!({"method": method.as_str(), "path": path, "status": status, "body": body}),
        ));
        body
    }

    async fn raw(&self, method: Method, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
        let url = format!("{}{path}", self.fake.base_url());
        let mut req = self.http.request(method.clone(), url).basic_auth(
            self.fake.account_sid(),
            Some(self.fake.auth_token().expose()),
        );
        if method == Method::POST {
            req = req.form(form);
        }
        let response = req.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        (status, body)
    }
}

fn s(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fake_endpoint_answers_as_the_spec_says() {
    let t = Session {
        fake: Fake::start(Secret::new("contract-token")).unwrap(),
        http: reqwest::Client::new(),
        seen: Mutex::new(Vec::new()),
    };
    let ac = t.fake.account_sid().to_owned();
    let api = format!("/2010-04-01/Accounts/{ac}");
    let from = t.fake.phone_numbers()[0].clone();

    // Calls: an enqueued call stays in progress, so it can be recorded, then hung up.
    let call = t
        .call(
            Spec::Api,
            Method::POST,
            &format!("{api}/Calls.json"),
            &[
                ("To", "+14155550100"),
                ("From", &from),
                ("Twiml", "<Response><Enqueue>support</Enqueue></Response>"),
            ],
        )
        .await;
    assert_eq!(call["status"], "queued");
    let ca = s(&call, "sid");
    let call_path = format!("{api}/Calls/{ca}.json");
    wait::until("the call is answered", || async {
        t.raw(Method::GET, &call_path, &[]).await.1["status"] == "in-progress"
    })
    .await
    .unwrap();
    t.call(Spec::Api, Method::GET, &call_path, &[]).await;
    let list = t
        .call(Spec::Api, Method::GET, &format!("{api}/Calls.json"), &[])
        .await;
    assert_eq!(
        list["calls"][0]["sid"],
        ca.as_str(),
        "what is created is listed"
    );
    let rec = t
        .call(
            Spec::Api,
            Method::POST,
            &format!("{api}/Calls/{ca}/Recordings.json"),
            &[],
        )
        .await;
    let re = s(&rec, "sid");
    t.call(
        Spec::Api,
        Method::GET,
        &format!("{api}/Calls/{ca}/Recordings.json"),
        &[],
    )
    .await;
    let recs = t
        .call(
            Spec::Api,
            Method::GET,
            &format!("{api}/Recordings.json?CallSid={ca}&PageSize=1"),
            &[],
        )
        .await;
    assert_eq!(recs["recordings"][0]["sid"], re.as_str());
    let hung = t
        .call(
            Spec::Api,
            Method::POST,
            &call_path,
            &[("Status", "completed")],
        )
        .await;
    assert_eq!(hung["sid"], ca.as_str());
    wait::until("the call completes", || async {
        t.raw(Method::GET, &call_path, &[]).await.1["status"] == "completed"
    })
    .await
    .unwrap();
    let done = t.call(Spec::Api, Method::GET, &call_path, &[]).await;
    assert!(done["duration"].as_str().is_some(), "{done}");
    let rec_path = format!("{api}/Recordings/{re}.json");
    assert_eq!(
        t.call(Spec::Api, Method::GET, &rec_path, &[]).await["status"],
        "completed"
    );
    t.call(Spec::Api, Method::DELETE, &rec_path, &[]).await;
    assert_eq!(t.raw(Method::GET, &rec_path, &[]).await.0, 404);

    // Errors keep Twilio's shape.
    let (status, error) = t
        .raw(
            Method::POST,
            &format!("{api}/Calls.json"),
            &[("From", &from)],
        )
        .await;
    assert_eq!(
        (status, error["code"].as_u64()),
        (400, Some(21201)),
        "{error}"
    );
    assert!(
        error["more_info"]
            .as_str()
            .is_some_and(|m| m.ends_with("21201"))
    );
    let wrong = t
        .http
        .get(format!("{}{api}/Calls.json", t.fake.base_url()))
        .basic_auth(&ac, Some("not-the-token"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status().as_u16(), 401);

    // Proxy: a service with its pool, a session with two participants.
    let px = "/v1/Services";
    let service = t
        .call(
            Spec::Proxy,
            Method::POST,
            px,
            &[("UniqueName", "contract"), ("GeoMatchLevel", "country")],
        )
        .await;
    let ks = s(&service, "sid");
    t.call(Spec::Proxy, Method::GET, px, &[]).await;
    t.call(Spec::Proxy, Method::GET, &format!("{px}/{ks}"), &[])
        .await;
    t.call(
        Spec::Proxy,
        Method::POST,
        &format!("{px}/{ks}"),
        &[("CallbackUrl", "https://example.com/cb")],
    )
    .await;
    let numbers = t
        .call(
            Spec::Proxy,
            Method::GET,
            &format!("{px}/{ks}/PhoneNumbers"),
            &[],
        )
        .await;
    assert_eq!(numbers["phone_numbers"].as_array().map(Vec::len), Some(2));
    let extra = t
        .call(
            Spec::Proxy,
            Method::POST,
            &format!("{px}/{ks}/PhoneNumbers"),
            &[("PhoneNumber", "+15005550009")],
        )
        .await;
    let pn = s(&extra, "sid");
    let pn_path = format!("{px}/{ks}/PhoneNumbers/{pn}");
    t.call(Spec::Proxy, Method::GET, &pn_path, &[]).await;
    let reserved = t
        .call(
            Spec::Proxy,
            Method::POST,
            &pn_path,
            &[("IsReserved", "true")],
        )
        .await;
    assert_eq!(reserved["is_reserved"], true);
    let session = t
        .call(
            Spec::Proxy,
            Method::POST,
            &format!("{px}/{ks}/Sessions"),
            &[("UniqueName", "order-1"), ("Ttl", "3600")],
        )
        .await;
    let kc = s(&session, "sid");
    let kc_path = format!("{px}/{ks}/Sessions/{kc}");
    t.call(
        Spec::Proxy,
        Method::GET,
        &format!("{px}/{ks}/Sessions"),
        &[],
    )
    .await;
    t.call(Spec::Proxy, Method::GET, &kc_path, &[]).await;
    let alice = t
        .call(
            Spec::Proxy,
            Method::POST,
            &format!("{kc_path}/Participants"),
            &[("Identifier", "+14155550101"), ("FriendlyName", "Alice")],
        )
        .await;
    let bob = t
        .call(
            Spec::Proxy,
            Method::POST,
            &format!("{kc_path}/Participants"),
            &[("Identifier", "+14155550102"), ("FriendlyName", "Bob")],
        )
        .await;
    assert_ne!(alice["proxy_identifier"], Value::Null);
    let (third, _) = t
        .raw(
            Method::POST,
            &format!("{kc_path}/Participants"),
            &[("Identifier", "+14155550103")],
        )
        .await;
    assert_eq!(third, 400, "a session has at most two participants");
    t.call(
        Spec::Proxy,
        Method::GET,
        &format!("{kc_path}/Participants"),
        &[],
    )
    .await;
    let kp = s(&alice, "sid");
    t.call(
        Spec::Proxy,
        Method::GET,
        &format!("{kc_path}/Participants/{kp}"),
        &[],
    )
    .await;
    // Alice texts her proxy number: relayed to Bob, one interaction.
    t.call(
        Spec::Api,
        Method::POST,
        &format!("{api}/Messages.json"),
        &[
            ("To", &s(&alice, "proxy_identifier")),
            ("From", "+14155550101"),
            ("Body", "hello bob"),
        ],
    )
    .await;
    let interactions_path = format!("{kc_path}/Interactions");
    wait::until("the message is relayed", || async {
        t.raw(Method::GET, &interactions_path, &[]).await.1["interactions"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    })
    .await
    .unwrap();
    let interactions = t
        .call(Spec::Proxy, Method::GET, &interactions_path, &[])
        .await;
    let ki = s(&interactions["interactions"][0], "sid");
    assert_eq!(
        interactions["interactions"][0]["outbound_participant_sid"],
        bob["sid"]
    );
    t.call(
        Spec::Proxy,
        Method::GET,
        &format!("{interactions_path}/{ki}"),
        &[],
    )
    .await;
    let mi_path = format!(
        "{kc_path}/Participants/{}/MessageInteractions",
        s(&bob, "sid")
    );
    let mi = t
        .call(
            Spec::Proxy,
            Method::POST,
            &mi_path,
            &[("Body", "from the service")],
        )
        .await;
    t.call(Spec::Proxy, Method::GET, &mi_path, &[]).await;
    t.call(
        Spec::Proxy,
        Method::GET,
        &format!("{mi_path}/{}", s(&mi, "sid")),
        &[],
    )
    .await;
    let closed = t
        .call(Spec::Proxy, Method::POST, &kc_path, &[("Status", "closed")])
        .await;
    assert_eq!(closed["status"], "closed");
    t.call(
        Spec::Proxy,
        Method::DELETE,
        &format!("{interactions_path}/{ki}"),
        &[],
    )
    .await;
    t.call(
        Spec::Proxy,
        Method::DELETE,
        &format!("{kc_path}/Participants/{kp}"),
        &[],
    )
    .await;
    t.call(Spec::Proxy, Method::DELETE, &pn_path, &[]).await;
    t.call(Spec::Proxy, Method::DELETE, &kc_path, &[]).await;
    t.call(Spec::Proxy, Method::DELETE, &format!("{px}/{ks}"), &[])
        .await;
    assert_eq!(t.raw(Method::GET, &format!("{px}/{ks}"), &[]).await.0, 404);

    // Messages, including the relayed one.
    let sent = t
        .call(
            Spec::Api,
            Method::POST,
            &format!("{api}/Messages.json"),
            &[("To", "+14155550100"), ("From", &from), ("Body", "hi")],
        )
        .await;
    let sm = s(&sent, "sid");
    let messages = t
        .call(
            Spec::Api,
            Method::GET,
            &format!("{api}/Messages.json?To=%2B14155550102"),
            &[],
        )
        .await;
    let bodies: Vec<&Value> = messages["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["body"])
        .collect();
    assert!(
        bodies.contains(&&json!("hello bob")),
        "the relayed message is listed: {messages}"
    );
    t.call(
        Spec::Api,
        Method::GET,
        &format!("{api}/Messages/{sm}.json"),
        &[],
    )
    .await;
    t.call(
        Spec::Api,
        Method::DELETE,
        &format!("{api}/Messages/{sm}.json"),
        &[],
    )
    .await;

    // TaskRouter: queues and their statistics.
    let ws = format!("/v1/Workspaces/{}", t.fake.workspace_sid());
    let token = t.fake.issue_flex_token("jdoe@acme.com");
    let queues = t
        .call(
            Spec::TaskRouter,
            Method::GET,
            &format!("{ws}/TaskQueues"),
            &[],
        )
        .await;
    let wq = s(&queues["task_queues"][0], "sid");
    let q = format!("{ws}/TaskQueues/{wq}");
    t.call(Spec::TaskRouter, Method::GET, &q, &[]).await;
    for channel in ["", "?TaskChannel=voice"] {
        let rt = t
            .call(
                Spec::TaskRouter,
                Method::GET,
                &format!("{q}/RealTimeStatistics{channel}"),
                &[],
            )
            .await;
        assert!(
            rt["activity_statistics"]
                .as_array()
                .is_some_and(|a| a.len() == 4)
        );
    }
    let cumulative = t
        .call(
            Spec::TaskRouter,
            Method::GET,
            &format!("{q}/CumulativeStatistics?StartDate=2020-01-01T00:00:00Z&SplitByWaitTime=30,60,120&TaskChannel=voice"),
            &[],
        )
        .await;
    assert!(
        cumulative["tasks_entered"].as_u64().is_some_and(|n| n > 0),
        "{cumulative}"
    );
    assert!(cumulative["split_by_wait_time"]["60"]["below"].is_object());
    let workers = t
        .call(Spec::TaskRouter, Method::GET, &format!("{ws}/Workers"), &[])
        .await;
    assert_eq!(workers["workers"][0]["friendly_name"], "jdoe@acme.com");
    t.call(
        Spec::TaskRouter,
        Method::GET,
        &format!("{ws}/Activities"),
        &[],
    )
    .await;

    // Flex IAM (no published spec): the issued token is valid, another is not.
    let check = |token: &str| {
        t.http
            .post(format!(
                "{}/v1/Accounts/{ac}/Tokens/validate",
                t.fake.base_url()
            ))
            .basic_auth(&ac, Some("contract-token"))
            .json(&json!({ "token": token }))
            .send()
    };
    let valid: Value = check(&token).await.unwrap().json().await.unwrap();
    assert_eq!(
        (valid["valid"].clone(), valid["identity"].clone()),
        (json!(true), json!("jdoe@acme.com"))
    );
    assert!(
        valid["worker_sid"]
            .as_str()
            .is_some_and(|w| w.starts_with("WK"))
    );
    let invalid: Value = check("local.forged").await.unwrap().json().await.unwrap();
    assert_eq!(invalid["valid"], false);

    // Every recorded answer against the spec it belongs to.
    let seen = t.seen.lock().unwrap().clone();
    for spec in [Spec::Api, Spec::Proxy, Spec::TaskRouter] {
        let responses: Vec<Value> = seen
            .iter()
            .filter(|(s, _)| *s == spec)
            .map(|(_, r)| r.clone())
            .collect();
        let input = json!({"spec": spec.raw_path(), "responses": responses});
        let out = node_json(
            &contract_dir().join("check-responses.js"),
            &contract_dir(),
            &input,
        )
        .unwrap();
        assert_eq!(out["checked"].as_u64(), Some(responses.len() as u64));
        assert_eq!(
            out["failures"],
            json!([]),
            "{} answers broke {}",
            spec.key(),
            spec.file_name()
        );
    }
}
