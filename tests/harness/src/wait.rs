//! Waiting for a condition instead of for a time.
//!
//! A test that sleeps a fixed time and then checks is wrong twice: on a fast machine it
//! wastes the time, on a loaded one the time is not enough. These helpers poll the
//! condition often and give up only after [`GUARD`], a failure guard long enough that
//! only a real fault reaches it (a slow machine just waits longer).

use std::future::Future;
use std::time::{Duration, Instant};

/// How long a condition may take before the test fails: generous on purpose, it only
/// ends a test that would otherwise hang.
pub const GUARD: Duration = Duration::from_secs(180);

/// How often a condition is checked.
const POLL: Duration = Duration::from_millis(20);

/// Waits until `check` returns `true`, checking every 20 ms on the Tokio timer.
///
/// # Errors
/// `what` and the time waited, when `check` still fails after [`GUARD`].
pub async fn until<F, Fut>(what: &str, mut check: F) -> Result<(), String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let start = Instant::now();
    loop {
        if check().await {
            return Ok(());
        }
        if start.elapsed() >= GUARD {
            return Err(format!("{what}: still not true after {GUARD:?}"));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// [`until`] for a blocking check, on the calling thread.
///
/// # Errors
/// `what` and the time waited, when `check` still fails after [`GUARD`].
pub fn until_blocking(what: &str, mut check: impl FnMut() -> bool) -> Result<(), String> {
    let start = Instant::now();
    loop {
        if check() {
            return Ok(());
        }
        if start.elapsed() >= GUARD {
            return Err(format!("{what}: still not true after {GUARD:?}"));
        }
        std::thread::sleep(POLL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn until_returns_once_the_condition_holds() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        until("three checks", || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { n >= 3 }
        })
        .await
        .unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn until_blocking_returns_once_the_condition_holds() {
        let mut n = 0;
        until_blocking("three checks", || {
            n += 1;
            n >= 3
        })
        .unwrap();
        assert_eq!(n, 3);
    }
}
