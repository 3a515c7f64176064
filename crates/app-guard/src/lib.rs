//! The destination policy shared by every app that places calls or sends SMS: the
//! inner wall against toll fraud (Twilio's geo permissions on the account stay the
//! outer one).
//!
//! A [`DestinationPolicy`] admits a call or a message to a number only when
//!
//! 1. the number is not in a premium-rate or shared-cost range ([`PREMIUM_RANGES`],
//!    refused whatever the countries);
//! 2. its country is allowed: `ALLOWED_DESTINATION_COUNTRIES` (ISO codes, e.g.
//!    `US,CA`), by default the countries of the app's own caller IDs;
//! 3. the user and the whole app are within their rates (fixed windows in the shared
//!    [`Limits`], default per hour: 30 calls and 60 messages per user, 300 calls and
//!    600 messages overall; `CALLS_PER_USER_PER_HOUR`, `CALLS_PER_HOUR`,
//!    `MESSAGES_PER_USER_PER_HOUR`, `MESSAGES_PER_HOUR`).
//!
//! Each refusal is a [`GuardError`] naming the rule, with its HTTP status (400, 403
//! or 429); it shows the number's deciding prefix only, never the whole input.
//!
//! ```
//! use twilio_app_auth::limit::Limits;
//! use twilio_app_guard::{Channel, DestinationPolicy};
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let policy = DestinationPolicy::from_lookup(|_| None, &["+15551230000"], Limits::memory())?;
//! assert!(policy.admit(Channel::Call, "alice", "+15551234567").await.is_ok());
//! let refused = policy.admit(Channel::Call, "alice", "+882345678901").await.unwrap_err();
//! assert_eq!(refused.http_status(), 403);
//! assert_eq!(
//!     refused.to_string(),
//!     "destination +882… refused: international networks, premium and shared-cost (+882)"
//! );
//! # Ok::<(), twilio_app_guard::GuardError>(())
//! # }).unwrap();
//! ```

mod countries;

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use thiserror::Error;
use twilio_app_auth::limit::{LimitError, Limits, Rate, StoreError};

/// Ranges refused for every country: `(prefix, what it is)`. Most of them bill the
/// caller far above normal rates and pay the number's owner a share, which is what
/// toll fraud farms.
pub const PREMIUM_RANGES: &[(&str, &str)] = &[
    ("+1900", "NANP premium rate (900)"),
    ("+1976", "NANP premium rate (976)"),
    ("+808", "international shared-cost service"),
    ("+870", "Inmarsat satellite"),
    ("+881", "global mobile satellite"),
    ("+882", "international networks, premium and shared-cost"),
    ("+883", "international networks, premium and shared-cost"),
    ("+979", "international premium rate service"),
    ("+449", "UK premium rate (09)"),
    ("+4487", "UK shared cost (087)"),
    ("+4484", "UK shared cost (084)"),
    ("+4470", "UK personal numbering (070)"),
    ("+3389", "France premium rate (089)"),
    ("+34803", "Spain premium rate (803)"),
    ("+34806", "Spain premium rate (806)"),
    ("+34807", "Spain premium rate (807)"),
    ("+3989", "Italy premium rate (89x)"),
    ("+49900", "Germany premium rate (0900)"),
    ("+49137", "Germany mass calling (0137)"),
    ("+61190", "Australia premium rate (190x)"),
];

/// The one variable every app reads for the allowed countries.
pub const COUNTRIES_VAR: &str = "ALLOWED_DESTINATION_COUNTRIES";

/// Everything the policy refuses or cannot configure. `Display` is the message for
/// the client: the rule, and at most the number's deciding prefix.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum GuardError {
    /// The destination is not `+` and 7 to 15 digits.
    #[error("destination must be an E.164 number, like +15551234567")]
    InvalidNumber,
    /// The number is in a premium-rate or shared-cost range.
    #[error("destination {prefix}… refused: {what} ({prefix})")]
    PremiumRange {
        /// The refused range's prefix, e.g. `+882`.
        prefix: &'static str,
        /// What the range is.
        what: &'static str,
    },
    /// The number's country is not allowed.
    #[error(
        "destination {prefix}… refused: country {country} is not allowed ({COUNTRIES_VAR}: {allowed})"
    )]
    CountryNotAllowed {
        /// The prefix that decided the country, e.g. `+1876`.
        prefix: String,
        /// The number's country (ISO 3166), `??` when the table does not know it.
        country: &'static str,
        /// The allowed countries, comma separated.
        allowed: String,
    },
    /// A user or the whole app is over its rate.
    #[error(
        "too many {channel}: at most {max} per {window} {scope}; try again in {retry_after_secs} s"
    )]
    RateLimited {
        /// `calls` or `messages`.
        channel: Channel,
        /// `per user` or `for the whole app`.
        scope: &'static str,
        /// The budget.
        max: u64,
        /// The budget's window, e.g. `hour`.
        window: WindowName,
        /// Seconds until the window ends.
        retry_after_secs: u64,
    },
    /// The shared counters' store (Redis) did not answer: refused rather than sent
    /// uncounted.
    #[error("{0}")]
    Unavailable(twilio_app_auth::limit::StoreError),
    /// A configuration variable is wrong; names the variable, never its whole value.
    #[error("{var}: {reason}")]
    Config {
        /// The variable.
        var: &'static str,
        /// What is wrong.
        reason: String,
    },
}

impl GuardError {
    /// The HTTP status for this refusal: 400 invalid number, 403 refused
    /// destination, 429 rate limit, 503 counters' store unavailable, 500 configuration.
    pub fn http_status(&self) -> u16 {
        match self {
            GuardError::InvalidNumber => 400,
            GuardError::PremiumRange { .. } | GuardError::CountryNotAllowed { .. } => 403,
            GuardError::RateLimited { .. } => 429,
            GuardError::Unavailable(_) => 503,
            GuardError::Config { .. } => 500,
        }
    }

    /// The `Retry-After` seconds of a rate limit (1 while the store is unavailable).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            GuardError::RateLimited {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            GuardError::Unavailable(_) => Some(1),
            _ => None,
        }
    }

    /// A short code for JSON bodies: `invalid_number`, `destination_refused`,
    /// `rate_limited`, `unavailable` or `config`.
    pub fn kind(&self) -> &'static str {
        match self {
            GuardError::InvalidNumber => "invalid_number",
            GuardError::PremiumRange { .. } | GuardError::CountryNotAllowed { .. } => {
                "destination_refused"
            }
            GuardError::RateLimited { .. } => "rate_limited",
            GuardError::Unavailable(_) => "unavailable",
            GuardError::Config { .. } => "config",
        }
    }
}

/// What is being sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Channel {
    /// A phone call.
    Call,
    /// An SMS or MMS.
    Message,
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::Call => "calls",
            Channel::Message => "messages",
        })
    }
}

/// A window's length in words, for messages (`minute`, `hour`, or seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowName(pub Duration);

impl fmt::Display for WindowName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_secs() {
            60 => f.write_str("minute"),
            3600 => f.write_str("hour"),
            86_400 => f.write_str("day"),
            s => write!(f, "{s} s"),
        }
    }
}

/// The per-user and overall budgets of one channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rates {
    /// Per user.
    pub per_user: Rate,
    /// For the whole app (every user together).
    pub global: Rate,
}

const HOUR: Duration = Duration::from_secs(3600);

/// The destination policy of one app (see the crate docs). Cheap to clone.
#[derive(Debug, Clone)]
pub struct DestinationPolicy {
    countries: BTreeSet<&'static str>,
    calls: Rates,
    messages: Rates,
    limits: Limits,
}

impl DestinationPolicy {
    /// A policy allowing `countries` (ISO codes) with the default rates.
    ///
    /// # Errors
    /// [`GuardError::Config`] for a country the table does not know.
    pub fn new<'a>(
        countries: impl IntoIterator<Item = &'a str>,
        limits: Limits,
    ) -> Result<Self, GuardError> {
        let mut set = BTreeSet::new();
        for c in countries {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            let upper = c.to_ascii_uppercase();
            let known = countries::canonical(&upper).ok_or_else(|| GuardError::Config {
                var: COUNTRIES_VAR,
                reason: format!(
                    "`{}` is not a country code this policy knows (ISO 3166, like US)",
                    c.chars().take(8).collect::<String>()
                ),
            })?;
            set.insert(known);
        }
        Ok(Self {
            countries: set,
            calls: Rates {
                per_user: Rate::new(30, HOUR),
                global: Rate::new(300, HOUR),
            },
            messages: Rates {
                per_user: Rate::new(60, HOUR),
                global: Rate::new(600, HOUR),
            },
            limits,
        })
    }

    /// The policy from configuration: `lookup(name)` reads a variable (the app's
    /// `Vars`), `caller_ids` are the app's own numbers (their countries are the
    /// default allow-list).
    ///
    /// # Errors
    /// [`GuardError::Config`] naming the variable that is wrong.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        caller_ids: &[&str],
        limits: Limits,
    ) -> Result<Self, GuardError> {
        let mut policy = match lookup(COUNTRIES_VAR).filter(|v| !v.trim().is_empty()) {
            Some(list) => Self::new(list.split(','), limits)?,
            None => {
                let mut countries = Vec::new();
                for id in caller_ids {
                    let digits = id.trim().strip_prefix('+').unwrap_or_default();
                    match countries::country_of(digits) {
                        Some((country, _)) => countries.push(country),
                        None => {
                            return Err(GuardError::Config {
                                var: COUNTRIES_VAR,
                                reason: "the country of a caller ID is not known; list the allowed countries".into(),
                            });
                        }
                    }
                }
                Self::new(countries, limits)?
            }
        };
        let number = |var: &'static str, default: u64| -> Result<u64, GuardError> {
            match lookup(var).map(|v| v.trim().to_owned()) {
                None => Ok(default),
                Some(v) if v.is_empty() => Ok(default),
                Some(v) => v.parse().map_err(|_| GuardError::Config {
                    var,
                    reason: "expected a whole number".into(),
                }),
            }
        };
        policy.calls.per_user.max = number("CALLS_PER_USER_PER_HOUR", policy.calls.per_user.max)?;
        policy.calls.global.max = number("CALLS_PER_HOUR", policy.calls.global.max)?;
        policy.messages.per_user.max =
            number("MESSAGES_PER_USER_PER_HOUR", policy.messages.per_user.max)?;
        policy.messages.global.max = number("MESSAGES_PER_HOUR", policy.messages.global.max)?;
        Ok(policy)
    }

    /// The same policy counting in `limits` (the app's shared store, once it exists).
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Replaces the budgets of `channel` (e.g. an app's own per-minute setting).
    #[must_use]
    pub fn with_rates(mut self, channel: Channel, rates: Rates) -> Self {
        match channel {
            Channel::Call => self.calls = rates,
            Channel::Message => self.messages = rates,
        }
        self
    }

    /// The budgets of `channel`.
    pub fn rates(&self, channel: Channel) -> Rates {
        match channel {
            Channel::Call => self.calls,
            Channel::Message => self.messages,
        }
    }

    /// The allowed countries (ISO codes, sorted).
    pub fn countries(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.countries.iter().copied()
    }

    /// Checks the number alone: E.164, not premium, country allowed.
    ///
    /// # Errors
    /// [`GuardError::InvalidNumber`], [`GuardError::PremiumRange`] or
    /// [`GuardError::CountryNotAllowed`].
    pub fn check_number(&self, number: &str) -> Result<(), GuardError> {
        let digits = number
            .strip_prefix('+')
            .filter(|d| {
                (7..=15).contains(&d.len())
                    && d.bytes().all(|b| b.is_ascii_digit())
                    && !d.starts_with('0')
            })
            .ok_or(GuardError::InvalidNumber)?;
        if let Some((prefix, what)) = PREMIUM_RANGES.iter().find(|(p, _)| number.starts_with(p)) {
            return Err(GuardError::PremiumRange { prefix, what });
        }
        let (country, len) = countries::country_of(digits).unwrap_or(("??", 3));
        if self.countries.contains(country) {
            return Ok(());
        }
        Err(GuardError::CountryNotAllowed {
            prefix: format!("+{}", digits.get(..len).unwrap_or(digits)),
            country,
            allowed: self.allowed_list(),
        })
    }

    /// Admits one call or message by `user` to `number`: the number checks, then
    /// the user's rate, then the app's. A refused number spends no budget.
    ///
    /// # Errors
    /// As [`DestinationPolicy::check_number`], [`GuardError::RateLimited`], and
    /// [`GuardError::Unavailable`] when the counters' store cannot answer.
    pub async fn admit(
        &self,
        channel: Channel,
        user: &str,
        number: &str,
    ) -> Result<(), GuardError> {
        self.check_number(number)?;
        let rates = self.rates(channel);
        let limited = |scope: &'static str, rate: Rate| {
            move |e: LimitError| match e {
                LimitError::Exceeded(e) => GuardError::RateLimited {
                    channel,
                    scope,
                    max: rate.max,
                    window: WindowName(rate.window),
                    retry_after_secs: e.retry_after_secs(),
                },
                LimitError::Unavailable(e) => GuardError::Unavailable(e),
                // A future refusal kind: refuse (fail closed) as unavailable.
                other => GuardError::Unavailable(StoreError::Unavailable(other.to_string())),
            }
        };
        let key = match channel {
            Channel::Call => "dest:calls",
            Channel::Message => "dest:messages",
        };
        self.limits
            .hit(&format!("{key}:user:{user}"), rates.per_user)
            .await
            .map_err(limited("per user", rates.per_user))?;
        self.limits
            .hit(&format!("{key}:all"), rates.global)
            .await
            .map_err(limited("for the whole app", rates.global))
    }

    fn allowed_list(&self) -> String {
        if self.countries.is_empty() {
            "none".to_owned()
        } else {
            self.countries.iter().copied().collect::<Vec<_>>().join(",")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(vars: &[(&str, &str)]) -> DestinationPolicy {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        DestinationPolicy::from_lookup(
            |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            &["+15551230000", "+447700900123"],
            Limits::memory(),
        )
        .unwrap()
    }

    #[test]
    fn default_countries_are_the_caller_ids() {
        let p = policy(&[]);
        assert_eq!(p.countries().collect::<Vec<_>>(), ["GB", "US"]);
        assert!(p.check_number("+15551234567").is_ok());
        assert!(p.check_number("+442071234567").is_ok());
        let e = p.check_number("+14165551234").unwrap_err();
        assert_eq!(
            e.to_string(),
            "destination +1416… refused: country CA is not allowed (ALLOWED_DESTINATION_COUNTRIES: GB,US)"
        );
    }

    #[test]
    fn premium_ranges_are_refused_whatever_the_countries() {
        let p = policy(&[("ALLOWED_DESTINATION_COUNTRIES", "us, gb,DE")]);
        for (number, prefix) in [
            ("+19005550123", "+1900"),
            ("+19765550123", "+1976"),
            ("+882345678901", "+882"),
            ("+883510001234", "+883"),
            ("+97955512345", "+979"),
            ("+80812345678", "+808"),
            ("+449098790001", "+449"),
            ("+448712345678", "+4487"),
            ("+447012345678", "+4470"),
            ("+499001234567", "+49900"),
        ] {
            let e = p.check_number(number).unwrap_err();
            assert!(
                matches!(e, GuardError::PremiumRange { prefix: p, .. } if p == prefix),
                "{number}: {e}"
            );
            assert_eq!(e.http_status(), 403);
            assert!(!e.to_string().contains(number), "{e}");
        }
        // Caribbean NANP area codes are other countries.
        let e = p.check_number("+18765551234").unwrap_err();
        assert!(e.to_string().contains("country JM"), "{e}");
        assert!(p.check_number("+4930123456").is_ok());
    }

    #[test]
    fn bad_numbers_and_config() {
        let p = policy(&[]);
        for bad in [
            "",
            "+",
            "15551234567",
            "+1555",
            "+1555123456789012",
            "+0123456789",
        ] {
            assert_eq!(p.check_number(bad), Err(GuardError::InvalidNumber), "{bad}");
        }
        let e = DestinationPolicy::new(["US", "Atlantis-and-more"], Limits::memory()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "ALLOWED_DESTINATION_COUNTRIES: `Atlantis` is not a country code this policy knows (ISO 3166, like US)"
        );
        let e = DestinationPolicy::from_lookup(|_| None, &["+8823456789"], Limits::memory())
            .unwrap_err();
        assert!(matches!(
            e,
            GuardError::Config {
                var: COUNTRIES_VAR,
                ..
            }
        ));
        let e = DestinationPolicy::from_lookup(
            |v| (v == "CALLS_PER_HOUR").then(|| "many".to_owned()),
            &["+15551230000"],
            Limits::memory(),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "CALLS_PER_HOUR: expected a whole number");
    }

    #[tokio::test]
    async fn rates_per_user_then_global() {
        let p = policy(&[("CALLS_PER_USER_PER_HOUR", "2"), ("CALLS_PER_HOUR", "3")]);
        let to = "+15551234567";
        assert!(p.admit(Channel::Call, "alice", to).await.is_ok());
        assert!(p.admit(Channel::Call, "alice", to).await.is_ok());
        let e = p.admit(Channel::Call, "alice", to).await.unwrap_err();
        assert_eq!(e.http_status(), 429);
        assert!(
            e.to_string()
                .starts_with("too many calls: at most 2 per hour per user"),
            "{e}"
        );
        // Refused numbers spend nothing; messages have their own budget.
        assert!(
            p.admit(Channel::Call, "bob", "+882345678901")
                .await
                .is_err()
        );
        assert!(p.admit(Channel::Message, "alice", to).await.is_ok());
        assert!(p.admit(Channel::Call, "bob", to).await.is_ok());
        let e = p.admit(Channel::Call, "carol", to).await.unwrap_err();
        assert!(e.to_string().contains("for the whole app"), "{e}");
        assert!(e.retry_after_secs().is_some_and(|s| s > 3000));
    }

    /// A store that cannot answer (Redis down): every admission is refused with
    /// 503, never let through uncounted.
    #[derive(Debug)]
    struct Down;

    impl twilio_app_auth::limit::Store for Down {
        fn add<'a>(
            &'a self,
            _: &'a str,
            _: u64,
            _: Duration,
        ) -> twilio_app_auth::limit::StoreFuture<'a, twilio_app_auth::limit::Count> {
            Box::pin(async { Err(StoreError::Unavailable("down".to_owned())) })
        }
        fn get<'a>(
            &'a self,
            _: &'a str,
        ) -> twilio_app_auth::limit::StoreFuture<'a, twilio_app_auth::limit::Count> {
            Box::pin(async { Err(StoreError::Unavailable("down".to_owned())) })
        }
        fn clear<'a>(&'a self, _: &'a str) -> twilio_app_auth::limit::StoreFuture<'a, ()> {
            Box::pin(async { Err(StoreError::Unavailable("down".to_owned())) })
        }
        fn mark<'a>(
            &'a self,
            _: &'a str,
            _: Duration,
        ) -> twilio_app_auth::limit::StoreFuture<'a, ()> {
            Box::pin(async { Err(StoreError::Unavailable("down".to_owned())) })
        }
        fn is_marked<'a>(&'a self, _: &'a str) -> twilio_app_auth::limit::StoreFuture<'a, bool> {
            Box::pin(async { Err(StoreError::Unavailable("down".to_owned())) })
        }
    }

    #[tokio::test]
    async fn store_down_refuses_with_503() {
        let p = policy(&[]).with_limits(Limits::new(Down));
        let e = p
            .admit(Channel::Message, "alice", "+15551234567")
            .await
            .unwrap_err();
        assert_eq!((e.http_status(), e.kind()), (503, "unavailable"));
        assert_eq!(e.retry_after_secs(), Some(1));
        // The number is still checked first.
        let e = p.admit(Channel::Call, "alice", "nope").await.unwrap_err();
        assert_eq!(e.http_status(), 400);
    }
}
