//! In front of the token check: every websocket handshake with a token not seen
//! before costs a call to Twilio's IAM endpoint, so clients without credentials
//! must not be able to make us call it without bound, nor keep agents with valid
//! tokens out.
//!
//! In order, each step free for the ones after it:
//!
//! 1. **local shape** ([`is_compact_jwe`]): a Flex token is a compact JWE (five
//!    base64url parts, a protected header naming `alg` and `enc`, a non-empty IV,
//!    ciphertext and tag). Anything else is refused (403) without asking Twilio
//!    and without counting against anyone, so garbage costs nothing.
//! 2. **known good**: a token IAM accepted skips the budget below for
//!    [`KNOWN_GOOD_TTL`] (it is still checked each time): an agent's reconnects and
//!    page loads never wait behind anyone.
//! 3. **known bad**: a token IAM refused is refused again for [`REFUSED_TTL`]
//!    without asking, so repeating a forged token costs nothing.
//! 4. **one budget for new tokens**: at most `TOKEN_CHECKS_PER_SECOND` checks of
//!    tokens not seen before start in any one-second window, whatever their address
//!    (counted when the check starts, so IAM sees at most that many a second from
//!    clients without credentials). A handshake finding the second's budget spent
//!    waits for the next second, up to [`ADMISSION_WAIT`], then gets 429 with
//!    `Retry-After: 1`. No state is kept per address: behind a load balancer every
//!    agent shares one, and a per-address penalty is what let anyone lock a whole
//!    contact centre out (issue 14).
//! 5. **in flight**: at most [`PENDING_PER_CLIENT`] checks of new tokens per address
//!    and [`PENDING_TOTAL`] overall run at once (a slow IAM endpoint must not pile up
//!    handshakes), and at most [`WAITERS`] handshakes wait for a budget.
//!
//! Tokens are remembered by a keyed 64-bit SipHash (a per-process key), never
//! themselves. A collision only exempts a token from the budget; it is still
//! checked with IAM.
//!
//! The client is the peer address, or with `PROXY_HOPS` trusted proxies in front the
//! address the outermost of them saw (an `X-Forwarded-For` entry counted from the
//! right, so entries a client adds on the left change nothing). IPv6 clients are
//! counted per /64, the block one subscriber usually has.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use actix_web::HttpRequest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use twilio_app_auth::limit::{LimitError, Limits, Rate, StoreError};

use crate::Error;

/// The window of the new-token budget.
pub(crate) const CHECK_WINDOW: Duration = Duration::from_secs(1);
/// How long a handshake may wait for the next window's budget before its 429.
pub(crate) const ADMISSION_WAIT: Duration = Duration::from_secs(3);
/// How long a token Twilio refused is refused without asking again.
pub(crate) const REFUSED_TTL: Duration = Duration::from_secs(300);
/// How long a token Twilio accepted skips the budget (it is still checked each time).
pub(crate) const KNOWN_GOOD_TTL: Duration = Duration::from_secs(3600);
/// Checks of new tokens in flight for one address.
pub(crate) const PENDING_PER_CLIENT: usize = 4;
/// Checks of new tokens in flight overall.
pub(crate) const PENDING_TOTAL: usize = 64;
/// Handshakes waiting for a budget at once; more get their 429 at once.
pub(crate) const WAITERS: usize = 256;
/// Addresses with checks in flight tracked at most.
const MAX_CLIENTS: usize = 10_000;
/// The counter of the new-token budget in the shared [`Limits`].
const CHECKS_KEY: &str = "flex:token-checks";

/// The throttle shared by both websockets.
#[derive(Debug, Clone)]
pub(crate) struct AuthGate(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    checks_per_second: u64,
    proxy_hops: usize,
    limits: Limits,
    total: Arc<Semaphore>,
    waiters: Arc<Semaphore>,
    /// Checks in flight per address.
    pending: Mutex<HashMap<IpAddr, usize>>,
}

/// A token check that may go ahead; dropping it (also when the client goes away
/// mid-check) frees its slot.
#[derive(Debug)]
pub(crate) struct Admission {
    gate: AuthGate,
    token: u128,
    /// Held for new tokens only.
    slot: Option<(IpAddr, OwnedSemaphorePermit)>,
}

/// Why a check may not start now.
#[derive(Debug)]
enum NotNow {
    /// Refused for good (this answer).
    Refused(Error),
    /// The second's budget is spent; the next window starts in this long.
    Wait(Duration),
}

impl AuthGate {
    pub(crate) fn new(checks_per_second: u32, proxy_hops: usize, limits: Limits) -> Self {
        Self(Arc::new(Inner {
            checks_per_second: u64::from(checks_per_second),
            proxy_hops,
            limits,
            total: Arc::new(Semaphore::new(PENDING_TOTAL)),
            waiters: Arc::new(Semaphore::new(WAITERS)),
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

    /// Lets a check of `token` from `client` go ahead, waiting up to
    /// [`ADMISSION_WAIT`] for the budget of new tokens, or says why not.
    ///
    /// # Errors
    /// [`Error::InvalidToken`] for a token refused before or not shaped like one,
    /// [`Error::Throttled`] when the budget stays spent or the address has too many
    /// checks in flight, [`Error::Busy`] when too many checks run overall.
    pub(crate) async fn admit(
        &self,
        client: Option<IpAddr>,
        token: &str,
    ) -> Result<Admission, Error> {
        let deadline = tokio::time::Instant::now() + ADMISSION_WAIT;
        let mut waiting = None;
        loop {
            match self.try_admit(client, token).await {
                Ok(admission) => return Ok(admission),
                Err(NotNow::Refused(e)) => return Err(e),
                Err(NotNow::Wait(wait)) => {
                    let until = tokio::time::Instant::now() + wait;
                    if until > deadline {
                        return Err(Error::Throttled(1));
                    }
                    if waiting.is_none() {
                        let permit = self.0.waiters.clone().try_acquire_owned();
                        waiting = Some(permit.map_err(|_| Error::Throttled(1))?);
                    }
                    tokio::time::sleep_until(until).await;
                }
            }
        }
    }

    /// One attempt of [`AuthGate::admit`].
    async fn try_admit(&self, client: Option<IpAddr>, token: &str) -> Result<Admission, NotNow> {
        if !is_compact_jwe(token) {
            return Err(NotNow::Refused(Error::InvalidToken));
        }
        let hash = token_id(token);
        let limits = &self.0.limits;
        let unavailable = |e: StoreError| NotNow::Refused(e.into());
        if limits
            .count(&good_key(hash))
            .await
            .map_err(unavailable)?
            .count
            > 0
        {
            return Ok(Admission {
                gate: self.clone(),
                token: hash,
                slot: None,
            });
        }
        if limits
            .count(&bad_key(hash))
            .await
            .map_err(unavailable)?
            .count
            > 0
        {
            return Err(NotNow::Refused(Error::InvalidToken));
        }
        let client = client.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        // The slot first: dropping the admission gives it back, a budget hit is spent.
        let admission = Admission {
            gate: self.clone(),
            token: hash,
            slot: Some(self.take_slot(client).map_err(NotNow::Refused)?),
        };
        limits
            .hit(
                CHECKS_KEY,
                Rate::new(self.0.checks_per_second, CHECK_WINDOW),
            )
            .await
            .map_err(|e| match e {
                LimitError::Exceeded(e) => {
                    NotNow::Wait(e.retry_after.max(Duration::from_millis(1)))
                }
                other => NotNow::Refused(Error::StoreUnavailable(other.to_string())),
            })?;
        Ok(admission)
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

/// A token's name in the store: the first 128 bits of its SHA-256, the same in every
/// instance (so a token checked by one is known to all), never the token itself.
fn token_id(token: &str) -> u128 {
    let digest = Sha256::digest(token.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_be_bytes(first)
}

fn good_key(hash: u128) -> String {
    format!("flex:good:{hash:032x}")
}

fn bad_key(hash: u128) -> String {
    format!("flex:bad:{hash:032x}")
}

impl Admission {
    /// Twilio refused the token: it is remembered, and refused without asking.
    /// (The handshake is refused whatever the store says; a store failure is logged.)
    pub(crate) async fn refused(self) {
        let limits = &self.gate.0.limits;
        let recorded = async {
            limits.clear(&good_key(self.token)).await?;
            limits.record(&bad_key(self.token), REFUSED_TTL).await?;
            Ok::<_, StoreError>(())
        };
        if let Err(error) = recorded.await {
            tracing::warn!(%error, "refused token not recorded");
        }
    }

    /// Twilio accepted the token: its next handshakes skip the budget.
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

/// Whether `token` has the shape of a Flex token, a JWE in compact serialisation:
/// five base64url parts (header, encrypted key, IV, ciphertext, tag), the header a
/// JSON object naming `alg` and `enc`, the IV, ciphertext and tag not empty (the
/// key is empty for `alg: dir`). Only the shape: the content is Twilio's to judge.
pub(crate) fn is_compact_jwe(token: &str) -> bool {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, key, iv, ciphertext, tag] = parts.as_slice() else {
        return false;
    };
    let decodes = |part: &str| URL_SAFE_NO_PAD.decode(part).is_ok();
    let header = URL_SAFE_NO_PAD.decode(header).ok().and_then(|h| {
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&h).ok()
    });
    let names = |h: &serde_json::Map<String, serde_json::Value>, field: &str| {
        h.get(field)
            .and_then(serde_json::Value::as_str)
            .is_some_and(|v| !v.is_empty())
    };
    header.is_some_and(|h| names(&h, "alg") && names(&h, "enc"))
        && decodes(key)
        && [iv, ciphertext, tag]
            .iter()
            .all(|part| !part.is_empty() && decodes(part))
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

    /// A token shaped like a Flex JWE (`alg: dir`, A256GCM), `tag` in its ciphertext.
    fn jwe(tag: &str) -> String {
        let header = r#"{"zip":"DEF","kid":"SAS_S3___KMS_v1","cty":"twilio-fpa;v=1","enc":"A256GCM","alg":"dir"}"#;
        let b64 = |b: &[u8]| URL_SAFE_NO_PAD.encode(b);
        format!(
            "{}..{}.{}.{}",
            b64(header.as_bytes()),
            b64(&[7; 12]),
            b64(tag.as_bytes()),
            b64(&[9; 16])
        )
    }

    #[test]
    fn only_compact_jwes_look_like_flex_tokens() {
        assert!(is_compact_jwe(&jwe("alice")));
        let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
        let good = jwe("x");
        let parts: Vec<&str> = good.split('.').collect();
        for bad in [
            String::new(),
            "eyJ.alice-token.sig".to_owned(),
            // A JWS (three parts), a JWE with a part missing or one too many.
            format!("{}.{}.{}", parts[0], b64("{}"), parts[4]),
            parts[..4].join("."),
            format!("{good}.x"),
            // Header not JSON, not an object, without `enc`; empty IV, bad base64.
            good.replacen(parts[0], &b64("not json"), 1),
            good.replacen(parts[0], &b64("[1]"), 1),
            good.replacen(parts[0], &b64(r#"{"alg":"dir"}"#), 1),
            good.replacen(parts[2], "", 1),
            good.replacen(parts[3], "a*b", 1),
        ] {
            assert!(!is_compact_jwe(&bad), "{bad}");
        }
    }

    #[tokio::test]
    async fn new_tokens_share_a_budget_a_second_known_ones_skip_it() {
        let gate = AuthGate::new(2, 0, Limits::memory());
        let client = Some(IpAddr::from([203, 0, 113, 7]));
        let started = std::time::Instant::now();
        let first = gate.admit(client, &jwe("a")).await.ok();
        let second = gate.admit(client, &jwe("b")).await.ok();
        assert!(first.is_some() && second.is_some());
        first.unwrap().accepted().await;
        second.unwrap().refused().await;
        // A third new token in the same second must wait for the next one (unless
        // the machine was so slow that the second is over), and gets in then.
        match gate.try_admit(client, &jwe("c")).await {
            Err(NotNow::Wait(wait)) => assert!(wait <= CHECK_WINDOW),
            other => assert!(
                other.is_ok() && started.elapsed() >= CHECK_WINDOW,
                "{other:?}"
            ),
        }
        assert!(gate.admit(client, &jwe("c")).await.is_ok());
        // Known tokens never touch the budget, good or bad.
        assert!(gate.admit(client, &jwe("a")).await.is_ok());
        assert!(matches!(
            gate.admit(client, &jwe("b")).await,
            Err(Error::InvalidToken)
        ));
        assert!(matches!(
            gate.admit(client, "garbage").await,
            Err(Error::InvalidToken)
        ));
    }

    #[tokio::test]
    async fn a_slot_is_freed_when_the_check_is_dropped() {
        let gate = AuthGate::new(100, 0, Limits::memory());
        let client = Some(IpAddr::from([203, 0, 113, 7]));
        let mut held = Vec::new();
        for i in 0..PENDING_PER_CLIENT {
            held.push(gate.admit(client, &jwe(&format!("t{i}"))).await.ok());
        }
        assert!(held.iter().all(Option::is_some));
        assert!(matches!(
            gate.admit(client, &jwe("t9")).await,
            Err(Error::Throttled(1))
        ));
        drop(held);
        assert!(gate.admit(client, &jwe("t9")).await.is_ok());
    }
}
