//! TaskRouter Workflows: `/v1/Workspaces/{WorkspaceSid}/Workflows`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use super::statistics::WorkflowStatisticsParams;
use super::statistics::{CumulativeStatisticsParams, RealTimeStatisticsParams};
use crate::client::Client;
use crate::sid::{AccountSid, TaskSid, WorkflowSid, WorkspaceSid};
use crate::time::Timestamp;

/// A Workflow: the rules that route Tasks to TaskQueues.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Workflow {
    /// The SID of the Account that created the Workflow resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The URL that we call when a task managed by the Workflow is assigned to a Worker.
    pub assignment_callback_url: Option<String>,
    /// A JSON string that contains the Workflow's configuration.
    pub configuration: Option<String>,
    /// The date and time in GMT when the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The MIME type of the document.
    pub document_content_type: Option<String>,
    /// The URL that we call when a call to the `assignment_callback_url` fails.
    pub fallback_assignment_callback_url: Option<String>,
    /// The string that you assigned to describe the Workflow resource.
    pub friendly_name: Option<String>,
    /// The unique string that we created to identify the Workflow resource.
    pub sid: WorkflowSid,
    /// How long TaskRouter will wait for a confirmation response from your application after it assigns a Task to a Worker.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub task_reservation_timeout: Option<i64>,
    /// The SID of the Workspace that contains the Workflow.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workflow resource.
    pub url: Option<String>,
    /// The URLs of related resources.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Workflow => "workflows");
/// Real-time and cumulative statistics of a Workflow.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkflowStatistics {
    /// The SID of the Account that created the Workflow resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// An object that contains the cumulative statistics for the Workflow.
    pub cumulative: Option<WorkflowCumulativeStatistics>,
    /// An object that contains the real-time statistics for the Workflow.
    pub realtime: Option<WorkflowRealTimeStatistics>,
    /// Returns the list of Tasks that are being controlled by the Workflow with the specified SID value.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workflow_sid: Option<WorkflowSid>,
    /// The SID of the Workspace that contains the Workflow.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workflow statistics resource.
    pub url: Option<String>,
}
/// Real-time statistics of a Workflow.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkflowRealTimeStatistics {
    /// The SID of the Account that created the Workflow resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
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
    /// Returns the list of Tasks that are being controlled by the Workflow with the specified SID value.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workflow_sid: Option<WorkflowSid>,
    /// The SID of the Workspace that contains the Workflow.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workflow statistics resource.
    pub url: Option<String>,
}
/// Cumulative statistics of a Workflow.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkflowCumulativeStatistics {
    /// The SID of the Account that created the Workflow resource.
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
    /// The total number of Tasks that entered the Workflow.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_entered: Option<i64>,
    /// The total number of Tasks that were deleted.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_deleted: Option<i64>,
    /// The total number of Tasks that were moved from one queue to another.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_moved: Option<i64>,
    /// The total number of Tasks that were timed out of their Workflows (and deleted).
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub tasks_timed_out_in_workflow: Option<i64>,
    /// Returns the list of Tasks that are being controlled by the Workflow with the specified Sid value.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workflow_sid: Option<WorkflowSid>,
    /// The SID of the Workspace that contains the Workflow.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workflow statistics resource.
    pub url: Option<String>,
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Workflows`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateWorkflow {
    friendly_name: String,
    configuration: serde_json::Value,
    assignment_callback_url: Option<String>,
    fallback_assignment_callback_url: Option<String>,
    task_reservation_timeout: Option<u32>,
}

impl CreateWorkflow {
    /// The required `FriendlyName`, `Configuration`.
    pub fn new(friendly_name: impl Into<String>, configuration: serde_json::Value) -> Self {
        Self {
            friendly_name: friendly_name.into(),
            configuration,
            assignment_callback_url: None,
            fallback_assignment_callback_url: None,
            task_reservation_timeout: None,
        }
    }

    setters! {
        /// `AssignmentCallbackUrl`: The URL from your application that will process task assignment events.
        assignment_callback_url(into String)
        /// `FallbackAssignmentCallbackUrl`: The URL that we should call when a call to the `assignment_callback_url` fails.
        fallback_assignment_callback_url(into String)
        /// `TaskReservationTimeout`: How long TaskRouter will wait for a confirmation response from your application after it assigns a Task to a Worker.
        task_reservation_timeout(u32)
    }
}

to_form! {
    CreateWorkflow {
        "FriendlyName" => (friendly_name),
        "Configuration" => (configuration),
        "AssignmentCallbackUrl" => assignment_callback_url,
        "FallbackAssignmentCallbackUrl" => fallback_assignment_callback_url,
        "TaskReservationTimeout" => task_reservation_timeout,
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Workflows/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateWorkflow {
    friendly_name: Option<String>,
    assignment_callback_url: Option<String>,
    fallback_assignment_callback_url: Option<String>,
    configuration: Option<serde_json::Value>,
    task_reservation_timeout: Option<u32>,
    re_evaluate_tasks: Option<String>,
}

impl UpdateWorkflow {
    setters! {
        /// `FriendlyName`: A descriptive string that you create to describe the Workflow resource.
        friendly_name(into String)
        /// `AssignmentCallbackUrl`: The URL from your application that will process task assignment events.
        assignment_callback_url(into String)
        /// `FallbackAssignmentCallbackUrl`: The URL that we should call when a call to the `assignment_callback_url` fails.
        fallback_assignment_callback_url(into String)
        /// `Configuration`: A JSON string that contains the rules to apply to the Workflow.
        configuration(serde_json::Value)
        /// `TaskReservationTimeout`: How long TaskRouter will wait for a confirmation response from your application after it assigns a Task to a Worker.
        task_reservation_timeout(u32)
        /// `ReEvaluateTasks`: Whether or not to re-evaluate Tasks.
        re_evaluate_tasks(into String)
    }
}

to_form! {
    UpdateWorkflow {
        "FriendlyName" => friendly_name,
        "AssignmentCallbackUrl" => assignment_callback_url,
        "FallbackAssignmentCallbackUrl" => fallback_assignment_callback_url,
        "Configuration" => configuration,
        "TaskReservationTimeout" => task_reservation_timeout,
        "ReEvaluateTasks" => re_evaluate_tasks,
    }
}
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Workflows`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListWorkflows {
    friendly_name: Option<String>,
}

impl ListWorkflows {
    setters! {
        /// `FriendlyName`: The `friendly_name` of the Workflow resources to read.
        friendly_name(into String)
    }
}

to_form! {
    ListWorkflows {
        "FriendlyName" => friendly_name,
    }
}
/// A Workspace's Workflows: create and list.
#[derive(Debug, Clone)]
pub struct Workflows {
    client: Client,
    workspace_sid: WorkspaceSid,
}

impl Workflows {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid) -> Self {
        Self {
            client,
            workspace_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/Workflows", self.workspace_sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Creates a Workflow.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Workflows`
        create(CreateWorkflow) -> Workflow;
        /// Lists the Workflows.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workflows`
        list(ListWorkflows) -> Workflow;
    }
}
/// One Workflow: fetch, update, delete, statistics.
#[derive(Debug, Clone)]
pub struct WorkflowRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    sid: WorkflowSid,
}

impl WorkflowRef {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, sid: WorkflowSid) -> Self {
        Self {
            client,
            workspace_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Workspaces/{}/Workflows/{}",
            self.workspace_sid,
            self.sid
        )
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the Workflow.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workflows/{Sid}`
        fetch -> Workflow;
        /// Updates the Workflow.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Workflows/{Sid}`
        update(UpdateWorkflow) -> Workflow;
        /// Deletes the Workflow.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/Workflows/{Sid}`
        delete;
        /// Fetches real-time and cumulative statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/Statistics`
        statistics = query "/Statistics" (WorkflowStatisticsParams) -> WorkflowStatistics;
        /// Fetches real-time statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/RealTimeStatistics`
        real_time_statistics = query "/RealTimeStatistics"
            (RealTimeStatisticsParams) -> WorkflowRealTimeStatistics;
        /// Fetches cumulative statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/CumulativeStatistics`
        cumulative_statistics = query "/CumulativeStatistics"
            (CumulativeStatisticsParams) -> WorkflowCumulativeStatistics;
    }
}
