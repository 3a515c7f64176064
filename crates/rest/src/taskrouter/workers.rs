//! TaskRouter Workers: `/v1/Workspaces/{WorkspaceSid}/Workers`, their statistics and channels.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::reservations::{WorkerReservationRef, WorkerReservations};
use super::statistics::RealTimeStatisticsParams;
pub use super::statistics::{
    WorkerStatisticsParams, WorkersCumulativeStatisticsParams, WorkersStatisticsParams,
};
use crate::client::{Client, Domain};
use crate::ops::NoParams;
use crate::page::Lister;
use crate::sid::{
    AccountSid, ActivitySid, ReservationSid, TaskChannelSid, TaskQueueSid, WorkerSid, WorkspaceSid,
};
use crate::time::Timestamp;

/// A Worker: an agent who handles Tasks.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Worker {
    /// The SID of the Account that created the Worker resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The `friendly_name` of the Worker's current Activity.
    pub activity_name: Option<String>,
    /// The SID of the Worker's current Activity.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub activity_sid: Option<ActivitySid>,
    /// The JSON string that describes the Worker.
    pub attributes: Option<String>,
    /// Whether the Worker is available to perform tasks.
    pub available: Option<bool>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT of the last change to the Worker's activity specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_status_changed: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The string that you assigned to describe the resource.
    pub friendly_name: Option<String>,
    /// The unique string that we created to identify the Worker resource.
    pub sid: WorkerSid,
    /// The SID of the Workspace that contains the Worker.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Worker resource.
    pub url: Option<String>,
    /// The URLs of related resources.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Worker => "workers");
/// Cumulative statistics of one Worker.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkerInstanceStatistics {
    /// The SID of the Account that created the Worker resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// An object that contains the cumulative statistics for the Worker.
    pub cumulative: Option<WorkersCumulativeStatistics>,
    /// The SID of the Worker that contains the WorkerChannel.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub worker_sid: Option<WorkerSid>,
    /// The SID of the Workspace that contains the WorkerChannel.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the WorkerChannel statistics resource.
    pub url: Option<String>,
}
/// Real-time and cumulative statistics of all Workers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkersStatistics {
    /// An object that contains the real-time statistics for the Worker.
    pub realtime: Option<WorkersRealTimeStatistics>,
    /// An object that contains the cumulative statistics for the Worker.
    pub cumulative: Option<WorkersCumulativeStatistics>,
    /// The SID of the Account that created the Worker resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Workspace that contains the Worker.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Worker statistics resource.
    pub url: Option<String>,
}
/// Real-time statistics of all Workers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkersRealTimeStatistics {
    /// The SID of the Account that created the Worker resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The number of current Workers by Activity.
    pub activity_statistics: Option<serde_json::Value>,
    /// The total number of Workers.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub total_workers: Option<i64>,
    /// The SID of the Workspace that contains the Workers.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workers statistics resource.
    pub url: Option<String>,
}
/// Cumulative statistics of all Workers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkersCumulativeStatistics {
    /// The SID of the Account that created the Worker resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The beginning of the interval during which these statistics were calculated, in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub start_time: Option<Timestamp>,
    /// The end of the interval during which these statistics were calculated, in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub end_time: Option<Timestamp>,
    /// The minimum, average, maximum, and total time (in seconds) that Workers spent in each Activity.
    pub activity_durations: Option<serde_json::Value>,
    /// The total number of Reservations that were created.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reservations_created: Option<i64>,
    /// The total number of Reservations that were accepted.
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
    /// The SID of the Workspace that contains the Workers.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Workers statistics resource.
    pub url: Option<String>,
}
/// A Worker's capacity on one TaskChannel.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WorkerChannel {
    /// The SID of the Account that created the Worker resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The total number of Tasks assigned to Worker for the TaskChannel type.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub assigned_tasks: Option<i64>,
    /// Whether the Worker should receive Tasks of the TaskChannel type.
    pub available: Option<bool>,
    /// The current percentage of capacity the TaskChannel has available.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub available_capacity_percentage: Option<i64>,
    /// The current configured capacity for the WorkerChannel.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub configured_capacity: Option<i64>,
    /// The date and time in GMT when the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The unique string that we created to identify the WorkerChannel resource.
    pub sid: Option<String>,
    /// The SID of the TaskChannel.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_channel_sid: Option<TaskChannelSid>,
    /// The unique name of the TaskChannel, such as `voice` or `sms`.
    pub task_channel_unique_name: Option<String>,
    /// The SID of the Worker that contains the WorkerChannel.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub worker_sid: Option<WorkerSid>,
    /// The SID of the Workspace that contains the WorkerChannel.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the WorkerChannel resource.
    pub url: Option<String>,
}
list_item!(WorkerChannel => "channels");
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Workers`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateWorker {
    friendly_name: String,
    activity_sid: Option<ActivitySid>,
    attributes: Option<serde_json::Value>,
}

impl CreateWorker {
    /// The required `FriendlyName`.
    pub fn new(friendly_name: impl Into<String>) -> Self {
        Self {
            friendly_name: friendly_name.into(),
            activity_sid: None,
            attributes: None,
        }
    }

    setters! {
        /// `ActivitySid`: The SID of a valid Activity that will describe the new Worker's initial state.
        activity_sid(ActivitySid)
        /// `Attributes`: A valid JSON string that describes the new Worker.
        attributes(serde_json::Value)
    }
}

to_form! {
    CreateWorker {
        "FriendlyName" => (friendly_name),
        "ActivitySid" => activity_sid,
        "Attributes" => attributes,
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateWorker {
    activity_sid: Option<ActivitySid>,
    attributes: Option<serde_json::Value>,
    friendly_name: Option<String>,
    reject_pending_reservations: Option<bool>,
    if_match: Option<String>,
}

impl UpdateWorker {
    setters! {
        /// `ActivitySid`: The SID of a valid Activity that will describe the Worker's initial state.
        activity_sid(ActivitySid)
        /// `Attributes` (JSON, sent as a string): describes the Worker.
        attributes(serde_json::Value)
        /// `FriendlyName`: A descriptive string that you create to describe the Worker.
        friendly_name(into String)
        /// `RejectPendingReservations`: Whether to reject the Worker's pending reservations.
        reject_pending_reservations(bool)
    }

    /// Applies the change only if the resource's current `ETag` is `etag` (`If-Match`).
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}

to_form! {
    UpdateWorker {
        "ActivitySid" => activity_sid,
        "Attributes" => attributes,
        "FriendlyName" => friendly_name,
        "RejectPendingReservations" => reject_pending_reservations,
    }
}
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Workers`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListWorkers {
    activity_name: Option<String>,
    activity_sid: Option<ActivitySid>,
    available: Option<bool>,
    friendly_name: Option<String>,
    target_workers_expression: Option<String>,
    task_queue_name: Option<String>,
    task_queue_sid: Option<TaskQueueSid>,
    ordering: Option<String>,
}

impl ListWorkers {
    setters! {
        /// `ActivityName`: The `activity_name` of the Worker resources to read.
        activity_name(into String)
        /// `ActivitySid`: The `activity_sid` of the Worker resources to read.
        activity_sid(ActivitySid)
        /// `Available`: Whether to return only Worker resources that are available or unavailable.
        available(bool)
        /// `FriendlyName`: The `friendly_name` of the Worker resources to read.
        friendly_name(into String)
        /// `TargetWorkersExpression`: Filter by Workers that would match an expression.
        target_workers_expression(into String)
        /// `TaskQueueName`: The `friendly_name` of the TaskQueue that the Workers to read are eligible for.
        task_queue_name(into String)
        /// `TaskQueueSid`: The SID of the TaskQueue that the Workers to read are eligible for.
        task_queue_sid(TaskQueueSid)
        /// `Ordering`: Sorting parameter for Workers
        ordering(into String)
    }
}

to_form! {
    ListWorkers {
        "ActivityName" => activity_name,
        "ActivitySid" => activity_sid,
        "Available" => available,
        "FriendlyName" => friendly_name,
        "TargetWorkersExpression" => target_workers_expression,
        "TaskQueueName" => task_queue_name,
        "TaskQueueSid" => task_queue_sid,
        "Ordering" => ordering,
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Channels/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateWorkerChannel {
    capacity: Option<u32>,
    available: Option<bool>,
}

impl UpdateWorkerChannel {
    setters! {
        /// `Capacity`: The total number of Tasks that the Worker should handle for the TaskChannel type.
        capacity(u32)
        /// `Available`: Whether the WorkerChannel is available.
        available(bool)
    }
}

to_form! {
    UpdateWorkerChannel {
        "Capacity" => capacity,
        "Available" => available,
    }
}
/// A Workspace's Workers: create, list, and statistics of all of them.
#[derive(Debug, Clone)]
pub struct Workers {
    client: Client,
    workspace_sid: WorkspaceSid,
}

impl Workers {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid) -> Self {
        Self {
            client,
            workspace_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/Workers", self.workspace_sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Creates a Worker.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Workers`
        create(CreateWorker) -> Worker;
        /// Lists every Worker ([`Workers::list_with`] filters).
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers`
        list -> Worker;
        /// Lists the Workers matching `filter` (activity, availability, attributes, …).
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers`
        list_with = list "" (ListWorkers) -> Worker;
        /// Fetches real-time and cumulative statistics of all Workers.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/Statistics`
        statistics = query "/Statistics" (WorkersStatisticsParams) -> WorkersStatistics;
        /// Fetches real-time statistics of all Workers.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/RealTimeStatistics`
        real_time_statistics = query "/RealTimeStatistics"
            (RealTimeStatisticsParams) -> WorkersRealTimeStatistics;
        /// Fetches cumulative statistics of all Workers.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/CumulativeStatistics`
        cumulative_statistics = query "/CumulativeStatistics"
            (WorkersCumulativeStatisticsParams) -> WorkersCumulativeStatistics;
    }
}
/// One Worker: fetch, update, delete, statistics, reservations and channels.
#[derive(Debug, Clone)]
pub struct WorkerRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    sid: WorkerSid,
}

impl WorkerRef {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, sid: WorkerSid) -> Self {
        Self {
            client,
            workspace_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/Workers/{}", self.workspace_sid, self.sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the Worker.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`
        fetch -> Worker;
        /// Updates the Worker (e.g. its Activity or attributes).
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`
        update = update_if_match "" (UpdateWorker) -> Worker;
        /// Deletes the Worker.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`
        delete;
        /// Deletes the Worker if its `ETag` is still `etag`.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/Workers/{Sid}`
        delete_if_match;
        /// Fetches the Worker's statistics.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Statistics`
        statistics = query "/Statistics" (WorkerStatisticsParams) -> WorkerInstanceStatistics;
    }

    /// The Worker's Reservations.
    pub fn reservations(&self) -> WorkerReservations {
        WorkerReservations::new(
            self.client.clone(),
            self.workspace_sid.clone(),
            self.sid.clone(),
        )
    }

    /// One Reservation of the Worker.
    pub fn reservation(&self, reservation: ReservationSid) -> WorkerReservationRef {
        WorkerReservationRef::new(
            self.client.clone(),
            self.workspace_sid.clone(),
            self.sid.clone(),
            reservation,
        )
    }

    /// The Worker's channels.
    pub fn channels(&self) -> WorkerChannels {
        WorkerChannels::new(
            self.client.clone(),
            self.workspace_sid.clone(),
            self.sid.clone(),
        )
    }

    /// One channel of the Worker, by WorkerChannel SID (`WC…`) or TaskChannel unique name (e.g. `voice`).
    pub fn channel(&self, channel: impl Into<String>) -> WorkerChannelRef {
        WorkerChannelRef::new(
            self.client.clone(),
            self.workspace_sid.clone(),
            self.sid.clone(),
            channel.into(),
        )
    }
}
/// A Worker's channels.
#[derive(Debug, Clone)]
pub struct WorkerChannels {
    client: Client,
    workspace_sid: WorkspaceSid,
    worker_sid: WorkerSid,
}

impl WorkerChannels {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, worker_sid: WorkerSid) -> Self {
        Self {
            client,
            workspace_sid,
            worker_sid,
        }
    }

    /// Lists the Worker's channels.
    ///
    /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Channels`
    pub fn list(&self) -> Lister<WorkerChannel> {
        self.client.list_at(
            Domain::TaskRouter,
            path!(
                "/v1/Workspaces/{}/Workers/{}/Channels",
                self.workspace_sid,
                self.worker_sid
            ),
            &NoParams,
        )
    }
}
/// One channel of a Worker: fetch and update capacity or availability.
#[derive(Debug, Clone)]
pub struct WorkerChannelRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    worker_sid: WorkerSid,
    sid: String,
}

impl WorkerChannelRef {
    pub(crate) fn new(
        client: Client,
        workspace_sid: WorkspaceSid,
        worker_sid: WorkerSid,
        sid: String,
    ) -> Self {
        Self {
            client,
            workspace_sid,
            worker_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Workspaces/{}/Workers/{}/Channels/{}",
            self.workspace_sid,
            self.worker_sid,
            self.sid
        )
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the channel.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Channels/{Sid}`
        fetch -> WorkerChannel;
        /// Updates the channel's capacity or availability.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Channels/{Sid}`
        update(UpdateWorkerChannel) -> WorkerChannel;
    }
}

// The everyday shortcut (issue 12): every Worker of a Workspace given as `&str`.

impl super::TaskRouter {
    /// Every Worker of `workspace` (a [`WorkspaceSid`] or its `&str`): shortcut for
    /// `workspace(sid).workers().list()`. A malformed SID fails the first page with
    /// [`Error::InvalidInput`](crate::Error::InvalidInput), before any request.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), twilio_rest::Error> {
    /// let twilio = twilio_rest::Twilio::from_env()?;
    /// let workers = twilio.taskrouter().workers("WS00000000000000000000000000000000");
    /// workers.for_each(|w| println!("{} {:?}", w.sid, w.activity_name)).await?;
    /// # Ok(()) }
    /// ```
    pub fn workers(
        &self,
        workspace: impl TryInto<WorkspaceSid, Error: Into<crate::Error>>,
    ) -> Lister<Worker> {
        match workspace.try_into() {
            Ok(sid) => self.workspace(sid).workers().list(),
            Err(error) => {
                let path = "/v1/Workspaces/-/Workers".to_owned();
                self.client
                    .list_at::<Worker>(Domain::TaskRouter, path, &NoParams)
                    .failing(error.into())
            }
        }
    }
}

#[cfg(test)]
mod shortcut_tests {
    use crate::{Client, Credentials, Domain, Error};

    /// A client whose TaskRouter requests would go to a closed port: an
    /// `InvalidInput` (not a transport error) proves nothing was sent.
    fn client() -> Client {
        let account = format!("AC{}", "0".repeat(32)).parse().unwrap();
        Client::builder()
            .credentials(Credentials::auth_token(account, "token"))
            .base_url(Domain::TaskRouter, "http://127.0.0.1:9")
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn a_malformed_workspace_fails_before_any_request() {
        let workers = client().taskrouter().workers("WS-not-a-sid");
        assert!(matches!(
            workers.first_page().await,
            Err(Error::InvalidInput(_))
        ));
        let workers = client().taskrouter().workers("WS-not-a-sid");
        let mut items = workers.items();
        assert!(matches!(
            items.next().await,
            Some(Err(Error::InvalidInput(_)))
        ));
        assert!(items.next().await.is_none());
        let mut seen = 0;
        let all = client()
            .taskrouter()
            .workers("XX")
            .for_each(|_| seen += 1)
            .await;
        assert!(matches!(all, Err(Error::InvalidInput(_))));
        assert_eq!(seen, 0);
    }
}
