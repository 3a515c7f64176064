//! A call walks its steps without a clock: TwiML that only speaks ends the call, an
//! `<Enqueue>` holds it until it is hung up.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use twilio_fake::Fake;
use twilio_testkit::wait;
use twilio_types::Secret;

struct Account {
    fake: Fake,
    http: reqwest::Client,
}

impl Account {
    fn url(&self, tail: &str) -> String {
        format!(
            "{}/2010-04-01/Accounts/{}/{tail}",
            self.fake.base_url(),
            self.fake.account_sid()
        )
    }

    async fn post(&self, tail: &str, form: &[(&str, &str)]) -> Value {
        let response = self
            .http
            .post(self.url(tail))
            .basic_auth(self.fake.account_sid(), Some("t"))
            .form(form)
            .send()
            .await
            .unwrap();
        response.json().await.unwrap()
    }

    async fn status(&self, sid: &str) -> Value {
        let response = self
            .http
            .get(self.url(&format!("Calls/{sid}.json")))
            .basic_auth(self.fake.account_sid(), Some("t"))
            .send()
            .await
            .unwrap();
        let call: Value = response.json().await.unwrap();
        call["status"].clone()
    }

    async fn place(&self, twiml: &str) -> String {
        let call = self
            .post(
                "Calls.json",
                &[
                    ("To", "+14155550100"),
                    ("From", "+15005550006"),
                    ("Twiml", twiml),
                ],
            )
            .await;
        assert_eq!(call["status"], "queued");
        call["sid"].as_str().unwrap().to_owned()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spoken_call_completes_and_an_enqueued_one_waits_for_hangup() {
    let a = Account {
        fake: Fake::start(Secret::new("t")).unwrap(),
        http: reqwest::Client::new(),
    };
    let spoken = a.place("<Response><Say>hi</Say></Response>").await;
    wait::until("the spoken call completes", || async {
        a.status(&spoken).await == "completed"
    })
    .await
    .unwrap();

    let held = a
        .place("<Response><Enqueue>support</Enqueue></Response>")
        .await;
    wait::until("the enqueued call is answered", || async {
        a.status(&held).await == "in-progress"
    })
    .await
    .unwrap();
    let hung = a
        .post(&format!("Calls/{held}.json"), &[("Status", "completed")])
        .await;
    assert_eq!(hung["sid"], held.as_str());
    wait::until("the hung-up call completes", || async {
        a.status(&held).await == "completed"
    })
    .await
    .unwrap();

    // Wrong credentials are refused like Twilio does.
    let refused = a
        .http
        .get(a.url("Calls.json"))
        .basic_auth(a.fake.account_sid(), Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 401);
}
