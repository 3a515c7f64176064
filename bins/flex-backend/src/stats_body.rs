//! The statistics socket's response body: the frames its session sends (pings, pongs,
//! echoes, the close) and, between them, every array the poller publishes.
//!
//! Why the arrays skip the session: through it, a fan-out woke every socket's task, armed
//! a send timer per socket, and actix-ws queued the array and copied it into a new frame
//! per socket before the connection copied it once more. Here the connection's own task
//! writes the array's frame: one wake-up and one copy (into the connection's write
//! buffer) per socket. A client that stops reading stops its connection polling this
//! body, so it holds at most the newest array, never a queue of them.
//!
//! The arrays reach the bodies through one [`Relay`] per worker thread: one task per
//! worker watches the published array, builds its whole frame once for that worker and
//! wakes the worker's sockets from the same thread. Watching the array from every body
//! meant 10,000 wake-ups sent from the publisher's thread through each worker's locked
//! run queue, a future allocated per socket and poll, and every socket's worker
//! counting references on one shared array (issue 15).

use std::cell::{Cell, RefCell};
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll, Waker};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::web::{Bytes, BytesMut};
use bytestring::ByteString;
use tokio::sync::{oneshot, watch};
use twilio_app_env::wakers::WakerSlots;

type Published = watch::Receiver<ByteString>;

/// A close frame without a reason (RFC 6455 §5.5.1).
const CLOSE: &[u8] = &[0x88, 0x00];

/// The session's frames and the published arrays, whole frames in turn.
pub(crate) struct StatsBody {
    session: BoxBody,
    relay: Rc<Relay>,
    /// The relay's version this socket sent last (0: none yet).
    sent: u64,
    /// This body's slot among the relay's wakers.
    key: usize,
    /// The close frame went out (the publisher is gone): the body ends.
    done: bool,
}

impl StatsBody {
    /// Sends the newest array at once (the cached array a socket gets first), then
    /// every array published after it. Must run on an actix worker (or
    /// `actix_web::rt`) thread.
    pub(crate) fn new(session: BoxBody, published: &Published) -> Self {
        let relay = Relay::local(published);
        let key = relay.wakers.borrow_mut().add();
        Self {
            session,
            relay,
            sent: 0,
            key,
            done: false,
        }
    }

    /// The newest array's frame if this socket has not sent it; the close frame once
    /// the publisher is gone.
    fn poll_array(&mut self, cx: &mut Context<'_>) -> Poll<Bytes> {
        let version = self.relay.version.get();
        if version != self.sent {
            self.sent = version;
            return Poll::Ready(self.relay.frame.borrow().clone());
        }
        if self.relay.closed.get() {
            // The server is stopping: close the socket as the session would have.
            self.done = true;
            return Poll::Ready(Bytes::from_static(CLOSE));
        }
        self.relay.wakers.borrow_mut().set(self.key, cx.waker());
        Poll::Pending
    }
}

impl Drop for StatsBody {
    fn drop(&mut self) {
        self.relay.wakers.borrow_mut().remove(self.key);
    }
}

impl MessageBody for StatsBody {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        // A new array first: woken for it, the body then skips the session's channel
        // (the connection polls again at once and finds the session then). Frames are
        // whole, so the order never splits one; the session's end (after its close
        // frame) ends the body.
        if let Poll::Ready(frame) = this.poll_array(cx) {
            return Poll::Ready(Some(Ok(frame)));
        }
        Pin::new(&mut this.session).poll_next(cx)
    }
}

thread_local! {
    /// This worker's relays, one per statistics channel (tests run several apps on
    /// one thread).
    static RELAYS: RefCell<Vec<Weak<Relay>>> = const { RefCell::new(Vec::new()) };
}

/// One worker thread's copy of the newest array, as a whole text frame, and the
/// wakers of that thread's sockets waiting for the next one.
struct Relay {
    /// Which channel this relays (compared with `same_channel`; never polled).
    source: Published,
    /// Dropped with the relay: its task then ends at once and drops its receiver, so
    /// a worker without statistics sockets no longer counts as demand for polling.
    _alive: oneshot::Sender<()>,
    frame: RefCell<Bytes>,
    /// Counts the arrays relayed; a body compares it with the one it sent.
    version: Cell<u64>,
    /// The publisher is gone.
    closed: Cell<bool>,
    wakers: RefCell<WakerSlots>,
}

impl Relay {
    /// This thread's relay of `published`, started with its task if none is open.
    fn local(published: &Published) -> Rc<Relay> {
        RELAYS.with(|relays| {
            let mut relays = relays.borrow_mut();
            relays.retain(|relay| relay.strong_count() > 0);
            let open = relays
                .iter()
                .filter_map(Weak::upgrade)
                .find(|relay| relay.source.same_channel(published));
            if let Some(relay) = open {
                return relay;
            }
            let mut rx = published.clone();
            let frame = text_frame(&rx.borrow_and_update());
            let (alive, gone) = oneshot::channel();
            let relay = Rc::new(Relay {
                source: published.clone(),
                _alive: alive,
                frame: RefCell::new(frame),
                version: Cell::new(1),
                closed: Cell::new(false),
                wakers: RefCell::new(WakerSlots::default()),
            });
            actix_web::rt::spawn(relay_arrays(Rc::downgrade(&relay), rx, gone));
            relays.push(Rc::downgrade(&relay));
            relay
        })
    }

    /// Makes `frame` the newest array (`None`: the publisher is gone) and wakes every
    /// waiting socket.
    fn publish(&self, frame: Option<Bytes>) {
        match frame {
            Some(frame) => {
                *self.frame.borrow_mut() = frame;
                self.version.set(self.version.get() + 1);
            }
            None => self.closed.set(true),
        }
        let waiting = self.wakers.borrow_mut().take_all();
        waiting.into_iter().for_each(Waker::wake);
    }
}

/// Relays every array published into `relay`; ends with the publisher or as soon as
/// the worker has no statistics socket left (`gone`).
async fn relay_arrays(relay: Weak<Relay>, mut rx: Published, mut gone: oneshot::Receiver<()>) {
    loop {
        let open = tokio::select! {
            changed = rx.changed() => changed.is_ok(),
            _ = &mut gone => return,
        };
        let Some(relay) = relay.upgrade() else { return };
        if !open {
            relay.publish(None);
            return;
        }
        // A copy per worker: the sockets' reference counts stay on this thread.
        let frame = text_frame(&rx.borrow_and_update());
        relay.publish(Some(frame));
    }
}

/// An unmasked, final text frame holding `text` (RFC 6455 §5.2), header and payload
/// in one buffer.
fn text_frame(text: &str) -> Bytes {
    let len = text.len();
    let mut frame = BytesMut::with_capacity(len + 10);
    frame.extend_from_slice(&[0x81]);
    if let Ok(short) = u8::try_from(len)
        && short < 126
    {
        frame.extend_from_slice(&[short]);
    } else if let Ok(medium) = u16::try_from(len) {
        frame.extend_from_slice(&[126]);
        frame.extend_from_slice(&medium.to_be_bytes());
    } else {
        frame.extend_from_slice(&[127]);
        frame.extend_from_slice(&u64::try_from(len).unwrap_or(u64::MAX).to_be_bytes());
    }
    frame.extend_from_slice(text.as_bytes());
    frame.freeze()
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::BodyStream;
    use futures_util::task::noop_waker;
    use std::convert::Infallible;
    use std::time::Duration;

    /// A session that sends nothing and never ends.
    fn quiet_session() -> BoxBody {
        BoxBody::new(BodyStream::new(futures_util::stream::pending::<
            Result<Bytes, Infallible>,
        >()))
    }

    /// What `body` yields now: `None` while it waits.
    fn ready(body: &mut StatsBody) -> Option<Option<Bytes>> {
        let waker = noop_waker();
        match Pin::new(body).poll_next(&mut Context::from_waker(&waker)) {
            Poll::Ready(item) => Some(item.map(|chunk| chunk.unwrap_or_default())),
            Poll::Pending => None,
        }
    }

    /// Lets the worker's tasks run until `done` holds.
    async fn until(mut done: impl FnMut() -> bool) {
        let wait = async {
            while !done() {
                tokio::task::yield_now().await;
            }
        };
        tokio::time::timeout(Duration::from_secs(30), wait)
            .await
            .expect("the relay ran");
    }

    #[test]
    fn frames_use_the_shortest_length_form() {
        let header = |len: usize| text_frame(&"x".repeat(len))[..len.min(10)].to_vec();
        assert_eq!(&text_frame("")[..], &[0x81, 0]);
        assert_eq!(&text_frame("ab")[..], b"\x81\x02ab");
        assert_eq!(header(125)[..2], [0x81, 125]);
        assert_eq!(header(126)[..4], [0x81, 126, 0, 126]);
        assert_eq!(header(10_180)[..4], [0x81, 126, 0x27, 0xc4]);
        assert_eq!(header(65_536), [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
        assert_eq!(text_frame(&"y".repeat(70_000)).len(), 70_010);
    }

    #[actix_web::test]
    async fn sockets_of_a_worker_share_one_relay_and_get_each_newest_array() {
        let (tx, _) = watch::channel(ByteString::from_static("[1]"));
        let mut a = StatsBody::new(quiet_session(), &tx.subscribe());
        let mut b = StatsBody::new(quiet_session(), &tx.subscribe());
        assert!(Rc::ptr_eq(&a.relay, &b.relay), "one relay per thread");
        for body in [&mut a, &mut b] {
            assert_eq!(
                ready(body),
                Some(Some(text_frame("[1]"))),
                "the cached array"
            );
            assert_eq!(ready(body), None);
        }
        tx.send_replace(ByteString::from_static("[2]"));
        tx.send_replace(ByteString::from_static("[3]"));
        until(|| a.relay.frame.borrow().ends_with(b"[3]")).await;
        // A slow socket skips to the newest array; it never queues them.
        assert_eq!(ready(&mut a), Some(Some(text_frame("[3]"))));
        assert_eq!(ready(&mut a), None);
        assert_eq!(ready(&mut b), Some(Some(text_frame("[3]"))));

        // Another app's channel on the same thread has its own relay.
        let (other, _) = watch::channel(ByteString::from_static("[9]"));
        let mut c = StatsBody::new(quiet_session(), &other.subscribe());
        assert!(!Rc::ptr_eq(&a.relay, &c.relay));
        assert_eq!(ready(&mut c), Some(Some(text_frame("[9]"))));
    }

    #[actix_web::test]
    async fn a_worker_without_sockets_stops_counting_as_demand() {
        // The poller polls while the channel has receivers (`stats.rs`).
        let (tx, _) = watch::channel(ByteString::from_static("[]"));
        let a = StatsBody::new(quiet_session(), &tx.subscribe());
        let b = StatsBody::new(quiet_session(), &tx.subscribe());
        until(|| tx.receiver_count() > 0).await;
        drop(a);
        tokio::task::yield_now().await;
        assert!(tx.receiver_count() > 0, "one socket is left");
        drop(b);
        until(|| tx.receiver_count() == 0).await;
        // A new socket starts a new relay.
        let mut c = StatsBody::new(quiet_session(), &tx.subscribe());
        assert_eq!(ready(&mut c), Some(Some(text_frame("[]"))));
        assert!(tx.receiver_count() > 0);
    }

    #[actix_web::test]
    async fn the_publisher_gone_closes_every_socket_and_ended_ones_free_their_slots() {
        let (tx, _) = watch::channel(ByteString::from_static("[]"));
        let mut a = StatsBody::new(quiet_session(), &tx.subscribe());
        let b = StatsBody::new(quiet_session(), &tx.subscribe());
        let relay = Rc::clone(&a.relay);
        assert_eq!(relay.wakers.borrow().capacity(), 2);
        drop(b);
        let c = StatsBody::new(quiet_session(), &tx.subscribe());
        assert_eq!(
            relay.wakers.borrow().capacity(),
            2,
            "the freed slot is reused"
        );
        drop(c);

        assert_eq!(ready(&mut a), Some(Some(text_frame("[]"))));
        assert_eq!(ready(&mut a), None);
        drop(tx);
        until(|| relay.closed.get()).await;
        assert_eq!(ready(&mut a), Some(Some(Bytes::from_static(CLOSE))));
        assert_eq!(
            ready(&mut a),
            Some(None),
            "the body ends after the close frame"
        );
    }
}
