//! TaskRouter Events: `/v1/Workspaces/{WorkspaceSid}/Events`.

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::client::{Client, Domain};
use crate::page::Lister;
use crate::sid::{
    AccountSid, ReservationSid, TaskQueueSid, TaskSid, WorkerSid, WorkflowSid, WorkspaceSid,
};
use crate::time::{Timestamp, WireTime};

/// An Event: something that happened in a Workspace (a task created, a reservation accepted, …).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The SID of the Account that created the Event resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the resource that triggered the event.
    pub actor_sid: Option<String>,
    /// The type of resource that triggered the event.
    pub actor_type: Option<String>,
    /// The absolute URL of the resource that triggered the event.
    pub actor_url: Option<String>,
    /// A description of the event.
    pub description: Option<String>,
    /// Data about the event.
    pub event_data: Option<serde_json::Value>,
    /// The time the event was sent, specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub event_date: Option<Timestamp>,
    /// The time the event was sent in milliseconds.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub event_date_ms: Option<i64>,
    /// The identifier for the event.
    pub event_type: Option<String>,
    /// The SID of the object the event is most relevant to, such as a TaskSid, ReservationSid, or a  WorkerSid.
    pub resource_sid: Option<String>,
    /// The type of object the event is most relevant to, such as a Task, Reservation, or a Worker).
    pub resource_type: Option<String>,
    /// The URL of the resource the event is most relevant to.
    pub resource_url: Option<String>,
    /// The unique string that we created to identify the Event resource.
    pub sid: Option<String>,
    /// Where the Event originated.
    pub source: Option<String>,
    /// The IP from which the Event originated.
    pub source_ip_address: Option<String>,
    /// The absolute URL of the Event resource.
    pub url: Option<String>,
    /// The SID of the Workspace that contains the Event.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
}
list_item!(Event => "events");
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Events`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListEvents {
    end_date: Option<WireTime>,
    event_type: Option<String>,
    minutes: Option<u32>,
    reservation_sid: Option<ReservationSid>,
    start_date: Option<WireTime>,
    task_queue_sid: Option<TaskQueueSid>,
    task_sid: Option<TaskSid>,
    worker_sid: Option<WorkerSid>,
    workflow_sid: Option<WorkflowSid>,
    task_channel: Option<String>,
    sid: Option<String>,
}

impl ListEvents {
    setters! {
        /// `EndDate`: Only include Events that occurred on or before this date, specified in GMT as an ISO 8601 date-time.
        end_date(time)
        /// `EventType`: The type of Events to read.
        event_type(into String)
        /// `Minutes`: The period of events to read in minutes.
        minutes(u32)
        /// `ReservationSid`: The SID of the Reservation with the Events to read.
        reservation_sid(ReservationSid)
        /// `StartDate`: Only include Events from on or after this date and time, specified in ISO 8601 format.
        start_date(time)
        /// `TaskQueueSid`: The SID of the TaskQueue with the Events to read.
        task_queue_sid(TaskQueueSid)
        /// `TaskSid`: The SID of the Task with the Events to read.
        task_sid(TaskSid)
        /// `WorkerSid`: The SID of the Worker with the Events to read.
        worker_sid(WorkerSid)
        /// `WorkflowSid`: The SID of the Workflow with the Events to read.
        workflow_sid(WorkflowSid)
        /// `TaskChannel`: The TaskChannel with the Events to read.
        task_channel(into String)
        /// `Sid`: The SID of the Event resource to read.
        sid(into String)
    }
}

to_form! {
    ListEvents {
        "EndDate" => end_date,
        "EventType" => event_type,
        "Minutes" => minutes,
        "ReservationSid" => reservation_sid,
        "StartDate" => start_date,
        "TaskQueueSid" => task_queue_sid,
        "TaskSid" => task_sid,
        "WorkerSid" => worker_sid,
        "WorkflowSid" => workflow_sid,
        "TaskChannel" => task_channel,
        "Sid" => sid,
    }
}
/// A Workspace's Events (the last 30 days).
#[derive(Debug, Clone)]
pub struct Events {
    client: Client,
    workspace_sid: WorkspaceSid,
}

impl Events {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid) -> Self {
        Self {
            client,
            workspace_sid,
        }
    }

    /// Lists the Events matching the filter.
    ///
    /// `GET /v1/Workspaces/{WorkspaceSid}/Events`
    pub fn list(&self, filter: ListEvents) -> Lister<Event> {
        self.client.list_at(
            Domain::TaskRouter,
            path!("/v1/Workspaces/{}/Events", self.workspace_sid),
            &filter,
        )
    }
}
/// One Event.
#[derive(Debug, Clone)]
pub struct EventRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    sid: String,
}

impl EventRef {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, sid: String) -> Self {
        Self {
            client,
            workspace_sid,
            sid,
        }
    }

    /// Fetches the Event.
    ///
    /// `GET /v1/Workspaces/{WorkspaceSid}/Events/{Sid}`
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn fetch(&self) -> Result<Event, Error> {
        self.client
            .fetch_at(
                Domain::TaskRouter,
                path!("/v1/Workspaces/{}/Events/{}", self.workspace_sid, self.sid),
            )
            .await
    }
}
