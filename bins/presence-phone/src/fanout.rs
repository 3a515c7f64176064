//! Presence changes for the event streams, encoded once: one task turns each change
//! into its Server-Sent Events frame and every open stream gets the same bytes (a
//! reference count), instead of each stream cloning the change and serialising it
//! again (issue 15: 10,000 pages are 10,000 encodings otherwise).
//!
//! The frames then reach the streams through one `Hub` per worker thread: a
//! single task per worker reads the shared channel and wakes that worker's streams
//! from the same thread. Before, every stream was its own receiver of the shared
//! channel: 10,000 wake-ups from the encoder's thread, each through the worker's
//! locked run queue, and 10,000 registrations contending on the channel's lock,
//! plus a heartbeat timer per stream; the hub also sends the heartbeats.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;
use futures_util::Stream;
use tokio::sync::broadcast::{self, error::RecvError};
use twilio_app_env::wakers::WakerSlots;
use twilio_presence::{Presence, UserPresence};

/// Frames kept for one stream before a slow one misses some; it then gets a
/// fresh snapshot instead (the same bound for the shared channel and each hub).
const BACKLOG: usize = 1024;

/// A `: ping` comment this often keeps proxies from closing idle streams.
const HEARTBEAT: Duration = Duration::from_secs(15);

const PING: &[u8] = b": ping\n\n";

/// The encoded frames every `/api/presence/events` stream reads; cheap to clone.
#[derive(Debug, Clone)]
pub struct Frames {
    tx: broadcast::Sender<Bytes>,
    presence: Presence,
    /// Tells this instance's hubs from another's on the same thread (tests run
    /// several apps in one process).
    id: u64,
}

impl Frames {
    /// Starts the encoder on the current runtime; it ends when `presence` closes.
    pub fn start(presence: &Presence) -> Self {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let (tx, _) = broadcast::channel(BACKLOG);
        // Subscribed before returning: no change after this call is missed.
        let changes = presence.subscribe();
        tokio::spawn(encode(presence.clone(), changes, tx.clone()));
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        Self {
            tx,
            presence: presence.clone(),
            id,
        }
    }

    /// Frames from now on. Subscribe before taking the snapshot a stream starts
    /// with: a change is then in the snapshot, or among these frames (or both).
    pub fn subscribe(&self) -> broadcast::Receiver<Bytes> {
        self.tx.subscribe()
    }

    /// A stream of the frames from now on, after `first` (the snapshot, taken
    /// after this call); must run on an actix worker (or `actix_web::rt`) thread.
    pub fn stream(&self) -> EventStream {
        let hub = Hub::local(self);
        let next = hub.head();
        let first = snapshot_frame(&self.presence);
        let key = hub.wakers.borrow_mut().add();
        EventStream {
            hub,
            next,
            key,
            first: Some(first),
        }
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

/// One worker thread's streams of one [`Frames`]: the latest frames, numbered,
/// and the wakers of the streams waiting for the next one.
#[derive(Debug)]
struct Hub {
    frames: RefCell<VecDeque<Bytes>>,
    /// Number of `frames[0]`.
    first: Cell<u64>,
    wakers: RefCell<WakerSlots>,
    presence: Presence,
}

thread_local! {
    static HUBS: RefCell<HashMap<u64, Weak<Hub>>> = RefCell::new(HashMap::new());
}

impl Hub {
    /// This thread's hub for `frames`, started with its feeding task if none is open.
    fn local(frames: &Frames) -> Rc<Hub> {
        HUBS.with(|hubs| {
            let mut hubs = hubs.borrow_mut();
            if let Some(hub) = hubs.get(&frames.id).and_then(Weak::upgrade) {
                return hub;
            }
            let hub = Rc::new(Hub {
                frames: RefCell::new(VecDeque::new()),
                first: Cell::new(0),
                wakers: RefCell::new(WakerSlots::default()),
                presence: frames.presence.clone(),
            });
            // Subscribed now, before the caller's snapshot.
            let rx = frames.subscribe();
            actix_web::rt::spawn(feed(Rc::downgrade(&hub), rx));
            hubs.retain(|_, hub| hub.strong_count() > 0);
            hubs.insert(frames.id, Rc::downgrade(&hub));
            hub
        })
    }

    /// Number of the next frame to come.
    fn head(&self) -> u64 {
        self.first.get() + self.frames.borrow().len() as u64
    }

    /// Frame number `n`: `Err(())` when it was dropped already.
    fn get(&self, n: u64) -> Result<Option<Bytes>, ()> {
        let index = n.checked_sub(self.first.get()).ok_or(())?;
        let frames = self.frames.borrow();
        Ok(usize::try_from(index)
            .ok()
            .and_then(|i| frames.get(i))
            .cloned())
    }

    /// Appends a frame (dropping the oldest beyond [`BACKLOG`]) and wakes every
    /// waiting stream.
    fn push(&self, frame: Bytes) {
        {
            let mut frames = self.frames.borrow_mut();
            frames.push_back(frame);
            if frames.len() > BACKLOG {
                frames.pop_front();
                self.first.set(self.first.get() + 1);
            }
        }
        let waiting = self.wakers.borrow_mut().take_all();
        waiting.into_iter().for_each(Waker::wake);
    }
}

/// Moves the shared channel's frames into `hub`, and a heartbeat every
/// [`HEARTBEAT`]; ends when the hub has no stream left or the channel closes.
async fn feed(hub: Weak<Hub>, mut rx: broadcast::Receiver<Bytes>) {
    let start = tokio::time::Instant::now() + HEARTBEAT;
    let mut ticker = tokio::time::interval_at(start, HEARTBEAT);
    loop {
        let frame = tokio::select! {
            frame = rx.recv() => match frame {
                Ok(frame) => Some(frame),
                Err(RecvError::Lagged(_)) => None,
                Err(RecvError::Closed) => return,
            },
            _ = ticker.tick() => Some(Bytes::from_static(PING)),
        };
        let Some(hub) = hub.upgrade() else { return };
        // Behind the shared channel: the whole state, encoded once for the worker.
        let frame = frame.unwrap_or_else(|| snapshot_frame(&hub.presence));
        hub.push(frame);
    }
}

/// One `/api/presence/events` body: the snapshot, then this worker's frames.
#[derive(Debug)]
pub struct EventStream {
    hub: Rc<Hub>,
    /// Number of the next frame this stream sends.
    next: u64,
    key: usize,
    first: Option<Bytes>,
}

impl Stream for EventStream {
    type Item = Result<Bytes, actix_web::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(first)));
        }
        match this.hub.get(this.next) {
            Ok(Some(frame)) => {
                this.next += 1;
                Poll::Ready(Some(Ok(frame)))
            }
            Ok(None) => {
                this.hub.wakers.borrow_mut().set(this.key, cx.waker());
                Poll::Pending
            }
            // Too slow a reader: frames were dropped; the whole state instead.
            Err(()) => {
                this.next = this.hub.head();
                Poll::Ready(Some(Ok(snapshot_frame(&this.hub.presence))))
            }
        }
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.hub.wakers.borrow_mut().remove(self.key);
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

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::{FutureExt as _, StreamExt as _};
    use twilio_presence::MemoryStore;

    async fn frames() -> Frames {
        let presence = Presence::start(MemoryStore::default())
            .await
            .expect("memory store starts");
        Frames::start(&presence)
    }

    /// The next item if one is ready now.
    fn ready(stream: &mut EventStream) -> Option<Bytes> {
        stream.next().now_or_never().flatten().and_then(Result::ok)
    }

    #[actix_web::test]
    async fn streams_share_the_workers_frames_and_a_slow_one_gets_a_snapshot() {
        let frames = frames().await;
        let (mut a, mut b) = (frames.stream(), frames.stream());
        assert!(Rc::ptr_eq(&a.hub, &b.hub), "one hub per thread");
        for s in [&mut a, &mut b] {
            let first = ready(s).expect("the snapshot first");
            assert!(first.starts_with(b"data: {\"type\":\"snapshot\""));
            assert!(ready(s).is_none());
        }
        a.hub.push(Bytes::from_static(b"data: 1\n\n"));
        assert_eq!(ready(&mut a).as_deref(), Some(&b"data: 1\n\n"[..]));
        assert_eq!(ready(&mut b).as_deref(), Some(&b"data: 1\n\n"[..]));
        // `b` falls more than BACKLOG frames behind: the whole state instead.
        for _ in 0..=BACKLOG {
            a.hub.push(Bytes::from_static(PING));
            assert_eq!(ready(&mut a).as_deref(), Some(PING));
        }
        let late = ready(&mut b).expect("a snapshot");
        assert!(late.starts_with(b"data: {\"type\":\"snapshot\""));
        assert!(ready(&mut b).is_none());
        assert_eq!(a.hub.frames.borrow().len(), BACKLOG);
    }

    #[actix_web::test]
    async fn an_ended_stream_frees_its_slot_and_the_last_one_its_hub() {
        let frames = frames().await;
        let a = frames.stream();
        let hub = Rc::downgrade(&a.hub);
        let b = frames.stream();
        assert_ne!(a.key, b.key);
        let key = b.key;
        drop(b);
        assert_eq!(frames.stream().key, key);
        drop(a);
        assert!(hub.upgrade().is_none());
    }
}
