//! TaskRouter Workspaces: `/v1/Workspaces`, with Workspace statistics.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::activities::{Activities, ActivityRef};
use super::events::{EventRef, Events};
pub use super::statistics::{
    CumulativeStatisticsParams, RealTimeStatisticsParams, WorkspaceStatisticsParams,
};
use super::task_channels::{TaskChannelRef, TaskChannels};
use super::task_queues::{TaskQueueRef, TaskQueues};
use super::tasks::{TaskRef, Tasks};
use super::workers::{WorkerRef, Workers};
use super::workflows::{WorkflowRef, Workflows};
use crate::client::Client;
use crate::sid::{
    AccountSid, ActivitySid, TaskQueueSid, TaskSid, WorkerSid, WorkflowSid, WorkspaceSid,
};
use crate::time::Timestamp;
use crate::types::string_enum;

/// A TaskRouter Workspace: the container of Workflows, Activities, TaskQueues, Workers and Tasks.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Workspace {
    /// The SID of the Account that created the Workspace resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The name of the default activity.
    pub default_activity_name: Option<String>,
    /// The SID of the Activity that will be used when new Workers are created in the Workspace.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub default_activity_sid: Option<ActivitySid>,
    /// The URL we call when an event occurs.
    pub event_callback_url: Option<String>,
    /// The list of Workspace events for which to call `event_callback_url`.
    pub events_filter: Option<String>,
    /// The string that you assigned to describe the Workspace resource.
    pub friendly_name: Option<String>,
    /// Whether multi-tasking is enabled.
    pub multi_task_enabled: Option<bool>,
    /// The unique string that we created to identify the Workspace resource.
    pub sid: WorkspaceSid,
    /// The name of the timeout activity.
    pub timeout_activity_name: Option<String>,
    /// The SID of the Activity that will be assigned to a Worker when a Task reservation times out without a response.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub timeout_activity_sid: Option<ActivitySid>,
    /// The type of TaskQueue to prioritize when Workers are receiving Tasks from both types of TaskQueues.
    pub prioritize_queue_order: Option<QueueOrder>,
    /// The absolute URL of the Workspace resource.
    pub url: Option<String>,
    /// The URLs of related resources.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Workspace => "workspaces");
/// Real-time and cumulative statistics of a Workspace.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkspaceStatistics {
    /// An object that contains the real-time statistics for the Workspace.
    pub realtime: Option<WorkspaceRealTimeStatistics>,
    /// An object that contains the cumulative statistics for the Workspace.
    pub cumulative: Option<WorkspaceCumulativeStatistics>,
    /// The SID of the Account that created the Workspace resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Workspace.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workspace statistics resource.
    pub url: Option<String>,
}
/// Real-time statistics of a Workspace.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkspaceRealTimeStatistics {
    /// The SID of the Account that created the Workspace resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The number of current Workers by Activity.
    pub activity_statistics: Option<serde_json::Value>,
    /// The age of the longest waiting Task.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub longest_task_waiting_age: Option<i64>,
    /// The SID of the longest waiting Task.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub longest_task_waiting_sid: Option<TaskSid>,
    /// The number of Tasks by priority.
    pub tasks_by_priority: Option<serde_json::Value>,
    /// The number of Tasks by their current status.
    pub tasks_by_status: Option<serde_json::Value>,
    /// The total number of Tasks.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub total_tasks: Option<i64>,
    /// The total number of Workers in the Workspace.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub total_workers: Option<i64>,
    /// The SID of the Workspace.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workspace statistics resource.
    pub url: Option<String>,
}
/// Cumulative statistics of a Workspace over a time window.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkspaceCumulativeStatistics {
    /// The SID of the Account that created the Workspace resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The average time in seconds between Task creation and acceptance.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub avg_task_acceptance_time: Option<i64>,
    /// The beginning of the interval during which these statistics were calculated, in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub start_time: Option<Timestamp>,
    /// The end of the interval during which these statistics were calculated, in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub end_time: Option<Timestamp>,
    /// The total number of Reservations that were created for Workers.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_created: Option<i64>,
    /// The total number of Reservations accepted by Workers.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_accepted: Option<i64>,
    /// The total number of Reservations that were rejected.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_rejected: Option<i64>,
    /// The total number of Reservations that were timed out.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_timed_out: Option<i64>,
    /// The total number of Reservations that were canceled.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_canceled: Option<i64>,
    /// The total number of Reservations that were rescinded.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_rescinded: Option<i64>,
    /// A list of objects that describe the number of Tasks canceled and reservations accepted above and below the thresholds specified in seconds.
    pub split_by_wait_time: Option<serde_json::Value>,
    /// The wait duration statistics (`avg`, `min`, `max`, `total`) for Tasks that were accepted.
    pub wait_duration_until_accepted: Option<serde_json::Value>,
    /// The wait duration statistics (`avg`, `min`, `max`, `total`) for Tasks that were canceled.
    pub wait_duration_until_canceled: Option<serde_json::Value>,
    /// The total number of Tasks that were canceled.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_canceled: Option<i64>,
    /// The total number of Tasks that were completed.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_completed: Option<i64>,
    /// The total number of Tasks created.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_created: Option<i64>,
    /// The total number of Tasks that were deleted.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_deleted: Option<i64>,
    /// The total number of Tasks that were moved from one queue to another.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_moved: Option<i64>,
    /// The total number of Tasks that were timed out of their Workflows (and deleted).
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_timed_out_in_workflow: Option<i64>,
    /// The SID of the Workspace.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workspace statistics resource.
    pub url: Option<String>,
}
string_enum! {
    /// The type of TaskQueue to prioritize when Workers are receiving Tasks from both types of TaskQueues.
    QueueOrder {
        Fifo => "FIFO",
        Lifo => "LIFO",
    }
}
/// Parameters of `POST /v1/Workspaces`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateWorkspace {
    friendly_name: String,
    event_callback_url: Option<String>,
    events_filter: Option<String>,
    multi_task_enabled: Option<bool>,
    template: Option<String>,
    prioritize_queue_order: Option<QueueOrder>,
}

impl CreateWorkspace {
    /// The required `FriendlyName`.
    pub fn new(friendly_name: impl Into<String>) -> Self {
        Self {
            friendly_name: friendly_name.into(),
            event_callback_url: None,
            events_filter: None,
            multi_task_enabled: None,
            template: None,
            prioritize_queue_order: None,
        }
    }

    setters! {
        /// `EventCallbackUrl`: The URL we should call when an event occurs.
        event_callback_url(into String)
        /// `EventsFilter`: The list of Workspace events for which to call event_callback_url.
        events_filter(into String)
        /// `MultiTaskEnabled`: Whether to enable multi-tasking.
        multi_task_enabled(bool)
        /// `Template`: An available template name.
        template(into String)
        /// `PrioritizeQueueOrder`: The type of TaskQueue to prioritize when Workers are receiving Tasks from both types of TaskQueues.
        prioritize_queue_order(QueueOrder)
    }
}

to_form! {
    CreateWorkspace {
        "FriendlyName" => (friendly_name),
        "EventCallbackUrl" => event_callback_url,
        "EventsFilter" => events_filter,
        "MultiTaskEnabled" => multi_task_enabled,
        "Template" => template,
        "PrioritizeQueueOrder" => prioritize_queue_order,
    }
}
/// Parameters of `POST /v1/Workspaces/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateWorkspace {
    default_activity_sid: Option<ActivitySid>,
    event_callback_url: Option<String>,
    events_filter: Option<String>,
    friendly_name: Option<String>,
    multi_task_enabled: Option<bool>,
    timeout_activity_sid: Option<ActivitySid>,
    prioritize_queue_order: Option<QueueOrder>,
}

impl UpdateWorkspace {
    setters! {
        /// `DefaultActivitySid`: The SID of the Activity that will be used when new Workers are created in the Workspace.
        default_activity_sid(ActivitySid)
        /// `EventCallbackUrl`: The URL we should call when an event occurs.
        event_callback_url(into String)
        /// `EventsFilter`: The list of Workspace events for which to call event_callback_url.
        events_filter(into String)
        /// `FriendlyName`: A descriptive string that you create to describe the Workspace resource.
        friendly_name(into String)
        /// `MultiTaskEnabled`: Whether to enable multi-tasking.
        multi_task_enabled(bool)
        /// `TimeoutActivitySid`: The SID of the Activity that will be assigned to a Worker when a Task reservation times out without a response.
        timeout_activity_sid(ActivitySid)
        /// `PrioritizeQueueOrder`: The type of TaskQueue to prioritize when Workers are receiving Tasks from both types of TaskQueues.
        prioritize_queue_order(QueueOrder)
    }
}

to_form! {
    UpdateWorkspace {
        "DefaultActivitySid" => default_activity_sid,
        "EventCallbackUrl" => event_callback_url,
        "EventsFilter" => events_filter,
        "FriendlyName" => friendly_name,
        "MultiTaskEnabled" => multi_task_enabled,
        "TimeoutActivitySid" => timeout_activity_sid,
        "PrioritizeQueueOrder" => prioritize_queue_order,
    }
}
/// Parameters of `GET /v1/Workspaces`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListWorkspaces {
    friendly_name: Option<String>,
}

impl ListWorkspaces {
    setters! {
        /// `FriendlyName`: The `friendly_name` of the Workspace resources to read.
        friendly_name(into String)
    }
}

to_form! {
    ListWorkspaces {
        "FriendlyName" => friendly_name,
    }
}
/// The account's Workspaces: create and list.
#[derive(Debug, Clone)]
pub struct Workspaces {
    client: Client,
}

impl Workspaces {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        "/v1/Workspaces".to_owned()
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Creates a Workspace.
        ///
        /// `POST /v1/Workspaces`
        create(CreateWorkspace) -> Workspace;
        /// Lists the Workspaces.
        ///
        /// `GET /v1/Workspaces`
        list(ListWorkspaces) -> Workspace;
    }
}
/// One Workspace: fetch, update, delete, statistics, and everything in it.
#[derive(Debug, Clone)]
pub struct WorkspaceRef {
    client: Client,
    sid: WorkspaceSid,
}

impl WorkspaceRef {
    pub(crate) fn new(client: Client, sid: WorkspaceSid) -> Self {
        Self { client, sid }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}", self.sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the Workspace.
        ///
        /// `GET /v1/Workspaces/{Sid}`
        fetch -> Workspace;
        /// Updates the Workspace.
        ///
        /// `POST /v1/Workspaces/{Sid}`
        update(UpdateWorkspace) -> Workspace;
        /// Deletes the Workspace.
        ///
        /// `DELETE /v1/Workspaces/{Sid}`
        delete;
        /// Fetches real-time and cumulative statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Statistics`
        statistics = query "/Statistics" (WorkspaceStatisticsParams) -> WorkspaceStatistics;
        /// Fetches real-time statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/RealTimeStatistics`
        real_time_statistics = query "/RealTimeStatistics"
            (RealTimeStatisticsParams) -> WorkspaceRealTimeStatistics;
        /// Fetches cumulative statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/CumulativeStatistics`
        cumulative_statistics = query "/CumulativeStatistics"
            (CumulativeStatisticsParams) -> WorkspaceCumulativeStatistics;
    }

    /// The Workspace's Workflows.
    pub fn workflows(&self) -> Workflows {
        Workflows::new(self.client.clone(), self.sid.clone())
    }

    /// One Workflow.
    pub fn workflow(&self, workflow: WorkflowSid) -> WorkflowRef {
        WorkflowRef::new(self.client.clone(), self.sid.clone(), workflow)
    }

    /// The Workspace's Activities.
    pub fn activities(&self) -> Activities {
        Activities::new(self.client.clone(), self.sid.clone())
    }

    /// One Activity.
    pub fn activity(&self, activity: ActivitySid) -> ActivityRef {
        ActivityRef::new(self.client.clone(), self.sid.clone(), activity)
    }

    /// The Workspace's TaskQueues (and their statistics).
    pub fn task_queues(&self) -> TaskQueues {
        TaskQueues::new(self.client.clone(), self.sid.clone())
    }

    /// One TaskQueue.
    pub fn task_queue(&self, task_queue: TaskQueueSid) -> TaskQueueRef {
        TaskQueueRef::new(self.client.clone(), self.sid.clone(), task_queue)
    }

    /// The Workspace's Workers (and their statistics).
    pub fn workers(&self) -> Workers {
        Workers::new(self.client.clone(), self.sid.clone())
    }

    /// One Worker.
    pub fn worker(&self, worker: WorkerSid) -> WorkerRef {
        WorkerRef::new(self.client.clone(), self.sid.clone(), worker)
    }

    /// The Workspace's Tasks.
    pub fn tasks(&self) -> Tasks {
        Tasks::new(self.client.clone(), self.sid.clone())
    }

    /// One Task.
    pub fn task(&self, task: TaskSid) -> TaskRef {
        TaskRef::new(self.client.clone(), self.sid.clone(), task)
    }

    /// The Workspace's TaskChannels.
    pub fn task_channels(&self) -> TaskChannels {
        TaskChannels::new(self.client.clone(), self.sid.clone())
    }

    /// One TaskChannel, by SID (`TC…`) or unique name (e.g. `voice`).
    pub fn task_channel(&self, channel: impl Into<String>) -> TaskChannelRef {
        TaskChannelRef::new(self.client.clone(), self.sid.clone(), channel.into())
    }

    /// The Workspace's Events.
    pub fn events(&self) -> Events {
        Events::new(self.client.clone(), self.sid.clone())
    }

    /// One Event (`EV…`).
    pub fn event(&self, event: impl Into<String>) -> EventRef {
        EventRef::new(self.client.clone(), self.sid.clone(), event.into())
    }
}
