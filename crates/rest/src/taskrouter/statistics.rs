//! Parameters of TaskRouter's statistics: of a Workspace, a Workflow, a TaskQueue (one
//! or all), a Worker and all Workers. Most endpoints take the same window (`Minutes`,
//! or `StartDate`/`EndDate`) and filters, so they share [`StatisticsParams`]; the
//! per-resource names are aliases kept for the endpoints' docs and older code.

use crate::sid::TaskQueueSid;
use crate::time::WireTime;

/// The statistics window and filters of a Workspace, Workflow or TaskQueue
/// (`…/Statistics` and `…/CumulativeStatistics`).
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct StatisticsParams {
    minutes: Option<u32>,
    start_date: Option<WireTime>,
    end_date: Option<WireTime>,
    task_channel: Option<String>,
    split_by_wait_time: Option<String>,
}

impl StatisticsParams {
    setters! {
        /// `Minutes`: Cover the last this many minutes (instead of `StartDate`/`EndDate`).
        minutes(u32)
        /// `StartDate`: Start of the period the statistics cover.
        start_date(time)
        /// `EndDate`: End of the period the statistics cover (default: now).
        end_date(time)
        /// `TaskChannel`: Only Tasks of this TaskChannel (unique name or SID).
        task_channel(into String)
        /// `SplitByWaitTime`: Comma-separated wait thresholds in seconds (`"5,30"`): Tasks
        /// accepted and canceled are also counted within each.
        split_by_wait_time(into String)
    }
}

to_form! {
    StatisticsParams {
        "Minutes" => minutes,
        "StartDate" => start_date,
        "EndDate" => end_date,
        "TaskChannel" => task_channel,
        "SplitByWaitTime" => split_by_wait_time,
    }
}

/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Statistics`.
pub type WorkspaceStatisticsParams = StatisticsParams;
/// Parameters of `GET …/CumulativeStatistics` of a Workspace, Workflow or TaskQueue.
pub type CumulativeStatisticsParams = StatisticsParams;
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/Statistics`.
pub type WorkflowStatisticsParams = StatisticsParams;
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/Statistics`.
pub type TaskQueueStatisticsParams = StatisticsParams;

/// Parameters of `GET …/RealTimeStatistics` of a Workspace, Workflow, TaskQueue or the
/// Workers.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct RealTimeStatisticsParams {
    task_channel: Option<String>,
}

impl RealTimeStatisticsParams {
    setters! {
        /// `TaskChannel`: Only Tasks and Workers of this TaskChannel (unique name or SID).
        task_channel(into String)
    }
}

to_form! {
    RealTimeStatisticsParams {
        "TaskChannel" => task_channel,
    }
}

/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/TaskQueues/Statistics`: the
/// statistics of every TaskQueue, or of those matching `FriendlyName`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListTaskQueuesStatistics {
    friendly_name: Option<String>,
    minutes: Option<u32>,
    start_date: Option<WireTime>,
    end_date: Option<WireTime>,
    task_channel: Option<String>,
    split_by_wait_time: Option<String>,
}

impl ListTaskQueuesStatistics {
    setters! {
        /// `FriendlyName`: Only TaskQueues with this name.
        friendly_name(into String)
        /// `Minutes`: Cover the last this many minutes (instead of `StartDate`/`EndDate`).
        minutes(u32)
        /// `StartDate`: Start of the period the statistics cover.
        start_date(time)
        /// `EndDate`: End of the period the statistics cover (default: now).
        end_date(time)
        /// `TaskChannel`: Only Tasks of this TaskChannel (unique name or SID).
        task_channel(into String)
        /// `SplitByWaitTime`: Comma-separated wait thresholds in seconds (`"5,30"`).
        split_by_wait_time(into String)
    }
}

to_form! {
    ListTaskQueuesStatistics {
        "FriendlyName" => friendly_name,
        "Minutes" => minutes,
        "StartDate" => start_date,
        "EndDate" => end_date,
        "TaskChannel" => task_channel,
        "SplitByWaitTime" => split_by_wait_time,
    }
}

/// The statistics window and channel of one Worker (`…/Workers/{WorkerSid}/Statistics`)
/// or of all Workers' cumulative statistics.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct WorkerStatisticsParams {
    minutes: Option<u32>,
    start_date: Option<WireTime>,
    end_date: Option<WireTime>,
    task_channel: Option<String>,
}

impl WorkerStatisticsParams {
    setters! {
        /// `Minutes`: Cover the last this many minutes (instead of `StartDate`/`EndDate`).
        minutes(u32)
        /// `StartDate`: Start of the period the statistics cover.
        start_date(time)
        /// `EndDate`: End of the period the statistics cover (default: now).
        end_date(time)
        /// `TaskChannel`: Only activity on this TaskChannel (unique name or SID).
        task_channel(into String)
    }
}

to_form! {
    WorkerStatisticsParams {
        "Minutes" => minutes,
        "StartDate" => start_date,
        "EndDate" => end_date,
        "TaskChannel" => task_channel,
    }
}

/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Workers/CumulativeStatistics`.
pub type WorkersCumulativeStatisticsParams = WorkerStatisticsParams;

/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Workers/Statistics`: the Workers'
/// statistics, optionally only those of one TaskQueue or name.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct WorkersStatisticsParams {
    minutes: Option<u32>,
    start_date: Option<WireTime>,
    end_date: Option<WireTime>,
    task_queue_sid: Option<TaskQueueSid>,
    task_queue_name: Option<String>,
    friendly_name: Option<String>,
    task_channel: Option<String>,
}

impl WorkersStatisticsParams {
    setters! {
        /// `Minutes`: Cover the last this many minutes (instead of `StartDate`/`EndDate`).
        minutes(u32)
        /// `StartDate`: Start of the period the statistics cover.
        start_date(time)
        /// `EndDate`: End of the period the statistics cover (default: now).
        end_date(time)
        /// `TaskQueueSid`: Only Workers that this TaskQueue can reach.
        task_queue_sid(TaskQueueSid)
        /// `TaskQueueName`: Only Workers that the TaskQueue of this name can reach.
        task_queue_name(into String)
        /// `FriendlyName`: Only Workers whose name matches.
        friendly_name(into String)
        /// `TaskChannel`: Only activity on this TaskChannel (unique name or SID).
        task_channel(into String)
    }
}

to_form! {
    WorkersStatisticsParams {
        "Minutes" => minutes,
        "StartDate" => start_date,
        "EndDate" => end_date,
        "TaskQueueSid" => task_queue_sid,
        "TaskQueueName" => task_queue_name,
        "FriendlyName" => friendly_name,
        "TaskChannel" => task_channel,
    }
}
