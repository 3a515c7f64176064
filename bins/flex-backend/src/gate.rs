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
//! 4. **one budget for new tokens, granted in priority order**: at most
//!    `TOKEN_CHECKS_PER_SECOND` checks of tokens not seen before start in any
//!    one-second window, whatever their address (counted when the check starts, in
//!    the shared store, so all instances together). The budget is handed out by one
//!    task (`Owner`) in the order of [`schedule`]: by the client's network (IPv4
//!    /24, IPv6 /48), *trusted* networks first (IAM accepted a token from there in
//!    the last [`TRUSTED_TTL`]), then *unknown* ones, then *suspect* ones (IAM
//!    refused a token from there in the last [`SUSPECT_TTL`], none accepted);
//!    round-robin across the networks of a class; at most [`PER_NETWORK_MIN`] (or
//!    3 s of budget, when more) waiting per network and [`WAITERS`] overall (429 at
//!    once, naming why). A handshake waits up to [`ADMISSION_WAIT`], then gets 429
//!    with `Retry-After: 1`.
//! 5. **in flight**: at most [`PENDING_PER_CLIENT`] checks of new tokens per address
//!    and [`PENDING_TOTAL`] overall run at once (a slow IAM endpoint must not pile up
//!    handshakes).
//!
//! The network marks live in the shared store beside the verdicts (Redis with
//! `REDIS_URL`): every instance orders the same way, and a restart does not make
//! an office that logged in this morning unknown again.
//!
//! Tokens are remembered by the first 128 bits of their SHA-256, never themselves.
//!
//! The client is the peer address, or with `TRUSTED_PROXIES` in front the address the
//! outermost of them saw (`X-Forwarded-For` read from the right by the apps' shared
//! `twilio_app_env::proxies`, so entries a client adds on the left change nothing).
//! IPv6 clients are counted per /64, the block one subscriber usually has.

mod schedule;

use twilio_app_env::proxies::Proxies;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest as _, Sha256};
use tokio::sync::{mpsc, oneshot};
use twilio_app_auth::limit::{LimitError, Limits, Rate, StoreError};

use self::schedule::{Bounds, Class, Pick, Refusal, Schedule, Wake};
use crate::Error;

/// The window of the new-token budget.
pub(crate) const CHECK_WINDOW: Duration = Duration::from_secs(1);
/// How long a handshake may wait for the next window's budget before its 429.
pub(crate) const ADMISSION_WAIT: Duration = Duration::from_secs(3);
/// How long a token Twilio refused is refused without asking again.
pub(crate) const REFUSED_TTL: Duration = Duration::from_secs(300);
/// How long a token Twilio accepted skips the budget (it is still checked each time).
pub(crate) const KNOWN_GOOD_TTL: Duration = Duration::from_secs(3600);
/// How long a network stays trusted after IAM accepted a token from it.
pub(crate) const TRUSTED_TTL: Duration = Duration::from_secs(3600);
/// How long a network stays suspect after IAM refused a token from it.
pub(crate) const SUSPECT_TTL: Duration = Duration::from_secs(600);
/// Checks of new tokens in flight for one address.
pub(crate) const PENDING_PER_CLIENT: usize = 4;
/// Checks of new tokens in flight overall.
pub(crate) const PENDING_TOTAL: usize = 64;
/// Handshakes waiting for a budget at once, all networks together.
pub(crate) const WAITERS: usize = 256;
/// Handshakes waiting for a budget per network, at least (more when the budget
/// of [`ADMISSION_WAIT`] is larger).
pub(crate) const PER_NETWORK_MIN: usize = 8;
/// The counter of the new-token budget in the shared [`Limits`].
const CHECKS_KEY: &str = "flex:token-checks";

/// The throttle shared by both websockets: a handle on the task that owns the
/// queue of handshakes waiting for a check.
#[derive(Debug, Clone)]
pub(crate) struct AuthGate(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    proxies: Proxies,
    limits: Limits,
    asks: mpsc::UnboundedSender<Ask>,
}

/// A handshake asking for a check of a new token.
#[derive(Debug)]
struct Ask {
    network: IpAddr,
    client: IpAddr,
    class: Class,
    reply: Reply,
}

type Reply = oneshot::Sender<Result<Slot, Refused>>;

/// Why the owner refused a waiter.
#[derive(Debug)]
enum Refused {
    Queue(Refusal),
    Store(String),
}

impl From<Refused> for Error {
    fn from(refused: Refused) -> Self {
        let why = match refused {
            Refused::Store(e) => return Error::StoreUnavailable(e),
            Refused::Queue(Refusal::NetworkQueueFull) => {
                "too many handshakes from your network are waiting for a token check"
            }
            Refused::Queue(Refusal::QueueFull) => {
                "too many handshakes are waiting for a token check"
            }
            Refused::Queue(Refusal::Displaced) => {
                "a handshake with priority took your place in the queue for a token check"
            }
            Refused::Queue(Refusal::AddressBusy) => {
                "too many token checks in flight from your address"
            }
        };
        Error::Throttled {
            retry_after: 1,
            why,
        }
    }
}

/// One check in flight; dropping it (the check ended, the client went away, or
/// the grant was never received) tells the owner.
#[derive(Debug)]
struct Slot {
    client: IpAddr,
    done: mpsc::UnboundedSender<IpAddr>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        // The owner is gone only when every gate is: nothing to count then.
        let _ = self.done.send(self.client);
    }
}

/// A token check that may go ahead; dropping it (also when the client goes away
/// mid-check) frees its slot.
#[derive(Debug)]
pub(crate) struct Admission {
    gate: AuthGate,
    token: u128,
    network: IpAddr,
    /// Held for new tokens only.
    _slot: Option<Slot>,
}

impl AuthGate {
    /// A gate for `checks_per_second` checks of new tokens; spawns its owner task
    /// (call inside a Tokio runtime).
    pub(crate) fn new(checks_per_second: u32, proxies: Proxies, limits: Limits) -> Self {
        let per_window = u64::from(checks_per_second);
        let three_seconds = usize::try_from(per_window.saturating_mul(ADMISSION_WAIT.as_secs()))
            .unwrap_or(usize::MAX);
        let bounds = Bounds {
            per_window,
            window: CHECK_WINDOW,
            per_network: three_seconds.clamp(PER_NETWORK_MIN, WAITERS),
            waiting: WAITERS,
            running_per_address: PENDING_PER_CLIENT,
            running: PENDING_TOTAL,
        };
        let (asks, asked) = mpsc::unbounded_channel();
        let (done, finished) = mpsc::unbounded_channel();
        let owner = Owner {
            schedule: Schedule::new(bounds),
            limits: limits.clone(),
            rate: Rate::new(per_window, CHECK_WINDOW),
            done,
        };
        tokio::spawn(owner.run(asked, finished));
        Self(Arc::new(Inner {
            proxies,
            limits,
            asks,
        }))
    }

    /// The client a request counts against.
    pub(crate) fn client(&self, req: &HttpRequest) -> Option<IpAddr> {
        twilio_app_env::http::client_ip(req, &self.0.proxies).map(block)
    }

    /// Lets a check of `token` from `client` go ahead, waiting up to
    /// [`ADMISSION_WAIT`] for its turn at the budget of new tokens, or says why not.
    ///
    /// # Errors
    /// [`Error::InvalidToken`] for a token refused before or not shaped like one,
    /// [`Error::Throttled`] when its turn does not come in time, its network's queue
    /// is full or its address has too many checks in flight, [`Error::Busy`] when
    /// the gate's task is gone, [`Error::StoreUnavailable`] when the shared store
    /// does not answer.
    pub(crate) async fn admit(
        &self,
        client: Option<IpAddr>,
        token: &str,
    ) -> Result<Admission, Error> {
        if !is_compact_jwe(token) {
            return Err(Error::InvalidToken);
        }
        let hash = token_id(token);
        let client = client.unwrap_or(IpAddr::from([0, 0, 0, 0]));
        let network = network(client);
        let limits = &self.0.limits;
        let admission = |slot| Admission {
            gate: self.clone(),
            token: hash,
            network,
            _slot: slot,
        };
        if limits.count(&good_key(hash)).await?.count > 0 {
            return Ok(admission(None));
        }
        if limits.count(&bad_key(hash)).await?.count > 0 {
            return Err(Error::InvalidToken);
        }
        let class = if limits.is_marked(&trusted_key(network)).await? {
            Class::Trusted
        } else if limits.is_marked(&suspect_key(network)).await? {
            Class::Suspect
        } else {
            Class::Unknown
        };
        let (reply, answer) = oneshot::channel();
        let ask = Ask {
            network,
            client,
            class,
            reply,
        };
        self.0.asks.send(ask).map_err(|_| Error::Busy)?;
        match tokio::time::timeout(ADMISSION_WAIT, answer).await {
            Ok(Ok(Ok(slot))) => Ok(admission(Some(slot))),
            Ok(Ok(Err(refused))) => Err(refused.into()),
            Ok(Err(_)) => Err(Error::Busy),
            Err(_) => Err(Error::Throttled {
                retry_after: 1,
                why: "no token check was free within 3 s",
            }),
        }
    }
}

/// The task that owns the [`Schedule`]: handshakes ask it for a check, it grants
/// them in priority order as the budget allows, and hears when checks end.
struct Owner {
    schedule: Schedule<Reply>,
    limits: Limits,
    rate: Rate,
    /// Given to each [`Slot`] it grants.
    done: mpsc::UnboundedSender<IpAddr>,
}

impl Owner {
    async fn run(
        mut self,
        mut asked: mpsc::UnboundedReceiver<Ask>,
        mut finished: mpsc::UnboundedReceiver<IpAddr>,
    ) {
        loop {
            let now = tokio::time::Instant::now();
            let wake = match self.schedule.wake(now) {
                Wake::Now => Some(now),
                Wake::At(at) => Some(at),
                Wake::Idle => None,
            };
            tokio::select! {
                biased;
                Some(client) = finished.recv() => self.schedule.finished(client),
                ask = asked.recv() => match ask {
                    Some(ask) => self.queue(ask),
                    // Every gate is gone.
                    None => return,
                },
                () = tokio::time::sleep_until(wake.unwrap_or(now)), if wake.is_some() => {}
            }
            // Everything that arrived meanwhile first, so the order is right.
            while let Ok(client) = finished.try_recv() {
                self.schedule.finished(client);
            }
            while let Ok(ask) = asked.try_recv() {
                self.queue(ask);
            }
            self.schedule.retain(|reply| !reply.is_closed());
            self.grant().await;
        }
    }

    fn queue(&mut self, ask: Ask) {
        let queued = self
            .schedule
            .enqueue(ask.network, ask.client, ask.class, ask.reply);
        match queued {
            Ok(None) => {}
            Ok(Some(displaced)) => {
                let _ = displaced.send(Err(Refused::Queue(Refusal::Displaced)));
            }
            Err((reply, why)) => {
                let _ = reply.send(Err(Refused::Queue(why)));
            }
        }
    }

    /// Grants checks while the budget (this instance's count, then the one shared
    /// by all instances) allows.
    async fn grant(&mut self) {
        while self.schedule.wake(tokio::time::Instant::now()) == Wake::Now {
            match self.limits.hit(CHECKS_KEY, self.rate).await {
                Ok(()) => {}
                Err(LimitError::Exceeded(e)) => {
                    let wait = e.retry_after.max(Duration::from_millis(1));
                    self.schedule
                        .block_until(tokio::time::Instant::now() + wait);
                    return;
                }
                Err(other) => {
                    if let Some((reply, _)) = self.schedule.take_next() {
                        let _ = reply.send(Err(Refused::Store(other.to_string())));
                    }
                    continue;
                }
            }
            // One unit of budget spent: to the first waiter that may have it (if
            // none, it is lost: fewer IAM calls, never more).
            while let Some(pick) = self.schedule.pop(tokio::time::Instant::now()) {
                match pick {
                    Pick::Grant(reply, client) => {
                        let slot = Slot {
                            client,
                            done: self.done.clone(),
                        };
                        // A waiter gone meanwhile drops the slot: it is counted back.
                        let _ = reply.send(Ok(slot));
                        break;
                    }
                    Pick::Refuse(reply, why) => {
                        let _ = reply.send(Err(Refused::Queue(why)));
                    }
                }
            }
        }
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

fn trusted_key(network: IpAddr) -> String {
    format!("flex:net-trusted:{network}")
}

fn suspect_key(network: IpAddr) -> String {
    format!("flex:net-suspect:{network}")
}

impl Admission {
    /// Twilio refused the token: it is remembered, and refused without asking; its
    /// network is suspect for [`SUSPECT_TTL`].
    /// (The handshake is refused whatever the store says; a store failure is logged.)
    pub(crate) async fn refused(self) {
        let limits = &self.gate.0.limits;
        let recorded = async {
            limits.clear(&good_key(self.token)).await?;
            limits.record(&bad_key(self.token), REFUSED_TTL).await?;
            limits.mark(&suspect_key(self.network), SUSPECT_TTL).await?;
            Ok::<_, StoreError>(())
        };
        if let Err(error) = recorded.await {
            tracing::warn!(%error, "refused token not recorded");
        }
    }

    /// Twilio accepted the token: its next handshakes skip the budget, and its
    /// network is trusted for [`TRUSTED_TTL`].
    pub(crate) async fn accepted(self) {
        let limits = &self.gate.0.limits;
        let recorded = async {
            if limits.count(&good_key(self.token)).await?.count == 0 {
                limits.record(&good_key(self.token), KNOWN_GOOD_TTL).await?;
            }
            limits.mark(&trusted_key(self.network), TRUSTED_TTL).await?;
            Ok::<_, StoreError>(())
        };
        if let Err(error) = recorded.await {
            tracing::warn!(%error, "accepted token not recorded");
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

/// The network an address belongs to: its IPv4 /24 or its IPv6 /48. A /48 is what
/// one site is usually given, so an attacker holding one cannot pose as 65,536 fresh
/// networks by hopping between its /64s.
fn network(ip: IpAddr) -> IpAddr {
    match block(ip) {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            IpAddr::from([a, b, c, 0])
        }
        IpAddr::V6(v6) => {
            let mut segments = v6.segments();
            segments[3..].fill(0);
            IpAddr::from(segments)
        }
    }
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
        // Scheduling and marks go by the /48: hopping /64s stays one network.
        let hop: IpAddr = "2001:db8:1:ffff::1".parse().unwrap_or(IpAddr::from([0; 4]));
        assert_ne!(block(a), block(hop));
        assert_eq!(network(a), network(hop));
        let other_site: IpAddr = "2001:db8:2::1".parse().unwrap_or(IpAddr::from([0; 4]));
        assert_ne!(network(a), network(other_site));
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
        let gate = AuthGate::new(2, Proxies::None, Limits::memory());
        let client = Some(IpAddr::from([203, 0, 113, 7]));
        let started = std::time::Instant::now();
        let first = gate.admit(client, &jwe("a")).await.ok();
        let second = gate.admit(client, &jwe("b")).await.ok();
        assert!(first.is_some() && second.is_some());
        first.unwrap().accepted().await;
        second.unwrap().refused().await;
        // A third new token waits for the next window, and gets in then.
        assert!(gate.admit(client, &jwe("c")).await.is_ok());
        assert!(started.elapsed() >= CHECK_WINDOW);
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
    async fn verdicts_mark_the_network() {
        let limits = Limits::memory();
        let gate = AuthGate::new(100, Proxies::None, limits.clone());
        let agent = IpAddr::from([198, 51, 100, 20]);
        let attacker = IpAddr::from([203, 0, 113, 7]);
        let marked = |key: String| {
            let limits = limits.clone();
            async move { limits.is_marked(&key).await.unwrap_or(false) }
        };
        let good = gate.admit(Some(agent), &jwe("good")).await;
        good.unwrap().accepted().await;
        let bad = gate.admit(Some(attacker), &jwe("bad")).await;
        bad.unwrap().refused().await;
        let agents = IpAddr::from([198, 51, 100, 0]);
        let attackers = IpAddr::from([203, 0, 113, 0]);
        assert!(marked(trusted_key(agents)).await);
        assert!(!marked(suspect_key(agents)).await);
        assert!(marked(suspect_key(attackers)).await);
        assert!(!marked(trusted_key(attackers)).await);
        assert_eq!(network(agent), agents);
    }

    #[tokio::test]
    async fn a_slot_is_freed_when_the_check_is_dropped() {
        let gate = AuthGate::new(100, Proxies::None, Limits::memory());
        let client = Some(IpAddr::from([203, 0, 113, 7]));
        let mut held = Vec::new();
        for i in 0..PENDING_PER_CLIENT {
            held.push(gate.admit(client, &jwe(&format!("t{i}"))).await.ok());
        }
        assert!(held.iter().all(Option::is_some));
        assert!(matches!(
            gate.admit(client, &jwe("t9")).await,
            Err(Error::Throttled { retry_after: 1, .. })
        ));
        drop(held);
        assert!(gate.admit(client, &jwe("t9")).await.is_ok());
    }
}
