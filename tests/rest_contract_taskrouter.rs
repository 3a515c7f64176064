//! Contract test: every TaskRouter v1 operation the client wraps, called against Prism
//! serving Twilio's published `twilio_taskrouter_v1.json` behind the strict gate
//! (`twilio_testkit::prism`). A request that breaks the contract fails the call (422);
//! the test then checks that every operation `tests/contract/wrapped.txt` lists for
//! TaskRouter was reached cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use twilio_rest::sid::{
    ActivitySid, CallSid, ReservationSid, TaskQueueSid, TaskSid, WorkerSid, WorkflowSid,
    WorkspaceSid,
};
use twilio_rest::taskrouter::activities::{CreateActivity, ListActivities, UpdateActivity};
use twilio_rest::taskrouter::events::ListEvents;
use twilio_rest::taskrouter::reservations::{
    ConferenceRecord, ListTaskReservations, ListWorkerReservations, RecordingChannels,
    ReservationCallStatus, ReservationConferenceEvent, ReservationInstruction, ReservationStatus,
    ReservationSupervisorMode, UpdateReservation, UpdateWorkerReservation,
};
use twilio_rest::taskrouter::task_channels::{CreateTaskChannel, UpdateTaskChannel};
use twilio_rest::taskrouter::task_queues::{
    CreateTaskQueue, ListTaskQueues, ListTaskQueuesStatistics, TaskOrder,
    TaskQueueStatisticsParams, UpdateTaskQueue,
};
use twilio_rest::taskrouter::tasks::{CreateTask, ListTasks, Task, TaskStatus, UpdateTask};
use twilio_rest::taskrouter::workers::{
    CreateWorker, ListWorkers, UpdateWorker, UpdateWorkerChannel, WorkerStatisticsParams,
    WorkersCumulativeStatisticsParams, WorkersStatisticsParams,
};
use twilio_rest::taskrouter::workflows::{
    CreateWorkflow, ListWorkflows, UpdateWorkflow, WorkflowStatisticsParams,
};
use twilio_rest::taskrouter::workspaces::{
    CreateWorkspace, CumulativeStatisticsParams, ListWorkspaces, QueueOrder,
    RealTimeStatisticsParams, UpdateWorkspace, WorkspaceStatisticsParams,
};
use twilio_rest::{Client, Domain, HttpMethod};
use twilio_testkit::prism::{Prism, Spec};

#[path = "rest_common/mod.rs"]
mod common;
use common::{check, sid};

fn client(prism: &Prism) -> Client {
    common::client(prism, Domain::TaskRouter)
}

const START: &str = "2026-11-01T00:00:00Z";
const END: &str = "2026-11-02T00:00:00Z";

#[tokio::test]
async fn every_wrapped_taskrouter_operation_keeps_the_contract() {
    let prism = Prism::start(Spec::TaskRouter).unwrap();
    workspaces_workflows_activities_and_queues(&prism).await;
    workers_tasks_and_reservations(&prism).await;
    prism.assert_clean().unwrap();
    prism.assert_called_every_wrapped().unwrap();
}

async fn workspaces_workflows_activities_and_queues(prism: &Prism) {
    let tr = client(prism).taskrouter();
    let ws: WorkspaceSid = sid("WS");
    let wa: ActivitySid = sid("WA");
    let ww: WorkflowSid = sid("WW");
    let wq: TaskQueueSid = sid("WQ");

    // Workspaces.
    let create = CreateWorkspace::new("NewWorkspace")
        .event_callback_url("https://example.com/events")
        .events_filter("task.created,task.canceled")
        .multi_task_enabled(true)
        .template("FIFO")
        .prioritize_queue_order(QueueOrder::Fifo);
    let workspace = check(prism, "create workspace", tr.workspaces().create(&create)).await;
    assert_eq!(workspace.sid, ws);
    assert!(workspace.friendly_name.is_some());
    let all = check(
        prism,
        "list workspaces",
        tr.workspaces()
            .list(ListWorkspaces::default().friendly_name("NewWorkspace"))
            .collect(),
    )
    .await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].sid, ws);
    let w = tr.workspace(ws.clone());
    assert_eq!(check(prism, "fetch workspace", w.fetch()).await.sid, ws);
    let update = UpdateWorkspace::default()
        .default_activity_sid(wa.clone())
        .timeout_activity_sid(wa.clone())
        .friendly_name("renamed")
        .multi_task_enabled(false)
        .prioritize_queue_order(QueueOrder::Lifo);
    check(prism, "update workspace", w.update(&update)).await;
    let stats = WorkspaceStatisticsParams::default()
        .minutes(60)
        .start_date(START.parse().unwrap())
        .end_date(END.parse().unwrap())
        .task_channel("voice")
        .split_by_wait_time("5,30");
    let s = check(prism, "workspace statistics", w.statistics(&stats)).await;
    let cumulative = s.cumulative.unwrap();
    assert!(cumulative.reservations_created.is_some() && cumulative.tasks_created.is_some());
    assert!(s.realtime.unwrap().total_tasks.is_some());
    let rt = RealTimeStatisticsParams::default().task_channel("voice");
    let s = check(
        prism,
        "workspace real-time statistics",
        w.real_time_statistics(&rt),
    )
    .await;
    assert!(s.total_workers.is_some());
    let cumulative = CumulativeStatisticsParams::default()
        .start_date(START.parse().unwrap())
        .end_date(END.parse().unwrap())
        .minutes(30)
        .task_channel("chat")
        .split_by_wait_time("60");
    let s = check(
        prism,
        "workspace cumulative statistics",
        w.cumulative_statistics(&cumulative),
    )
    .await;
    assert!(s.reservations_created.is_some());

    // Activities.
    let activity = check(
        prism,
        "create activity",
        w.activities()
            .create(&CreateActivity::new("Coffee Break").available(false)),
    )
    .await;
    assert_eq!(activity.sid, wa);
    let listed = check(
        prism,
        "list activities",
        w.activities()
            .list(ListActivities::default().available(true))
            .collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    let a = w.activity(wa.clone());
    check(prism, "fetch activity", a.fetch()).await;
    check(
        prism,
        "update activity",
        a.update(&UpdateActivity::default().friendly_name("Lunch")),
    )
    .await;
    check(prism, "delete activity", a.delete()).await;

    // Workflows.
    let config = json!({"task_routing": {"filters": [], "default_filter": {"queue": wq.as_str()}}});
    let create = CreateWorkflow::new("Sales", config.clone())
        .assignment_callback_url("https://example.com/assign")
        .fallback_assignment_callback_url("https://example.com/fallback")
        .task_reservation_timeout(120);
    let workflow = check(prism, "create workflow", w.workflows().create(&create)).await;
    assert_eq!(workflow.sid, ww);
    let listed = check(
        prism,
        "list workflows",
        w.workflows()
            .list(ListWorkflows::default().friendly_name("Sales"))
            .collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    let wf = w.workflow(ww.clone());
    check(prism, "fetch workflow", wf.fetch()).await;
    let update = UpdateWorkflow::default()
        .configuration(config)
        .re_evaluate_tasks("true")
        .task_reservation_timeout(60);
    check(prism, "update workflow", wf.update(&update)).await;
    let params = WorkflowStatisticsParams::default()
        .minutes(15)
        .task_channel("voice");
    check(prism, "workflow statistics", wf.statistics(&params)).await;
    check(
        prism,
        "workflow real-time statistics",
        wf.real_time_statistics(&rt),
    )
    .await;
    check(
        prism,
        "workflow cumulative statistics",
        wf.cumulative_statistics(&cumulative),
    )
    .await;
    check(prism, "delete workflow", wf.delete()).await;

    // TaskQueues.
    let create = CreateTaskQueue::new("English")
        .target_workers("languages HAS \"english\"")
        .max_reserved_workers(2)
        .task_order(TaskOrder::Fifo)
        .reservation_activity_sid(wa.clone())
        .assignment_activity_sid(wa.clone());
    let queue = check(prism, "create task queue", w.task_queues().create(&create)).await;
    assert_eq!(queue.sid, wq);
    let filter = ListTaskQueues::default()
        .friendly_name("English")
        .evaluate_worker_attributes("{\"languages\": [\"english\"]}")
        .ordering("DateUpdated:desc");
    let listed = check(
        prism,
        "list task queues",
        w.task_queues().list(filter).collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    let all_stats = ListTaskQueuesStatistics::default()
        .friendly_name("English")
        .minutes(60)
        .task_channel("voice")
        .split_by_wait_time("30");
    let listed = check(
        prism,
        "list task queues statistics",
        w.task_queues()
            .statistics(all_stats)
            .page_size(10)
            .collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].task_queue_sid.as_ref(), Some(&wq));
    let q = w.task_queue(wq.clone());
    check(prism, "fetch task queue", q.fetch()).await;
    let update = UpdateTaskQueue::default()
        .friendly_name("English (UK)")
        .max_reserved_workers(1)
        .task_order(TaskOrder::Lifo);
    check(prism, "update task queue", q.update(&update)).await;
    let params = TaskQueueStatisticsParams::default()
        .start_date(START.parse().unwrap())
        .end_date(END.parse().unwrap())
        .task_channel("voice")
        .split_by_wait_time("10,20");
    let s = check(prism, "task queue statistics", q.statistics(&params)).await;
    assert_eq!(s.task_queue_sid.as_ref(), Some(&wq));
    assert!(s.cumulative.unwrap().tasks_entered.is_some());
    assert!(s.realtime.unwrap().total_eligible_workers.is_some());
    let s = check(
        prism,
        "task queue real-time statistics",
        q.real_time_statistics(&rt),
    )
    .await;
    assert!(s.total_eligible_workers.is_some());
    assert!(s.activity_statistics.is_some());
    let s = check(
        prism,
        "task queue cumulative statistics",
        q.cumulative_statistics(&cumulative),
    )
    .await;
    assert!(s.tasks_entered.is_some());
    let bulk = check(
        prism,
        "bulk task queue real-time statistics",
        w.task_queues().bulk_real_time_statistics(&json!({})),
    )
    .await;
    assert!(bulk.task_queue_data.is_some());
    let not_object = w
        .task_queues()
        .bulk_real_time_statistics(&json!(["WQ"]))
        .await;
    assert!(matches!(
        not_object,
        Err(twilio_rest::Error::InvalidInput(_))
    ));
    check(prism, "delete task queue", q.delete()).await;

    // TaskChannels, by unique name.
    let create = CreateTaskChannel::new("Video", "video").channel_optimized_routing(true);
    let channel = check(
        prism,
        "create task channel",
        w.task_channels().create(&create),
    )
    .await;
    assert!(channel.sid.as_str().starts_with("TC"));
    let listed = check(
        prism,
        "list task channels",
        w.task_channels().list().collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    let c = w.task_channel("video");
    check(prism, "fetch task channel", c.fetch()).await;
    let update = UpdateTaskChannel::default()
        .friendly_name("Video calls")
        .channel_optimized_routing(false);
    check(prism, "update task channel", c.update(&update)).await;
    check(prism, "delete task channel", c.delete()).await;

    // Events.
    let filter = ListEvents::default()
        .event_type("reservation.accepted")
        .minutes(60)
        .task_sid(sid("WT"))
        .worker_sid(sid("WK"))
        .task_channel("voice");
    let events = check(prism, "list events", w.events().list(filter).collect()).await;
    assert!(events.iter().all(|e| e.event_type.is_some()));
    let event = check(
        prism,
        "fetch event",
        w.event(format!("EV{}", "a".repeat(32))).fetch(),
    )
    .await;
    assert!(event.event_date.is_some());
    check(prism, "delete workspace", w.delete()).await;
}

async fn workers_tasks_and_reservations(prism: &Prism) {
    let w = client(prism).taskrouter().workspace(sid("WS"));
    let wa: ActivitySid = sid("WA");
    let wk: WorkerSid = sid("WK");
    let wt: TaskSid = sid("WT");
    let wr: ReservationSid = sid("WR");

    // Workers.
    let attributes = json!({"languages": ["english"], "skills": ["support"]});
    let create = CreateWorker::new("Alice")
        .activity_sid(wa.clone())
        .attributes(attributes.clone());
    let worker = check(prism, "create worker", w.workers().create(&create)).await;
    assert_eq!(worker.sid, wk);
    let filter = ListWorkers::default()
        .activity_sid(wa.clone())
        .available(true)
        .target_workers_expression("languages HAS \"english\"")
        .ordering("DateCreated:asc");
    let listed = check(
        prism,
        "list workers",
        w.workers().list_with(filter).collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    let params = WorkersStatisticsParams::default()
        .minutes(60)
        .task_queue_sid(sid("WQ"))
        .friendly_name("Alice")
        .task_channel("voice");
    let s = check(prism, "workers statistics", w.workers().statistics(&params)).await;
    assert!(s.cumulative.unwrap().reservations_accepted.is_some());
    assert!(s.realtime.unwrap().total_workers.is_some());
    let rt = RealTimeStatisticsParams::default().task_channel("voice");
    let s = check(
        prism,
        "workers real-time statistics",
        w.workers().real_time_statistics(&rt),
    )
    .await;
    assert!(s.total_workers.is_some());
    let params = WorkersCumulativeStatisticsParams::default()
        .start_date(START.parse().unwrap())
        .end_date(END.parse().unwrap())
        .task_channel("voice");
    let s = check(
        prism,
        "workers cumulative statistics",
        w.workers().cumulative_statistics(&params),
    )
    .await;
    assert!(s.activity_durations.is_some());
    let k = w.worker(wk.clone());
    check(prism, "fetch worker", k.fetch()).await;
    let update = UpdateWorker::default()
        .activity_sid(wa.clone())
        .attributes(attributes)
        .friendly_name("Alice B.")
        .reject_pending_reservations(true)
        .if_match("\"etag-1\"");
    check(prism, "update worker", k.update(&update)).await;
    let params = WorkerStatisticsParams::default()
        .minutes(30)
        .task_channel("voice");
    let s = check(prism, "worker statistics", k.statistics(&params)).await;
    assert_eq!(s.worker_sid.as_ref(), Some(&wk));

    // Worker channels.
    let listed = check(prism, "list worker channels", k.channels().list().collect()).await;
    assert_eq!(listed.len(), 1);
    let channel = k.channel("voice");
    let fetched = check(prism, "fetch worker channel", channel.fetch()).await;
    assert!(fetched.configured_capacity.is_some());
    let update = UpdateWorkerChannel::default().capacity(2).available(true);
    check(prism, "update worker channel", channel.update(&update)).await;

    // Worker reservations.
    let filter = ListWorkerReservations::default().reservation_status(ReservationStatus::Pending);
    let listed = check(
        prism,
        "list worker reservations",
        k.reservations().list(filter).collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    let r = k.reservation(wr.clone());
    let fetched = check(prism, "fetch worker reservation", r.fetch()).await;
    assert_eq!(fetched.sid, wr);
    let accept = UpdateWorkerReservation::default()
        .reservation_status(ReservationStatus::Accepted)
        .worker_activity_sid(wa.clone())
        .if_match("\"etag-2\"");
    check(prism, "update worker reservation", r.update(&accept)).await;

    // Tasks.
    let create = CreateTask::default()
        .timeout(3600)
        .priority(5)
        .task_channel("voice")
        .workflow_sid(sid("WW"))
        .attributes(json!({"type": "support", "language": "english"}));
    let task = check(prism, "create task", w.tasks().create(&create)).await;
    assert_eq!(task.sid, wt);
    // Responses serialize back to Twilio's own field names (e.g. to forward to a browser).
    let again: Task = serde_json::from_value(serde_json::to_value(&task).unwrap()).unwrap();
    assert_eq!(again, task);
    assert!(task.assignment_status.is_some());
    let filter = ListTasks::default()
        .priority(5)
        .assignment_status([TaskStatus::Pending, TaskStatus::Reserved])
        .workflow_sid(sid("WW"))
        .task_queue_name("English")
        .evaluate_task_attributes("type == \"support\"")
        .ordering("DateCreated:desc")
        .has_addons(false);
    let listed = check(prism, "list tasks", w.tasks().list(filter).collect()).await;
    assert_eq!(listed.len(), 1);
    let t = w.task(wt.clone());
    check(prism, "fetch task", t.fetch()).await;
    let update = UpdateTask::default()
        .assignment_status(TaskStatus::Completed)
        .reason("done")
        .priority(1)
        .if_match("\"etag-3\"");
    check(prism, "update task", t.update(&update)).await;

    // Task reservations, with the conference instruction and its parameters.
    let filter = ListTaskReservations::default()
        .reservation_status(ReservationStatus::Pending)
        .worker_sid(wk.clone());
    let listed = check(
        prism,
        "list task reservations",
        t.reservations().list(filter).collect(),
    )
    .await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].sid, wr);
    let r = t.reservation(wr.clone());
    let fetched = check(prism, "fetch task reservation", r.fetch()).await;
    assert!(fetched.reservation_status.is_some());
    let conference = UpdateReservation::default()
        .instruction(ReservationInstruction::Conference)
        .from("+15005550006")
        .to("client:alice")
        .timeout(20)
        .status_callback("https://example.com/status")
        .status_callback_method(HttpMethod::Post)
        .status_callback_event([
            ReservationCallStatus::Answered,
            ReservationCallStatus::Completed,
        ])
        .record(true)
        .muted(false)
        .beep("true")
        .start_conference_on_enter(true)
        .end_conference_on_exit(true)
        .end_conference_on_customer_exit(true)
        .beep_on_customer_entrance(false)
        .wait_url("https://example.com/hold")
        .wait_method(HttpMethod::Get)
        .early_media(true)
        .max_participants(3)
        .conference_status_callback("https://example.com/conference")
        .conference_status_callback_method(HttpMethod::Post)
        .conference_status_callback_event([
            ReservationConferenceEvent::Start,
            ReservationConferenceEvent::Join,
            ReservationConferenceEvent::Leave,
        ])
        .conference_record(ConferenceRecord::RecordFromStart)
        .conference_trim("trim-silence")
        .recording_channels(RecordingChannels::Dual)
        .recording_status_callback("https://example.com/recording")
        .recording_status_callback_method(HttpMethod::Post)
        .conference_recording_status_callback("https://example.com/conference-recording")
        .conference_recording_status_callback_method(HttpMethod::Post)
        .region("ie1")
        .post_work_activity_sid(wa.clone())
        .jitter_buffer_size("small")
        .if_match("\"etag-4\"");
    let updated = check(prism, "conference instruction", r.update(&conference)).await;
    assert_eq!(updated.sid, wr);
    let dequeue = UpdateReservation::default()
        .instruction("dequeue")
        .dequeue_from("+15005550006")
        .dequeue_to("client:alice")
        .dequeue_timeout(30)
        .dequeue_record("record-from-answer")
        .dequeue_status_callback_url("https://example.com/dequeue")
        .dequeue_status_callback_event([
            ReservationCallStatus::Initiated,
            ReservationCallStatus::Completed,
        ])
        .dequeue_post_work_activity_sid(wa.clone());
    check(prism, "dequeue instruction", r.update(&dequeue)).await;
    let call = UpdateReservation::default()
        .instruction("call")
        .call_from("+15005550006")
        .call_to("+15005550001")
        .call_url("https://example.com/twiml")
        .call_accept(true)
        .call_timeout(15)
        .call_record("do-not-record")
        .call_status_callback_url("https://example.com/call-status");
    check(prism, "call instruction", r.update(&call)).await;
    let redirect = UpdateReservation::default()
        .instruction("redirect")
        .redirect_call_sid(sid::<CallSid>("CA"))
        .redirect_url("https://example.com/redirect")
        .redirect_accept(true);
    check(prism, "redirect instruction", r.update(&redirect)).await;
    let supervise = UpdateReservation::default()
        .instruction("supervise")
        .supervisor_mode(ReservationSupervisorMode::Monitor)
        .supervisor("client:supervisor");
    check(prism, "supervise instruction", r.update(&supervise)).await;

    check(prism, "delete task", t.delete()).await;
    check(
        prism,
        "delete task if match",
        t.delete_if_match("\"etag-5\""),
    )
    .await;
    check(prism, "delete worker", k.delete()).await;
    check(
        prism,
        "delete worker if match",
        k.delete_if_match("\"etag-6\""),
    )
    .await;
}
