//! In front of the token check: every websocket handshake, authenticated or not,
//! costs a call to Twilio's IAM endpoint, so anonymous clients must not be able to
//! make us call it without bound, nor keep agents with valid tokens out.
//!
//! Counters live in the app's shared [`Limits`] (one mechanism for every limit):
//!
//! * a token IAM accepted is *known good* for [`KNOWN_GOOD_TTL`]: its handshakes
//!   (an agent's reconnects and page loads) skip every budget below;
//! * a token IAM refused is refused again for [`REFUSED_TTL`] without asking;
//! * an address whose tokens IAM refused `AUTH_FAILURES_PER_MINUTE` times is
//!   *suspect*: its next unknown tokens are still checked (a valid one gets in),
//!   but only within a budget shared by every suspect address,
//!   `AUTH_SUSPECT_CHECKS_PER_MINUTE`; past it, 429 until the minute ends;
//! * refusals of unknown tokens overall are capped at [`REFUSALS_PER_MINUTE`]:
//!   past it, unknown tokens get 429 for the rest of the minute, so IAM sees at most
//!   that many bad tokens a minute (plus the checks in flight) from any number of
//!   addresses;
//! * at most [`PENDING_PER_CLIENT`] checks of unknown tokens per address and
//!   [`PENDING_TOTAL`] overall are in flight;
//! * a token with characters no Flex token has is refused at once.
//!
//! Only refusals are counted, so valid tokens never spend a budget.
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
use twilio_app_auth::limit::{LimitError, Limits, Rate, StoreError};

use crate::Error;

/// How long a failure counts against its address.
pub(crate) const FAILURE_WINDOW: Duration = Duration::from_secs(60);
/// How long a token Twilio refused is refused without asking again.
pub(crate) const REFUSED_TTL: Duration = Duration::from_secs(300);
/// How long a token Twilio accepted skips the budgets (it is still checked each time).
pub(crate) const KNOWN_GOOD_TTL: Duration = Duration::from_secs(3600);
/// Refused unknown tokens per minute, all addresses together.
pub(crate) const REFUSALS_PER_MINUTE: u64 = 600;
/// Checks in flight for one address.
pub(crate) const PENDING_PER_CLIENT: usize = 4;
/// Checks in flight overall.
pub(crate) const PENDING_TOTAL: usize = 64;
/// Addresses with checks in flight tracked at most.
const MAX_CLIENTS: usize = 10_000;

/// The throttle shared by both websockets.
#[derive(Debug, Clone)]
pub(crate) struct AuthGate(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    max_failures: u64,
    suspect_checks: u64,
    proxy_hops: usize,
    hasher: RandomState,
    limits: Limits,
    total: Arc<Semaphore>,
    /// Checks in flight per address.
    pending: Mutex<HashMap<IpAddr, usize>>,
}

/// A token check that may go ahead; dropping it (also when the client goes away
/// mid-check) frees its slot.
#[derive(Debug)]
pub(crate) struct Admission {
    gate: AuthGate,
    client: IpAddr,
    token: u64,
    /// Held for unknown tokens only.
    slot: Option<(IpAddr, OwnedSemaphorePermit)>,
}

impl AuthGate {
    pub(crate) fn new(
        max_failures: u32,
        suspect_checks: u32,
        proxy_hops: usize,
        limits: Limits,
    ) -> Self {
        Self(Arc::new(Inner {
            max_failures: u64::from(max_failures),
            suspect_checks: u64::from(suspect_checks),
            proxy_hops,
            hasher: RandomState::new(),
            limits,
            total: Arc::new(Semaphore::new(PENDING_TOTAL)),
            pending: Mutex::new(HashMap::new()),
        }))
    }

    fn pending(&self) -> MutexGuard<'_, HashMap<IpAddr, usize>> {
        self.0.pending.lock().unwrap_or_else(|e| e.into_inner())
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
    /// [`Error::Throttled`] when a budget for unknown tokens is spent,
    /// [`Error::Busy`] when too many checks are in flight overall,
    /// [`Error::StoreUnavailable`] when the shared counters cannot be read.
    pub(crate) async fn admit(
        &self,
        client: Option<IpAddr>,
        token: &str,
    ) -> Result<Admission, Error> {
        if !token.bytes().all(is_token_byte) {
            return Err(Error::InvalidToken);
        }
        let client = client.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let hash = self.0.hasher.hash_one(token);
        let limits = &self.0.limits;
        if limits.count(&good_key(hash)).await?.count > 0 {
            return Ok(Admission {
                gate: self.clone(),
                client,
                token: hash,
                slot: None,
            });
        }
        if limits.count(&bad_key(hash)).await?.count > 0 {
            return Err(Error::InvalidToken);
        }
        let throttled = |e: LimitError| match e {
            LimitError::Exceeded(e) => Error::Throttled(e.retry_after_secs()),
            other => Error::StoreUnavailable(other.to_string()),
        };
        limits
            .peek(
                "flex:refusals",
                Rate::new(REFUSALS_PER_MINUTE, FAILURE_WINDOW),
            )
            .await
            .map_err(throttled)?;
        if limits.count(&failures_key(client)).await?.count >= self.0.max_failures {
            limits
                .hit(
                    "flex:suspect-checks",
                    Rate::new(self.0.suspect_checks, FAILURE_WINDOW),
                )
                .await
                .map_err(throttled)?;
        }
        let slot = self.take_slot(client)?;
        Ok(Admission {
            gate: self.clone(),
            client,
            token: hash,
            slot: Some(slot),
        })
    }

    /// One in-flight slot for `client` and one overall.
    fn take_slot(&self, client: IpAddr) -> Result<(IpAddr, OwnedSemaphorePermit), Error> {
        let mut pending = self.pending();
        let mine = pending.get(&client).copied().unwrap_or(0);
        if mine >= PENDING_PER_CLIENT {
            return Err(Error::Throttled(1));
        }
        if mine == 0 && pending.len() >= MAX_CLIENTS {
            return Err(Error::Busy);
        }
        let total = self
            .0
            .total
            .clone()
            .try_acquire_owned()
            .map_err(|_| Error::Busy)?;
        *pending.entry(client).or_insert(0) += 1;
        Ok((client, total))
    }
}

fn good_key(hash: u64) -> String {
    format!("flex:good:{hash:016x}")
}

fn bad_key(hash: u64) -> String {
    format!("flex:bad:{hash:016x}")
}

fn failures_key(client: IpAddr) -> String {
    format!("flex:failures:{client}")
}

impl Admission {
    /// Twilio refused the token: it counts against the client and is remembered.
    /// (The handshake is refused whatever the store says; a store failure is logged.)
    pub(crate) async fn refused(self) {
        let limits = &self.gate.0.limits;
        let recorded = async {
            limits.clear(&good_key(self.token)).await?;
            limits
                .record(&failures_key(self.client), FAILURE_WINDOW)
                .await?;
            limits.record(&bad_key(self.token), REFUSED_TTL).await?;
            if self.slot.is_some() {
                limits.record("flex:refusals", FAILURE_WINDOW).await?;
            }
            Ok::<_, StoreError>(())
        };
        if let Err(error) = recorded.await {
            tracing::warn!(%error, "refused token not recorded");
        }
    }

    /// Twilio accepted the token: its next handshakes skip the budgets.
    pub(crate) async fn accepted(self) {
        let limits = &self.gate.0.limits;
        let recorded = async {
            if limits.count(&good_key(self.token)).await?.count == 0 {
                limits.record(&good_key(self.token), KNOWN_GOOD_TTL).await?;
            }
            Ok::<_, StoreError>(())
        };
        if let Err(error) = recorded.await {
            tracing::warn!(%error, "accepted token not recorded");
        }
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        if let Some((client, _)) = &self.slot {
            let mut pending = self.gate.pending();
            if let Some(n) = pending.get_mut(client) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    pending.remove(client);
                }
            }
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
        let gate = AuthGate::new(10, 30, 0, Limits::memory());
        let client = Some(IpAddr::from([203, 0, 113, 7]));
        let mut held = Vec::new();
        for i in 0..PENDING_PER_CLIENT {
            held.extend(gate.admit(client, &format!("t{i}")).await.ok());
        }
        assert_eq!(held.len(), PENDING_PER_CLIENT);
        assert!(matches!(
            gate.admit(client, "t9").await,
            Err(Error::Throttled(1))
        ));
        drop(held);
        assert!(gate.admit(client, "t9").await.is_ok());
    }
}
