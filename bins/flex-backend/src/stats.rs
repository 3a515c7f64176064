//! Queue statistics for the realtime dashboard: one poller, never overlapping, whose
//! cache is the JSON array of seed §3.6, published through a `watch` channel.

use std::time::Duration;

use bytestring::ByteString;
use futures_util::{StreamExt as _, stream};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio::time::{Instant, MissedTickBehavior};
use twilio_rest::sid::{TaskQueueSid, WorkspaceSid};
use twilio_rest::taskrouter::task_queues::{
    ListTaskQueues, TaskQueueCumulativeStatistics, TaskQueueRealTimeStatistics,
};
use twilio_rest::taskrouter::workspaces::{CumulativeStatisticsParams, RealTimeStatisticsParams};

use crate::Error;

/// A statistics channel: `All` is no `TaskChannel` filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Every channel together.
    All,
    /// `voice`
    Voice,
    /// `chat`
    Chat,
    /// `video`
    Video,
}

impl Channel {
    /// Every key the dashboard reads, in the seed's order.
    pub const EVERY: [Channel; 4] = [Channel::All, Channel::Voice, Channel::Chat, Channel::Video];
    /// The channels that are a `TaskChannel` filter.
    pub const FILTERS: [Channel; 3] = [Channel::Voice, Channel::Chat, Channel::Video];

    /// The name in keys (`realTimeStats_voice`) and in `TaskChannel`.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::All => "all",
            Channel::Voice => "voice",
            Channel::Chat => "chat",
            Channel::Video => "video",
        }
    }

    fn filter(self) -> Option<&'static str> {
        (self != Channel::All).then(|| self.as_str())
    }
}

/// What the poller asks for, from the configuration.
#[derive(Debug, Clone)]
pub struct StatsSettings {
    /// Realtime statistics every this long.
    pub realtime_period: Duration,
    /// Cumulative ("today") statistics every this long.
    pub cumulative_period: Duration,
    /// `SplitByWaitTime` thresholds in seconds.
    pub sla_thresholds: Vec<u32>,
    /// Channels fetched besides `all`.
    pub channels: Vec<Channel>,
    /// Where "today" starts.
    pub timezone: TimeZone,
    /// Requests in flight at once.
    pub concurrency: usize,
}

/// One activity of `activityStatistics`: only the two keys the dashboard reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// The activity's name (`Available`, `Offline`, …).
    pub friendly_name: Value,
    /// Workers in it.
    pub workers: Value,
}

/// `realTimeStats_<channel>`: API names mapped as the seed did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RealTimeStats {
    /// ← `activity_statistics`
    pub activity_statistics: Vec<Activity>,
    /// ← `longest_task_waiting_age` (seconds)
    pub oldest_task: i64,
    /// ← `tasks_by_priority`
    pub tasks_by_priority: Value,
    /// ← `tasks_by_status`
    pub tasks_by_status: Value,
    /// ← `total_available_workers`
    pub available_workers: i64,
    /// ← `total_eligible_workers`
    pub eligible_workers: i64,
    /// ← `total_tasks`
    pub total_tasks: i64,
}

impl Default for RealTimeStats {
    /// Zeros: what a disabled or never-fetched channel shows (the dashboard cannot
    /// render a row without the key).
    fn default() -> Self {
        Self {
            activity_statistics: Vec::new(),
            oldest_task: 0,
            tasks_by_priority: json!({}),
            tasks_by_status: json!({"pending": 0, "reserved": 0, "assigned": 0, "wrapping": 0}),
            available_workers: 0,
            eligible_workers: 0,
            total_tasks: 0,
        }
    }
}

impl From<TaskQueueRealTimeStatistics> for RealTimeStats {
    fn from(api: TaskQueueRealTimeStatistics) -> Self {
        let zero = Self::default();
        let activity_statistics = api
            .activity_statistics
            .as_ref()
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .map(|a| Activity {
                        friendly_name: a.get("friendly_name").cloned().unwrap_or(Value::Null),
                        workers: a.get("workers").cloned().unwrap_or(json!(0)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            activity_statistics,
            oldest_task: api.longest_task_waiting_age.unwrap_or(0),
            tasks_by_priority: api.tasks_by_priority.unwrap_or(zero.tasks_by_priority),
            tasks_by_status: api.tasks_by_status.unwrap_or(zero.tasks_by_status),
            available_workers: api.total_available_workers.unwrap_or(0),
            eligible_workers: api.total_eligible_workers.unwrap_or(0),
            total_tasks: api.total_tasks.unwrap_or(0),
        }
    }
}

/// `cumulativeStats_<channel>` with the seed's abbreviated keys; absent API fields
/// are left out, as the seed's JSON did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CumulativeStats {
    #[serde(rename = "rCreated", skip_serializing_if = "Option::is_none")]
    r_created: Option<i64>,
    #[serde(rename = "rRej", skip_serializing_if = "Option::is_none")]
    r_rej: Option<i64>,
    #[serde(rename = "rAccepted", skip_serializing_if = "Option::is_none")]
    r_accepted: Option<i64>,
    #[serde(rename = "rTimedOut", skip_serializing_if = "Option::is_none")]
    r_timed_out: Option<i64>,
    #[serde(rename = "rCancel", skip_serializing_if = "Option::is_none")]
    r_cancel: Option<i64>,
    #[serde(rename = "rRescind", skip_serializing_if = "Option::is_none")]
    r_rescind: Option<i64>,
    #[serde(rename = "tCompl", skip_serializing_if = "Option::is_none")]
    t_compl: Option<i64>,
    #[serde(rename = "tMoved", skip_serializing_if = "Option::is_none")]
    t_moved: Option<i64>,
    #[serde(rename = "tEnter", skip_serializing_if = "Option::is_none")]
    t_enter: Option<i64>,
    #[serde(rename = "tCanc", skip_serializing_if = "Option::is_none")]
    t_canc: Option<i64>,
    #[serde(rename = "tDel", skip_serializing_if = "Option::is_none")]
    t_del: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wait_until_cancel: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wait_until_accept: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    split_by_wait_time: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avg_task_acceptance_time: Option<i64>,
}

impl From<TaskQueueCumulativeStatistics> for CumulativeStats {
    fn from(api: TaskQueueCumulativeStatistics) -> Self {
        Self {
            r_created: api.reservations_created,
            r_rej: api.reservations_rejected,
            r_accepted: api.reservations_accepted,
            r_timed_out: api.reservations_timed_out,
            r_cancel: api.reservations_canceled,
            r_rescind: api.reservations_rescinded,
            t_compl: api.tasks_completed,
            t_moved: api.tasks_moved,
            t_enter: api.tasks_entered,
            t_canc: api.tasks_canceled,
            t_del: api.tasks_deleted,
            wait_until_cancel: api.wait_duration_until_canceled,
            wait_until_accept: api.wait_duration_until_accepted,
            split_by_wait_time: api.split_by_wait_time,
            end_time: api.end_time.map(js_date),
            start_time: api.start_time.map(js_date),
            avg_task_acceptance_time: api.avg_task_acceptance_time,
        }
    }
}

/// A time as JavaScript's `Date#toJSON` writes it (the seed sent `Date`s):
/// `2019-10-31T00:00:00.000Z`.
fn js_date(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S.%3fZ").to_string()
}

/// One queue of the published array.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueStats {
    /// `WQ…`
    pub sid: String,
    /// The queue's name.
    pub friendly_name: String,
    /// Realtime statistics per fetched channel.
    pub realtime: Vec<(Channel, RealTimeStats)>,
    /// Cumulative statistics per fetched channel.
    pub cumulative: Vec<(Channel, CumulativeStats)>,
    /// Why the last realtime fetch failed (cleared by the next success).
    pub realtime_message: Option<String>,
    /// Why the last cumulative fetch failed (cleared by the next success).
    pub cumulative_message: Option<String>,
}

impl QueueStats {
    fn new(sid: String, friendly_name: String) -> Self {
        Self {
            sid,
            friendly_name,
            realtime: Vec::new(),
            cumulative: Vec::new(),
            realtime_message: None,
            cumulative_message: None,
        }
    }
}

fn set<T>(list: &mut Vec<(Channel, T)>, channel: Channel, value: T) {
    match list.iter_mut().find(|(c, _)| *c == channel) {
        Some(slot) => slot.1 = value,
        None => list.push((channel, value)),
    }
}

impl Serialize for QueueStats {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("sid", &self.sid)?;
        map.serialize_entry("friendlyName", &self.friendly_name)?;
        let zero = RealTimeStats::default();
        for channel in Channel::EVERY {
            let value = self
                .realtime
                .iter()
                .find(|(c, _)| *c == channel)
                .map_or(&zero, |(_, v)| v);
            map.serialize_entry(&format!("realTimeStats_{}", channel.as_str()), value)?;
        }
        for channel in Channel::EVERY {
            if let Some((_, v)) = self.cumulative.iter().find(|(c, _)| *c == channel) {
                map.serialize_entry(&format!("cumulativeStats_{}", channel.as_str()), v)?;
            }
        }
        if let Some(m) = &self.realtime_message {
            map.serialize_entry("realTimeStatsMessage", m)?;
        }
        if let Some(m) = &self.cumulative_message {
            map.serialize_entry("cumulativeStatsMessage", m)?;
        }
        map.end()
    }
}

/// `StartDate` of "today": midnight in `tz` at `now`, as ISO-8601 UTC.
pub fn start_of_today(now: Timestamp, tz: &TimeZone) -> Timestamp {
    now.to_zoned_datetime(tz.clone())
        .start_of_day()
        .map_or(now, |midnight| midnight.timestamp())
}

enum Fetched {
    Realtime(RealTimeStats),
    Cumulative(Box<CumulativeStats>),
}

#[derive(Clone, Copy)]
enum Kind {
    Realtime,
    Cumulative,
}

/// The poller: owns the cache and publishes it as JSON text after each poll.
#[derive(Debug)]
pub struct StatsPoller {
    rest: twilio_rest::Client,
    workspace: WorkspaceSid,
    settings: StatsSettings,
    cache: Vec<QueueStats>,
    /// The published array, encoded once: every socket sends these same bytes.
    tx: watch::Sender<ByteString>,
    /// Whether anyone watches, when that is decided elsewhere (the statistics lease
    /// knows about sockets on every instance); `None`: this poller's own watchers.
    demand: Option<watch::Receiver<bool>>,
}

impl StatsPoller {
    /// A poller with an empty cache (published as `[]`).
    pub fn new(
        rest: twilio_rest::Client,
        workspace: WorkspaceSid,
        settings: StatsSettings,
    ) -> Self {
        let (tx, _) = watch::channel(ByteString::from_static("[]"));
        Self {
            rest,
            workspace,
            settings,
            cache: Vec::new(),
            tx,
            demand: None,
        }
    }

    /// Polls only while `demand` is `true`, instead of while someone watches this
    /// poller (its watcher is then the publisher to the other instances).
    #[must_use]
    pub fn with_demand(mut self, demand: watch::Receiver<bool>) -> Self {
        self.demand = Some(demand);
        self
    }

    fn wanted(&self) -> bool {
        match &self.demand {
            Some(demand) => *demand.borrow(),
            None => self.tx.receiver_count() > 0,
        }
    }

    /// Where the published array can be watched.
    pub fn subscribe(&self) -> watch::Receiver<ByteString> {
        self.tx.subscribe()
    }

    /// A handle that subscribes later (the poller itself moves into its task).
    pub fn publisher(&self) -> watch::Sender<ByteString> {
        self.tx.clone()
    }

    /// The cache.
    pub fn queues(&self) -> &[QueueStats] {
        &self.cache
    }

    /// Polls forever: realtime every period, cumulative when its period has passed;
    /// a poll runs to its end before the next starts, and no poll runs while nobody
    /// watches.
    pub async fn run(mut self) {
        let mut ticks = tokio::time::interval(self.settings.realtime_period);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let mut last_cumulative: Option<Instant> = None;
        let slack = self.settings.realtime_period / 2;
        loop {
            ticks.tick().await;
            if !self.wanted() {
                continue;
            }
            let due = last_cumulative
                .is_none_or(|at| at.elapsed() + slack >= self.settings.cumulative_period);
            if due {
                last_cumulative = Some(Instant::now());
            }
            self.poll(due).await;
        }
    }

    /// One poll: the queue list, then every queue's statistics with bounded
    /// concurrency, merged into the cache, which is then published.
    pub async fn poll(&mut self, with_cumulative: bool) {
        let workspace = self.rest.taskrouter().workspace(self.workspace.clone());
        match workspace
            .task_queues()
            .list(ListTaskQueues::default())
            .collect()
            .await
        {
            Ok(queues) => self.merge_list(queues.into_iter().map(|q| {
                (
                    q.sid.as_str().to_owned(),
                    q.friendly_name.unwrap_or_default(),
                )
            })),
            Err(error) => {
                let message = Error::Twilio(error).public_message();
                tracing::warn!(%message, "listing the task queues failed");
                for queue in &mut self.cache {
                    queue.realtime_message = Some(message.clone());
                }
                self.publish();
                return;
            }
        }
        let mut jobs = Vec::new();
        for (index, queue) in self.cache.iter().enumerate() {
            let Ok(sid) = TaskQueueSid::new(queue.sid.as_str()) else {
                continue;
            };
            for channel in std::iter::once(Channel::All).chain(self.settings.channels.clone()) {
                jobs.push((index, sid.clone(), channel, Kind::Realtime));
                if with_cumulative {
                    jobs.push((index, sid.clone(), channel, Kind::Cumulative));
                }
            }
        }
        let start_date = start_of_today(Timestamp::now(), &self.settings.timezone);
        let split = self
            .settings
            .sla_thresholds
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let results: Vec<_> = stream::iter(jobs)
            .map(|(index, sid, channel, kind)| {
                let queue = workspace.task_queue(sid);
                let (start_date, split) = (start_date, &split);
                async move {
                    let fetched = match kind {
                        Kind::Realtime => {
                            let mut p = RealTimeStatisticsParams::default();
                            if let Some(f) = channel.filter() {
                                p = p.task_channel(f);
                            }
                            queue
                                .real_time_statistics(&p)
                                .await
                                .map(|s| Fetched::Realtime(s.into()))
                        }
                        Kind::Cumulative => {
                            let mut p =
                                CumulativeStatisticsParams::default().start_date(start_date);
                            if !split.is_empty() {
                                p = p.split_by_wait_time(split.as_str());
                            }
                            if let Some(f) = channel.filter() {
                                p = p.task_channel(f);
                            }
                            queue
                                .cumulative_statistics(&p)
                                .await
                                .map(|s| Fetched::Cumulative(Box::new(s.into())))
                        }
                    };
                    (index, channel, kind, fetched)
                }
            })
            .buffer_unordered(self.settings.concurrency.max(1))
            .collect()
            .await;
        self.apply(results, with_cumulative);
        self.publish();
    }

    /// Keeps known queues (by sid) with their values, adds new ones, drops the rest,
    /// in the order Twilio listed them.
    fn merge_list(&mut self, listed: impl Iterator<Item = (String, String)>) {
        let mut old = std::mem::take(&mut self.cache);
        for (sid, name) in listed {
            let entry = match old.iter().position(|q| q.sid == sid) {
                Some(i) => {
                    let mut q = old.swap_remove(i);
                    q.friendly_name = name;
                    q
                }
                None => QueueStats::new(sid, name),
            };
            self.cache.push(entry);
        }
    }

    fn apply(
        &mut self,
        results: Vec<(usize, Channel, Kind, Result<Fetched, twilio_rest::Error>)>,
        with_cumulative: bool,
    ) {
        let mut realtime_errors: Vec<Option<String>> = vec![None; self.cache.len()];
        let mut cumulative_errors: Vec<Option<String>> = vec![None; self.cache.len()];
        for (index, channel, kind, result) in results {
            let Some(queue) = self.cache.get_mut(index) else {
                continue;
            };
            match result {
                Ok(Fetched::Realtime(v)) => set(&mut queue.realtime, channel, v),
                Ok(Fetched::Cumulative(v)) => set(&mut queue.cumulative, channel, *v),
                Err(error) => {
                    let message = Error::Twilio(error).public_message();
                    tracing::warn!(queue = %queue.sid, channel = channel.as_str(), %message, "statistics fetch failed");
                    let slot = match kind {
                        Kind::Realtime => &mut realtime_errors[index],
                        Kind::Cumulative => &mut cumulative_errors[index],
                    };
                    *slot = Some(message);
                }
            }
        }
        for (index, queue) in self.cache.iter_mut().enumerate() {
            queue.realtime_message = realtime_errors[index].take();
            if with_cumulative {
                queue.cumulative_message = cumulative_errors[index].take();
            }
        }
    }

    fn publish(&self) {
        let json = serde_json::to_string(&self.cache).unwrap_or_else(|_| "[]".to_owned());
        self.tx.send_replace(ByteString::from(json));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_starts_at_local_midnight() {
        let now: Timestamp = "2026-03-10T03:30:00Z".parse().unwrap_or_default();
        assert_eq!(
            start_of_today(now, &TimeZone::UTC).to_string(),
            "2026-03-10T00:00:00Z"
        );
        let ny = TimeZone::get("America/New_York").unwrap_or(TimeZone::UTC);
        // 03:30 UTC is still the 9th in New York (EDT from the 8th, UTC-4).
        assert_eq!(start_of_today(now, &ny).to_string(), "2026-03-09T04:00:00Z");
    }

    #[test]
    fn dates_are_written_like_javascript() {
        assert_eq!(
            js_date("2015-07-30T20:00:00Z".parse().unwrap()),
            "2015-07-30T20:00:00.000Z"
        );
    }

    #[test]
    fn every_queue_carries_the_four_realtime_keys() {
        let queue = QueueStats::new("WQ1".into(), "Everyone".into());
        let json = serde_json::to_value(&queue).unwrap_or_default();
        for channel in Channel::EVERY {
            let key = format!("realTimeStats_{}", channel.as_str());
            assert_eq!(json[&key]["tasksByStatus"]["pending"], 0, "{key}");
        }
        assert!(json.get("cumulativeStats_all").is_none());
        assert!(json.get("realTimeStatsMessage").is_none());
    }
}
