//! The floor: the least a websocket server can do per fan-out, measured the same way as
//! the apps. `floor-server` answers every websocket handshake without checking it and
//! writes each published frame to every socket with one `write_all` of bytes built once
//! per round (no framework, no per-socket copy, no Redis); `GET /round/N` publishes
//! round N. `twilio-load floor` opens the clients as for flex-backend and times each
//! round from just before the `GET /round/N` requests to each client's read. Whatever
//! an app spends above these times is the app's; what the floor spends is the
//! machine's (the kernel's loopback sends, the clients' reads) and no server design
//! can go below it on the same cores.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::clients::{self, Arrivals};
use crate::{Common, Results};

/// The accept value of the fixed `Sec-WebSocket-Key` the clients send (RFC 6455 §1.3).
const SWITCH: &[u8] = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
    Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

/// Serves the floor on `port` until killed.
pub(crate) async fn serve(port: u16, bytes: usize) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| format!("cannot listen on port {port}: {e}"))?;
    let (publish, frames) = watch::channel(frame(0, bytes));
    let publish = Arc::new(publish);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        tokio::spawn(connection(stream, frames.clone(), publish.clone(), bytes));
    }
}

/// One connection: a round trigger, or a websocket that gets every frame.
async fn connection(
    mut stream: TcpStream,
    mut frames: watch::Receiver<Bytes>,
    publish: Arc<watch::Sender<Bytes>>,
    bytes: usize,
) {
    if stream.set_nodelay(true).is_err() {
        return;
    }
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while memchr::memmem::find(&head, b"\r\n\r\n").is_none() {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    if let Some(round) = head
        .strip_prefix(b"GET /round/")
        .and_then(|rest| rest.split(|b| *b == b' ').next())
        .and_then(|n| std::str::from_utf8(n).ok()?.parse::<u32>().ok())
    {
        publish.send_replace(frame(round, bytes));
        let _ = stream
            .write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            .await;
        return;
    }
    if stream.write_all(SWITCH).await.is_err() {
        return;
    }
    loop {
        let frame = frames.borrow_and_update().clone();
        if stream.write_all(&frame).await.is_err() || frames.changed().await.is_err() {
            return;
        }
    }
}

/// An unmasked text frame of `bytes` payload bytes naming `round` (`fanout-<round>`,
/// as the apps' messages do), padded to the size.
fn frame(round: u32, bytes: usize) -> Bytes {
    let mut payload = format!("[{{\"friendlyName\":\"Queue fanout-{round}\",\"pad\":\"");
    let tail = "\"}]";
    let pad = bytes.saturating_sub(payload.len() + tail.len());
    payload.extend(std::iter::repeat_n('x', pad));
    payload.push_str(tail);
    let len = payload.len();
    let mut out = Vec::with_capacity(len + 4);
    out.push(0x81);
    match u16::try_from(len) {
        Ok(short) if short < 126 => out.push(short as u8),
        Ok(medium) => {
            out.push(126);
            out.extend_from_slice(&medium.to_be_bytes());
        }
        Err(_) => {
            out.push(127);
            out.extend_from_slice(&(len as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload.as_bytes());
    Bytes::from(out)
}

/// Asks one floor server to publish `round`.
async fn trigger(server: SocketAddr, round: u32) -> Result<(), String> {
    let mut stream = TcpStream::connect(server)
        .await
        .map_err(|e| format!("trigger {server}: {e}"))?;
    stream
        .write_all(format!("GET /round/{round} HTTP/1.1\r\nHost: {server}\r\n\r\n").as_bytes())
        .await
        .map_err(|e| format!("trigger {server}: {e}"))?;
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .await
        .map_err(|e| format!("trigger {server}: {e}"))?;
    if answer.starts_with(b"HTTP/1.1 204") {
        Ok(())
    } else {
        Err(format!("trigger {server}: unexpected answer"))
    }
}

/// Opens the clients over every floor server and times the rounds.
pub(crate) async fn measure(common: Common) -> Result<(), String> {
    let arrivals = Arc::new(Arrivals::default());
    let connecting = arrivals.clone();
    let baseline = crate::connect_clients(&common, &arrivals, move |server, from| {
        let arrivals = connecting.clone();
        async move {
            let client =
                clients::websocket(server, from, "/websocket/realtimeStats", "floor").await?;
            tokio::spawn(client.run(arrivals));
            Ok(())
        }
    })
    .await?;
    let n = common.clients;
    let meter = crate::Meter::start(&common.pids);
    let mut results = Results::default();
    println!(
        "floor fan-out: {n} websockets over {} server(s)",
        common.apps.len()
    );
    for round in 1..=common.rounds {
        let t0 = Instant::now();
        let triggers: Vec<_> = common
            .apps
            .iter()
            .map(|&server| tokio::spawn(trigger(server, round)))
            .collect();
        for t in triggers {
            t.await.map_err(|e| e.to_string())??;
        }
        let all = crate::wait_for(Duration::from_secs(15), || arrivals.count(round) >= n).await;
        if !all {
            println!("  round {round}: not every client got it within 15 s");
        }
        results.round(round, t0, &arrivals.times(round), n);
        // Let the machine settle before the next round.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    meter.finish("floor", &common, &arrivals, results, baseline);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_have_the_asked_size_and_name_their_round() {
        let f = frame(7, 10_180);
        assert_eq!(&f[..4], &[0x81, 126, 0x27, 0xc4]);
        assert_eq!(f.len(), 10_184);
        assert!(memchr::memmem::find(&f, b"fanout-7\"").is_some());
        assert_eq!(frame(1, 50)[1], 50);
    }
}
