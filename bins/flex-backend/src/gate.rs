//! In front of the token check: every websocket handshake, authenticated or not,
//! costs a call to Twilio's IAM endpoint, so anonymous clients must not be able to
//! make us call it without bound.
//!
//! * an address whose tokens Twilio refused `AUTH_FAILURES_PER_MINUTE` times is
//!   answered 429 for the rest of the minute, without asking Twilio;
//! * a token Twilio refused is refused again for [`REFUSED_TTL`] without asking;
//! * at most [`PENDING_PER_CLIENT`] checks per address and [`PENDING_TOTAL`] overall
//!   are in flight;
//! * a token with characters no Flex token has is refused at once.
//!
//! The client is the peer address, or with `PROXY_HOPS` trusted proxies in front the
//! address the outermost of them saw (an `X-Forwarded-For` entry counted from the
//! right, so entries a client adds on the left change nothing). IPv6 clients are
//! counted per /64, the block one subscriber usually has.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use actix_web::HttpRequest;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::Error;

/// How long a failure counts against its address.
pub(crate) const FAILURE_WINDOW: Duration = Duration::from_secs(60);
/// How long a token Twilio refused is refused without asking again.
pub(crate) const REFUSED_TTL: Duration = Duration::from_secs(300);
/// Checks in flight for one address.
pub(crate) const PENDING_PER_CLIENT: usize = 4;
/// Checks in flight overall.
pub(crate) const PENDING_TOTAL: usize = 64;
/// Addresses and refused tokens remembered at most (expired ones are dropped first).
const MAX_ENTRIES: usize = 10_000;

/// The throttle shared by both websockets.
#[derive(Debug, Clone)]
pub(crate) struct AuthGate(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    max_failures: u32,
    proxy_hops: usize,
    hasher: RandomState,
    total: Arc<Semaphore>,
    state: Mutex<GateState>,
}

#[derive(Debug, Default)]
struct GateState {
    clients: HashMap<IpAddr, Client>,
    /// Hashes of refused tokens (keyed with a per-process random key).
    refused: HashMap<u64, Instant>,
}

#[derive(Debug)]
struct Client {
    failures: u32,
    since: Instant,
    pending: usize,
}

/// A token check that may go ahead; dropping it (also when the client goes away
/// mid-check) frees its slot.
#[derive(Debug)]
pub(crate) struct Admission {
    gate: AuthGate,
    client: IpAddr,
    token: u64,
    _total: OwnedSemaphorePermit,
}

impl AuthGate {
    pub(crate) fn new(max_failures: u32, proxy_hops: usize) -> Self {
        Self(Arc::new(Inner {
            max_failures,
            proxy_hops,
            hasher: RandomState::new(),
            total: Arc::new(Semaphore::new(PENDING_TOTAL)),
            state: Mutex::new(GateState::default()),
        }))
    }

    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.0.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The client a request counts against.
    pub(crate) fn client(&self, req: &HttpRequest) -> Option<IpAddr> {
        let peer = req.peer_addr().map(|a| a.ip());
        let ip = if self.0.proxy_hops == 0 {
            peer
        } else {
            // Each proxy appends the address it saw; the last `hops` entries are ours.
            let forwarded: Vec<&str> = req
                .headers()
                .get_all("x-forwarded-for")
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .collect();
            forwarded
                .len()
                .checked_sub(self.0.proxy_hops)
                .and_then(|i| forwarded.get(i))
                .and_then(|s| s.parse().ok())
                .or(peer)
        };
        ip.map(block)
    }

    /// Lets a check of `token` from `client` go ahead, or says why not.
    ///
    /// # Errors
    /// [`Error::InvalidToken`] for a token refused before or malformed,
    /// [`Error::Throttled`] for an address over its limits, [`Error::Busy`] when too
    /// many checks are in flight overall.
    pub(crate) fn admit(&self, client: Option<IpAddr>, token: &str) -> Result<Admission, Error> {
        if !token.bytes().all(is_token_byte) {
            return Err(Error::InvalidToken);
        }
        let client = client.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let hash = self.0.hasher.hash_one(token);
        let now = Instant::now();
        let mut state = self.lock();
        if state
            .refused
            .get(&hash)
            .is_some_and(|at| now.duration_since(*at) < REFUSED_TTL)
        {
            return Err(Error::InvalidToken);
        }
        if let Some(c) = state.clients.get_mut(&client) {
            let elapsed = now.duration_since(c.since);
            if elapsed >= FAILURE_WINDOW {
                c.failures = 0;
                c.since = now;
            } else if c.failures >= self.0.max_failures {
                let left = FAILURE_WINDOW.saturating_sub(elapsed).as_secs().max(1);
                return Err(Error::Throttled(left));
            }
            if c.pending >= PENDING_PER_CLIENT {
                return Err(Error::Throttled(1));
            }
        } else {
            if state.clients.len() >= MAX_ENTRIES {
                state
                    .clients
                    .retain(|_, c| c.pending > 0 || now.duration_since(c.since) < FAILURE_WINDOW);
            }
            if state.clients.len() >= MAX_ENTRIES {
                return Err(Error::Busy);
            }
        }
        let total = self
            .0
            .total
            .clone()
            .try_acquire_owned()
            .map_err(|_| Error::Busy)?;
        let entry = state.clients.entry(client).or_insert(Client {
            failures: 0,
            since: now,
            pending: 0,
        });
        entry.pending += 1;
        Ok(Admission {
            gate: self.clone(),
            client,
            token: hash,
            _total: total,
        })
    }
}

impl Admission {
    /// Twilio refused the token: it counts against the client and is remembered.
    pub(crate) fn refused(self) {
        let now = Instant::now();
        let mut state = self.gate.lock();
        if let Some(c) = state.clients.get_mut(&self.client) {
            c.failures = c.failures.saturating_add(1);
        }
        if state.refused.len() >= MAX_ENTRIES {
            state
                .refused
                .retain(|_, at| now.duration_since(*at) < REFUSED_TTL);
        }
        if state.refused.len() < MAX_ENTRIES {
            state.refused.insert(self.token, now);
        }
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        if let Some(c) = self.gate.lock().clients.get_mut(&self.client) {
            c.pending = c.pending.saturating_sub(1);
        }
    }
}

/// The characters of a JWE/JWT in compact form (base64url and dots), plus the
/// standard alphabet's `+`, `/` and `=` in case a token carries them.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+' | b'/' | b'=')
}

/// IPv4 as is; IPv6 by its /64 (IPv4-mapped addresses as IPv4).
fn block(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::from(segments)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_count_per_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1"
            .parse()
            .unwrap_or(IpAddr::from([0; 4]));
        let b: IpAddr = "2001:db8:1:2:bbbb::9"
            .parse()
            .unwrap_or(IpAddr::from([0; 4]));
        assert_eq!(block(a), block(b));
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap_or(IpAddr::from([0; 4]));
        assert_eq!(block(mapped), IpAddr::from([203, 0, 113, 7]));
    }

    #[tokio::test]
    async fn a_slot_is_freed_when_the_check_is_dropped() {
        let gate = AuthGate::new(10, 0);
        let client = Some(IpAddr::from([203, 0, 113, 7]));
        let held: Vec<_> = (0..PENDING_PER_CLIENT)
            .filter_map(|i| gate.admit(client, &format!("t{i}")).ok())
            .collect();
        assert_eq!(held.len(), PENDING_PER_CLIENT);
        assert!(matches!(gate.admit(client, "t9"), Err(Error::Throttled(1))));
        drop(held);
        assert!(gate.admit(client, "t9").is_ok());
    }
}
