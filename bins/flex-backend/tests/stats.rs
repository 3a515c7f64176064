//! The realtime-stats array: built from Prism serving Twilio's TaskRouter contract
//! (the spec's own examples), and the failure rules against a wiremock TaskRouter.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::web;
use common::*;
use flex_backend::{StatsPoller, rest_client, stats_settings};
use serde_json::{Value, json};
use twilio_rest::sid::WorkspaceSid;
use twilio_testkit::prism::{Prism, Spec};
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const QUEUE: &str = "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn poller(overrides: &[(&str, &str)]) -> StatsPoller {
    let config = config(overrides).unwrap();
    StatsPoller::new(
        rest_client(&config).unwrap(),
        WorkspaceSid::new(WORKSPACE_SID).unwrap(),
        stats_settings(&config),
    )
}

fn published(poller: &StatsPoller) -> Value {
    let rx = poller.subscribe();
    let text = rx.borrow().clone();
    serde_json::from_str(&text).unwrap()
}

fn count(prism: &Prism, suffix: &str) -> usize {
    prism
        .requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or("").ends_with(suffix))
        .count()
}

#[actix_web::test]
async fn the_array_is_built_from_twilios_statistics() {
    let prism = web::block(|| Prism::start(Spec::TaskRouter))
        .await
        .unwrap()
        .unwrap();
    let mut poller = poller(&[("TWILIO_TASKROUTER_BASE_URL", prism.base_url())]);
    assert_eq!(
        published(&poller),
        json!([]),
        "an empty array before the first poll"
    );

    poller.poll(true).await;
    let array = published(&poller);
    prism.assert_clean().unwrap();
    let queues = array.as_array().unwrap();
    assert_eq!(queues.len(), 1, "{array}");
    let queue = &queues[0];
    assert_eq!(queue["sid"], QUEUE);
    assert_eq!(
        queue["friendlyName"],
        "81f96435-3a05-11e5-9f81-98e0d9a1eb73"
    );
    for channel in ["all", "voice", "chat", "video"] {
        let rt = &queue[format!("realTimeStats_{channel}")];
        assert_eq!(
            rt,
            &json!({
                "activityStatistics": [
                    {"friendly_name": "Idle", "workers": 0},
                    {"friendly_name": "Busy", "workers": 9},
                    {"friendly_name": "Offline", "workers": 6},
                    {"friendly_name": "Reserved", "workers": 0},
                ],
                "oldestTask": 100,
                "tasksByPriority": {},
                "tasksByStatus": {"reserved": 0, "pending": 0, "assigned": 0, "wrapping": 0},
                "availableWorkers": 100,
                "eligibleWorkers": 100,
                "totalTasks": 100,
            }),
            "{channel}"
        );
        let cumulative = &queue[format!("cumulativeStats_{channel}")];
        assert_eq!(
            cumulative,
            &json!({
                "rCreated": 100, "rRej": 100, "rAccepted": 100, "rTimedOut": 100,
                "rCancel": 100, "rRescind": 100,
                "tCompl": 100, "tMoved": 100, "tEnter": 100, "tCanc": 100, "tDel": 100,
                "waitUntilCancel": {"avg": 0, "min": 0, "max": 0, "total": 0},
                "waitUntilAccept": {"avg": 0, "min": 0, "max": 0, "total": 0},
                "splitByWaitTime": {
                    "5": {"above": {"tasks_canceled": 0, "reservations_accepted": 0},
                          "below": {"tasks_canceled": 0, "reservations_accepted": 0}},
                    "10": {"above": {"tasks_canceled": 0, "reservations_accepted": 0},
                           "below": {"tasks_canceled": 0, "reservations_accepted": 0}}
                },
                "endTime": "2015-07-30T20:00:00.000Z",
                "startTime": "2015-07-30T20:00:00.000Z",
                "avgTaskAcceptanceTime": 100,
            }),
            "{channel}"
        );
    }
    assert!(queue.get("realTimeStatsMessage").is_none());
    assert_eq!(count(&prism, "/TaskQueues"), 1);
    assert_eq!(count(&prism, "/RealTimeStatistics"), 4);
    assert_eq!(count(&prism, "/CumulativeStatistics"), 4);

    // A realtime-only poll leaves the cumulative values in place.
    poller.poll(false).await;
    assert_eq!(count(&prism, "/RealTimeStatistics"), 8);
    assert_eq!(count(&prism, "/CumulativeStatistics"), 4);
    assert_eq!(published(&poller), array);
    prism.assert_clean().unwrap();
}

#[actix_web::test]
async fn a_disabled_channel_still_has_a_zeroed_realtime_key() {
    let prism = web::block(|| Prism::start(Spec::TaskRouter))
        .await
        .unwrap()
        .unwrap();
    let mut poller = poller(&[
        ("TWILIO_TASKROUTER_BASE_URL", prism.base_url()),
        ("STATS_CHANNELS", "voice"),
    ]);
    poller.poll(true).await;
    let queue = published(&poller)[0].clone();
    assert_eq!(queue["realTimeStats_voice"]["totalTasks"], 100);
    assert_eq!(queue["realTimeStats_chat"]["totalTasks"], 0);
    assert_eq!(queue["realTimeStats_video"]["tasksByStatus"]["pending"], 0);
    assert!(
        queue.get("cumulativeStats_chat").is_none(),
        "the dashboard shows NO DATA"
    );
    assert_eq!(count(&prism, "/RealTimeStatistics"), 2);
    assert_eq!(count(&prism, "/CumulativeStatistics"), 2);
    prism.assert_clean().unwrap();
}

fn list_body(names: &[(&str, &str)]) -> Value {
    let queues: Vec<Value> = names
        .iter()
        .map(|(sid, name)| json!({"sid": sid, "friendly_name": name, "workspace_sid": WORKSPACE_SID}))
        .collect();
    json!({"task_queues": queues, "meta": {"key": "task_queues", "next_page_url": null, "page": 0, "page_size": 50}})
}

fn realtime_body(total: i64) -> Value {
    json!({"total_tasks": total, "tasks_by_status": {"pending": total, "reserved": 0, "assigned": 0, "wrapping": 0},
           "activity_statistics": [{"sid": "WAx", "friendly_name": "Available", "workers": 2}],
           "total_available_workers": 2, "total_eligible_workers": 3, "longest_task_waiting_age": 7})
}

fn twilio_error(status: u16, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"code": 20500, "message": message, "status": status}))
}

#[actix_web::test]
async fn a_failed_fetch_keeps_the_old_value_and_says_why_until_the_next_success() {
    let server = MockServer::start().await;
    let base = format!("/v1/Workspaces/{WORKSPACE_SID}/TaskQueues");
    let mount =
        |list: ResponseTemplate, realtime: ResponseTemplate, cumulative: ResponseTemplate| {
            let server = &server;
            let base = base.clone();
            async move {
                server.reset().await;
                Mock::given(method("GET"))
                    .and(path(base.as_str()))
                    .respond_with(list)
                    .mount(server)
                    .await;
                Mock::given(method("GET"))
                    .and(path_regex(r"/RealTimeStatistics$"))
                    .respond_with(realtime)
                    .mount(server)
                    .await;
                Mock::given(method("GET"))
                    .and(path_regex(r"/CumulativeStatistics$"))
                    .and(query_param("SplitByWaitTime", "30,60,120"))
                    .respond_with(cumulative)
                    .mount(server)
                    .await;
            }
        };
    let ok_list = ResponseTemplate::new(200).set_body_json(list_body(&[(QUEUE, "Everyone")]));
    let ok_cumulative = ResponseTemplate::new(200).set_body_json(json!({"tasks_entered": 5}));
    mount(
        ok_list.clone(),
        ResponseTemplate::new(200).set_body_json(realtime_body(4)),
        ok_cumulative.clone(),
    )
    .await;
    let mut poller = poller(&[("TWILIO_TASKROUTER_BASE_URL", &server.uri())]);
    poller.poll(true).await;
    let first = published(&poller)[0].clone();
    assert_eq!(first["realTimeStats_all"]["totalTasks"], 4);
    assert_eq!(first["cumulativeStats_all"]["tEnter"], 5);
    // What was asked: every channel, today's start, the SLA thresholds.
    let requests = server.received_requests().await.unwrap();
    let cumulative: Vec<_> = requests
        .iter()
        .filter(|r| r.url.path().ends_with("/CumulativeStatistics"))
        .collect();
    assert_eq!(cumulative.len(), 4);
    let today = jiff::Timestamp::now()
        .strftime("%Y-%m-%dT00:00:00Z")
        .to_string();
    for r in &cumulative {
        let query: Vec<(String, String)> = r
            .url
            .query_pairs()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        assert!(
            query.contains(&("StartDate".into(), today.clone())),
            "{query:?}"
        );
    }
    let channels: Vec<String> = requests
        .iter()
        .filter(|r| r.url.path().ends_with("/RealTimeStatistics"))
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "TaskChannel")
                .map_or("all".to_owned(), |(_, v)| v.into_owned())
        })
        .collect();
    let mut sorted = channels.clone();
    sorted.sort();
    assert_eq!(sorted, ["all", "chat", "video", "voice"]);

    // Realtime fails: the old numbers stay, with the reason.
    mount(
        ok_list.clone(),
        twilio_error(500, "Internal Server Error"),
        ok_cumulative.clone(),
    )
    .await;
    poller.poll(true).await;
    let second = published(&poller)[0].clone();
    assert_eq!(second["realTimeStats_all"], first["realTimeStats_all"]);
    assert_eq!(second["realTimeStatsMessage"], "Internal Server Error");
    assert!(second.get("cumulativeStatsMessage").is_none());

    // The queue list fails: everything stays, marked.
    mount(
        twilio_error(500, "list failed"),
        twilio_error(500, "x"),
        twilio_error(500, "x"),
    )
    .await;
    poller.poll(false).await;
    let third = published(&poller)[0].clone();
    assert_eq!(third["realTimeStats_all"], first["realTimeStats_all"]);
    assert_eq!(third["realTimeStatsMessage"], "list failed");

    // Success again clears the messages.
    mount(
        ok_list,
        ResponseTemplate::new(200).set_body_json(realtime_body(1)),
        ok_cumulative,
    )
    .await;
    poller.poll(true).await;
    let fourth = published(&poller)[0].clone();
    assert_eq!(fourth["realTimeStats_all"]["totalTasks"], 1);
    assert!(fourth.get("realTimeStatsMessage").is_none(), "{fourth}");
}

#[actix_web::test]
async fn queues_are_merged_by_sid() {
    let server = MockServer::start().await;
    let base = format!("/v1/Workspaces/{WORKSPACE_SID}/TaskQueues");
    let other = "WQbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    Mock::given(method("GET"))
        .and(path(base.as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(list_body(&[(QUEUE, "Everyone"), (other, "Sales")])),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(base.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_body(&[(other, "Sales EU")])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/RealTimeStatistics$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(realtime_body(2)))
        .mount(&server)
        .await;
    let mut poller = poller(&[("TWILIO_TASKROUTER_BASE_URL", &server.uri())]);
    poller.poll(false).await;
    let sids: Vec<Value> = published(&poller)
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["sid"].clone())
        .collect();
    assert_eq!(sids, [json!(QUEUE), json!(other)]);
    poller.poll(false).await;
    let array = published(&poller);
    assert_eq!(
        array.as_array().unwrap().len(),
        1,
        "a deleted queue leaves the array"
    );
    assert_eq!(array[0]["friendlyName"], "Sales EU");
    assert_eq!(array[0]["realTimeStats_all"]["totalTasks"], 2);
}

#[actix_web::test]
async fn a_429_is_retried_after_a_back_off() {
    let server = MockServer::start().await;
    let base = format!("/v1/Workspaces/{WORKSPACE_SID}/TaskQueues");
    Mock::given(method("GET"))
        .and(path(base.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_body(&[(QUEUE, "Everyone")])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/RealTimeStatistics$"))
        .respond_with(twilio_error(429, "Too Many Requests").insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/RealTimeStatistics$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(realtime_body(3)))
        .mount(&server)
        .await;
    let mut poller = poller(&[("TWILIO_TASKROUTER_BASE_URL", &server.uri())]);
    let started = std::time::Instant::now();
    poller.poll(false).await;
    let queue = published(&poller)[0].clone();
    for channel in ["all", "voice", "chat", "video"] {
        assert_eq!(
            queue[format!("realTimeStats_{channel}")]["totalTasks"],
            3,
            "{queue}"
        );
    }
    assert!(queue.get("realTimeStatsMessage").is_none(), "{queue}");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "Retry-After was honoured"
    );
    let realtime = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().ends_with("/RealTimeStatistics"))
        .count();
    assert_eq!(
        realtime, 5,
        "four channels, one of them retried after its 429"
    );
}

#[actix_web::test]
async fn nobody_watching_means_no_polling() {
    let taskrouter = MockServer::start().await;
    let iam = iam_stub().await;
    // The clock stands still and jumps only when everything waits: the poller's
    // ticks all run, however loaded the machine.
    tokio::time::pause();
    let state = state(&[
        ("TWILIO_TASKROUTER_BASE_URL", &taskrouter.uri()),
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("STATS_REALTIME_SECS", "1"),
    ]);
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    let requests = taskrouter.received_requests().await.unwrap();
    assert!(
        requests.is_empty(),
        "{} requests in five periods without a viewer",
        requests.len()
    );

    // The same poller polls as soon as someone watches.
    tokio::time::resume();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new().configure(flex_backend::configure(state.clone()))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let (_, viewer) = awc::Client::new()
        .ws(format!("http://{addr}/websocket/realtimeStats"))
        .protocols([ALICE_TOKEN])
        .connect()
        .await
        .unwrap();
    twilio_testkit::wait::until("a poll once a viewer is connected", || {
        let taskrouter = &taskrouter;
        async move { !taskrouter.received_requests().await.unwrap().is_empty() }
    })
    .await
    .unwrap();
    drop(viewer);
    handle.stop(false).await;
}

/// An answer that is not a Twilio error document (a proxy's or load balancer's HTML
/// page) is not passed on to every stats viewer: the message names the status only.
#[actix_web::test]
async fn a_non_twilio_error_page_is_not_broadcast() {
    let server = MockServer::start().await;
    let mut poller = poller(&[("TWILIO_TASKROUTER_BASE_URL", &server.uri())]);
    // A queue to carry the message: one good poll first.
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(format!("/v1/Workspaces/{WORKSPACE_SID}/TaskQueues")))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_body(&[(QUEUE, "Everyone")])))
        .mount(&server)
        .await;
    poller.poll(false).await;
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string(format!(
            "<html><body><h1>502 Bad Gateway</h1>{}</body></html>",
            "x".repeat(2_000)
        )))
        .mount(&server)
        .await;
    poller.poll(false).await;
    let queue = published(&poller)[0].clone();
    assert_eq!(
        queue["realTimeStatsMessage"], "Twilio answered HTTP 502",
        "{queue}"
    );
}
