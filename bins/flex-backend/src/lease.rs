//! Exactly one statistics poller across every instance sharing a Redis: the instance
//! holding the lease `flex:stats:lease` polls TaskRouter and publishes each array to
//! Redis, from where every instance's inbox reader fans it out to its own sockets.
//!
//! The lease lasts [`LEASE_TTL`] and is renewed every [`RENEW`]; a holder that cannot
//! renew stops polling at once (well before the lease runs out), and one that shuts
//! down releases it. A holder that dies is replaced within `LEASE_TTL + RENEW`.

use std::time::Duration;

use bytestring::ByteString;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use crate::shared::{Lease, Shared};
use crate::stats::StatsPoller;

/// How long the lease lasts without a renewal.
pub const LEASE_TTL: Duration = Duration::from_millis(5000);
/// How often the lease is renewed (or tried for): three chances per lease.
pub const RENEW: Duration = Duration::from_millis(1700);
/// Longest wait for one renewal: a slower answer counts as a lost lease.
const RENEW_TIMEOUT: Duration = Duration::from_millis(1000);

/// Handle to the lease task; cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct LeaseHandle {
    stop: mpsc::Sender<oneshot::Sender<()>>,
}

impl LeaseHandle {
    /// Starts the lease task: `poller` builds a poller each time the lease is won;
    /// `local` is this instance's stats watch (its receivers are the open sockets).
    pub(crate) fn spawn(
        shared: Shared,
        poller: impl Fn() -> StatsPoller + Send + Sync + 'static,
        local: watch::Sender<ByteString>,
    ) -> Self {
        let (stop, stops) = mpsc::channel(1);
        let task = LeaseTask {
            shared,
            poller: Box::new(poller),
            local,
            held: None,
        };
        tokio::spawn(task.run(stops));
        Self { stop }
    }

    /// Stops polling and releases the lease (returns once released, or tried).
    pub(crate) async fn stop(&self) {
        let (done, wait) = oneshot::channel();
        if self.stop.send(done).await.is_ok() {
            let _ = wait.await;
        }
    }
}

/// The running poller of a lease holder; dropping it stops the poller.
struct Held {
    poller: JoinHandle<()>,
    results: watch::Receiver<ByteString>,
    demand: watch::Sender<bool>,
}

impl Drop for Held {
    fn drop(&mut self) {
        self.poller.abort();
    }
}

struct LeaseTask {
    shared: Shared,
    poller: Box<dyn Fn() -> StatsPoller + Send + Sync>,
    local: watch::Sender<ByteString>,
    held: Option<Held>,
}

impl LeaseTask {
    async fn run(mut self, mut stops: mpsc::Receiver<oneshot::Sender<()>>) {
        let mut ticks = tokio::time::interval(RENEW);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                done = stops.recv() => {
                    self.release().await;
                    if let Some(done) = done {
                        let _ = done.send(());
                    }
                    return;
                }
                _ = ticks.tick() => self.renew().await,
                Some(json) = next_result(self.held.as_mut()) => self.publish(&json).await,
            }
        }
    }

    /// Takes or renews the lease; starts or stops polling to match.
    async fn renew(&mut self) {
        let wanted_here = self.local.receiver_count() > 0;
        let lease = tokio::time::timeout(RENEW_TIMEOUT, self.shared.lease(LEASE_TTL, wanted_here));
        match lease.await {
            Ok(Ok(Lease { held: true, wanted })) => {
                let held = self.held.get_or_insert_with(|| {
                    tracing::info!("statistics lease taken: this instance polls");
                    start(self.poller.as_ref(), wanted)
                });
                held.demand.send_replace(wanted);
            }
            Ok(Ok(Lease { held: false, .. })) => self.lose("held by another instance"),
            Ok(Err(error)) => self.lose(&error.to_string()),
            Err(_) => self.lose("renewal timed out"),
        }
    }

    fn lose(&mut self, why: &str) {
        if self.held.take().is_some() {
            tracing::warn!(why, "statistics lease lost: this instance stops polling");
        }
    }

    async fn publish(&self, json: &str) {
        if let Err(error) = self.shared.publish_stats(json).await {
            tracing::warn!(%error, "publishing statistics failed");
        }
    }

    async fn release(&mut self) {
        if self.held.take().is_some() {
            let release = tokio::time::timeout(RENEW_TIMEOUT, self.shared.release()).await;
            if !matches!(release, Ok(Ok(()))) {
                tracing::warn!("statistics lease not released: it expires by itself");
            }
        }
    }
}

/// Starts a poller that polls while `wanted` says a socket is open somewhere.
fn start(poller: &dyn Fn() -> StatsPoller, wanted: bool) -> Held {
    let (demand, wanted) = watch::channel(wanted);
    let poller = poller().with_demand(wanted);
    let results = poller.subscribe();
    Held {
        poller: tokio::spawn(poller.run()),
        results,
        demand,
    }
}

/// The holder's next published array; never ready while nothing is held.
async fn next_result(held: Option<&mut Held>) -> Option<ByteString> {
    let Some(held) = held else {
        return std::future::pending().await;
    };
    if held.results.changed().await.is_err() {
        return std::future::pending().await;
    }
    Some(held.results.borrow_and_update().clone())
}
