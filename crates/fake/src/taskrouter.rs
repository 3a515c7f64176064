//! `taskrouter.twilio.com/v1`: one workspace with queues, activities and workers,
//! and queue statistics that move with the time of day and with enqueued calls;
//! `iam.twilio.com`'s Flex token check for the tokens the fake issued.

use actix_web::http::Method;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Value, json};

use crate::Shared;
use crate::http::{ApiError, Reply, Req, ok, page_v1};
use crate::store::{iso, sid};

/// How long an issued Flex token is valid.
const TOKEN_TTL: SignedDuration = SignedDuration::from_hours(1);
/// Statistics change every this many seconds (Twilio's own are about as fresh).
const STATS_STEP_SECS: i64 = 5;
/// The queues of the workspace: name and target expression.
const QUEUES: [(&str, &str); 3] = [
    ("Everyone", "1==1"),
    ("Sales", "skills HAS \"sales\""),
    ("Support", "skills HAS \"support\""),
];
/// The workspace's activities: name and whether it is available.
const ACTIVITIES: [(&str, bool); 4] = [
    ("Offline", false),
    ("Available", true),
    ("Unavailable", false),
    ("Busy", false),
];
/// Channels with statistics, and their share of the traffic in percent.
const CHANNELS: [(&str, u64); 3] = [("voice", 60), ("chat", 30), ("video", 10)];

#[derive(Debug)]
struct Token {
    token: String,
    identity: String,
    worker_sid: String,
    user_sid: String,
    expires: Timestamp,
}

/// The workspace and the issued Flex tokens.
#[derive(Debug)]
pub(crate) struct TaskRouterState {
    account_sid: String,
    pub(crate) workspace_sid: String,
    pub(crate) workflow_sid: String,
    created: Timestamp,
    queues: Vec<(String, &'static str, &'static str)>,
    activities: Vec<(String, &'static str, bool)>,
    workers: Vec<Value>,
    tokens: Vec<Token>,
    /// Calls enqueued through `<Enqueue>` answer TwiML.
    enqueued: u64,
}

/// SplitMix64: a fixed, well-spread function of its input (no state, no clock).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A small number in `0..n` that depends on the queue, channel, moment and what.
fn wobble(queue: usize, channel: usize, step: u64, what: u64, n: u64) -> u64 {
    let key = (queue as u64) << 48 | (channel as u64) << 40 | what << 32 | (step & 0xffff_ffff);
    mix(key) % n.max(1)
}

impl TaskRouterState {
    pub(crate) fn new(account_sid: &str) -> Self {
        Self {
            account_sid: account_sid.to_owned(),
            workspace_sid: sid("WS"),
            workflow_sid: sid("WW"),
            created: Timestamp::now(),
            queues: QUEUES.iter().map(|(n, t)| (sid("WQ"), *n, *t)).collect(),
            activities: ACTIVITIES
                .iter()
                .map(|(n, a)| (sid("WA"), *n, *a))
                .collect(),
            workers: Vec::new(),
            tokens: Vec::new(),
            enqueued: 0,
        }
    }

    /// A call's answer TwiML enqueued a task (it lands in the first queue).
    pub(crate) fn task_entered(&mut self) {
        self.enqueued += 1;
    }

    pub(crate) fn issue_token(&mut self, identity: &str) -> String {
        // Shaped like a real Flex token (a compact JWE: header.key.iv.ciphertext.tag,
        // base64url), which apps check before asking IAM; random, never decrypted.
        use base64::Engine as _;
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let random = || *uuid::Uuid::new_v4().as_bytes();
        let token = format!(
            "{}..{}.{}.{}",
            b64(br#"{"alg":"dir","enc":"A256GCM","kid":"twilio-fake"}"#),
            b64(&random()[..12]),
            b64(&[random(), random()].concat()),
            b64(&random()),
        );
        let worker_sid = match self.workers.iter().find(|w| w["friendly_name"] == identity) {
            Some(w) => w["sid"].as_str().unwrap_or_default().to_owned(),
            None => self.add_worker(identity),
        };
        self.tokens.retain(|t| t.expires > Timestamp::now());
        self.tokens.push(Token {
            token: token.clone(),
            identity: identity.to_owned(),
            worker_sid,
            user_sid: sid("US"),
            expires: Timestamp::now() + TOKEN_TTL,
        });
        token
    }

    fn add_worker(&mut self, identity: &str) -> String {
        let sid = sid("WK");
        let now = iso(Timestamp::now());
        let contact_uri = contact_uri(identity);
        let (activity_sid, activity_name, _) = &self.activities[1];
        let ws = &self.workspace_sid;
        self.workers.push(json!({
            "account_sid": self.account_sid,
            "activity_name": activity_name,
            "activity_sid": activity_sid,
            "attributes": json!({"contact_uri": contact_uri, "full_name": identity}).to_string(),
            "available": true,
            "date_created": now,
            "date_status_changed": now,
            "date_updated": now,
            "friendly_name": identity,
            "sid": sid,
            "workspace_sid": ws,
            "url": format!("https://taskrouter.twilio.com/v1/Workspaces/{ws}/Workers/{sid}"),
            "links": {},
        }));
        sid
    }

    fn step(&self, now: Timestamp) -> u64 {
        u64::try_from((now.as_second() - self.created.as_second()) / STATS_STEP_SECS).unwrap_or(0)
    }

    fn queue_json(&self, base: &str, index: usize) -> Value {
        let (sid, name, target) = &self.queues[index];
        let ws = &self.workspace_sid;
        let created = iso(self.created);
        let (busy_sid, _, _) = &self.activities[3];
        let (avail_sid, _, _) = &self.activities[1];
        json!({
            "account_sid": self.account_sid,
            "assignment_activity_sid": busy_sid,
            "assignment_activity_name": "Busy",
            "date_created": created,
            "date_updated": created,
            "friendly_name": name,
            "max_reserved_workers": 1,
            "reservation_activity_sid": avail_sid,
            "reservation_activity_name": "Available",
            "sid": sid,
            "target_workers": target,
            "task_order": "FIFO",
            "url": format!("{base}/v1/Workspaces/{ws}/TaskQueues/{sid}"),
            "workspace_sid": ws,
            "links": {
                "statistics": format!("{base}/v1/Workspaces/{ws}/TaskQueues/{sid}/Statistics"),
                "real_time_statistics": format!("{base}/v1/Workspaces/{ws}/TaskQueues/{sid}/RealTimeStatistics"),
                "cumulative_statistics": format!("{base}/v1/Workspaces/{ws}/TaskQueues/{sid}/CumulativeStatistics"),
            },
        })
    }

    /// Channels a request covers: one, or all three when no `TaskChannel` is given.
    fn channels(filter: Option<&str>) -> Result<Vec<usize>, ApiError> {
        match filter {
            None => Ok((0..CHANNELS.len()).collect()),
            Some(name) => CHANNELS
                .iter()
                .position(|(c, _)| *c == name)
                .map(|i| vec![i])
                .ok_or_else(|| ApiError::bad(20001, format!("Invalid TaskChannel: {name}"))),
        }
    }

    fn realtime(&self, base: &str, q: usize, filter: Option<&str>) -> Reply {
        let step = self.step(Timestamp::now());
        let channels = Self::channels(filter)?;
        let mut by_status = [0u64; 4];
        let mut oldest = 0u64;
        for &c in &channels {
            let share = CHANNELS[c].1 / 10;
            for (what, slot) in by_status.iter_mut().enumerate() {
                *slot += wobble(q, c, step, what as u64, share / 2 + 2);
            }
            if by_status[0] > 0 {
                oldest = oldest.max(5 + wobble(q, c, step, 9, 115));
            }
        }
        if q == 0 && channels.contains(&0) && self.enqueued > 0 {
            // Enqueued calls show as assigned while the demo runs.
            by_status[2] += 1;
        }
        let [pending, reserved, assigned, wrapping] = by_status;
        let workers = self.workers.len() as u64;
        let counts: Vec<u64> = (0..ACTIVITIES.len())
            .map(|a| match a {
                1 => workers + 1 + wobble(q, 9, step, 20, 4),
                3 => assigned,
                _ => wobble(q, 9, step, 21 + a as u64, 3),
            })
            .collect();
        let ws = &self.workspace_sid;
        let qsid = &self.queues[q].0;
        ok(json!({
            "account_sid": self.account_sid,
            "activity_statistics": self.activities.iter().zip(&counts).map(|((sid, name, _), n)| {
                json!({"sid": sid, "friendly_name": name, "workers": n})
            }).collect::<Vec<_>>(),
            "longest_task_waiting_age": oldest,
            "longest_task_waiting_sid": (pending > 0).then(|| sid("WT")),
            "longest_relative_task_age_in_queue": oldest,
            "longest_relative_task_sid_in_queue": (pending > 0).then(|| sid("WT")),
            "task_queue_sid": qsid,
            "tasks_by_priority": {"0": pending + reserved + assigned + wrapping},
            "tasks_by_status": {"pending": pending, "reserved": reserved, "assigned": assigned, "wrapping": wrapping},
            "total_available_workers": counts[1],
            "total_eligible_workers": counts.iter().sum::<u64>(),
            "total_tasks": pending + reserved + assigned + wrapping,
            "workspace_sid": ws,
            "url": format!("{base}/v1/Workspaces/{ws}/TaskQueues/{qsid}/RealTimeStatistics"),
        }))
    }

    fn cumulative(&self, base: &str, q: usize, req: &Req<'_>) -> Reply {
        let now = Timestamp::now();
        let channels = Self::channels(req.query.get("TaskChannel"))?;
        let start: Timestamp = match req.query.get("StartDate") {
            Some(raw) => raw
                .parse()
                .map_err(|_| ApiError::bad(20001, "StartDate must be an ISO 8601 date-time"))?,
            None => now - SignedDuration::from_mins(15),
        };
        // Tasks so far: a steady flow since `start`, one every 90 s at full share.
        let span = u64::try_from((now.as_second() - start.as_second()).max(0)).unwrap_or(0);
        let step = self.step(now);
        let mut entered = 0;
        for &c in &channels {
            entered += span * CHANNELS[c].1 / 100 / 90 / (q as u64 + 1);
        }
        if q == 0 && channels.contains(&0) {
            entered += self.enqueued;
        }
        let completed = entered * 8 / 10;
        let canceled = entered / 10;
        let accepted = completed;
        let avg_accept = 8 + wobble(q, 0, step, 30, 25);
        let avg_cancel = 20 + wobble(q, 0, step, 31, 60);
        let thresholds: Vec<u64> = req
            .query
            .all("SplitByWaitTime")
            .iter()
            .filter_map(|t| t.parse().ok())
            .collect();
        let mut split = serde_json::Map::new();
        for t in thresholds {
            // The longer the threshold, the more tasks fall below it.
            let below_pct = (100 - 3000 / (t + 35)).min(99);
            let acc_below = accepted * below_pct / 100;
            let can_below = canceled * below_pct / 100;
            split.insert(
                t.to_string(),
                json!({
                    "above": {"reservations_accepted": accepted - acc_below, "tasks_canceled": canceled - can_below},
                    "below": {"reservations_accepted": acc_below, "tasks_canceled": can_below},
                }),
            );
        }
        let durations = |avg: u64, n: u64| json!({"avg": avg, "min": u64::from(n > 0), "max": avg * 3, "total": avg * n});
        let ws = &self.workspace_sid;
        let qsid = &self.queues[q].0;
        ok(json!({
            "account_sid": self.account_sid,
            "avg_task_acceptance_time": avg_accept,
            "start_time": iso(start),
            "end_time": iso(now),
            "reservations_created": accepted + entered / 25 + entered / 30,
            "reservations_accepted": accepted,
            "reservations_rejected": entered / 25,
            "reservations_timed_out": entered / 30,
            "reservations_canceled": entered / 40,
            "reservations_rescinded": 0,
            "split_by_wait_time": if split.is_empty() { Value::Null } else { Value::Object(split) },
            "task_queue_sid": qsid,
            "wait_duration_until_accepted": durations(avg_accept, accepted),
            "wait_duration_until_canceled": durations(avg_cancel, canceled),
            "wait_duration_in_queue_until_accepted": durations(avg_accept, accepted),
            "tasks_canceled": canceled,
            "tasks_completed": completed,
            "tasks_deleted": 0,
            "tasks_entered": entered,
            "tasks_moved": entered / 20,
            "workspace_sid": ws,
            "url": format!("{base}/v1/Workspaces/{ws}/TaskQueues/{qsid}/CumulativeStatistics"),
        }))
    }
}

/// The worker `contact_uri` Flex gives an identity (`client:` and every byte but
/// letters and digits as `_XX`).
fn contact_uri(identity: &str) -> String {
    let mut out = String::from("client:");
    for b in identity.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("_{b:02X}"));
        }
    }
    out
}

pub(crate) fn route(shared: &Shared, req: &Req<'_>, rest: &[&str]) -> Reply {
    let base = shared.base_url.as_str();
    let store = shared.store();
    let t = &store.taskrouter;
    let Some((workspace, rest)) = rest.split_first() else {
        return Err(ApiError::not_found(req.path));
    };
    if *workspace != t.workspace_sid || req.method != Method::GET {
        return Err(ApiError::not_found(req.path));
    }
    let queue = |sid: &str| t.queues.iter().position(|(s, _, _)| s == sid);
    match rest {
        ["TaskQueues"] => {
            let wanted = req.query.get("FriendlyName");
            let items = (0..t.queues.len())
                .filter(|&i| wanted.is_none_or(|n| t.queues[i].1 == n))
                .map(|i| t.queue_json(base, i))
                .collect();
            page_v1(shared, req, "task_queues", items)
        }
        ["TaskQueues", sid] => match queue(sid) {
            Some(i) => ok(t.queue_json(base, i)),
            None => Err(ApiError::not_found(req.path)),
        },
        ["TaskQueues", sid, "RealTimeStatistics"] => match queue(sid) {
            Some(i) => t.realtime(base, i, req.query.get("TaskChannel")),
            None => Err(ApiError::not_found(req.path)),
        },
        ["TaskQueues", sid, "CumulativeStatistics"] => match queue(sid) {
            Some(i) => t.cumulative(base, i, req),
            None => Err(ApiError::not_found(req.path)),
        },
        ["Workers"] => {
            let items = t.workers.clone();
            page_v1(shared, req, "workers", items)
        }
        ["Activities"] => {
            let ws = &t.workspace_sid;
            let created = iso(t.created);
            let items = t
                .activities
                .iter()
                .map(|(sid, name, available)| {
                    json!({
                        "account_sid": t.account_sid,
                        "available": available,
                        "date_created": created,
                        "date_updated": created,
                        "friendly_name": name,
                        "sid": sid,
                        "workspace_sid": ws,
                        "url": format!("{base}/v1/Workspaces/{ws}/Activities/{sid}"),
                        "links": {"workspace": format!("{base}/v1/Workspaces/{ws}")},
                    })
                })
                .collect();
            page_v1(shared, req, "activities", items)
        }
        _ => Err(ApiError::not_found(req.path)),
    }
}

/// `POST /v1/Accounts/{AC}/Tokens/validate` with `{"token": …}`: valid for a token
/// the fake issued that has not expired.
pub(crate) fn validate_token(shared: &Shared, req: &Req<'_>) -> Reply {
    let token = serde_json::from_slice::<Value>(req.body)
        .ok()
        .and_then(|v| v["token"].as_str().map(str::to_owned))
        .ok_or_else(|| ApiError::bad(20001, "Missing required parameter token"))?;
    let store = shared.store();
    let now = Timestamp::now();
    let found = store
        .taskrouter
        .tokens
        .iter()
        .find(|t| t.token == token && t.expires > now);
    ok(match found {
        Some(t) => json!({
            "valid": true,
            "code": 0,
            "message": null,
            "expiration": iso(t.expires),
            "realm_user_id": t.user_sid,
            "identity": t.identity,
            "roles": ["agent"],
            "worker_sid": t.worker_sid,
        }),
        None => json!({
            "valid": false,
            "code": 20107,
            "message": "Invalid Access Token",
            "expiration": null,
            "realm_user_id": null,
            "identity": null,
            "roles": [],
            "worker_sid": null,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_uris_are_escaped_like_flex() {
        assert_eq!(contact_uri("jdoe@acme.com"), "client:jdoe_40acme_2Ecom");
    }

    #[test]
    fn issued_tokens_are_subprotocol_safe_and_distinct() {
        let mut t = TaskRouterState::new("AC0");
        let a = t.issue_token("alice@example.com");
        let b = t.issue_token("alice@example.com");
        assert_ne!(a, b);
        // base64url and dots: all HTTP token characters, so a websocket sub-protocol;
        // five parts, the shape of a compact JWE (as real Flex tokens are).
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b".-_".contains(&c))
        );
        assert_eq!(a.split('.').count(), 5);
        // One worker per identity.
        assert_eq!(t.workers.len(), 1);
    }

    #[test]
    fn wobble_stays_in_range_and_moves() {
        let values: Vec<u64> = (0..20).map(|s| wobble(0, 0, s, 1, 5)).collect();
        assert!(values.iter().all(|v| *v < 5));
        assert!(values.iter().any(|v| *v != values[0]));
    }
}
