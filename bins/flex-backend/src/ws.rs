//! The two websockets. Both authenticate the Flex token before the upgrade, echo the
//! sub-protocol that carried it, ping every `WS_PING_SECS` (30 s) and close a socket
//! that missed a pong, or whose token expired.

use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody as _;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, AggregatedMessageStream, Session};
use bytestring::ByteString;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::time::{Interval, MissedTickBehavior};

use crate::auth::{self, FlexUser, OfferedToken};
use crate::calls::SocketId;
use crate::stats_body::StatsBody;
use crate::{AppState, Error, dial};

/// Largest client message read (the dial protocol's messages are tiny).
const MAX_MESSAGE: usize = 64 * 1024;
/// Frames queued for one socket before updates are dropped.
const OUTBOX: usize = 64;

/// `GET /websocket/outboundDial`
pub(crate) async fn outbound_dial(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, actix_web::Error> {
    let (user, response, conn) = upgrade(&req, body, &state).await?;
    let state = state.get_ref().clone();
    actix_web::rt::spawn(async move { dial_session(state, user, conn).await });
    Ok(response)
}

/// `GET /websocket/realtimeStats`
pub(crate) async fn realtime_stats(
    req: HttpRequest,
    body: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, actix_web::Error> {
    let (_user, response, conn) = upgrade(&req, body, &state).await?;
    // The arrays go straight into the response body, beside the session's frames.
    let published = state.stats.subscribe();
    let response = response.map_body(|_, session| StatsBody::new(session, &published).boxed());
    actix_web::rt::spawn(async move { stats_session(conn).await });
    Ok(response)
}

async fn upgrade(
    req: &HttpRequest,
    body: web::Payload,
    state: &AppState,
) -> Result<(FlexUser, HttpResponse, Conn), actix_web::Error> {
    if !is_handshake(req) {
        return Err(Error::BadRequest(
            "a websocket handshake (version 13) is expected here".into(),
        )
        .into());
    }
    let offered = auth::offered_token(req)?;
    let admission = state
        .gate
        .admit(state.gate.client(req), offered.token())
        .await?;
    let user = match auth::validate(&state.iam, offered.token()).await {
        Ok(user) => user,
        Err(Error::InvalidToken) => {
            admission.refused().await;
            return Err(Error::InvalidToken.into());
        }
        Err(other) => return Err(other.into()),
    };
    admission.accepted().await;
    // Browsers fail the handshake unless the offered sub-protocol comes back.
    let protocols: Vec<&str> = match &offered {
        OfferedToken::Protocol(token) => vec![token.as_str()],
        OfferedToken::Header(_) => Vec::new(),
    };
    let (response, session, stream) = actix_ws::handle_with_protocols(req, body, &protocols)?;
    tracing::info!(identity = %user.identity, path = req.path(), "websocket opened");
    let stream = stream
        .max_frame_size(MAX_MESSAGE)
        .aggregate_continuations()
        .max_continuation_size(MAX_MESSAGE);
    let expires = user.expires_at;
    let conn = Conn::new(session, stream, state.config.ping_period, expires);
    Ok((user, response, conn))
}

/// The checks actix-ws makes when it upgrades (RFC 6455 §4.2.1), made before the
/// token check so a plain request never costs a call to Twilio.
fn is_handshake(req: &HttpRequest) -> bool {
    let header = |name: header::HeaderName| req.headers().get(name).map(|v| v.as_bytes());
    let upgrade_to_ws = header(header::UPGRADE)
        .is_some_and(|v| v.to_ascii_lowercase().windows(9).any(|w| w == b"websocket"));
    let key_ok = header(header::SEC_WEBSOCKET_KEY).is_some_and(|k| k.len() == 24);
    upgrade_to_ws
        && req.head().upgrade()
        && header(header::SEC_WEBSOCKET_VERSION) == Some(b"13".as_slice())
        && key_ok
}

/// What a socket delivers to its protocol.
pub(crate) enum Event {
    Text(String),
    Closed,
}

/// A socket with its keep-alive.
pub(crate) struct Conn {
    pub(crate) session: Session,
    stream: AggregatedMessageStream,
    ping: Interval,
    /// Longest wait for one outgoing frame (the ping period): a client that stops
    /// reading would otherwise hold its session, unpinged and past its token, forever.
    send_timeout: Duration,
    alive: bool,
    expires: Option<tokio::time::Instant>,
}

impl Conn {
    fn new(
        session: Session,
        stream: AggregatedMessageStream,
        period: Duration,
        expires: Option<jiff::Timestamp>,
    ) -> Self {
        let now = tokio::time::Instant::now();
        let mut ping = tokio::time::interval_at(now + period, period);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        // The token was checked once; the socket lives no longer than the token.
        let expires = expires.map(|at| {
            let left = at.duration_since(jiff::Timestamp::now());
            now + Duration::try_from(left).unwrap_or(Duration::ZERO)
        });
        Self {
            session,
            stream,
            ping,
            send_timeout: period,
            alive: true,
            expires,
        }
    }

    async fn expiry(expires: Option<tokio::time::Instant>) {
        match expires {
            Some(at) => tokio::time::sleep_until(at).await,
            None => std::future::pending().await,
        }
    }

    /// The next text frame, answering pings and sending ours on the way. Cancel-safe
    /// enough for `select!`: an interrupted ping or pong is just not sent.
    pub(crate) async fn next(&mut self) -> Event {
        loop {
            tokio::select! {
                () = Self::expiry(self.expires) => return Event::Closed,
                _ = self.ping.tick() => {
                    let limit = self.send_timeout;
                    if !self.alive || !sent(limit, self.session.ping(b"")).await {
                        return Event::Closed;
                    }
                    self.alive = false;
                }
                message = self.stream.recv() => {
                    self.alive = true;
                    match message {
                        Some(Ok(AggregatedMessage::Text(text))) => return Event::Text(text.to_string()),
                        Some(Ok(AggregatedMessage::Ping(bytes))) => {
                            let limit = self.send_timeout;
                            if !sent(limit, self.session.pong(&bytes)).await {
                                return Event::Closed;
                            }
                        }
                        Some(Ok(AggregatedMessage::Pong(_) | AggregatedMessage::Binary(_))) => {}
                        Some(Ok(AggregatedMessage::Close(_)) | Err(_)) | None => return Event::Closed,
                    }
                }
            }
        }
    }

    /// Sends a text frame; `false` when the socket is gone.
    pub(crate) async fn send(&mut self, text: &str) -> bool {
        sent(self.send_timeout, self.session.text(ByteString::from(text))).await
    }

    async fn close(self) {
        let _ = tokio::time::timeout(self.send_timeout, self.session.close(None)).await;
    }
}

/// `true` when a frame was queued within `limit`.
async fn sent<E>(limit: Duration, send: impl std::future::Future<Output = Result<(), E>>) -> bool {
    matches!(tokio::time::timeout(limit, send).await, Ok(Ok(())))
}

/// `{"messageType":"error","message"}` (seed §3.4).
pub(crate) fn error_message(message: &str) -> String {
    error_with_status(None, message)
}

/// An `error` message with the HTTP status the refusal would have (e.g. 403 for a
/// destination the policy refuses, 429 for a rate limit).
pub(crate) fn error_with_status(status: Option<u16>, message: &str) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ErrorMessage<'a> {
        message_type: &'static str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
    }
    serde_json::to_string(&ErrorMessage {
        message_type: "error",
        message,
        status,
    })
    .unwrap_or_default()
}

/// JavaScript's `String(value)` for parsed JSON, as the seed's replies used it.
pub(crate) fn js_string(value: &Value) -> String {
    match value {
        Value::Object(_) => "[object Object]".to_owned(),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                if v.is_null() {
                    String::new()
                } else {
                    js_string(v)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn dial_session(state: AppState, user: FlexUser, mut conn: Conn) {
    let socket = SocketId::next();
    let user = Arc::new(user);
    let (outbox, mut queued) = mpsc::channel::<String>(OUTBOX);
    let in_flight = Arc::new(tokio::sync::Semaphore::new(dial::IN_FLIGHT));
    loop {
        tokio::select! {
            Some(text) = queued.recv() => {
                if !conn.send(&text).await {
                    break;
                }
            }
            event = conn.next() => match event {
                Event::Text(text) => {
                    let reply = dial::handle(&state, &user, socket, &outbox, &in_flight, &text);
                    if let Some(reply) = reply
                        && !conn.send(&reply).await
                    {
                        break;
                    }
                }
                Event::Closed => break,
            }
        }
    }
    // Receiver first: a create finishing after this sees a closed outbox and maps
    // nothing; one that finished before is dropped by `closed`.
    drop(queued);
    state.calls.closed(socket).await;
    tracing::info!(identity = %user.identity, "dial websocket closed");
    conn.close().await;
}

/// Answers the socket (pings, echoes) until it closes; the arrays are sent by its
/// response body (`StatsBody`).
async fn stats_session(mut conn: Conn) {
    while let Event::Text(text) = conn.next().await {
        if !conn.send(&format!("echo: {text}")).await {
            break;
        }
    }
    conn.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replies_read_like_the_seed() {
        assert_eq!(js_string(&json!({"method": "x"})), "[object Object]");
        assert_eq!(js_string(&json!([1, null, "a"])), "1,,a");
        assert_eq!(js_string(&json!(12)), "12");
        assert_eq!(
            error_message("bad \"to\""),
            r#"{"messageType":"error","message":"bad \"to\""}"#
        );
    }
}
