//! The call-recording job behind `/recordCall` (§5.4): start recording the inbound
//! leg of a Proxy voice interaction once the call is up.
//!
//! Bounded everywhere the seed was not: at most [`MAX_RECORD_ATTEMPTS`] tries per
//! call, one job per call at a time (Twilio retries callbacks), at most
//! [`MAX_JOBS`] jobs at once, and the job stops as soon as the call has ended.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use twilio_rest::Client;
use twilio_rest::api::calls::CallStatus;
use twilio_rest::api::recordings::{ListRecordings, StartCallRecording};
use twilio_rest::sid::CallSid;

/// Tries per call (the seed's 15, without its endless negative counter).
pub const MAX_RECORD_ATTEMPTS: usize = 15;

/// Recording jobs running at once; more callbacks are dropped with a warning.
const MAX_JOBS: usize = 64;

/// Starts and tracks the jobs.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    rest: Client,
    interval: Duration,
    in_flight: Arc<Mutex<HashSet<String>>>,
}

/// How a job ended (logged; tests read the log through the REST calls made).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    AlreadyRecorded,
    Started,
    CallEnded,
    GaveUp,
}

impl Recorder {
    pub(crate) fn new(rest: Client, interval: Duration) -> Self {
        Self {
            rest,
            interval,
            in_flight: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// Jobs running now.
    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.lock().map_or(0, |set| set.len())
    }

    /// Spawns the job for `call` unless one runs for it already or too many run.
    pub(crate) fn spawn(&self, call: CallSid) {
        {
            let Ok(mut set) = self.in_flight.lock() else {
                return;
            };
            if set.len() >= MAX_JOBS {
                tracing::warn!(call = %call, "too many recording jobs; callback dropped");
                return;
            }
            if !set.insert(call.as_str().to_owned()) {
                tracing::debug!(call = %call, "recording job already running");
                return;
            }
        }
        let this = self.clone();
        actix_web::rt::spawn(async move {
            let outcome = this.run(&call).await;
            tracing::info!(call = %call, ?outcome, "recording job finished");
            if let Ok(mut set) = this.in_flight.lock() {
                set.remove(call.as_str());
            }
        });
    }

    async fn run(&self, call: &CallSid) -> Outcome {
        let api = self.rest.api();
        let existing = api
            .recordings()
            .list(ListRecordings::default().call_sid(call.clone()))
            .page_size(1)
            .first_page()
            .await;
        if existing.is_ok_and(|page| !page.items().is_empty()) {
            return Outcome::AlreadyRecorded;
        }
        for attempt in 1..=MAX_RECORD_ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(self.interval).await;
            }
            let status = api
                .call(call.clone())
                .fetch()
                .await
                .ok()
                .and_then(|c| c.status);
            if status.as_ref().is_some_and(is_over) {
                return Outcome::CallEnded;
            }
            match api
                .call(call.clone())
                .recordings()
                .create(&StartCallRecording::default())
                .await
            {
                Ok(rec) => {
                    tracing::info!(call = %call, recording = %rec.sid, attempt, "recording started");
                    return Outcome::Started;
                }
                // E.g. 21220 "call not in progress" while it still rings: try again.
                Err(error) => {
                    tracing::debug!(call = %call, attempt, %error, "recording not started")
                }
            }
        }
        Outcome::GaveUp
    }
}

/// A call that can no longer be recorded.
fn is_over(status: &CallStatus) -> bool {
    matches!(
        status,
        CallStatus::Completed
            | CallStatus::Busy
            | CallStatus::Failed
            | CallStatus::NoAnswer
            | CallStatus::Canceled
    )
}
