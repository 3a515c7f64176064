//! Which websocket owns which call: one owner task, reached through a cloneable
//! [`CallRegistry`] handle, so handlers never take a lock.
//!
//! Status callbacks are forwarded to the owning socket as `callUpdate` messages. A
//! callback can beat the create's response (and so the registration) to the server;
//! those are kept for [`EARLY_TTL`] and delivered on registration. A mapping ends on
//! every final status and when its socket closes.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// How long a callback for a not-yet-registered call waits for its registration.
pub const EARLY_TTL: Duration = Duration::from_secs(30);
/// Most calls with early callbacks kept at once (Twilio only sends signed ones).
const EARLY_MAX: usize = 1024;
/// Commands queued to the owner task before callbacks are dropped.
const QUEUE: usize = 4096;

/// A websocket connection's id, unique for the process lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SocketId(u64);

impl SocketId {
    /// A fresh id.
    pub fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Self(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Text frames queued for one websocket.
pub type Outbox = mpsc::Sender<String>;

/// `{"messageType":"callUpdate","callSid","callStatus"}` (seed §3.4).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallUpdate<'a> {
    message_type: &'static str,
    call_sid: &'a str,
    call_status: &'a str,
}

impl<'a> CallUpdate<'a> {
    /// The message for `call_sid` now being `call_status`.
    pub fn new(call_sid: &'a str, call_status: &'a str) -> Self {
        Self {
            message_type: "callUpdate",
            call_sid,
            call_status,
        }
    }

    /// The JSON text frame.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// `true` for statuses after which Twilio sends nothing more for the call.
pub fn is_final(status: &str) -> bool {
    matches!(
        status,
        "completed" | "busy" | "no-answer" | "failed" | "canceled"
    )
}

enum Command {
    Register {
        call: String,
        socket: SocketId,
        identity: Arc<str>,
        outbox: Outbox,
        done: oneshot::Sender<()>,
    },
    Status {
        call: String,
        status: String,
    },
    Owner {
        call: String,
        reply: oneshot::Sender<Option<Arc<str>>>,
    },
    Closed {
        socket: SocketId,
    },
    Count {
        reply: oneshot::Sender<usize>,
    },
}

/// Handle to the owner task; cheap to clone.
#[derive(Debug, Clone)]
pub struct CallRegistry {
    tx: mpsc::Sender<Command>,
}

impl CallRegistry {
    /// Starts the owner task on the current Tokio runtime; it ends with the last handle.
    pub fn spawn() -> Self {
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(Owner::default().run(rx));
        Self { tx }
    }

    /// Maps `call` to a socket of `identity`; returns once early callbacks are queued
    /// to `outbox` behind anything already there.
    pub async fn register(&self, call: &str, socket: SocketId, identity: Arc<str>, outbox: Outbox) {
        let (done, wait) = oneshot::channel();
        let cmd = Command::Register {
            call: call.to_owned(),
            socket,
            identity,
            outbox,
            done,
        };
        if self.tx.send(cmd).await.is_ok() {
            let _ = wait.await;
        }
    }

    /// Forwards a status callback without waiting (the webhook answers at once);
    /// `false` when the registry is too busy to take it (the webhook then refuses it,
    /// so Twilio retries).
    pub fn status(&self, call: &str, status: &str) -> bool {
        let cmd = Command::Status {
            call: call.to_owned(),
            status: status.to_owned(),
        };
        let queued = self.tx.try_send(cmd).is_ok();
        if !queued {
            tracing::warn!(call, status, "call registry busy: status update refused");
        }
        queued
    }

    /// Forwards a status callback, waiting for room (for the Redis inbox reader,
    /// whose entries are already consumed).
    pub async fn deliver(&self, call: &str, status: &str) {
        let cmd = Command::Status {
            call: call.to_owned(),
            status: status.to_owned(),
        };
        let _ = self.tx.send(cmd).await;
    }

    /// The identity whose socket owns `call`, if any.
    pub async fn owner(&self, call: &str) -> Option<Arc<str>> {
        let (reply, wait) = oneshot::channel();
        let cmd = Command::Owner {
            call: call.to_owned(),
            reply,
        };
        self.tx.send(cmd).await.ok()?;
        wait.await.ok().flatten()
    }

    /// Drops every mapping of a closed socket.
    pub async fn closed(&self, socket: SocketId) {
        let _ = self.tx.send(Command::Closed { socket }).await;
    }

    /// How many calls are mapped (for tests and metrics).
    pub async fn len(&self) -> usize {
        let (reply, wait) = oneshot::channel();
        if self.tx.send(Command::Count { reply }).await.is_err() {
            return 0;
        }
        wait.await.unwrap_or(0)
    }

    /// `true` when no call is mapped.
    pub async fn is_empty(&self) -> bool {
        self.len().await == 0
    }
}

struct Entry {
    socket: SocketId,
    identity: Arc<str>,
    outbox: Outbox,
    last_status: Option<String>,
}

#[derive(Default)]
struct Owner {
    calls: HashMap<String, Entry>,
    early: HashMap<String, (Instant, Vec<String>)>,
}

impl Owner {
    async fn run(mut self, mut rx: mpsc::Receiver<Command>) {
        while let Some(cmd) = rx.recv().await {
            match cmd {
                Command::Register {
                    call,
                    socket,
                    identity,
                    outbox,
                    done,
                } => {
                    self.register(call, socket, identity, outbox);
                    let _ = done.send(());
                }
                Command::Status { call, status } => self.status(call, status),
                Command::Owner { call, reply } => {
                    let _ = reply.send(self.calls.get(&call).map(|e| e.identity.clone()));
                }
                Command::Closed { socket } => self.calls.retain(|_, e| e.socket != socket),
                Command::Count { reply } => {
                    let _ = reply.send(self.calls.len());
                }
            }
        }
    }

    fn register(&mut self, call: String, socket: SocketId, identity: Arc<str>, outbox: Outbox) {
        // The socket closed while the call was being created: nobody to tell.
        if outbox.is_closed() {
            self.early.remove(&call);
            return;
        }
        self.calls.insert(
            call.clone(),
            Entry {
                socket,
                identity,
                outbox,
                last_status: None,
            },
        );
        if let Some((_, statuses)) = self.early.remove(&call) {
            for status in statuses {
                self.status(call.clone(), status);
            }
        }
    }

    fn status(&mut self, call: String, status: String) {
        let Some(entry) = self.calls.get_mut(&call) else {
            self.keep_early(call, status);
            return;
        };
        // Twilio retries webhooks: the same status twice in a row is one update.
        if entry.last_status.as_deref() != Some(status.as_str()) {
            if entry
                .outbox
                .try_send(CallUpdate::new(&call, &status).to_json())
                .is_err()
            {
                tracing::debug!(call, "socket gone or slow: update dropped");
            }
            entry.last_status = Some(status.clone());
        }
        if is_final(&status) {
            self.calls.remove(&call);
        }
    }

    fn keep_early(&mut self, call: String, status: String) {
        let now = Instant::now();
        self.early
            .retain(|_, (at, _)| now.duration_since(*at) < EARLY_TTL);
        if let Some((_, statuses)) = self.early.get_mut(&call) {
            statuses.push(status);
        } else if self.early.len() < EARLY_MAX {
            self.early.insert(call, (now, vec![status]));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const CALL: &str = "CA0123456789abcdef0123456789abcdef";

    #[tokio::test]
    async fn updates_reach_the_owner_and_final_status_ends_the_mapping() {
        let registry = CallRegistry::spawn();
        let (tx, mut rx) = mpsc::channel(8);
        registry
            .register(CALL, SocketId::next(), "alice".into(), tx)
            .await;
        registry.status(CALL, "ringing");
        registry.status(CALL, "ringing");
        registry.status(CALL, "no-answer");
        assert_eq!(
            rx.recv().await.unwrap(),
            format!(r#"{{"messageType":"callUpdate","callSid":"{CALL}","callStatus":"ringing"}}"#)
        );
        assert!(rx.recv().await.unwrap().contains("no-answer"));
        assert!(registry.is_empty().await);
        assert!(rx.try_recv().is_err(), "a retried callback is sent once");
    }

    #[tokio::test]
    async fn a_callback_before_registration_is_delivered_on_registration() {
        let registry = CallRegistry::spawn();
        registry.status(CALL, "ringing");
        let (tx, mut rx) = mpsc::channel(8);
        tx.send("queued first".into()).await.unwrap();
        registry
            .register(CALL, SocketId::next(), "alice".into(), tx)
            .await;
        assert_eq!(rx.recv().await.unwrap(), "queued first");
        assert!(rx.recv().await.unwrap().contains("ringing"));
        assert_eq!(registry.owner(CALL).await.as_deref(), Some("alice"));
    }

    #[tokio::test]
    async fn a_full_registry_refuses_a_callback_instead_of_dropping_it() {
        let registry = CallRegistry::spawn();
        // Current-thread runtime: the owner task has not run yet, so the queue fills.
        let refused = (0..=QUEUE)
            .filter(|_| !registry.status(CALL, "ringing"))
            .count();
        assert_eq!(refused, 1);
    }

    #[tokio::test]
    async fn closing_a_socket_drops_its_calls() {
        let registry = CallRegistry::spawn();
        let (tx, _rx) = mpsc::channel(8);
        let socket = SocketId::next();
        registry.register(CALL, socket, "alice".into(), tx).await;
        registry.closed(socket).await;
        assert_eq!(registry.owner(CALL).await, None);
    }
}
