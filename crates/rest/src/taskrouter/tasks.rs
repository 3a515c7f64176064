//! TaskRouter Tasks: `/v1/Workspaces/{WorkspaceSid}/Tasks`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::reservations::{TaskReservationRef, TaskReservations};
use crate::client::Client;
use crate::sid::{
    AccountSid, ReservationSid, TaskChannelSid, TaskQueueSid, TaskSid, WorkflowSid, WorkspaceSid,
};
use crate::time::{Timestamp, WireTime};
use crate::types::string_enum;

/// A Task: a unit of work routed to a Worker.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Task {
    /// The SID of the Account that created the Task resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The number of seconds since the Task was created.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub age: Option<i64>,
    /// The current status of the Task's assignment.
    pub assignment_status: Option<TaskStatus>,
    /// The JSON string with custom attributes of the work.
    pub attributes: Option<String>,
    /// An object that contains the Add-on data for all installed Add-ons.
    pub addons: Option<String>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The date and time in GMT when the Task entered the TaskQueue, specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub task_queue_entered_date: Option<Timestamp>,
    /// The current priority score of the Task as assigned to a Worker by the workflow.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub priority: Option<i64>,
    /// The reason the Task was canceled or completed, if applicable.
    pub reason: Option<String>,
    /// The unique string that we created to identify the Task resource.
    pub sid: TaskSid,
    /// The SID of the TaskQueue.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_queue_sid: Option<TaskQueueSid>,
    /// The friendly name of the TaskQueue.
    pub task_queue_friendly_name: Option<String>,
    /// The SID of the TaskChannel.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_channel_sid: Option<TaskChannelSid>,
    /// The unique name of the TaskChannel.
    pub task_channel_unique_name: Option<String>,
    /// The amount of time in seconds that the Task can live before being assigned.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub timeout: Option<i64>,
    /// The SID of the Workflow that is controlling the Task.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workflow_sid: Option<WorkflowSid>,
    /// The friendly name of the Workflow that is controlling the Task.
    pub workflow_friendly_name: Option<String>,
    /// The SID of the Workspace that contains the Task.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Task resource.
    pub url: Option<String>,
    /// The URLs of related resources.
    pub links: Option<BTreeMap<String, String>>,
    /// The date and time in GMT indicating the ordering for routing of the Task specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub virtual_start_time: Option<Timestamp>,
    /// A boolean that indicates if the Task should respect a Worker's capacity and availability during assignment.
    pub ignore_capacity: Option<bool>,
    /// A SID of a Worker, Queue, or Workflow to route a Task to
    pub routing_target: Option<String>,
}
list_item!(Task => "tasks");
string_enum! {
    /// The current status of the Task's assignment.
    TaskStatus {
        Pending => "pending",
        Reserved => "reserved",
        Assigned => "assigned",
        Canceled => "canceled",
        Completed => "completed",
        Wrapping => "wrapping",
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Tasks`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct CreateTask {
    timeout: Option<u32>,
    priority: Option<u32>,
    task_channel: Option<String>,
    workflow_sid: Option<WorkflowSid>,
    attributes: Option<serde_json::Value>,
    virtual_start_time: Option<WireTime>,
    routing_target: Option<String>,
    ignore_capacity: Option<bool>,
    task_queue_sid: Option<TaskQueueSid>,
}

impl CreateTask {
    setters! {
        /// `Timeout`: The amount of time in seconds the new task can live before being assigned.
        timeout(u32)
        /// `Priority`: The priority to assign the new task and override the default.
        priority(u32)
        /// `TaskChannel`: When MultiTasking is enabled, specify the TaskChannel by passing either its `unique_name` or `sid`.
        task_channel(into String)
        /// `WorkflowSid`: The SID of the Workflow that you would like to handle routing for the new Task.
        workflow_sid(WorkflowSid)
        /// `Attributes` (JSON, sent as a string): the attributes of the new task.
        attributes(serde_json::Value)
        /// `VirtualStartTime`: The virtual start time to assign the new task and override the default.
        virtual_start_time(time)
        /// `RoutingTarget`: A SID of a Worker, Queue, or Workflow to route a Task to
        routing_target(into String)
        /// `IgnoreCapacity`: A boolean that indicates if the Task should respect a Worker's capacity and availability during assignment.
        ignore_capacity(bool)
        /// `TaskQueueSid`: The SID of the TaskQueue in which the Task belongs
        task_queue_sid(TaskQueueSid)
    }
}

to_form! {
    CreateTask {
        "Timeout" => timeout,
        "Priority" => priority,
        "TaskChannel" => task_channel,
        "WorkflowSid" => workflow_sid,
        "Attributes" => attributes,
        "VirtualStartTime" => virtual_start_time,
        "RoutingTarget" => routing_target,
        "IgnoreCapacity" => ignore_capacity,
        "TaskQueueSid" => task_queue_sid,
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateTask {
    attributes: Option<serde_json::Value>,
    assignment_status: Option<TaskStatus>,
    reason: Option<String>,
    priority: Option<u32>,
    task_channel: Option<String>,
    virtual_start_time: Option<WireTime>,
    if_match: Option<String>,
}

impl UpdateTask {
    setters! {
        /// `Attributes` (JSON, sent as a string): describes the custom attributes of the task.
        attributes(serde_json::Value)
        /// `AssignmentStatus`: The current status of the Task's assignment.
        assignment_status(TaskStatus)
        /// `Reason`: The reason that the Task was canceled or completed.
        reason(into String)
        /// `Priority`: The Task's new priority value.
        priority(u32)
        /// `TaskChannel`: When MultiTasking is enabled, specify the TaskChannel with the task to update.
        task_channel(into String)
        /// `VirtualStartTime`: The task's new virtual start time value.
        virtual_start_time(time)
    }

    /// Applies the change only if the resource's current `ETag` is `etag` (`If-Match`).
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}

to_form! {
    UpdateTask {
        "Attributes" => attributes,
        "AssignmentStatus" => assignment_status,
        "Reason" => reason,
        "Priority" => priority,
        "TaskChannel" => task_channel,
        "VirtualStartTime" => virtual_start_time,
    }
}
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Tasks`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListTasks {
    priority: Option<u32>,
    assignment_status: Option<Vec<TaskStatus>>,
    workflow_sid: Option<WorkflowSid>,
    workflow_name: Option<String>,
    task_queue_sid: Option<TaskQueueSid>,
    task_queue_name: Option<String>,
    evaluate_task_attributes: Option<String>,
    routing_target: Option<String>,
    ordering: Option<String>,
    has_addons: Option<bool>,
}

impl ListTasks {
    setters! {
        /// `Priority`: The priority value of the Tasks to read.
        priority(u32)
        /// `AssignmentStatus`: The `assignment_status` of the Tasks you want to read.
        assignment_status(iter TaskStatus)
        /// `WorkflowSid`: The SID of the Workflow with the Tasks to read.
        workflow_sid(WorkflowSid)
        /// `WorkflowName`: The friendly name of the Workflow with the Tasks to read.
        workflow_name(into String)
        /// `TaskQueueSid`: The SID of the TaskQueue with the Tasks to read.
        task_queue_sid(TaskQueueSid)
        /// `TaskQueueName`: The `friendly_name` of the TaskQueue with the Tasks to read.
        task_queue_name(into String)
        /// `EvaluateTaskAttributes`: The attributes of the Tasks to read.
        evaluate_task_attributes(into String)
        /// `RoutingTarget`: A SID of a Worker, Queue, or Workflow to route a Task to
        routing_target(into String)
        /// `Ordering`: How to order the returned Task resources.
        ordering(into String)
        /// `HasAddons`: Whether to read Tasks with Add-ons.
        has_addons(bool)
    }
}

to_form! {
    ListTasks {
        "Priority" => priority,
        "AssignmentStatus" => [assignment_status],
        "WorkflowSid" => workflow_sid,
        "WorkflowName" => workflow_name,
        "TaskQueueSid" => task_queue_sid,
        "TaskQueueName" => task_queue_name,
        "EvaluateTaskAttributes" => evaluate_task_attributes,
        "RoutingTarget" => routing_target,
        "Ordering" => ordering,
        "HasAddons" => has_addons,
    }
}
/// A Workspace's Tasks: create and list.
#[derive(Debug, Clone)]
pub struct Tasks {
    client: Client,
    workspace_sid: WorkspaceSid,
}

impl Tasks {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid) -> Self {
        Self {
            client,
            workspace_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/Tasks", self.workspace_sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Creates a Task.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Tasks`
        create(CreateTask) -> Task;
        /// Lists the Tasks.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Tasks`
        list(ListTasks) -> Task;
    }
}
/// One Task: fetch, update, delete, and its Reservations.
#[derive(Debug, Clone)]
pub struct TaskRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    sid: TaskSid,
}

impl TaskRef {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, sid: TaskSid) -> Self {
        Self {
            client,
            workspace_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/Tasks/{}", self.workspace_sid, self.sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the Task.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}`
        fetch -> Task;
        /// Updates the Task (e.g. completes or cancels it).
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}`
        update = update_if_match "" (UpdateTask) -> Task;
        /// Deletes the Task.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}`
        delete;
        /// Deletes the Task if its `ETag` is still `etag`.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}`
        delete_if_match;
    }

    /// The Task's Reservations.
    pub fn reservations(&self) -> TaskReservations {
        TaskReservations::new(
            self.client.clone(),
            self.workspace_sid.clone(),
            self.sid.clone(),
        )
    }

    /// One Reservation of the Task.
    pub fn reservation(&self, reservation: ReservationSid) -> TaskReservationRef {
        TaskReservationRef::new(
            self.client.clone(),
            self.workspace_sid.clone(),
            self.sid.clone(),
            reservation,
        )
    }
}
