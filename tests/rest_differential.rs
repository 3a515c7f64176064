//! Differential test against twilio-node 6.2.0 (`tests/oracle/rest-core-params.js`): for
//! the same parameters, the request our client sends (method, path, form pairs, query
//! pairs, `If-Match`), captured by a local stub, must equal what twilio-node's own
//! resource methods would send; and edge/region host rewriting must equal
//! twilio-node's `getHostname`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::pin::Pin;

use serde_json::{Value, json};
use twilio_rest::api::calls::{
    CallEvent, CallInstructions, CallStatus, CallUpdateStatus, CreateCall, ListCalls, UpdateCall,
};
use twilio_rest::api::conferences::{
    ConferenceStatus, ConferenceUpdateStatus, CreateParticipant, ListConferences, UpdateConference,
    UpdateParticipant,
};
use twilio_rest::api::live::{StartStream, StreamTrack};
use twilio_rest::api::messages::{CreateMessage, ListMessages, MessageUpdateStatus, UpdateMessage};
use twilio_rest::api::recordings::{
    CallRecordingStatus, ListRecordings, StartCallRecording, UpdateCallRecording,
};
use twilio_rest::sid::{AccountSid, Endpoint, MessagingServiceSid, PhoneNumber};
use twilio_rest::sync::documents::{CreateDocument, UpdateDocument};
use twilio_rest::sync::lists::{CreateListItem, UpdateListItem};
use twilio_rest::sync::maps::{
    CreateMapItem, ListMapItems, MapItemBound, MapItemOrder, UpdateMapItem,
};
use twilio_rest::sync::services::{CreateService, UpdateService};
use twilio_rest::{Client, Credentials, Domain, HttpMethod, RetryPolicy, hostname};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn a(prefix: &str) -> String {
    format!("{prefix}{}", "a".repeat(32))
}

fn n(s: &str) -> PhoneNumber {
    PhoneNumber::new(s).unwrap()
}

type Call = Pin<Box<dyn Future<Output = ()>>>;
type Case = (&'static str, Value, Box<dyn Fn(Client) -> Call>);

macro_rules! case {
    ($op:literal, $node:expr, |$c:ident| $body:expr) => {
        (
            $op,
            $node,
            Box::new(|client: Client| -> Call {
                Box::pin(async move {
                    let $c = &client;
                    // The stub's canned answer need not decode: only the request matters.
                    let _ = $body.await;
                })
            }) as Box<dyn Fn(Client) -> Call>,
        )
    };
}

fn cases() -> Vec<Case> {
    vec![
        case!(
            "calls.create",
            json!({"to": "+15005550006", "from": "+15005550001", "twiml": "<Response><Say>Hi &amp; bye</Say></Response>", "statusCallback": "https://e.x/s?a=1&b=2", "statusCallbackEvent": ["initiated", "ringing", "answered", "completed"], "statusCallbackMethod": "GET", "timeout": 15, "record": true, "machineDetection": "DetectMessageEnd", "callerId": "Alice", "timeLimit": 600, "sendDigits": "ww1234#"}),
            |c| c.api().calls().create(
                &CreateCall::new(
                    n("+15005550006"),
                    n("+15005550001"),
                    CallInstructions::twiml("<Response><Say>Hi &amp; bye</Say></Response>")
                )
                .status_callback("https://e.x/s?a=1&b=2")
                .status_callback_event([
                    CallEvent::Initiated,
                    CallEvent::Ringing,
                    CallEvent::Answered,
                    CallEvent::Completed
                ])
                .status_callback_method(HttpMethod::Get)
                .timeout(15)
                .record(true)
                .machine_detection(twilio_rest::api::voice::MachineDetection::DetectMessageEnd)
                .caller_id("Alice")
                .time_limit(600)
                .send_digits("ww1234#"),
            )
        ),
        case!(
            "calls.create",
            json!({"to": "client:bob", "from": "+15005550001", "url": "https://e.x/twiml", "method": "GET", "fallbackUrl": "https://e.x/fb", "recordingStatusCallbackEvent": ["completed", "absent"], "asyncAmd": "true"}),
            |c| c.api().calls().create(
                &CreateCall::new(
                    Endpoint::client("bob").unwrap(),
                    n("+15005550001"),
                    CallInstructions::url("https://e.x/twiml")
                )
                .method(HttpMethod::Get)
                .fallback_url("https://e.x/fb")
                .recording_status_callback_event([
                    twilio_rest::api::voice::RecordingEvent::Completed,
                    twilio_rest::api::voice::RecordingEvent::Absent
                ])
                .async_amd(true),
            )
        ),
        case!(
            "calls.create",
            json!({"to": "sip:x@e.x", "from": "+15005550001", "applicationSid": a("AP")}),
            |c| c.api().calls().create(&CreateCall::new(
                Endpoint::parse("sip:x@e.x").unwrap(),
                n("+15005550001"),
                CallInstructions::Application(a("AP").parse().unwrap())
            ),)
        ),
        case!(
            "calls.page",
            json!({"status": "in-progress", "to": "+15005550006", "startTimeAfter": "2026-01-01T00:00:00Z", "endTimeBefore": "2026-02-01T00:00:00Z", "pageSize": 20}),
            |c| c
                .api()
                .calls()
                .list(
                    ListCalls::default()
                        .status(CallStatus::InProgress)
                        .to("+15005550006")
                        .start_time_after("2026-01-01T00:00:00Z".parse().unwrap())
                        .end_time_before("2026-02-01T00:00:00Z".parse().unwrap()),
                )
                .page_size(20)
                .first_page()
        ),
        case!("call.update", json!({"status": "completed"}), |c| c
            .api()
            .call(a("CA").parse().unwrap())
            .update(&UpdateCall::end(CallUpdateStatus::Completed))),
        case!(
            "call.update",
            json!({"twiml": "<Response><Hangup/></Response>", "statusCallback": "https://e.x/s"}),
            |c| c.api().call(a("CA").parse().unwrap()).update(
                &UpdateCall::default()
                    .twiml("<Response><Hangup/></Response>")
                    .status_callback("https://e.x/s"),
            )
        ),
        case!(
            "call.streams.create",
            json!({"url": "wss://e.x/a", "track": "both_tracks", "parameter1.name": "customer", "parameter1.value": "42", "parameter2.name": "lang", "parameter2.value": "en us"}),
            |c| c.api().call(a("CA").parse().unwrap()).start_stream(
                &StartStream::new("wss://e.x/a")
                    .track(StreamTrack::BothTracks)
                    .parameter("customer", "42")
                    .parameter("lang", "en us"),
            )
        ),
        case!(
            "call.recordings.create",
            json!({"recordingStatusCallbackEvent": ["in-progress", "completed"], "recordingChannels": "dual", "trim": "trim-silence"}),
            |c| c.api().call(a("CA").parse().unwrap()).recordings().create(
                &StartCallRecording::default()
                    .recording_status_callback_event([
                        twilio_rest::api::voice::RecordingEvent::InProgress,
                        twilio_rest::api::voice::RecordingEvent::Completed
                    ])
                    .recording_channels(twilio_rest::api::voice::RecordingChannels::Dual)
                    .trim(twilio_rest::api::voice::Trim::TrimSilence),
            )
        ),
        case!(
            "call.recording.update",
            json!({"status": "paused", "pauseBehavior": "skip"}),
            |c| c
                .api()
                .call(a("CA").parse().unwrap())
                .recording(a("RE").parse().unwrap())
                .update(
                    &UpdateCallRecording::new(CallRecordingStatus::Paused)
                        .pause_behavior(twilio_rest::api::voice::PauseBehavior::Skip),
                )
        ),
        case!(
            "recordings.page",
            json!({"callSid": a("CA"), "includeSoftDeleted": true}),
            |c| c
                .api()
                .recordings()
                .list(
                    ListRecordings::default()
                        .call_sid(a("CA").parse().unwrap())
                        .include_soft_deleted(true),
                )
                .first_page()
        ),
        case!(
            "messages.create",
            json!({"to": "+15005550006", "from": "+15005550001", "body": "héllo wörld ✓ +&=", "mediaUrl": ["https://e.x/a.png", "https://e.x/b.png"], "sendAsMms": true}),
            |c| c.api().messages().create(
                &CreateMessage::text(n("+15005550006"), n("+15005550001"), "héllo wörld ✓ +&=")
                    .media_url([
                        "https://e.x/a.png".to_owned(),
                        "https://e.x/b.png".to_owned()
                    ])
                    .send_as_mms(true),
            )
        ),
        case!(
            "messages.create",
            json!({"to": "whatsapp:+15005550006", "messagingServiceSid": a("MG"), "contentSid": a("HX"), "contentVariables": "{\"1\":\"x\"}"}),
            |c| c.api().messages().create(
                &CreateMessage::new(
                    Endpoint::parse("whatsapp:+15005550006").unwrap(),
                    a("MG").parse::<MessagingServiceSid>().unwrap()
                )
                .content_sid(a("HX"))
                .content_variables("{\"1\":\"x\"}"),
            )
        ),
        case!(
            "messages.page",
            json!({"to": "+15005550006", "dateSentAfter": "2026-01-01T00:00:00Z"}),
            |c| c
                .api()
                .messages()
                .list(
                    ListMessages::default()
                        .to("+15005550006")
                        .date_sent_after("2026-01-01T00:00:00Z".parse().unwrap()),
                )
                .first_page()
        ),
        case!("message.update", json!({"body": ""}), |c| c
            .api()
            .message(a("SM").parse().unwrap())
            .redact()),
        case!("message.update", json!({"status": "canceled"}), |c| c
            .api()
            .message(a("SM").parse().unwrap())
            .update(
                &UpdateMessage::default().status(MessageUpdateStatus::Canceled)
            )),
        case!(
            "conferences.page",
            json!({"status": "in-progress", "friendlyName": "room 1"}),
            |c| c
                .api()
                .conferences()
                .list(
                    ListConferences::default()
                        .status(ConferenceStatus::InProgress)
                        .friendly_name("room 1"),
                )
                .first_page()
        ),
        case!(
            "conference.update",
            json!({"status": "completed", "announceUrl": "https://e.x/a"}),
            |c| c.api().conference(a("CF").parse().unwrap()).update(
                &UpdateConference::default()
                    .status(ConferenceUpdateStatus::Completed)
                    .announce_url("https://e.x/a"),
            )
        ),
        case!(
            "participants.create",
            json!({"from": "+15005550001", "to": "+15005550006", "label": "agent", "earlyMedia": true, "statusCallbackEvent": ["ringing", "answered"], "endConferenceOnExit": false, "conferenceStatusCallbackEvent": ["start", "end", "join"]}),
            |c| c
                .api()
                .conference(a("CF").parse().unwrap())
                .add_participant(
                    &CreateParticipant::new(n("+15005550001"), n("+15005550006"))
                        .label("agent")
                        .early_media(true)
                        .status_callback_event([CallEvent::Ringing, CallEvent::Answered])
                        .end_conference_on_exit(false)
                        .conference_status_callback_event([
                            twilio_rest::api::voice::ConferenceEvent::Start,
                            twilio_rest::api::voice::ConferenceEvent::End,
                            twilio_rest::api::voice::ConferenceEvent::Join
                        ]),
                )
        ),
        case!(
            "participant.update",
            json!({"muted": true, "hold": false, "holdUrl": "https://e.x/h"}),
            |c| c
                .api()
                .conference(a("CF").parse().unwrap())
                .participant(a("CA").parse::<twilio_rest::sid::CallSid>().unwrap())
                .update(
                    &UpdateParticipant::default()
                        .muted(true)
                        .hold(false)
                        .hold_url("https://e.x/h"),
                )
        ),
        case!(
            "sync.services.create",
            json!({"friendlyName": "p", "webhookUrl": "https://e.x/w", "reachabilityWebhooksEnabled": true, "reachabilityDebouncingEnabled": true, "reachabilityDebouncingWindow": 5000, "aclEnabled": false}),
            |c| c.sync().services().create(
                &CreateService::default()
                    .friendly_name("p")
                    .webhook_url("https://e.x/w")
                    .reachability_webhooks_enabled(true)
                    .reachability_debouncing_enabled(true)
                    .reachability_debouncing_window(5000)
                    .acl_enabled(false),
            )
        ),
        case!(
            "sync.service.update",
            json!({"webhooksFromRestEnabled": true}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .update(&UpdateService::default().webhooks_from_rest_enabled(true))
        ),
        case!(
            "sync.documents.create",
            json!({"uniqueName": "presence", "data": {"online": ["alice"], "n": 1}, "ttl": 60}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .documents()
                .create(
                    &CreateDocument::default()
                        .unique_name("presence")
                        .data(json!({"online": ["alice"], "n": 1}))
                        .ttl(60),
                )
        ),
        case!(
            "sync.document.update",
            json!({"data": {"a": [1, 2]}, "ifMatch": "7"}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .document(a("ET").as_str())
                .update(
                    &UpdateDocument::default()
                        .data(json!({"a": [1, 2]}))
                        .if_match("7"),
                )
        ),
        case!(
            "sync.mapItems.create",
            json!({"key": "alice", "data": {"s": "on"}, "itemTtl": 30}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .map(a("MP").as_str())
                .create_item(&CreateMapItem::new("alice", json!({"s": "on"})).item_ttl(30),)
        ),
        case!(
            "sync.mapItem.update",
            json!({"data": {"s": "off"}, "ifMatch": "2"}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .map(a("MP").as_str())
                .item("k")
                .update(
                    &UpdateMapItem::default()
                        .data(json!({"s": "off"}))
                        .if_match("2"),
                )
        ),
        case!(
            "sync.mapItems.page",
            json!({"order": "desc", "from": "b", "bounds": "exclusive"}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .map(a("MP").as_str())
                .items(
                    ListMapItems::default()
                        .order(MapItemOrder::Desc)
                        .from("b")
                        .bounds(MapItemBound::Exclusive),
                )
                .first_page()
        ),
        case!(
            "sync.listItems.create",
            json!({"data": {"e": 1}, "ttl": 5}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .list(a("ES").as_str())
                .create_item(&CreateListItem::new(json!({"e": 1})).ttl(5),)
        ),
        case!(
            "sync.listItem.update",
            json!({"data": {"e": 2}, "collectionTtl": 9}),
            |c| c
                .sync()
                .service(a("IS").parse().unwrap())
                .list(a("ES").as_str())
                .item(0)
                .update(
                    &UpdateListItem::default()
                        .data(json!({"e": 2}))
                        .collection_ttl(9),
                )
        ),
    ]
}

fn decode_pairs(s: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(s.as_bytes()).into_owned().collect()
}

/// Pairs compared as twilio-node sends them; keys sorted stably so that only the
/// order of repeated keys (which Twilio reads as an array) matters.
fn normal(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort_by(|x, y| x.0.cmp(&y.0));
    pairs
}

fn from_json(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn requests_match_twilio_node() {
    let cases = cases();
    let input = json!({"cases": cases.iter().map(|(op, params, _)| json!({"op": op, "params": params})).collect::<Vec<_>>()});
    let oracle = twilio_testkit::oracle::run("rest-core-params.js", &input).unwrap();
    let expected = oracle["requests"].as_array().unwrap();
    assert_eq!(expected.len(), cases.len());

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let mut builder = Client::builder()
        .credentials(Credentials::auth_token(
            AccountSid::new(a("AC")).unwrap(),
            "token",
        ))
        .retry(RetryPolicy::none());
    for domain in Domain::ALL {
        builder = builder.base_url(domain, server.uri());
    }
    let client = builder.build().unwrap();

    for (i, (op, params, call)) in cases.iter().enumerate() {
        call(client.clone()).await;
        let got = server.received_requests().await.unwrap();
        let req = got.last().unwrap();
        let want = &expected[i];
        let ctx = format!("case {i} {op} {params}");
        assert_eq!(req.method.as_str(), want["method"], "{ctx}");
        assert_eq!(req.url.path(), want["path"], "{ctx}");
        let body = std::str::from_utf8(&req.body).unwrap();
        assert_eq!(
            normal(decode_pairs(body)),
            normal(from_json(&want["form"])),
            "{ctx}"
        );
        let query = req.url.query().map(decode_pairs).unwrap_or_default();
        assert_eq!(normal(query), normal(from_json(&want["query"])), "{ctx}");
        let if_match = req
            .headers
            .get("if-match")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(if_match.as_deref(), want["if_match"].as_str(), "{ctx}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), cases.len());
}

#[test]
fn host_rewriting_matches_twilio_node() {
    let hosts = [
        "api.twilio.com",
        "sync.twilio.com",
        "api.ie1.twilio.com",
        "api.dublin.ie1.twilio.com",
        "taskrouter.au1.twilio.com",
    ];
    let edges = [None, Some("sydney"), Some("dublin")];
    let regions = [None, Some("au1"), Some("ie1"), Some("us1")];
    let mut grid = Vec::new();
    for h in hosts {
        for e in edges {
            for r in regions {
                grid.push((h, e, r));
            }
        }
    }
    let input = json!({"hosts": grid.iter().map(|(h, e, r)| json!([h, e, r])).collect::<Vec<_>>()});
    let oracle = twilio_testkit::oracle::run("rest-core-params.js", &input).unwrap();
    let want = oracle["hosts"].as_array().unwrap();
    assert_eq!(want.len(), grid.len());
    for ((h, e, r), want) in grid.iter().zip(want) {
        assert_eq!(
            hostname(h, *e, *r),
            want.as_str().unwrap(),
            "{h} {e:?} {r:?}"
        );
    }
}
