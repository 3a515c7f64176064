//! Presence changes for the event streams, encoded once: one task turns each change
//! into its Server-Sent Events frame and every open stream gets the same bytes (a
//! reference count), instead of each stream cloning the change and serialising it
//! again (issue 15: 10,000 pages are 10,000 encodings otherwise).

use bytes::Bytes;
use tokio::sync::broadcast::{self, error::RecvError};
use twilio_presence::{Presence, UserPresence};

/// Frames queued for one stream before a slow one misses some; it then gets a
/// fresh snapshot instead.
const BACKLOG: usize = 1024;

/// The encoded frames every `/api/presence/events` stream reads; cheap to clone.
#[derive(Debug, Clone)]
pub struct Frames {
    tx: broadcast::Sender<Bytes>,
}

impl Frames {
    /// Starts the encoder on the current runtime; it ends when `presence` closes.
    pub fn start(presence: &Presence) -> Self {
        let (tx, _) = broadcast::channel(BACKLOG);
        // Subscribed before returning: no change after this call is missed.
        let changes = presence.subscribe();
        tokio::spawn(encode(presence.clone(), changes, tx.clone()));
        Self { tx }
    }

    /// Frames from now on. Subscribe before taking the snapshot a stream starts
    /// with: a change is then in the snapshot, or among these frames (or both).
    pub fn subscribe(&self) -> broadcast::Receiver<Bytes> {
        self.tx.subscribe()
    }
}

async fn encode(
    presence: Presence,
    mut changes: broadcast::Receiver<UserPresence>,
    tx: broadcast::Sender<Bytes>,
) {
    loop {
        let frame = match changes.recv().await {
            Ok(change) => change_frame(&change),
            // Changes were missed: everyone gets the whole state instead.
            Err(RecvError::Lagged(_)) => snapshot_frame(&presence),
            Err(RecvError::Closed) => return,
        };
        // An error only means no stream is open.
        let _ = tx.send(frame);
    }
}

/// `data: {"type":"change","user":{…}}`
pub fn change_frame(user: &UserPresence) -> Bytes {
    sse_frame(&serde_json::json!({ "type": "change", "user": crate::mirror::item_data(user) }))
}

/// `data: {"type":"snapshot","users":[…]}`: everyone's status now.
pub fn snapshot_frame(presence: &Presence) -> Bytes {
    let users: Vec<_> = presence
        .snapshot()
        .iter()
        .map(crate::mirror::item_data)
        .collect();
    sse_frame(&serde_json::json!({ "type": "snapshot", "users": users }))
}

fn sse_frame(value: &serde_json::Value) -> Bytes {
    Bytes::from(format!("data: {value}\n\n"))
}
