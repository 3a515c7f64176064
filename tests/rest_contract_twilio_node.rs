//! Differential test: for the same Proxy and TaskRouter parameters, our client sends the
//! same request as Twilio's official Node library (twilio-node 6.2.0): method, path,
//! form body and query pairs (as multisets: key order is not significant to Twilio),
//! and the `If-Match` header. twilio-node runs with a capturing HTTP client
//! (`tests/oracle/rest-params.js`); ours runs against a local `wiremock` server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::pin::Pin;

use serde_json::{Value, json};
use twilio_rest::proxy::message_interactions::CreateMessageInteraction;
use twilio_rest::proxy::participants::CreateParticipant;
use twilio_rest::proxy::phone_numbers::{AddPhoneNumber, UpdatePhoneNumber};
use twilio_rest::proxy::services::{
    CreateService, ServiceGeoMatchLevel, ServiceNumberSelectionBehavior, UpdateService,
};
use twilio_rest::proxy::sessions::{
    CreateSession, SessionMode, SessionParticipant, SessionStatus, UpdateSession,
};
use twilio_rest::sid::{AccountSid, PhoneNumber};
use twilio_rest::taskrouter::events::ListEvents;
use twilio_rest::taskrouter::reservations::{
    ReservationCallStatus, ReservationConferenceEvent, ReservationStatus,
    ReservationSupervisorMode, UpdateReservation, UpdateWorkerReservation,
};
use twilio_rest::taskrouter::task_channels::CreateTaskChannel;
use twilio_rest::taskrouter::task_queues::{
    CreateTaskQueue, ListTaskQueuesStatistics, TaskOrder, TaskQueueStatisticsParams,
};
use twilio_rest::taskrouter::tasks::{CreateTask, ListTasks, TaskStatus, UpdateTask};
use twilio_rest::taskrouter::workers::{CreateWorker, UpdateWorker, WorkersStatisticsParams};
use twilio_rest::taskrouter::workflows::CreateWorkflow;
use twilio_rest::taskrouter::workspaces::{
    CreateWorkspace, CumulativeStatisticsParams, QueueOrder, UpdateWorkspace,
};
use twilio_rest::{Client, Credentials, Domain, HttpMethod, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn sid<T: std::str::FromStr>(prefix: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    format!("{prefix}{}", "a".repeat(32)).parse().unwrap()
}

type Call = Box<dyn Fn(Client) -> Pin<Box<dyn Future<Output = ()>>>>;

/// One case: the twilio-node operation and params, and the same call through our client.
/// Our call's result is ignored: the stub's `{}` answer need not decode; only the request
/// it sent matters here.
fn case<F, Fut>(op: &str, params: Value, ours: F) -> (String, Value, Call)
where
    F: Fn(Client) -> Fut + 'static,
    Fut: Future + 'static,
{
    let call: Call = Box::new(move |c| {
        let fut = ours(c);
        Box::pin(async move {
            let _ = fut.await;
        })
    });
    (op.to_owned(), params, call)
}

fn cases() -> Vec<(String, Value, Call)> {
    let conference_events = [
        ReservationConferenceEvent::Start,
        ReservationConferenceEvent::End,
    ];
    vec![
        case(
            "proxy.services.create",
            json!({"uniqueName": "svc", "defaultTtl": 60, "callbackUrl": "https://e.x/cb",
                   "geoMatchLevel": "area-code", "numberSelectionBehavior": "avoid-sticky",
                   "interceptCallbackUrl": "https://e.x/i", "outOfSessionCallbackUrl": "https://e.x/o"}),
            |c| async move {
                let p = CreateService::new("svc")
                    .default_ttl(60)
                    .callback_url("https://e.x/cb")
                    .geo_match_level(ServiceGeoMatchLevel::AreaCode)
                    .number_selection_behavior(ServiceNumberSelectionBehavior::AvoidSticky)
                    .intercept_callback_url("https://e.x/i")
                    .out_of_session_callback_url("https://e.x/o");
                c.proxy().services().create(&p).await
            },
        ),
        case(
            "proxy.service.update",
            json!({"uniqueName": "new name", "chatInstanceSid": format!("IS{}", "a".repeat(32))}),
            |c| async move {
                let p = UpdateService::default()
                    .unique_name("new name")
                    .chat_instance_sid(format!("IS{}", "a".repeat(32)));
                c.proxy().service(sid("KS")).update(&p).await
            },
        ),
        case(
            "proxy.sessions.create",
            json!({"uniqueName": "Order #1", "ttl": 3600, "mode": "message-only", "status": "open",
                   "dateExpiry": "2026-12-01T00:00:00Z",
                   "participants": [{"Identifier": "+15005550006"},
                                    {"FriendlyName": "Bob", "Identifier": "+15005550001", "ProxyIdentifier": "+15005550002"}]}),
            |c| async move {
                let p = CreateSession::default()
                    .unique_name("Order #1")
                    .ttl(3600)
                    .mode(SessionMode::MessageOnly)
                    .status(SessionStatus::Open)
                    .date_expiry("2026-12-01T00:00:00Z".parse().unwrap())
                    .participants([
                        SessionParticipant::new("+15005550006"),
                        SessionParticipant::new("+15005550001")
                            .friendly_name("Bob")
                            .proxy_identifier("+15005550002"),
                    ]);
                c.proxy().service(sid("KS")).sessions().create(&p).await
            },
        ),
        case(
            "proxy.session.update",
            json!({"status": "closed", "ttl": 0}),
            |c| async move {
                let p = UpdateSession::default()
                    .status(SessionStatus::Closed)
                    .ttl(0);
                c.proxy()
                    .service(sid("KS"))
                    .session(sid("KC"))
                    .update(&p)
                    .await
            },
        ),
        case(
            "proxy.participants.create",
            json!({"identifier": "+15005550006", "friendlyName": "Alice & Co",
                   "proxyIdentifier": "+15005550001", "proxyIdentifierSid": sid::<String>("PN")}),
            |c| async move {
                let p = CreateParticipant::new("+15005550006")
                    .friendly_name("Alice & Co")
                    .proxy_identifier("+15005550001")
                    .proxy_identifier_sid(sid("PN"));
                c.proxy()
                    .service(sid("KS"))
                    .session(sid("KC"))
                    .participants()
                    .create(&p)
                    .await
            },
        ),
        case(
            "proxy.phoneNumbers.create",
            json!({"phoneNumber": "+15005550006", "isReserved": true}),
            |c| async move {
                let p = AddPhoneNumber::default()
                    .phone_number(PhoneNumber::new("+15005550006").unwrap())
                    .is_reserved(true);
                c.proxy().service(sid("KS")).phone_numbers().add(&p).await
            },
        ),
        case(
            "proxy.phoneNumber.update",
            json!({"isReserved": false}),
            |c| async move {
                let p = UpdatePhoneNumber::default().is_reserved(false);
                c.proxy()
                    .service(sid("KS"))
                    .phone_number(sid("PN"))
                    .update(&p)
                    .await
            },
        ),
        case(
            "proxy.messageInteractions.create",
            json!({"body": "héllo, wörld", "mediaUrl": ["https://e.x/1.png", "https://e.x/2.png"]}),
            |c| async move {
                let p = CreateMessageInteraction::default()
                    .body("héllo, wörld")
                    .media_url(["https://e.x/1.png", "https://e.x/2.png"]);
                let session = c.proxy().service(sid("KS")).session(sid("KC"));
                session
                    .participant(sid("KP"))
                    .message_interactions()
                    .create(&p)
                    .await
            },
        ),
        case(
            "taskrouter.workspaces.create",
            json!({"friendlyName": "WS", "eventCallbackUrl": "https://e.x/ev", "eventsFilter": "task.created",
                   "multiTaskEnabled": true, "template": "FIFO", "prioritizeQueueOrder": "LIFO"}),
            |c| async move {
                let p = CreateWorkspace::new("WS")
                    .event_callback_url("https://e.x/ev")
                    .events_filter("task.created")
                    .multi_task_enabled(true)
                    .template("FIFO")
                    .prioritize_queue_order(QueueOrder::Lifo);
                c.taskrouter().workspaces().create(&p).await
            },
        ),
        case(
            "taskrouter.workspace.update",
            json!({"defaultActivitySid": sid::<String>("WA"), "timeoutActivitySid": sid::<String>("WA"),
                   "multiTaskEnabled": false}),
            |c| async move {
                let p = UpdateWorkspace::default()
                    .default_activity_sid(sid("WA"))
                    .timeout_activity_sid(sid("WA"))
                    .multi_task_enabled(false);
                c.taskrouter().workspace(sid("WS")).update(&p).await
            },
        ),
        case(
            "taskrouter.workflows.create",
            json!({"friendlyName": "Sales", "configuration": "{\"task_routing\":{\"filters\":[]}}",
                   "taskReservationTimeout": 30}),
            |c| async move {
                let p = CreateWorkflow::new("Sales", json!({"task_routing": {"filters": []}}))
                    .task_reservation_timeout(30);
                c.taskrouter()
                    .workspace(sid("WS"))
                    .workflows()
                    .create(&p)
                    .await
            },
        ),
        case(
            "taskrouter.taskQueues.create",
            json!({"friendlyName": "Q", "targetWorkers": "languages HAS \"en\"", "maxReservedWorkers": 3,
                   "taskOrder": "LIFO", "reservationActivitySid": sid::<String>("WA")}),
            |c| async move {
                let p = CreateTaskQueue::new("Q")
                    .target_workers("languages HAS \"en\"")
                    .max_reserved_workers(3)
                    .task_order(TaskOrder::Lifo)
                    .reservation_activity_sid(sid("WA"));
                c.taskrouter()
                    .workspace(sid("WS"))
                    .task_queues()
                    .create(&p)
                    .await
            },
        ),
        case(
            "taskrouter.taskQueue.cumulativeStatistics",
            json!({"startDate": "2026-11-01T00:00:00Z", "endDate": "2026-11-02T00:00:00Z",
                   "minutes": 15, "taskChannel": "voice", "splitByWaitTime": "5,10"}),
            |c| async move {
                let p = CumulativeStatisticsParams::default()
                    .start_date("2026-11-01T00:00:00Z".parse().unwrap())
                    .end_date("2026-11-02T00:00:00Z".parse().unwrap())
                    .minutes(15)
                    .task_channel("voice")
                    .split_by_wait_time("5,10");
                let q = c.taskrouter().workspace(sid("WS")).task_queue(sid("WQ"));
                q.cumulative_statistics(&p).await
            },
        ),
        case(
            "taskrouter.taskQueue.statistics",
            json!({"minutes": 60, "taskChannel": "chat"}),
            |c| async move {
                let p = TaskQueueStatisticsParams::default()
                    .minutes(60)
                    .task_channel("chat");
                c.taskrouter()
                    .workspace(sid("WS"))
                    .task_queue(sid("WQ"))
                    .statistics(&p)
                    .await
            },
        ),
        case(
            "taskrouter.taskQueues.statistics",
            json!({"friendlyName": "Q", "minutes": 5, "splitByWaitTime": "30", "pageSize": 20}),
            |c| async move {
                let p = ListTaskQueuesStatistics::default()
                    .friendly_name("Q")
                    .minutes(5)
                    .split_by_wait_time("30");
                let queues = c.taskrouter().workspace(sid("WS")).task_queues();
                queues.statistics(p).page_size(20).first_page().await
            },
        ),
        case(
            "taskrouter.workers.create",
            json!({"friendlyName": "Alice", "activitySid": sid::<String>("WA"),
                   "attributes": "{\"languages\":[\"en\"]}"}),
            |c| async move {
                let p = CreateWorker::new("Alice")
                    .activity_sid(sid("WA"))
                    .attributes(json!({"languages": ["en"]}));
                c.taskrouter()
                    .workspace(sid("WS"))
                    .workers()
                    .create(&p)
                    .await
            },
        ),
        case(
            "taskrouter.worker.update",
            json!({"activitySid": sid::<String>("WA"), "rejectPendingReservations": true, "ifMatch": "\"7\""}),
            |c| async move {
                let p = UpdateWorker::default()
                    .activity_sid(sid("WA"))
                    .reject_pending_reservations(true)
                    .if_match("\"7\"");
                c.taskrouter()
                    .workspace(sid("WS"))
                    .worker(sid("WK"))
                    .update(&p)
                    .await
            },
        ),
        case(
            "taskrouter.workers.statistics",
            json!({"minutes": 30, "taskQueueSid": sid::<String>("WQ"), "taskChannel": "voice"}),
            |c| async move {
                let p = WorkersStatisticsParams::default()
                    .minutes(30)
                    .task_queue_sid(sid("WQ"))
                    .task_channel("voice");
                c.taskrouter()
                    .workspace(sid("WS"))
                    .workers()
                    .statistics(&p)
                    .await
            },
        ),
        case(
            "taskrouter.taskChannels.create",
            json!({"friendlyName": "Video", "uniqueName": "video", "channelOptimizedRouting": true}),
            |c| async move {
                let p = CreateTaskChannel::new("Video", "video").channel_optimized_routing(true);
                c.taskrouter()
                    .workspace(sid("WS"))
                    .task_channels()
                    .create(&p)
                    .await
            },
        ),
        case(
            "taskrouter.events.page",
            json!({"eventType": "task.created", "minutes": 10, "startDate": "2026-11-01T00:00:00Z",
                   "taskQueueSid": sid::<String>("WQ"), "workflowSid": sid::<String>("WW"), "pageSize": 5}),
            |c| async move {
                let p = ListEvents::default()
                    .event_type("task.created")
                    .minutes(10)
                    .start_date("2026-11-01T00:00:00Z".parse().unwrap())
                    .task_queue_sid(sid("WQ"))
                    .workflow_sid(sid("WW"));
                c.taskrouter()
                    .workspace(sid("WS"))
                    .events()
                    .list(p)
                    .page_size(5)
                    .first_page()
                    .await
            },
        ),
        case(
            "taskrouter.tasks.create",
            json!({"attributes": "{\"type\":\"support\"}", "priority": 10, "timeout": 600,
                   "taskChannel": "voice", "workflowSid": sid::<String>("WW")}),
            |c| async move {
                let p = CreateTask::default()
                    .attributes(json!({"type": "support"}))
                    .priority(10)
                    .timeout(600)
                    .task_channel("voice")
                    .workflow_sid(sid("WW"));
                c.taskrouter().workspace(sid("WS")).tasks().create(&p).await
            },
        ),
        case(
            "taskrouter.tasks.page",
            json!({"assignmentStatus": ["pending", "reserved"], "priority": 1, "hasAddons": true,
                   "ordering": "Priority:desc", "pageSize": 50}),
            |c| async move {
                let p = ListTasks::default()
                    .assignment_status([TaskStatus::Pending, TaskStatus::Reserved])
                    .priority(1)
                    .has_addons(true)
                    .ordering("Priority:desc");
                c.taskrouter()
                    .workspace(sid("WS"))
                    .tasks()
                    .list(p)
                    .page_size(50)
                    .first_page()
                    .await
            },
        ),
        case(
            "taskrouter.task.update",
            json!({"assignmentStatus": "canceled", "reason": "caller hung up", "ifMatch": "\"3\""}),
            |c| async move {
                let p = UpdateTask::default()
                    .assignment_status(TaskStatus::Canceled)
                    .reason("caller hung up")
                    .if_match("\"3\"");
                c.taskrouter()
                    .workspace(sid("WS"))
                    .task(sid("WT"))
                    .update(&p)
                    .await
            },
        ),
        case(
            "taskrouter.taskReservation.update",
            json!({"instruction": "conference", "from": "+15005550006", "to": "client:alice",
                   "timeout": 20, "statusCallback": "https://e.x/s", "statusCallbackMethod": "POST",
                   "statusCallbackEvent": ["initiated", "answered"], "record": true, "muted": false,
                   "beep": "onEnter", "startConferenceOnEnter": true, "endConferenceOnExit": false,
                   "conferenceStatusCallbackEvent": ["start", "end"], "earlyMedia": true,
                   "maxParticipants": 10, "supervisorMode": "whisper", "ifMatch": "\"9\""}),
            move |c| {
                let events = conference_events.clone();
                async move {
                    let p = UpdateReservation::default()
                        .instruction("conference")
                        .from("+15005550006")
                        .to("client:alice")
                        .timeout(20)
                        .status_callback("https://e.x/s")
                        .status_callback_method(HttpMethod::Post)
                        .status_callback_event([
                            ReservationCallStatus::Initiated,
                            ReservationCallStatus::Answered,
                        ])
                        .record(true)
                        .muted(false)
                        .beep("onEnter")
                        .start_conference_on_enter(true)
                        .end_conference_on_exit(false)
                        .conference_status_callback_event(events)
                        .early_media(true)
                        .max_participants(10)
                        .supervisor_mode(ReservationSupervisorMode::Whisper)
                        .if_match("\"9\"");
                    let task = c.taskrouter().workspace(sid("WS")).task(sid("WT"));
                    task.reservation(sid("WR")).update(&p).await
                }
            },
        ),
        case(
            "taskrouter.workerReservation.update",
            json!({"reservationStatus": "accepted", "instruction": "dequeue",
                   "dequeueFrom": "+15005550006", "dequeueStatusCallbackEvent": ["initiated", "completed"],
                   "dequeueTimeout": 30}),
            |c| async move {
                let p = UpdateWorkerReservation::default()
                    .reservation_status(ReservationStatus::Accepted)
                    .instruction("dequeue")
                    .dequeue_from("+15005550006")
                    .dequeue_status_callback_event([
                        ReservationCallStatus::Initiated,
                        ReservationCallStatus::Completed,
                    ])
                    .dequeue_timeout(30);
                let worker = c.taskrouter().workspace(sid("WS")).worker(sid("WK"));
                worker.reservation(sid("WR")).update(&p).await
            },
        ),
    ]
}

fn sorted_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut v: Vec<_> = pairs.into_iter().collect();
    v.sort();
    v
}

fn node_pairs(v: &Value) -> Vec<(String, String)> {
    sorted_pairs(v.as_array().unwrap().iter().map(|p| {
        (
            p[0].as_str().unwrap().to_owned(),
            p[1].as_str().unwrap().to_owned(),
        )
    }))
}

#[tokio::test]
async fn proxy_and_taskrouter_requests_match_twilio_node() {
    let cases = cases();
    let input: Vec<Value> = cases
        .iter()
        .map(|(op, params, _)| json!({"op": op, "params": params}))
        .collect();
    let expected =
        twilio_testkit::oracle::run("rest-params.js", &json!({ "cases": input })).unwrap();
    let expected = expected.as_array().unwrap();
    assert_eq!(expected.len(), cases.len());

    for ((op, _, call), want) in cases.iter().zip(expected) {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .mount(&server)
            .await;
        let client = Client::builder()
            .credentials(Credentials::auth_token(sid::<AccountSid>("AC"), "token"))
            .base_url(Domain::Proxy, server.uri())
            .base_url(Domain::TaskRouter, server.uri())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        call(client).await;
        let requests = server.received_requests().await.unwrap();
        assert_eq!(requests.len(), 1, "{op}: one request");
        let got = &requests[0];
        assert_eq!(got.method.as_str(), want["method"], "{op}: method");
        assert_eq!(got.url.path(), want["path"], "{op}: path");
        let form = sorted_pairs(
            url::form_urlencoded::parse(&got.body).map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
        assert_eq!(form, node_pairs(&want["form"]), "{op}: form body");
        let query = sorted_pairs(
            got.url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
        assert_eq!(query, node_pairs(&want["query"]), "{op}: query");
        let if_match = got
            .headers
            .get("if-match")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(
            if_match.as_deref(),
            want["if_match"].as_str(),
            "{op}: If-Match"
        );
    }
}

/// The fields of one of our response types, as it serializes them (every field, `None`
/// as `null`), decoded from a payload holding only its SID when the type requires one.
fn fields<T: serde::de::DeserializeOwned + serde::Serialize>(
    sid_prefix: Option<&str>,
) -> Vec<String> {
    let payload = match sid_prefix {
        Some(prefix) => json!({ "sid": format!("{prefix}{}", "a".repeat(32)) }),
        None => json!({}),
    };
    let value: T = serde_json::from_value(payload).unwrap();
    let mut keys: Vec<String> = serde_json::to_value(&value)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

#[test]
fn response_types_read_the_same_fields_as_twilio_node() {
    use twilio_rest::proxy::{
        interactions::Interaction, message_interactions::MessageInteraction,
        participants::Participant, phone_numbers::ProxyPhoneNumber, services::Service,
        sessions::Session,
    };
    use twilio_rest::taskrouter::{
        activities::Activity, events::Event, reservations::Reservation, task_channels::TaskChannel,
        task_queues::*, tasks::Task, workers::*, workflows::*, workspaces::*,
    };
    let ours: Vec<(&str, &str, Vec<String>)> = vec![
        (
            "proxy/v1/service",
            "ServiceInstance",
            fields::<Service>(Some("KS")),
        ),
        (
            "proxy/v1/service/phoneNumber",
            "PhoneNumberInstance",
            fields::<ProxyPhoneNumber>(Some("PN")),
        ),
        (
            "proxy/v1/service/session",
            "SessionInstance",
            fields::<Session>(Some("KC")),
        ),
        (
            "proxy/v1/service/session/interaction",
            "InteractionInstance",
            fields::<Interaction>(Some("KI")),
        ),
        (
            "proxy/v1/service/session/participant",
            "ParticipantInstance",
            fields::<Participant>(Some("KP")),
        ),
        (
            "proxy/v1/service/session/participant/messageInteraction",
            "MessageInteractionInstance",
            fields::<MessageInteraction>(Some("KI")),
        ),
        (
            "taskrouter/v1/workspace",
            "WorkspaceInstance",
            fields::<Workspace>(Some("WS")),
        ),
        (
            "taskrouter/v1/workspace/workspaceStatistics",
            "WorkspaceStatisticsInstance",
            fields::<WorkspaceStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/workspaceRealTimeStatistics",
            "WorkspaceRealTimeStatisticsInstance",
            fields::<WorkspaceRealTimeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/workspaceCumulativeStatistics",
            "WorkspaceCumulativeStatisticsInstance",
            fields::<WorkspaceCumulativeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/activity",
            "ActivityInstance",
            fields::<Activity>(Some("WA")),
        ),
        (
            "taskrouter/v1/workspace/event",
            "EventInstance",
            fields::<Event>(None),
        ),
        (
            "taskrouter/v1/workspace/task",
            "TaskInstance",
            fields::<Task>(Some("WT")),
        ),
        (
            "taskrouter/v1/workspace/task/reservation",
            "ReservationInstance",
            fields::<Reservation>(Some("WR")),
        ),
        (
            "taskrouter/v1/workspace/worker/reservation",
            "ReservationInstance",
            fields::<Reservation>(Some("WR")),
        ),
        (
            "taskrouter/v1/workspace/taskChannel",
            "TaskChannelInstance",
            fields::<TaskChannel>(Some("TC")),
        ),
        (
            "taskrouter/v1/workspace/taskQueue",
            "TaskQueueInstance",
            fields::<TaskQueue>(Some("WQ")),
        ),
        (
            "taskrouter/v1/workspace/taskQueue/taskQueueStatistics",
            "TaskQueueStatisticsInstance",
            fields::<TaskQueueStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/taskQueue/taskQueuesStatistics",
            "TaskQueuesStatisticsInstance",
            fields::<TaskQueuesStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/taskQueue/taskQueueRealTimeStatistics",
            "TaskQueueRealTimeStatisticsInstance",
            fields::<TaskQueueRealTimeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/taskQueue/taskQueueCumulativeStatistics",
            "TaskQueueCumulativeStatisticsInstance",
            fields::<TaskQueueCumulativeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/taskQueue/taskQueueBulkRealTimeStatistics",
            "TaskQueueBulkRealTimeStatisticsInstance",
            fields::<TaskQueueBulkRealTimeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/worker",
            "WorkerInstance",
            fields::<Worker>(Some("WK")),
        ),
        (
            "taskrouter/v1/workspace/worker/workerChannel",
            "WorkerChannelInstance",
            fields::<WorkerChannel>(None),
        ),
        (
            "taskrouter/v1/workspace/worker/workerStatistics",
            "WorkerStatisticsInstance",
            fields::<WorkerInstanceStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/worker/workersStatistics",
            "WorkersStatisticsInstance",
            fields::<WorkersStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/worker/workersRealTimeStatistics",
            "WorkersRealTimeStatisticsInstance",
            fields::<WorkersRealTimeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/worker/workersCumulativeStatistics",
            "WorkersCumulativeStatisticsInstance",
            fields::<WorkersCumulativeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/workflow",
            "WorkflowInstance",
            fields::<Workflow>(Some("WW")),
        ),
        (
            "taskrouter/v1/workspace/workflow/workflowStatistics",
            "WorkflowStatisticsInstance",
            fields::<WorkflowStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/workflow/workflowRealTimeStatistics",
            "WorkflowRealTimeStatisticsInstance",
            fields::<WorkflowRealTimeStatistics>(None),
        ),
        (
            "taskrouter/v1/workspace/workflow/workflowCumulativeStatistics",
            "WorkflowCumulativeStatisticsInstance",
            fields::<WorkflowCumulativeStatistics>(None),
        ),
    ];
    let input: Vec<Value> = ours
        .iter()
        .map(|(m, c, _)| json!({"module": m, "class": c}))
        .collect();
    let theirs =
        twilio_testkit::oracle::run("rest-attributes.js", &json!({ "resources": input })).unwrap();
    for (module, class, fields) in &ours {
        let want: Vec<String> =
            serde_json::from_value(theirs[format!("{module}#{class}")].clone()).unwrap();
        assert_eq!(fields, &want, "{module} {class}");
    }
}
