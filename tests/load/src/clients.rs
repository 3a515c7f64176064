//! The clients: raw websocket (RFC 6455, text frames and pings) and Server-Sent Events
//! readers on plain Tokio sockets, as cheap as a client can be so that the time
//! measured is the server's. Every client records, per round, when the first bytes
//! naming that round (`fanout-<round>`) reached it: the time is taken when the read
//! returns, before anything is parsed.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};

/// What every client reports.
#[derive(Debug, Default)]
pub(crate) struct Arrivals {
    rounds: Mutex<HashMap<u32, Vec<Instant>>>,
    /// Clients that got their first message (the cached array / the snapshot).
    pub(crate) ready: AtomicUsize,
    /// Clients whose connection ended.
    pub(crate) closed: AtomicUsize,
    /// Size of the latest message seen, in bytes.
    pub(crate) message_bytes: AtomicUsize,
}

impl Arrivals {
    fn record(&self, round: u32, at: Instant) {
        let mut rounds = self.rounds.lock().unwrap_or_else(|e| e.into_inner());
        rounds.entry(round).or_default().push(at);
    }

    /// Clients that have seen `round`.
    pub(crate) fn count(&self, round: u32) -> usize {
        let rounds = self.rounds.lock().unwrap_or_else(|e| e.into_inner());
        rounds.get(&round).map_or(0, Vec::len)
    }

    /// The arrival times of `round`.
    pub(crate) fn times(&self, round: u32) -> Vec<Instant> {
        let rounds = self.rounds.lock().unwrap_or_else(|e| e.into_inner());
        rounds.get(&round).cloned().unwrap_or_default()
    }
}

/// Searchers built once: `memmem::find` builds one per call, which showed in the
/// tool's profile at 10,000 streams.
static ROUND_MARK: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"fanout-"));
static EVENT_END: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"\n\n"));
static DATA: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"data:"));

/// Finds the rounds named in a client's messages; each counts once per client.
#[derive(Debug, Default)]
struct Scanner {
    last: u32,
}

impl Scanner {
    /// Records the newest round named in `bytes` (a complete message).
    fn scan(&mut self, bytes: &[u8], at: Instant, arrivals: &Arrivals) {
        let mut newest = 0u32;
        for start in ROUND_MARK.find_iter(bytes) {
            let digits = &bytes[start + ROUND_MARK.needle().len()..];
            let n = digits.iter().take_while(|b| b.is_ascii_digit()).count();
            let round = std::str::from_utf8(&digits[..n])
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
                .unwrap_or(0);
            newest = newest.max(round);
        }
        if newest > self.last {
            self.last = newest;
            arrivals.record(newest, at);
        }
    }
}

/// Why a connection attempt failed.
#[derive(Debug)]
pub(crate) enum Refused {
    /// The server answered this status (429/503 are worth retrying).
    Status(u16),
    /// Connecting or reading failed.
    Io(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Status(s) => write!(f, "HTTP {s}"),
            Refused::Io(e) => f.write_str(e),
        }
    }
}

/// Connects from `from` (port chosen by the system) and sends `request`; returns the
/// stream, the response's status and the bytes read after its head.
async fn open(
    server: SocketAddr,
    from: IpAddr,
    request: &str,
) -> Result<(TcpStream, u16, Vec<u8>), Refused> {
    let io = |e: std::io::Error| Refused::Io(e.to_string());
    let socket = match from {
        IpAddr::V4(_) => TcpSocket::new_v4(),
        IpAddr::V6(_) => TcpSocket::new_v6(),
    }
    .map_err(io)?;
    socket.bind(SocketAddr::new(from, 0)).map_err(io)?;
    let mut stream = socket.connect(server).await.map_err(io)?;
    stream.set_nodelay(true).map_err(io)?;
    stream.write_all(request.as_bytes()).await.map_err(io)?;
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = memchr::memmem::find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
        let n = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut chunk))
            .await
            .map_err(|_| Refused::Io("no answer within 30 s".into()))?
            .map_err(io)?;
        if n == 0 {
            return Err(Refused::Io("closed before the answer".into()));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let status = String::from_utf8_lossy(&buf[..head_end])
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    buf.drain(..head_end);
    Ok((stream, status, buf))
}

/// A websocket on `path` offering `token` as the sub-protocol; reads until closed.
pub(crate) async fn websocket(
    server: SocketAddr,
    from: IpAddr,
    path: &str,
    token: &str,
) -> Result<WsClient, Refused> {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {server}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Protocol: {token}\r\n\r\n"
    );
    match open(server, from, &request).await? {
        (stream, 101, rest) => Ok(WsClient { stream, buf: rest }),
        (_, status, _) => Err(Refused::Status(status)),
    }
}

/// An open websocket.
#[derive(Debug)]
pub(crate) struct WsClient {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl WsClient {
    /// Reads frames until the socket closes: text frames are scanned for rounds,
    /// pings answered.
    pub(crate) async fn run(mut self, arrivals: std::sync::Arc<Arrivals>) {
        let mut scanner = Scanner::default();
        let mut first = true;
        let mut at = Instant::now();
        'read: loop {
            // Whole frames in the buffer.
            while let Some((opcode, start, end)) = frame(&self.buf) {
                match opcode {
                    0x0..=0x2 => {
                        let payload = &self.buf[start..end];
                        arrivals
                            .message_bytes
                            .store(payload.len(), Ordering::Relaxed);
                        scanner.scan(payload, at, &arrivals);
                        if std::mem::take(&mut first) {
                            arrivals.ready.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    0x9 => {
                        // A pong with the same payload, masked with a zero key.
                        let payload = self.buf[start..end].to_vec();
                        let mut pong = vec![0x8A, 0x80 | (payload.len() as u8 & 0x7f), 0, 0, 0, 0];
                        pong.extend_from_slice(&payload);
                        if self.stream.write_all(&pong).await.is_err() {
                            break 'read;
                        }
                    }
                    0x8 => break 'read,
                    _ => {}
                }
                self.buf.drain(..end);
            }
            // Straight into the buffer (no copy from a chunk): room for a whole array.
            self.buf.reserve(READ_ROOM);
            match self.stream.read_buf(&mut self.buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => at = Instant::now(),
            }
        }
        arrivals.closed.fetch_add(1, Ordering::SeqCst);
    }
}

/// Free space a websocket read asks for: more than one statistics array (~10 KB), so
/// one read usually takes a whole message.
const READ_ROOM: usize = 16 * 1024;

/// The first whole frame in `buf`: opcode and payload range (servers do not mask).
fn frame(buf: &[u8]) -> Option<(u8, usize, usize)> {
    let (b0, b1) = (*buf.first()?, *buf.get(1)?);
    let (len, mut start) = match b1 & 0x7f {
        126 => (
            usize::from(u16::from_be_bytes([*buf.get(2)?, *buf.get(3)?])),
            4,
        ),
        127 => {
            let bytes: [u8; 8] = buf.get(2..10)?.try_into().ok()?;
            (usize::try_from(u64::from_be_bytes(bytes)).ok()?, 10)
        }
        n => (usize::from(n), 2),
    };
    if b1 & 0x80 != 0 {
        start += 4;
    }
    let end = start + len;
    (buf.len() >= end).then_some((b0 & 0x0f, start, end))
}

/// An SSE stream of `path` with `cookie`; reads until closed.
pub(crate) async fn sse(
    server: SocketAddr,
    from: IpAddr,
    path: &str,
    cookie: &str,
) -> Result<SseClient, Refused> {
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {server}\r\nAccept: text/event-stream\r\n\
         Cookie: {cookie}\r\n\r\n"
    );
    match open(server, from, &request).await? {
        (stream, 200, rest) => Ok(SseClient { stream, buf: rest }),
        (_, status, _) => Err(Refused::Status(status)),
    }
}

/// An open event stream.
#[derive(Debug)]
pub(crate) struct SseClient {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl SseClient {
    /// Reads events (each ends with an empty line) until the stream closes.
    pub(crate) async fn run(mut self, arrivals: std::sync::Arc<Arrivals>) {
        let mut scanner = Scanner::default();
        let mut first = true;
        let mut chunk = vec![0u8; 16 * 1024];
        let mut at = Instant::now();
        loop {
            while let Some(end) = EVENT_END.find(&self.buf) {
                let event = &self.buf[..end];
                if DATA.find(event).is_some() {
                    arrivals.message_bytes.store(event.len(), Ordering::Relaxed);
                    scanner.scan(event, at, &arrivals);
                    if std::mem::take(&mut first) {
                        arrivals.ready.fetch_add(1, Ordering::SeqCst);
                    }
                }
                self.buf.drain(..end + 2);
            }
            match self.stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    at = Instant::now();
                    self.buf.extend_from_slice(&chunk[..n]);
                }
            }
        }
        arrivals.closed.fetch_add(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_are_parsed_with_every_length_form() {
        assert_eq!(frame(&[0x81, 2, b'h', b'i']), Some((1, 2, 4)));
        assert_eq!(frame(&[0x81, 2, b'h']), None);
        let mut long = vec![0x81, 126, 0x01, 0x00];
        long.extend(std::iter::repeat_n(b'x', 256));
        assert_eq!(frame(&long), Some((1, 4, 260)));
        assert_eq!(frame(&[0x89, 0]), Some((9, 2, 2)));
    }

    #[test]
    fn a_round_counts_once_and_the_newest_wins() {
        let arrivals = Arrivals::default();
        let mut scanner = Scanner::default();
        let now = Instant::now();
        scanner.scan(
            b"[{\"friendlyName\":\"Queue 0 fanout-3\"},{\"x\":\"fanout-3\"}]",
            now,
            &arrivals,
        );
        scanner.scan(b"fanout-3", now, &arrivals);
        scanner.scan(b"fanout-2 fanout-12\"", now, &arrivals);
        assert_eq!(arrivals.count(3), 1);
        assert_eq!(arrivals.count(2), 0);
        assert_eq!(arrivals.count(12), 1);
    }
}
