//! Per-user sliding-window rate limits for messages and calls.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` events per user within any `window`.
///
/// Sliding window over exact timestamps: a user who spent the budget waits until
/// their oldest event leaves the window, and is told exactly how long.
#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    events: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// A limiter allowing `max` events per `window` and user. `max == 0` blocks all.
    pub fn new(max: usize, window: Duration) -> Self {
        Self {
            max,
            window,
            events: Mutex::new(HashMap::new()),
        }
    }

    /// The configured budget.
    pub fn max(&self) -> usize {
        self.max
    }

    /// The configured window.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Records an event for `user` now, or says how long to wait.
    ///
    /// # Errors
    /// The time until the next event is allowed.
    pub fn check(&self, user: &str) -> Result<(), Duration> {
        self.check_at(user, Instant::now())
    }

    /// [`check`](Self::check) at a given instant (for tests).
    ///
    /// # Errors
    /// The time until the next event is allowed.
    pub fn check_at(&self, user: &str, now: Instant) -> Result<(), Duration> {
        if self.max == 0 {
            return Err(self.window);
        }
        // A poisoned lock only means another request panicked mid-update; the
        // timestamps are still a valid (if slightly stale) record.
        let mut events = self
            .events
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let queue = events.entry(user.to_owned()).or_default();
        while queue
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= self.window)
        {
            queue.pop_front();
        }
        if queue.len() < self.max {
            queue.push_back(now);
            return Ok(());
        }
        let oldest = queue.front().copied().unwrap_or(now);
        Err(self
            .window
            .saturating_sub(now.saturating_duration_since(oldest)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_then_wait() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.check_at("alice", t0).is_ok());
        assert!(
            limiter
                .check_at("alice", t0 + Duration::from_secs(10))
                .is_ok()
        );
        assert_eq!(
            limiter.check_at("alice", t0 + Duration::from_secs(20)),
            Err(Duration::from_secs(40))
        );
        // Another user has their own budget.
        assert!(
            limiter
                .check_at("bob", t0 + Duration::from_secs(20))
                .is_ok()
        );
        // The oldest event leaves the window at t0 + 60 s.
        assert!(
            limiter
                .check_at("alice", t0 + Duration::from_secs(60))
                .is_ok()
        );
        assert_eq!(
            limiter.check_at("alice", t0 + Duration::from_secs(61)),
            Err(Duration::from_secs(9))
        );
    }

    #[test]
    fn zero_blocks_everything() {
        let limiter = RateLimiter::new(0, Duration::from_secs(5));
        assert_eq!(limiter.check("alice"), Err(Duration::from_secs(5)));
    }
}
