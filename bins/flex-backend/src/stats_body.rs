//! The statistics socket's response body: the frames its session sends (pings, pongs,
//! echoes, the close) and, between them, every array the poller publishes.
//!
//! Why the arrays skip the session: through it, a fan-out woke every socket's task, armed
//! a send timer per socket, and actix-ws queued the array and copied it into a new frame
//! per socket before the connection copied it once more. Here the connection's own task
//! watches the array and writes it behind a header of 2–10 bytes: one wake-up and one
//! copy (into the connection's write buffer) per socket. A client that stops reading
//! stops its connection polling this body, so it holds at most the newest array (shared
//! by every socket), never a queue of them.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::web::Bytes;
use bytestring::ByteString;
use tokio::sync::watch;

type Published = watch::Receiver<ByteString>;
/// The receiver back once there is an array to send; `None` when the publisher is gone.
type NextArray = Pin<Box<dyn Future<Output = Option<Published>>>>;

/// A close frame without a reason (RFC 6455 §5.5.1).
const CLOSE: &[u8] = &[0x88, 0x00];

/// The session's frames and the published arrays, whole frames in turn.
pub(crate) struct StatsBody {
    session: BoxBody,
    /// The array whose frame header went out last.
    payload: Option<Bytes>,
    /// `None` once the publisher is gone and the close frame went out.
    next: Option<NextArray>,
    /// The close frame went out: the body ends.
    done: bool,
}

impl StatsBody {
    /// Sends the array published now at once (the cached array a socket gets first),
    /// then every array published after it.
    pub(crate) fn new(session: BoxBody, published: Published) -> Self {
        Self {
            session,
            payload: None,
            next: Some(Box::pin(std::future::ready(Some(published)))),
            done: false,
        }
    }

    /// The next array's frame header, keeping its payload for the next poll.
    fn poll_array(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        let Some(next) = self.next.as_mut() else {
            return Poll::Pending;
        };
        match next.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(mut published)) => {
                let array = published.borrow_and_update().clone().into_bytes();
                self.next = Some(Box::pin(changed(published)));
                let header = text_header(array.len());
                self.payload = Some(array);
                Poll::Ready(Some(header))
            }
            // The server is stopping: close the socket as the session would have.
            Poll::Ready(None) => {
                self.next = None;
                self.done = true;
                Poll::Ready(Some(Bytes::from_static(CLOSE)))
            }
        }
    }
}

async fn changed(mut published: Published) -> Option<Published> {
    published.changed().await.ok().map(|()| published)
}

/// The header of an unmasked, final text frame of `len` bytes (RFC 6455 §5.2).
fn text_header(len: usize) -> Bytes {
    let mut head = Vec::with_capacity(10);
    head.push(0x81);
    if let Ok(short) = u8::try_from(len)
        && short < 126
    {
        head.push(short);
    } else if let Ok(medium) = u16::try_from(len) {
        head.push(126);
        head.extend_from_slice(&medium.to_be_bytes());
    } else {
        head.push(127);
        head.extend_from_slice(&u64::try_from(len).unwrap_or(u64::MAX).to_be_bytes());
    }
    Bytes::from(head)
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
        if let Some(payload) = this.payload.take() {
            return Poll::Ready(Some(Ok(payload)));
        }
        if this.done {
            return Poll::Ready(None);
        }
        // The session's frames first: its end (after its close frame) ends the body.
        if let Poll::Ready(item) = Pin::new(&mut this.session).poll_next(cx) {
            return Poll::Ready(item);
        }
        this.poll_array(cx).map(|header| header.map(Ok))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_use_the_shortest_length_form() {
        assert_eq!(&text_header(0)[..], &[0x81, 0]);
        assert_eq!(&text_header(125)[..], &[0x81, 125]);
        assert_eq!(&text_header(126)[..], &[0x81, 126, 0, 126]);
        assert_eq!(&text_header(10_180)[..], &[0x81, 126, 0x27, 0xc4]);
        assert_eq!(
            &text_header(65_536)[..],
            &[0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]
        );
    }
}
