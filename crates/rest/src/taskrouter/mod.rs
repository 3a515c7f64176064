//! TaskRouter v1 (`taskrouter.twilio.com`): Workspaces, Workflows, Activities,
//! TaskQueues, Workers, Tasks and Reservations, with the statistics of each.
//!
//! ```no_run
//! # async fn run(client: twilio_rest::Client) -> Result<(), twilio_rest::Error> {
//! use futures_util::TryStreamExt;
//! use twilio_rest::sid::{TaskSid, TaskQueueSid, WorkspaceSid};
//! use twilio_rest::taskrouter::reservations::{
//!     ReservationInstruction, ReservationStatus, UpdateReservation,
//! };
//! use twilio_rest::taskrouter::task_queues::TaskQueueStatisticsParams;
//! use twilio_rest::taskrouter::tasks::CreateTask;
//!
//! let workspace = client.taskrouter().workspace(WorkspaceSid::new("WS00000000000000000000000000000000")?);
//!
//! // Queue a task; `Attributes` is JSON, sent as Twilio expects (a JSON string).
//! let task = workspace
//!     .tasks()
//!     .create(&CreateTask::default().attributes(serde_json::json!({"type": "support"})))
//!     .await?;
//! println!("task {} is {:?}", task.sid, task.assignment_status);
//!
//! // Statistics of one queue over the last 30 minutes, split by wait time.
//! let queue = workspace.task_queue(TaskQueueSid::new("WQ00000000000000000000000000000000")?);
//! let stats = queue
//!     .statistics(&TaskQueueStatisticsParams::default().minutes(30).split_by_wait_time("60,120"))
//!     .await?;
//! println!("{:?}", stats.cumulative);
//!
//! // Accept every pending reservation of the task with a conference instruction.
//! let task = workspace.task(TaskSid::new("WT00000000000000000000000000000000")?);
//! let mut reservations = std::pin::pin!(task.reservations().list(Default::default()).stream());
//! while let Some(reservation) = reservations.try_next().await? {
//!     if reservation.reservation_status == Some(ReservationStatus::Pending) {
//!         let conference = UpdateReservation::default()
//!             .instruction(ReservationInstruction::Conference)
//!             .from("+15005550006")
//!             .end_conference_on_exit(true);
//!         task.reservation(reservation.sid).update(&conference).await?;
//!     }
//! }
//! # Ok(()) }
//! ```

pub mod activities;
pub mod events;
pub mod reservations;
pub mod statistics;
pub mod task_channels;
pub mod task_queues;
pub mod tasks;
pub mod workers;
pub mod workflows;
pub mod workspaces;

use crate::client::Client;
use crate::sid::WorkspaceSid;

/// The TaskRouter v1 API.
#[derive(Debug, Clone)]
pub struct TaskRouter {
    client: Client,
}

impl Client {
    /// The TaskRouter v1 API.
    pub fn taskrouter(&self) -> TaskRouter {
        TaskRouter {
            client: self.clone(),
        }
    }
}

impl TaskRouter {
    /// The account's Workspaces: create and list.
    pub fn workspaces(&self) -> workspaces::Workspaces {
        workspaces::Workspaces::new(self.client.clone())
    }

    /// One Workspace and everything in it.
    pub fn workspace(&self, sid: WorkspaceSid) -> workspaces::WorkspaceRef {
        workspaces::WorkspaceRef::new(self.client.clone(), sid)
    }
}
