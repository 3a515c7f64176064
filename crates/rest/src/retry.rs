//! When to retry a request, as a plain value with a pure decision function.
//!
//! The client asks [`RetryPolicy::decide`] after every failed attempt, and
//! [`RetryPolicy::attempt_timeout`] before every attempt (the total deadline); both
//! use only their arguments, so every rule is tested without I/O.

use std::time::{Duration, SystemTime};

/// What happened on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Twilio answered with this non-success HTTP status.
    Status(u16),
    /// The connection could not be opened: nothing was sent, so a retry is always safe.
    ConnectFailed,
    /// A timeout or a connection reset after the request may have reached Twilio: a
    /// retry could repeat a side effect.
    Ambiguous,
}

/// How long to wait before the next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Exactly this long (a fixed delay, or Twilio's `Retry-After`).
    Exactly(Duration),
    /// A uniformly random time between zero and this ceiling ("full jitter").
    UpTo(Duration),
}

impl Wait {
    /// The concrete delay, given `unit`, a random number in `[0, 1)`.
    pub fn sample(self, unit: f64) -> Duration {
        match self {
            Wait::Exactly(d) => d,
            Wait::UpTo(cap) => cap.mul_f64(unit.clamp(0.0, 1.0)),
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Give up and return the error.
    Stop,
    /// Wait, then try again.
    Retry(Wait),
}

/// The delay schedule of a [`RetryPolicy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backoff {
    /// Never retry.
    None,
    /// Up to `retries` retries, `delay` apart.
    Fixed {
        /// Maximum number of retries (attempts minus one).
        retries: u32,
        /// Delay between attempts.
        delay: Duration,
    },
    /// Up to `retries` retries; before retry `n` (from 0) wait a random time up to
    /// `min(cap, base * 2^n)`.
    Exponential {
        /// Maximum number of retries (attempts minus one).
        retries: u32,
        /// Ceiling of the first delay.
        base: Duration,
        /// Largest ceiling.
        cap: Duration,
    },
}

/// When and how long to wait before retrying.
///
/// Retries `429 Too Many Requests` always (Twilio did not process the request), `503`
/// and ambiguous transport failures only for idempotent requests, connection failures
/// always. A non-idempotent create is retried after an ambiguous failure only with
/// [`RetryPolicy::retry_ambiguous_creates`]. A `Retry-After` from Twilio replaces the
/// computed delay, up to [`RetryPolicy::max_retry_after`].
///
/// A total deadline ([`RetryPolicy::deadline`], default 60 s, counted from the start of
/// the first attempt) bounds the whole call: no attempt starts at or after it, and
/// each attempt's timeout is cut to the time left.
///
/// ```
/// use std::time::Duration;
/// use twilio_rest::retry::{Decision, Outcome, RetryPolicy, Wait};
///
/// let policy = RetryPolicy::fixed(2, Duration::from_millis(100));
/// let after = Some(Duration::from_secs(1));
/// assert_eq!(
///     policy.decide(0, Outcome::Status(429), after, false),
///     Decision::Retry(Wait::Exactly(Duration::from_secs(1)))
/// );
/// assert_eq!(policy.decide(2, Outcome::Status(429), None, false), Decision::Stop);
/// assert_eq!(policy.decide(0, Outcome::Status(503), None, false), Decision::Stop);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    backoff: Backoff,
    retry_ambiguous_creates: bool,
    max_retry_after: Duration,
    deadline: Duration,
}

/// The default total deadline of a call, retries and waits included.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

impl Default for RetryPolicy {
    /// Three retries with exponential backoff from 100 ms, capped at 3 s (twilio-node's
    /// `autoRetry` numbers).
    fn default() -> Self {
        Self::exponential(3, Duration::from_millis(100), Duration::from_secs(3))
    }
}

impl RetryPolicy {
    fn with(backoff: Backoff) -> Self {
        Self {
            backoff,
            retry_ambiguous_creates: false,
            max_retry_after: Duration::from_secs(60),
            deadline: DEFAULT_DEADLINE,
        }
    }

    /// Never retry.
    pub fn none() -> Self {
        Self::with(Backoff::None)
    }

    /// Up to `retries` retries, `delay` apart.
    pub fn fixed(retries: u32, delay: Duration) -> Self {
        Self::with(Backoff::Fixed { retries, delay })
    }

    /// Up to `retries` retries with full-jitter exponential backoff.
    pub fn exponential(retries: u32, base: Duration, cap: Duration) -> Self {
        Self::with(Backoff::Exponential { retries, base, cap })
    }

    /// Also retry non-idempotent requests (creates) after a timeout or reset, accepting
    /// that Twilio may then perform them twice.
    #[must_use]
    pub fn retry_ambiguous_creates(mut self, yes: bool) -> Self {
        self.retry_ambiguous_creates = yes;
        self
    }

    /// The longest `Retry-After` honoured; a longer one stops retrying (default 60 s).
    #[must_use]
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// The total time one call may take, every attempt and wait included, counted from
    /// the start of its first attempt (default [`DEFAULT_DEADLINE`], 60 s). No attempt
    /// starts at or after it, and an attempt's timeout is cut to the time left, so a
    /// GET that keeps timing out ends after about this long instead of
    /// `(retries + 1) × timeout`.
    #[must_use]
    pub fn deadline(mut self, total: Duration) -> Self {
        self.deadline = total;
        self
    }

    /// The total deadline (see [`RetryPolicy::deadline`]).
    pub fn total_deadline(&self) -> Duration {
        self.deadline
    }

    /// The timeout of an attempt that starts `delay` from now, `elapsed` after the
    /// first attempt started: the client's `timeout`, cut to what is left of the
    /// deadline; `None` when the attempt would start at or after the deadline (then no
    /// attempt is made).
    ///
    /// ```
    /// use std::time::Duration;
    /// use twilio_rest::RetryPolicy;
    /// let s = Duration::from_secs;
    /// let p = RetryPolicy::default().deadline(s(60));
    /// assert_eq!(p.attempt_timeout(s(0), s(0), s(30)), Some(s(30)));
    /// assert_eq!(p.attempt_timeout(s(40), s(5), s(30)), Some(s(15)));
    /// assert_eq!(p.attempt_timeout(s(58), s(2), s(30)), None);
    /// ```
    pub fn attempt_timeout(
        &self,
        elapsed: Duration,
        delay: Duration,
        timeout: Duration,
    ) -> Option<Duration> {
        let starts_at = elapsed.saturating_add(delay);
        let left = self.deadline.checked_sub(starts_at)?;
        (!left.is_zero()).then(|| timeout.min(left))
    }

    /// The delay schedule.
    pub fn backoff(&self) -> Backoff {
        self.backoff
    }

    /// Maximum number of retries.
    pub fn max_retries(&self) -> u32 {
        match self.backoff {
            Backoff::None => 0,
            Backoff::Fixed { retries, .. } | Backoff::Exponential { retries, .. } => retries,
        }
    }

    /// Decides after a failed attempt. `retries_done` counts retries already made (0
    /// after the first attempt); `retry_after` is Twilio's `Retry-After`, if any.
    pub fn decide(
        &self,
        retries_done: u32,
        outcome: Outcome,
        retry_after: Option<Duration>,
        idempotent: bool,
    ) -> Decision {
        if retries_done >= self.max_retries() || !self.retryable(outcome, idempotent) {
            return Decision::Stop;
        }
        match retry_after {
            Some(wait) if wait > self.max_retry_after => Decision::Stop,
            Some(wait) => Decision::Retry(Wait::Exactly(wait)),
            None => Decision::Retry(self.wait(retries_done)),
        }
    }

    fn retryable(&self, outcome: Outcome, idempotent: bool) -> bool {
        match outcome {
            Outcome::Status(429) | Outcome::ConnectFailed => true,
            Outcome::Status(503) => idempotent,
            Outcome::Status(_) => false,
            Outcome::Ambiguous => idempotent || self.retry_ambiguous_creates,
        }
    }

    fn wait(&self, retries_done: u32) -> Wait {
        match self.backoff {
            Backoff::None => Wait::Exactly(Duration::ZERO),
            Backoff::Fixed { delay, .. } => Wait::Exactly(delay),
            Backoff::Exponential { base, cap, .. } => {
                let factor = 2u32.saturating_pow(retries_done.min(31));
                Wait::UpTo(base.saturating_mul(factor).min(cap))
            }
        }
    }
}

/// Parses a `Retry-After` header at time `now`: delay-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, and the two obsolete forms of RFC 9110), a date
/// in the past meaning "now". Anything else is `None`, and the policy's own backoff
/// applies.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use twilio_rest::retry::parse_retry_after;
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470); // 07:27:50
/// let at = parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now);
/// assert_eq!(at, Some(Duration::from_secs(10)));
/// assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
/// ```
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn none_never_retries() {
        let p = RetryPolicy::none();
        assert_eq!(
            p.decide(0, Outcome::Status(429), None, true),
            Decision::Stop
        );
        assert_eq!(
            p.decide(0, Outcome::ConnectFailed, None, true),
            Decision::Stop
        );
    }

    #[test]
    fn status_rules() {
        let p = RetryPolicy::fixed(3, MS);
        let retry = Decision::Retry(Wait::Exactly(MS));
        assert_eq!(p.decide(0, Outcome::Status(429), None, false), retry);
        assert_eq!(p.decide(0, Outcome::Status(429), None, true), retry);
        assert_eq!(p.decide(0, Outcome::Status(503), None, true), retry);
        assert_eq!(
            p.decide(0, Outcome::Status(503), None, false),
            Decision::Stop
        );
        for status in [400, 401, 404, 409, 500, 502] {
            assert_eq!(
                p.decide(0, Outcome::Status(status), None, true),
                Decision::Stop
            );
        }
    }

    #[test]
    fn ambiguous_failures_need_idempotence_or_opt_in() {
        let p = RetryPolicy::fixed(3, MS);
        assert_eq!(p.decide(0, Outcome::Ambiguous, None, false), Decision::Stop);
        assert_ne!(p.decide(0, Outcome::Ambiguous, None, true), Decision::Stop);
        let p = p.retry_ambiguous_creates(true);
        assert_ne!(p.decide(0, Outcome::Ambiguous, None, false), Decision::Stop);
        // A refused connection sent nothing: safe even for creates.
        let p = RetryPolicy::fixed(3, MS);
        assert_ne!(
            p.decide(0, Outcome::ConnectFailed, None, false),
            Decision::Stop
        );
    }

    #[test]
    fn retries_are_counted() {
        let p = RetryPolicy::fixed(2, MS);
        assert_ne!(
            p.decide(1, Outcome::Status(429), None, true),
            Decision::Stop
        );
        assert_eq!(
            p.decide(2, Outcome::Status(429), None, true),
            Decision::Stop
        );
    }

    #[test]
    fn retry_after_replaces_backoff_up_to_limit() {
        let p = RetryPolicy::exponential(3, MS, 10 * MS).max_retry_after(Duration::from_secs(5));
        let after = Some(Duration::from_secs(2));
        assert_eq!(
            p.decide(0, Outcome::Status(429), after, true),
            Decision::Retry(Wait::Exactly(Duration::from_secs(2)))
        );
        let too_long = Some(Duration::from_secs(6));
        assert_eq!(
            p.decide(0, Outcome::Status(429), too_long, true),
            Decision::Stop
        );
    }

    #[test]
    fn exponential_doubles_up_to_cap_with_full_jitter() {
        let p = RetryPolicy::exponential(40, 100 * MS, 1000 * MS);
        let ceilings: Vec<Decision> = (0..5)
            .map(|n| p.decide(n, Outcome::Status(429), None, true))
            .collect();
        let expect: Vec<Decision> = [100, 200, 400, 800, 1000]
            .iter()
            .map(|&ms| Decision::Retry(Wait::UpTo(ms * MS)))
            .collect();
        assert_eq!(ceilings, expect);
        // Large attempt numbers saturate instead of overflowing.
        assert_eq!(
            p.decide(39, Outcome::Status(429), None, true),
            Decision::Retry(Wait::UpTo(1000 * MS))
        );
        assert_eq!(Wait::UpTo(1000 * MS).sample(0.25), 250 * MS);
        assert_eq!(Wait::UpTo(1000 * MS).sample(0.0), Duration::ZERO);
        assert_eq!(Wait::Exactly(7 * MS).sample(0.9), 7 * MS);
    }

    #[test]
    fn retry_after_parsing() {
        // 2015-10-21 07:28:00 UTC.
        let date = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let now = date - Duration::from_secs(90);
        let s = Duration::from_secs;
        assert_eq!(parse_retry_after(" 3 ", now), Some(s(3)));
        for form in [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15 07:28:00 GMT",
            "Wed Oct 21 07:28:00 2015",
        ] {
            assert_eq!(parse_retry_after(form, now), Some(s(90)), "{form}");
        }
        let later = date + s(5);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", later),
            Some(Duration::ZERO),
            "a past date means now"
        );
        for bad in ["-1", "1.5", "soon", "", "Wed, 32 Oct 2015 07:28:00 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn an_http_date_retry_after_is_capped_like_seconds() {
        let p = RetryPolicy::fixed(3, MS).max_retry_after(Duration::from_secs(5));
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470);
        let near = parse_retry_after("Wed, 21 Oct 2015 07:27:53 GMT", now);
        assert_eq!(
            p.decide(0, Outcome::Status(429), near, true),
            Decision::Retry(Wait::Exactly(Duration::from_secs(3)))
        );
        let far = parse_retry_after("Wed, 21 Oct 2015 08:00:00 GMT", now);
        assert_eq!(p.decide(0, Outcome::Status(429), far, true), Decision::Stop);
    }

    #[test]
    fn the_deadline_bounds_attempts_and_cuts_their_timeout() {
        let s = Duration::from_secs;
        let p = RetryPolicy::default();
        assert_eq!(p.total_deadline(), s(60));
        let p = p.deadline(s(10));
        assert_eq!(p.attempt_timeout(s(0), s(0), s(30)), Some(s(10)));
        assert_eq!(p.attempt_timeout(s(0), s(0), s(3)), Some(s(3)));
        assert_eq!(p.attempt_timeout(s(6), s(1), s(30)), Some(s(3)));
        assert_eq!(p.attempt_timeout(s(9), s(1), s(30)), None, "starts at it");
        assert_eq!(p.attempt_timeout(s(12), s(0), s(30)), None, "past it");
        assert_eq!(p.attempt_timeout(Duration::MAX, s(1), s(30)), None);
    }
}
