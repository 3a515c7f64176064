//! Two instances on one real `redis-server` (`REDIS_URL`), as behind a load balancer:
//! a call's status callback reaching the instance that does not hold the agent's
//! socket is delivered there, also when it beats the call's registration; exactly one
//! instance polls TaskRouter and the other takes over when it dies; with Redis down
//! callbacks get 503 (Twilio retries), and routing works again once Redis is back.
//! Nothing sleeps for a fixed time: every wait is for a condition, with a deadline.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use awc::ws::Message;
use common::*;
use futures_util::SinkExt as _;
use serde_json::json;
use twilio_testkit::process::{ChildGuard, RedisServer, app_command, spawn_reporting};
use twilio_testkit::wait::{self, GUARD};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CALL_1: &str = "CA00000000000000000000000000000001";
const CALL_2: &str = "CA00000000000000000000000000000002";
const CALL_3: &str = "CA00000000000000000000000000000003";
const STATUS_PATH: &str = "/twilio-webhook/callStatusCallbackHandler";

async fn connect(server: SocketAddr, path: &str) -> impl Socket {
    let (res, socket) = awc::Client::new()
        .ws(format!("http://{server}{path}"))
        .protocols([ALICE_TOKEN])
        .connect()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 101);
    socket
}

/// Text frames until one contains `needle`.
async fn until_text(socket: &mut impl Socket, needle: &str) -> String {
    loop {
        let text = next_text(socket).await;
        if text.contains(needle) {
            return text;
        }
    }
}

fn update(call: &str, status: &str) -> String {
    format!(r#"{{"messageType":"callUpdate","callSid":"{call}","callStatus":"{status}"}}"#)
}

/// Places a call on the dial socket; returns once its first update arrived.
async fn place_call(socket: &mut impl Socket, call: &str) {
    let request = json!({"method": "call", "to": "+15551234567"}).to_string();
    socket.send(Message::Text(request.into())).await.unwrap();
    assert_eq!(next_text(socket).await, update(call, "queued"));
}

/// Posts Twilio's signed status callback to `server`; the response status.
async fn post_status(server: SocketAddr, call: &str, status: &str) -> u16 {
    let (body, signature) = signed_form(STATUS_PATH, &status_params(call, status));
    awc::Client::new()
        .post(format!("http://{server}{STATUS_PATH}"))
        .insert_header(("x-twilio-signature", signature))
        .content_type("application/x-www-form-urlencoded")
        .send_body(body)
        .await
        .map_or(0, |res| res.status().as_u16())
}

/// The Calls API: each create answers the next of `calls` (the last one repeats).
async fn calls_api(calls: &[&str]) -> MockServer {
    let server = MockServer::start().await;
    let create = format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json");
    for (priority, call) in (1u8..).zip(calls) {
        let body = json!({"sid": call, "account_sid": ACCOUNT_SID, "status": "queued"});
        Mock::given(method("POST"))
            .and(path(create.as_str()))
            .respond_with(ResponseTemplate::new(201).set_body_json(body))
            .up_to_n_times(1)
            .with_priority(priority)
            .mount(&server)
            .await;
    }
    server
}

/// A TaskRouter with one queue named `name` (so each array tells who polled).
async fn taskrouter(name: &str) -> MockServer {
    let server = MockServer::start().await;
    let list = json!({
        "task_queues": [{"sid": "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "friendly_name": name,
                         "workspace_sid": WORKSPACE_SID}],
        "meta": {"key": "task_queues", "next_page_url": null, "page": 0, "page_size": 50},
    });
    Mock::given(method("GET"))
        .and(path(format!("/v1/Workspaces/{WORKSPACE_SID}/TaskQueues")))
        .respond_with(ResponseTemplate::new(200).set_body_json(list))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/RealTimeStatistics$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"total_tasks": 1})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(r"/CumulativeStatistics$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"tasks_entered": 1})))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// The variables of one instance.
fn vars<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[actix_web::test]
async fn a_callback_reaching_the_other_instance_is_delivered_to_the_socket() {
    let redis = RedisServer::start().unwrap();
    let iam = iam_stub().await;
    let api = calls_api(&[CALL_1, CALL_2]).await;
    let pairs = [
        ("TWILIO_IAM_BASE_URL", iam.uri()),
        ("TWILIO_API_BASE_URL", api.uri()),
        ("REDIS_URL", redis.url().to_owned()),
    ];
    let (a, stop_a) = serve(&vars(&pairs));
    let (b, stop_b) = serve(&vars(&pairs));
    let mut alice = connect(b, "/websocket/outboundDial").await;

    // (a) Placed through B, its callback posted to A: on alice's socket on B.
    place_call(&mut alice, CALL_1).await;
    assert_eq!(post_status(a, CALL_1, "ringing").await, 200);
    assert_eq!(next_text(&mut alice).await, update(CALL_1, "ringing"));
    // Posted to the owner itself, and again to A: each arrives once, in order.
    assert_eq!(post_status(b, CALL_1, "in-progress").await, 200);
    assert_eq!(post_status(a, CALL_1, "in-progress").await, 200);
    assert_eq!(post_status(a, CALL_1, "completed").await, 200);
    assert_eq!(next_text(&mut alice).await, update(CALL_1, "in-progress"));
    assert_eq!(next_text(&mut alice).await, update(CALL_1, "completed"));

    // (b) A callback before the call exists (it beat the create's response): kept,
    // then delivered right after the first update once B registers the call.
    assert_eq!(post_status(a, CALL_2, "ringing").await, 200);
    place_call(&mut alice, CALL_2).await;
    assert_eq!(next_text(&mut alice).await, update(CALL_2, "ringing"));

    stop_a.stop(false).await;
    stop_b.stop(false).await;
}

/// Median time from posting a callback to `to` until it is on `socket`.
async fn median_delivery(to: SocketAddr, call: &str, socket: &mut impl Socket) -> Duration {
    let mut times = Vec::new();
    for status in ["ringing", "in-progress"].iter().cycle().take(40) {
        let start = Instant::now();
        assert_eq!(post_status(to, call, status).await, 200);
        assert_eq!(next_text(socket).await, update(call, status));
        times.push(start.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

#[actix_web::test]
async fn callback_delivery_time_in_process_and_through_redis() {
    let redis = RedisServer::start().unwrap();
    let iam = iam_stub().await;
    let api = calls_api(&[CALL_1]).await;
    let local_pairs = [
        ("TWILIO_IAM_BASE_URL", iam.uri()),
        ("TWILIO_API_BASE_URL", api.uri()),
    ];
    let (local, stop_local) = serve(&vars(&local_pairs));
    let mut socket = connect(local, "/websocket/outboundDial").await;
    place_call(&mut socket, CALL_1).await;
    let in_process = median_delivery(local, CALL_1, &mut socket).await;
    drop(socket);

    let api = calls_api(&[CALL_2]).await;
    let pairs = [
        ("TWILIO_IAM_BASE_URL", iam.uri()),
        ("TWILIO_API_BASE_URL", api.uri()),
        ("REDIS_URL", redis.url().to_owned()),
    ];
    let (a, stop_a) = serve(&vars(&pairs));
    let (b, stop_b) = serve(&vars(&pairs));
    let mut socket = connect(b, "/websocket/outboundDial").await;
    place_call(&mut socket, CALL_2).await;
    let via_redis = median_delivery(a, CALL_2, &mut socket).await;
    eprintln!(
        "callback → socket, median of 40: in process {in_process:?}, through Redis {via_redis:?}"
    );
    for stop in [stop_local, stop_a, stop_b] {
        stop.stop(false).await;
    }
}

/// The app binary as an instance process of its own (so it can be killed as a crash
/// would end it: nothing released), on a port it picked; stopped on drop.
fn spawn_instance(
    taskrouter: &MockServer,
    iam: &MockServer,
    redis: &RedisServer,
) -> (ChildGuard, SocketAddr) {
    let vars: Vec<(&str, String)> = [
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_OUTBOUND_WORKFLOW_SID", WORKFLOW_SID),
        ("TWILIO_FLEX_WORKSPACE_SID", WORKSPACE_SID),
        ("PUBLIC_BASE_URL", PUBLIC_BASE_URL),
        ("FLEX_CALLER_IDS", CALLER_ID),
        ("TWILIO_API_BASE_URL", DEAD),
        ("BIND_ADDRESS", "127.0.0.1"),
        ("PORT", "0"),
        ("STATS_REALTIME_SECS", "1"),
        ("STATS_CHANNELS", "voice"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .chain([
        ("TWILIO_TASKROUTER_BASE_URL", taskrouter.uri()),
        ("TWILIO_IAM_BASE_URL", iam.uri()),
        ("REDIS_URL", redis.url().to_owned()),
    ])
    .collect();
    spawn_reporting(&mut app_command(env!("CARGO_BIN_EXE_flex-backend"), &vars)).unwrap()
}

#[actix_web::test]
async fn one_instance_polls_and_the_other_takes_over_when_it_dies() {
    let redis = RedisServer::start().unwrap();
    let iam = iam_stub().await;
    let routers = [
        taskrouter("polled by A").await,
        taskrouter("polled by B").await,
    ];
    let mut instances = [
        Some(spawn_instance(&routers[0], &iam, &redis)),
        Some(spawn_instance(&routers[1], &iam, &redis)),
    ];
    let addrs = instances.each_ref().map(|i| i.as_ref().unwrap().1);
    let mut sockets = [
        connect(addrs[0], "/websocket/realtimeStats").await,
        connect(addrs[1], "/websocket/realtimeStats").await,
    ];

    // Someone polls, and both instances' sockets get the holder's array.
    let polled = until_text(&mut sockets[0], "polled by").await;
    let holder = usize::from(polled.contains("polled by B"));
    let other = 1 - holder;
    let name = ["polled by A", "polled by B"][holder];
    until_text(&mut sockets[other], name).await;

    // While both run, only the holder asks TaskRouter (a few polls' worth).
    let before = [requests(&routers[0]).await, requests(&routers[1]).await];
    wait::until("the holder polls three more times", || async {
        requests(&routers[holder]).await >= before[holder] + 6
    })
    .await
    .unwrap();
    assert_eq!(
        requests(&routers[other]).await,
        before[other],
        "the instance without the lease polled"
    );

    // The holder is killed (SIGKILL, nothing released): the other takes over once the
    // lease expires.
    drop(instances[holder].take());
    let died = Instant::now();
    let asked = requests(&routers[other]).await;
    wait::until("the other instance takes over", || async {
        requests(&routers[other]).await > asked
    })
    .await
    .unwrap();
    let takeover = died.elapsed();
    let name = ["polled by A", "polled by B"][other];
    until_text(&mut sockets[other], name).await;
    eprintln!("statistics takeover after the holder died: {takeover:?}");
    let bound = flex_backend::LEASE_TTL + flex_backend::RENEW + Duration::from_secs(10);
    assert!(takeover < bound, "takeover took {takeover:?}");
}

/// Who holds the statistics lease, read from Redis itself.
async fn lease_holder(redis: &RedisServer) -> Option<String> {
    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_multiplexed_async_connection().await.ok()?;
    redis::cmd("GET")
        .arg("flex:stats:lease")
        .query_async(&mut conn)
        .await
        .ok()?
}

#[actix_web::test]
async fn a_holder_that_shuts_down_releases_the_lease_to_the_other() {
    let redis = RedisServer::start().unwrap();
    let url = redis.url().to_owned();
    let states = [state(&[("REDIS_URL", &url)]), state(&[("REDIS_URL", &url)])];
    let ids = states.each_ref().map(|s| s.instance().unwrap().to_owned());
    assert_ne!(ids[0], ids[1]);
    wait::until("one instance takes the lease", || async {
        lease_holder(&redis).await.is_some()
    })
    .await
    .unwrap();
    let holder_id = lease_holder(&redis).await.unwrap();
    let holder = ids.iter().position(|id| *id == holder_id).unwrap();
    let other = 1 - holder;

    // Released at once (compare-and-delete), not left to expire; the other renews
    // into it at its next tick.
    states[holder].shutdown().await;
    assert_ne!(lease_holder(&redis).await, Some(holder_id));
    wait::until("the other instance holds the lease", || async {
        lease_holder(&redis).await.as_deref() == Some(ids[other].as_str())
    })
    .await
    .unwrap();
    assert_eq!(state(&[]).instance(), None, "no REDIS_URL: no instance id");
}

#[actix_web::test]
async fn redis_down_answers_503_and_routing_resumes_when_it_is_back() {
    let redis = RedisServer::start().unwrap();
    let socket_path = redis.socket().to_owned();
    let iam = iam_stub().await;
    let api = calls_api(&[CALL_1, CALL_3]).await;
    let pairs = [
        ("TWILIO_IAM_BASE_URL", iam.uri()),
        ("TWILIO_API_BASE_URL", api.uri()),
        ("REDIS_URL", redis.url().to_owned()),
    ];
    let (a, stop_a) = serve(&vars(&pairs));
    let (b, stop_b) = serve(&vars(&pairs));
    let mut alice = connect(b, "/websocket/outboundDial").await;
    place_call(&mut alice, CALL_1).await;
    assert_eq!(post_status(a, CALL_1, "ringing").await, 200);
    assert_eq!(next_text(&mut alice).await, update(CALL_1, "ringing"));

    // Down: the callback cannot be stored, so it is refused for Twilio to retry.
    drop(redis);
    wait::until("A answers 503 while Redis is down", || async {
        post_status(a, CALL_1, "in-progress").await == 503
    })
    .await
    .unwrap();

    // Back on the same socket (empty: no persistence), without restarting the apps.
    let _redis = RedisServer::start_at(&socket_path).unwrap();
    wait::until("A stores callbacks again", || async {
        post_status(a, CALL_2, "ringing").await == 200
    })
    .await
    .unwrap();
    // B's call-rate counters reconnect on their own schedule: 503s until then.
    let request = json!({"method": "call", "to": "+15551234567"}).to_string();
    let deadline = Instant::now() + GUARD;
    loop {
        alice
            .send(Message::Text(request.clone().into()))
            .await
            .unwrap();
        let reply = next_text(&mut alice).await;
        if reply == update(CALL_3, "queued") {
            break;
        }
        assert!(reply.contains(r#""status":503"#), "{reply}");
        assert!(Instant::now() < deadline, "B never placed a call again");
        // Ask again shortly, as `wait::until` polls.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(post_status(a, CALL_3, "ringing").await, 200);
    assert_eq!(next_text(&mut alice).await, update(CALL_3, "ringing"));

    stop_a.stop(false).await;
    stop_b.stop(false).await;
}
