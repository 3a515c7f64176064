//! The Twilio endpoints flex-backend calls during a fan-out run, served from the
//! load tool itself so the moment of a poll's result is known on the tool's clock:
//!
//! * `POST …/Tokens/validate` (IAM): every token is valid for `agent@example.com`;
//! * `GET /v1/Workspaces/{WS}/TaskQueues`: the queue list. Each list request starts a
//!   new *round* (a poll lists the queues first), and every queue's `friendly_name`
//!   carries `fanout-<round>`, so a client tells which poll a message came from;
//! * `GET …/RealTimeStatistics` and `…/CumulativeStatistics`: fixed statistics. The
//!   time each response was written is kept; the last one of a round is the moment
//!   the poll's result exists in the app (it publishes once every fetch answered).
//!
//! A minimal HTTP/1.1 server (keep-alive, `Content-Length` bodies): the app's REST
//! client is the only caller.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::Instant;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// Shared state of the fake.
#[derive(Debug, Default)]
pub(crate) struct Fake {
    /// Queue lists answered: the current round.
    round: AtomicU32,
    /// Per round, when its last statistics response was written.
    results: Mutex<Vec<Option<Instant>>>,
    /// Token checks answered.
    pub(crate) iam_checks: AtomicUsize,
    queues: usize,
}

impl Fake {
    /// Listens on `listener` (a task per connection) with `queues` queues.
    pub(crate) fn start(listener: TcpListener, queues: usize) -> std::sync::Arc<Self> {
        let fake = std::sync::Arc::new(Self {
            queues,
            ..Self::default()
        });
        let serving = fake.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, serving.clone()));
            }
        });
        fake
    }

    /// The round of the latest queue list (0: no poll yet).
    pub(crate) fn round(&self) -> u32 {
        self.round.load(Ordering::SeqCst)
    }

    /// When the last statistics response of `round` was written.
    pub(crate) fn result_at(&self, round: u32) -> Option<Instant> {
        let results = self.results.lock().unwrap_or_else(|e| e.into_inner());
        results.get(round as usize).copied().flatten()
    }

    fn stats_written(&self, round: u32, at: Instant) {
        let mut results = self.results.lock().unwrap_or_else(|e| e.into_inner());
        let index = round as usize;
        if results.len() <= index {
            results.resize(index + 1, None);
        }
        // Responses of one poll are written concurrently: the latest counts.
        if results[index].is_none_or(|prev| prev < at) {
            results[index] = Some(at);
        }
    }

    fn queue_list(&self) -> String {
        let round = self.round.fetch_add(1, Ordering::SeqCst) + 1;
        let queues: Vec<_> = (0..self.queues)
            .map(|i| {
                serde_json::json!({
                    "sid": queue_sid(i),
                    "friendly_name": format!("Queue {i} fanout-{round}"),
                    "workspace_sid": "WS0123456789abcdef0123456789abcdef",
                    "account_sid": ACCOUNT,
                })
            })
            .collect();
        serde_json::json!({
            "task_queues": queues,
            "meta": {"key": "task_queues", "next_page_url": null, "page": 0, "page_size": 50},
        })
        .to_string()
    }
}

/// The account the apps are configured with (`scripts/fanout.sh`).
pub(crate) const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

fn queue_sid(i: usize) -> String {
    format!("WQ{i:032x}")
}

fn realtime() -> String {
    serde_json::json!({
        "account_sid": ACCOUNT,
        "activity_statistics": [
            {"friendly_name": "Available", "workers": 4, "sid": "WA00000000000000000000000000000001"},
            {"friendly_name": "Unavailable", "workers": 1, "sid": "WA00000000000000000000000000000002"},
            {"friendly_name": "Break", "workers": 2, "sid": "WA00000000000000000000000000000003"},
            {"friendly_name": "Offline", "workers": 7, "sid": "WA00000000000000000000000000000004"},
        ],
        "longest_task_waiting_age": 42,
        "tasks_by_priority": {"0": 3, "10": 1},
        "tasks_by_status": {"pending": 2, "reserved": 1, "assigned": 3, "wrapping": 1},
        "total_available_workers": 4,
        "total_eligible_workers": 14,
        "total_tasks": 7,
    })
    .to_string()
}

fn cumulative() -> String {
    serde_json::json!({
        "account_sid": ACCOUNT,
        "reservations_created": 120, "reservations_rejected": 3, "reservations_accepted": 110,
        "reservations_timed_out": 5, "reservations_canceled": 2, "reservations_rescinded": 0,
        "tasks_completed": 100, "tasks_moved": 4, "tasks_entered": 118, "tasks_canceled": 6,
        "tasks_deleted": 0, "avg_task_acceptance_time": 11,
        "wait_duration_until_canceled": {"avg": 30, "min": 2, "max": 90, "total": 180},
        "wait_duration_until_accepted": {"avg": 11, "min": 1, "max": 60, "total": 1210},
        "split_by_wait_time": {"30": {"above": {"tasks_canceled": 1, "reservations_accepted": 9},
                                      "below": {"tasks_canceled": 5, "reservations_accepted": 101}}},
    })
    .to_string()
}

fn iam() -> String {
    serde_json::json!({
        "valid": true, "code": 0, "message": null,
        "expiration": "2036-01-01T00:00:00.000Z", "realm_user_id": "rea1",
        "identity": "agent@example.com", "roles": ["agent"],
        "worker_sid": "WK0123456789abcdef0123456789abcdef",
    })
    .to_string()
}

/// Answers requests on one keep-alive connection until it closes.
async fn serve(mut stream: TcpStream, fake: std::sync::Arc<Fake>) {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let head_end = loop {
            if let Some(i) = memchr::memmem::find(&buf, b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let length = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse::<usize>().ok())
                    .flatten()
            })
            .unwrap_or(0);
        while buf.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        buf.drain(..head_end + length);
        let target = head.split(' ').nth(1).unwrap_or("/");
        let path = target.split('?').next().unwrap_or(target);
        let mut stats_round = None;
        let (status, body) = if path.ends_with("/Tokens/validate") {
            fake.iam_checks.fetch_add(1, Ordering::Relaxed);
            ("200 OK", iam())
        } else if path.starts_with("/v1/Workspaces/") && path.ends_with("/TaskQueues") {
            ("200 OK", fake.queue_list())
        } else if path.ends_with("/RealTimeStatistics") {
            stats_round = Some(fake.round());
            ("200 OK", realtime())
        } else if path.ends_with("/CumulativeStatistics") {
            stats_round = Some(fake.round());
            ("200 OK", cumulative())
        } else {
            (
                "404 Not Found",
                r#"{"code":20404,"message":"not found","status":404}"#.to_owned(),
            )
        };
        let response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
        if let Some(round) = stats_round {
            fake.stats_written(round, Instant::now());
        }
    }
}
