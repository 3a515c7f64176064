//! TaskRouter TaskQueues: `/v1/Workspaces/{WorkspaceSid}/TaskQueues`, with their statistics.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::statistics::{CumulativeStatisticsParams, RealTimeStatisticsParams};
pub use super::statistics::{ListTaskQueuesStatistics, TaskQueueStatisticsParams};
use crate::Error;
use crate::client::{Client, Domain, Request};
use crate::sid::{AccountSid, ActivitySid, TaskQueueSid, TaskSid, WorkerSid, WorkspaceSid};
use crate::time::Timestamp;
use crate::types::string_enum;

/// A TaskQueue: where Tasks wait for an eligible Worker.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TaskQueue {
    /// The SID of the Account that created the TaskQueue resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Activity to assign Workers when a task is assigned for them.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub assignment_activity_sid: Option<ActivitySid>,
    /// The name of the Activity to assign Workers when a task is assigned for them.
    pub assignment_activity_name: Option<String>,
    /// The date and time in GMT when the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The string that you assigned to describe the resource.
    pub friendly_name: Option<String>,
    /// The maximum number of Workers to reserve for the assignment of a task in the queue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub max_reserved_workers: Option<i64>,
    /// The SID of the Activity to assign Workers once a task is reserved for them.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub reservation_activity_sid: Option<ActivitySid>,
    /// The name of the Activity to assign Workers once a task is reserved for them.
    pub reservation_activity_name: Option<String>,
    /// The unique string that we created to identify the TaskQueue resource.
    pub sid: TaskQueueSid,
    /// A string describing the Worker selection criteria for any Tasks that enter the TaskQueue.
    pub target_workers: Option<String>,
    /// How Tasks will be assigned to Workers.
    pub task_order: Option<TaskOrder>,
    /// The absolute URL of the TaskQueue resource.
    pub url: Option<String>,
    /// The SID of the Workspace that contains the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The URLs of related resources.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(TaskQueue => "task_queues");
/// Real-time and cumulative statistics of a TaskQueue.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TaskQueueStatistics {
    /// The SID of the Account that created the TaskQueue resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// An object that contains the cumulative statistics for the TaskQueue.
    pub cumulative: Option<TaskQueueCumulativeStatistics>,
    /// An object that contains the real-time statistics for the TaskQueue.
    pub realtime: Option<TaskQueueRealTimeStatistics>,
    /// The SID of the TaskQueue from which these statistics were calculated.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_queue_sid: Option<TaskQueueSid>,
    /// The SID of the Workspace that contains the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the TaskQueue statistics resource.
    pub url: Option<String>,
}
/// Statistics of one TaskQueue, as listed for the whole Workspace.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TaskQueuesStatistics {
    /// The SID of the Account that created the TaskQueue resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// An object that contains the cumulative statistics for the TaskQueues.
    pub cumulative: Option<TaskQueueCumulativeStatistics>,
    /// An object that contains the real-time statistics for the TaskQueues.
    pub realtime: Option<TaskQueueRealTimeStatistics>,
    /// The SID of the TaskQueue from which these statistics were calculated.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_queue_sid: Option<TaskQueueSid>,
    /// The SID of the Workspace that contains the TaskQueues.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
}
list_item!(TaskQueuesStatistics => "task_queues_statistics");
/// Real-time statistics of a TaskQueue.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TaskQueueRealTimeStatistics {
    /// The SID of the Account that created the TaskQueue resource.
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
    /// The relative age in the TaskQueue for the longest waiting Task.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub longest_relative_task_age_in_queue: Option<i64>,
    /// The Task SID of the Task waiting in the TaskQueue the longest.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub longest_relative_task_sid_in_queue: Option<TaskSid>,
    /// The SID of the TaskQueue from which these statistics were calculated.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_queue_sid: Option<TaskQueueSid>,
    /// The number of Tasks by priority.
    pub tasks_by_priority: Option<serde_json::Value>,
    /// The number of Tasks by their current status.
    pub tasks_by_status: Option<serde_json::Value>,
    /// The total number of Workers in the TaskQueue with an `available` status.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub total_available_workers: Option<i64>,
    /// The total number of Workers eligible for Tasks in the TaskQueue, independent of their Activity state.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub total_eligible_workers: Option<i64>,
    /// The total number of Tasks.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub total_tasks: Option<i64>,
    /// The SID of the Workspace that contains the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the TaskQueue statistics resource.
    pub url: Option<String>,
}
/// Cumulative statistics of a TaskQueue.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TaskQueueCumulativeStatistics {
    /// The SID of the Account that created the TaskQueue resource.
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
    /// The total number of Reservations created for Tasks in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_created: Option<i64>,
    /// The total number of Reservations accepted for Tasks in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_accepted: Option<i64>,
    /// The total number of Reservations rejected for Tasks in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_rejected: Option<i64>,
    /// The total number of Reservations that timed out for Tasks in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_timed_out: Option<i64>,
    /// The total number of Reservations canceled for Tasks in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_canceled: Option<i64>,
    /// The total number of Reservations rescinded.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_rescinded: Option<i64>,
    /// A list of objects that describe the number of Tasks canceled and reservations accepted above and below the thresholds specified in seconds.
    pub split_by_wait_time: Option<serde_json::Value>,
    /// The SID of the TaskQueue from which these statistics were calculated.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_queue_sid: Option<TaskQueueSid>,
    /// The wait duration statistics (`avg`, `min`, `max`, `total`) for Tasks accepted while in the TaskQueue.
    pub wait_duration_until_accepted: Option<serde_json::Value>,
    /// The wait duration statistics (`avg`, `min`, `max`, `total`) for Tasks canceled while in the TaskQueue.
    pub wait_duration_until_canceled: Option<serde_json::Value>,
    /// The relative wait duration statistics (`avg`, `min`, `max`, `total`) for Tasks accepted while in the TaskQueue.
    pub wait_duration_in_queue_until_accepted: Option<serde_json::Value>,
    /// The total number of Tasks canceled in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_canceled: Option<i64>,
    /// The total number of Tasks completed in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_completed: Option<i64>,
    /// The total number of Tasks deleted in the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_deleted: Option<i64>,
    /// The total number of Tasks entered into the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_entered: Option<i64>,
    /// The total number of Tasks that were moved from one queue to another.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_moved: Option<i64>,
    /// The SID of the Workspace that contains the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the TaskQueue statistics resource.
    pub url: Option<String>,
}
/// Real-time statistics of several TaskQueues at once.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TaskQueueBulkRealTimeStatistics {
    /// The SID of the Account that created the TaskQueue resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Workspace that contains the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The real-time statistics for each requested TaskQueue SID.
    pub task_queue_data: Option<serde_json::Value>,
    /// The number of TaskQueue statistics received in task_queue_data.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub task_queue_response_count: Option<i64>,
    /// The absolute URL of the TaskQueue statistics resource.
    pub url: Option<String>,
}
string_enum! {
    /// How Tasks will be assigned to Workers.
    TaskOrder {
        Fifo => "FIFO",
        Lifo => "LIFO",
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/TaskQueues`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateTaskQueue {
    friendly_name: String,
    target_workers: Option<String>,
    max_reserved_workers: Option<u32>,
    task_order: Option<TaskOrder>,
    reservation_activity_sid: Option<ActivitySid>,
    assignment_activity_sid: Option<ActivitySid>,
}

impl CreateTaskQueue {
    /// The required `FriendlyName`.
    pub fn new(friendly_name: impl Into<String>) -> Self {
        Self {
            friendly_name: friendly_name.into(),
            target_workers: None,
            max_reserved_workers: None,
            task_order: None,
            reservation_activity_sid: None,
            assignment_activity_sid: None,
        }
    }

    setters! {
        /// `TargetWorkers`: A string that describes the Worker selection criteria for any Tasks that enter the TaskQueue.
        target_workers(into String)
        /// `MaxReservedWorkers`: The maximum number of Workers to reserve for the assignment of a Task in the queue.
        max_reserved_workers(u32)
        /// `TaskOrder`: How Tasks will be assigned to Workers.
        task_order(TaskOrder)
        /// `ReservationActivitySid`: The SID of the Activity to assign Workers when a task is reserved for them.
        reservation_activity_sid(ActivitySid)
        /// `AssignmentActivitySid`: The SID of the Activity to assign Workers when a task is assigned to them.
        assignment_activity_sid(ActivitySid)
    }
}

to_form! {
    CreateTaskQueue {
        "FriendlyName" => (friendly_name),
        "TargetWorkers" => target_workers,
        "MaxReservedWorkers" => max_reserved_workers,
        "TaskOrder" => task_order,
        "ReservationActivitySid" => reservation_activity_sid,
        "AssignmentActivitySid" => assignment_activity_sid,
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/TaskQueues/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateTaskQueue {
    friendly_name: Option<String>,
    target_workers: Option<String>,
    reservation_activity_sid: Option<ActivitySid>,
    assignment_activity_sid: Option<ActivitySid>,
    max_reserved_workers: Option<u32>,
    task_order: Option<TaskOrder>,
}

impl UpdateTaskQueue {
    setters! {
        /// `FriendlyName`: A descriptive string that you create to describe the TaskQueue.
        friendly_name(into String)
        /// `TargetWorkers`: A string describing the Worker selection criteria for any Tasks that enter the TaskQueue.
        target_workers(into String)
        /// `ReservationActivitySid`: The SID of the Activity to assign Workers when a task is reserved for them.
        reservation_activity_sid(ActivitySid)
        /// `AssignmentActivitySid`: The SID of the Activity to assign Workers when a task is assigned for them.
        assignment_activity_sid(ActivitySid)
        /// `MaxReservedWorkers`: The maximum number of Workers to create reservations for the assignment of a task while in the queue.
        max_reserved_workers(u32)
        /// `TaskOrder`: How Tasks will be assigned to Workers.
        task_order(TaskOrder)
    }
}

to_form! {
    UpdateTaskQueue {
        "FriendlyName" => friendly_name,
        "TargetWorkers" => target_workers,
        "ReservationActivitySid" => reservation_activity_sid,
        "AssignmentActivitySid" => assignment_activity_sid,
        "MaxReservedWorkers" => max_reserved_workers,
        "TaskOrder" => task_order,
    }
}
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListTaskQueues {
    friendly_name: Option<String>,
    evaluate_worker_attributes: Option<String>,
    worker_sid: Option<WorkerSid>,
    ordering: Option<String>,
}

impl ListTaskQueues {
    setters! {
        /// `FriendlyName`: The `friendly_name` of the TaskQueue resources to read.
        friendly_name(into String)
        /// `EvaluateWorkerAttributes`: The attributes of the Workers to read.
        evaluate_worker_attributes(into String)
        /// `WorkerSid`: The SID of the Worker with the TaskQueue resources to read.
        worker_sid(WorkerSid)
        /// `Ordering`: Sorting parameter for TaskQueues
        ordering(into String)
    }
}

to_form! {
    ListTaskQueues {
        "FriendlyName" => friendly_name,
        "EvaluateWorkerAttributes" => evaluate_worker_attributes,
        "WorkerSid" => worker_sid,
        "Ordering" => ordering,
    }
}
/// A Workspace's TaskQueues: create, list, and statistics of all of them.
#[derive(Debug, Clone)]
pub struct TaskQueues {
    client: Client,
    workspace_sid: WorkspaceSid,
}

impl TaskQueues {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid) -> Self {
        Self {
            client,
            workspace_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/TaskQueues", self.workspace_sid)
    }

    /// Fetches real-time statistics of several TaskQueues in one request.
    ///
    /// `POST /v1/Workspaces/{WorkspaceSid}/TaskQueues/RealTimeStatistics`
    ///
    /// The spec leaves the JSON body's fields open (twilio-node takes any object too),
    /// so `body` is passed through as given; it must be a JSON object.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `body` is not an object; any [`Error`] of the request.
    pub async fn bulk_real_time_statistics(
        &self,
        body: &serde_json::Value,
    ) -> Result<TaskQueueBulkRealTimeStatistics, Error> {
        if !body.is_object() {
            return Err(Error::InvalidInput(
                "the bulk real-time statistics body must be a JSON object".into(),
            ));
        }
        let path = format!("{}/RealTimeStatistics", self.path());
        // A read despite the POST: safe to retry like a GET.
        let mut req =
            Request::get(Domain::TaskRouter, path).with_json(body.to_string().into_bytes());
        req.method = reqwest::Method::POST;
        self.client.send_json(&req).await
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Creates a TaskQueue.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/TaskQueues`
        create(CreateTaskQueue) -> TaskQueue;
        /// Lists the TaskQueues.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues`
        list(ListTaskQueues) -> TaskQueue;
        /// Lists the statistics of every TaskQueue.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/Statistics`
        statistics = list "/Statistics" (ListTaskQueuesStatistics) -> TaskQueuesStatistics;
    }
}
/// One TaskQueue: fetch, update, delete, statistics.
#[derive(Debug, Clone)]
pub struct TaskQueueRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    sid: TaskQueueSid,
}

impl TaskQueueRef {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, sid: TaskQueueSid) -> Self {
        Self {
            client,
            workspace_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Workspaces/{}/TaskQueues/{}",
            self.workspace_sid,
            self.sid
        )
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the TaskQueue.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/{Sid}`
        fetch -> TaskQueue;
        /// Updates the TaskQueue.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/TaskQueues/{Sid}`
        update(UpdateTaskQueue) -> TaskQueue;
        /// Deletes the TaskQueue.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/TaskQueues/{Sid}`
        delete;
        /// Fetches real-time and cumulative statistics (`TaskChannel`, `StartDate`, `EndDate`, `Minutes`, `SplitByWaitTime`).
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/Statistics`
        statistics = query "/Statistics" (TaskQueueStatisticsParams) -> TaskQueueStatistics;
        /// Fetches real-time statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics`
        real_time_statistics = query "/RealTimeStatistics"
            (RealTimeStatisticsParams) -> TaskQueueRealTimeStatistics;
        /// Fetches cumulative statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/CumulativeStatistics`
        cumulative_statistics = query "/CumulativeStatistics"
            (CumulativeStatisticsParams) -> TaskQueueCumulativeStatistics;
    }
}
