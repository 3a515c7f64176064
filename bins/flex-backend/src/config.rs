//! Typed configuration, read once at startup from the environment (and `.env`).

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use jiff::tz::TimeZone;
use twilio_app_auth::limit::{Limits, Rate};
use twilio_app_env::proxies::Proxies;
use twilio_app_env::spec::{Kind, Need, Spec, Var, common};
use twilio_app_env::{Secret, Vars};
use twilio_app_guard::{Channel as GuardChannel, DestinationPolicy, GuardError, Rates};
use twilio_rest::sid::{AccountSid, ApiKeySid, PhoneNumber, WorkflowSid, WorkspaceSid};

use crate::Error;
use crate::stats::Channel;

/// Most SLA thresholds the stats dashboard shows (the seed's documented limit).
pub const MAX_SLA_THRESHOLDS: usize = 3;

const NUMBER: Kind = Kind::Number {
    min: 1,
    max: u64::MAX,
};

/// Every setting of the app: `flex-backend --help` prints this table.
pub const SPEC: Spec = Spec {
    bin: "flex-backend",
    about: "The Flex plugins' backend: outbound calls and live queue statistics over \
            websockets (seed 002).",
    commands: &[],
    local_mode: true,
    groups: &[
        (
            "Twilio",
            &[
                common::ACCOUNT_SID,
                common::AUTH_TOKEN,
                Var {
                    need: Need::Optional,
                    meaning: "an API key for REST calls instead of the Auth Token",
                    ..common::API_KEY_SID
                }
                .legacy(&["TWILIO_API_KEY"]),
                Var {
                    need: Need::Optional,
                    ..common::API_KEY_SECRET
                }
                .legacy(&["TWILIO_API_SECRET"]),
                Var::twilio(
                    "TWILIO_OUTBOUND_WORKFLOW_SID",
                    Kind::Sid("WW"),
                    "the workflow outbound calls are enqueued into",
                ),
                Var::twilio(
                    "TWILIO_FLEX_WORKSPACE_SID",
                    Kind::Sid("WS"),
                    "the Flex TaskRouter workspace whose queues are polled",
                ),
                Var::twilio(
                    "FLEX_CALLER_IDS",
                    Kind::Phones,
                    "numbers calls may show as caller ID, the first is the default",
                ),
                Var {
                    need: Need::Optional,
                    meaning: "the https URL Twilio calls back (signatures are checked \
                              against it); required with Twilio unless EXTERNAL_HOST is set",
                    ..common::PUBLIC_BASE_URL
                },
                Var::optional(
                    "EXTERNAL_HOST",
                    Kind::Text,
                    "the seed's bare host name instead of PUBLIC_BASE_URL (https assumed)",
                ),
                common::API_BASE_URL,
                Var::optional(
                    "TWILIO_TASKROUTER_BASE_URL",
                    Kind::Url,
                    "another https://taskrouter.twilio.com",
                ),
                Var::optional(
                    "TWILIO_IAM_BASE_URL",
                    Kind::Url,
                    "another https://iam.twilio.com (Flex token checks)",
                ),
            ],
        ),
        (
            "Server",
            &[
                common::BIND_ADDRESS,
                Var::optional("PORT", Kind::Port, "port to listen on (0 picks a free one)")
                    .default("3000"),
                common::TRUSTED_PROXIES,
                common::REDIS_URL,
                Var::optional(
                    "WS_PING_SECS",
                    NUMBER,
                    "websocket ping period; a missed pong closes",
                )
                .default("30"),
                common::LOCAL_AUTH_TOKEN,
                common::RUST_LOG,
            ],
        ),
        (
            "Statistics",
            &[
                Var::optional(
                    "STATS_REALTIME_SECS",
                    NUMBER,
                    "realtime queue statistics period",
                )
                .default("5"),
                Var::optional(
                    "STATS_CUMULATIVE_SECS",
                    NUMBER,
                    "cumulative statistics period",
                )
                .default("30"),
                Var::optional(
                    "STATS_SLA_THRESHOLDS",
                    Kind::List,
                    "SLA thresholds in seconds, at most 3, e.g. 30,60,120",
                )
                .default("30,60,120"),
                Var::optional(
                    "STATS_CHANNELS",
                    Kind::List,
                    "channels with statistics: voice, chat, video",
                )
                .default("voice,chat,video"),
                Var::optional(
                    "STATS_TIMEZONE",
                    Kind::Text,
                    "IANA time zone where \"today\" starts",
                )
                .default("UTC"),
                Var::optional(
                    "STATS_CONCURRENCY",
                    NUMBER,
                    "statistics requests in flight at once",
                )
                .default("4"),
            ],
        ),
        (
            "Abuse limits",
            &[
                Var::optional(
                    "CALLS_PER_MINUTE",
                    NUMBER,
                    "calls one Flex user may place a minute over all their sockets",
                )
                .default("10"),
                Var::optional(
                    "CALLS_PER_HOUR",
                    Kind::Number {
                        min: 0,
                        max: u64::MAX,
                    },
                    "calls the whole backend may place an hour",
                )
                .default("300"),
                common::ALLOWED_DESTINATION_COUNTRIES,
                Var::optional(
                    "TOKEN_CHECKS_PER_SECOND",
                    NUMBER,
                    "IAM checks of Flex tokens not seen before, per second for all clients",
                )
                .default("2"),
            ],
        ),
    ],
};

/// Everything the app needs, checked before it binds a socket. Secrets stay out of
/// `Debug`.
#[derive(Clone)]
pub struct Config {
    /// `TWILIO_ACCOUNT_SID`
    pub account_sid: AccountSid,
    /// `TWILIO_AUTH_TOKEN`: webhook signatures, and REST calls unless an API key is set.
    pub auth_token: Secret,
    /// `TWILIO_API_KEY_SID` + `TWILIO_API_KEY_SECRET`: REST credentials instead of the
    /// auth token.
    pub api_key: Option<(ApiKeySid, Secret)>,
    /// `TWILIO_OUTBOUND_WORKFLOW_SID`: the workflow the answer TwiML enqueues into.
    pub workflow_sid: WorkflowSid,
    /// `TWILIO_FLEX_WORKSPACE_SID`: the workspace whose queues are polled.
    pub workspace_sid: WorkspaceSid,
    /// `PUBLIC_BASE_URL` (or `https://{EXTERNAL_HOST}`), without a trailing slash:
    /// callback URLs and signature checks use it.
    pub public_base_url: String,
    /// `FLEX_CALLER_IDS`: the numbers calls may show; the first is the default.
    pub caller_ids: Vec<PhoneNumber>,
    /// `STATS_REALTIME_SECS` (default 5).
    pub realtime_period: Duration,
    /// `STATS_CUMULATIVE_SECS` (default 30).
    pub cumulative_period: Duration,
    /// `STATS_SLA_THRESHOLDS` in seconds (default `30,60,120`, at most 3).
    pub sla_thresholds: Vec<u32>,
    /// `STATS_CHANNELS` (default `voice,chat,video`); the others get zeroed stats.
    pub channels: Vec<Channel>,
    /// `STATS_TIMEZONE`: where "today" starts (IANA name, default `UTC`).
    pub timezone: TimeZone,
    /// `STATS_CONCURRENCY`: statistics requests in flight at once (default 4).
    pub stats_concurrency: usize,
    /// `WS_PING_SECS`: websocket ping period (default 30); a missed pong closes.
    pub ping_period: Duration,
    /// `CALLS_PER_MINUTE`: calls one user may place per minute, over all their
    /// sockets (default 10).
    pub calls_per_minute: usize,
    /// `TOKEN_CHECKS_PER_SECOND`: IAM checks of tokens not seen before, per second
    /// for every client together (default 2, at least 1); past it such tokens get
    /// 429 with `Retry-After: 1`. Tokens IAM accepted or refused before, and
    /// anything that is not a compact JWE, never count.
    pub token_checks_per_second: u32,
    /// The destination policy of outbound calls (`ALLOWED_DESTINATION_COUNTRIES`,
    /// default the countries of `FLEX_CALLER_IDS`; `CALLS_PER_MINUTE` per user,
    /// `CALLS_PER_HOUR` overall).
    pub destinations: DestinationPolicy,
    /// `TRUSTED_PROXIES` (formerly `PROXY_HOPS`): reverse proxies in front, a count
    /// or their addresses (default none); with any, the client address is read from
    /// `X-Forwarded-For`.
    pub proxies: Proxies,
    /// `BIND_ADDRESS` (default `127.0.0.1`) and `PORT` (default 3000).
    pub bind: SocketAddr,
    /// `TWILIO_API_BASE_URL`, `TWILIO_TASKROUTER_BASE_URL`, `TWILIO_IAM_BASE_URL`:
    /// other hosts for Twilio's domains (mocks in tests, proxies).
    pub api_base_url: Option<String>,
    /// See [`Config::api_base_url`].
    pub taskrouter_base_url: Option<String>,
    /// See [`Config::api_base_url`].
    pub iam_base_url: Option<String>,
    /// `REDIS_URL`: the Redis every instance shares (token-check budgets, call
    /// rates); unset keeps them in this process. May hold a password.
    pub redis_url: Option<twilio_app_env::Secret>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("account_sid", &self.account_sid)
            .field("api_key", &self.api_key.as_ref().map(|(sid, _)| sid))
            .field("workflow_sid", &self.workflow_sid)
            .field("workspace_sid", &self.workspace_sid)
            .field("public_base_url", &self.public_base_url)
            .field("caller_ids", &self.caller_ids)
            .field("realtime_period", &self.realtime_period)
            .field("cumulative_period", &self.cumulative_period)
            .field("sla_thresholds", &self.sla_thresholds)
            .field("channels", &self.channels)
            .field("timezone", &self.timezone.iana_name())
            .field("calls_per_minute", &self.calls_per_minute)
            .field("token_checks_per_second", &self.token_checks_per_second)
            .field("destinations", &self.destinations)
            .field("proxies", &self.proxies)
            .field("bind", &self.bind)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Reads `.env` if there is one (real environment variables win), then the
    /// environment.
    ///
    /// # Errors
    /// [`Error::Config`] naming the first missing or malformed variable.
    pub fn from_env() -> Result<Self, Error> {
        twilio_app_env::load_dotenv()?;
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads every setting through `lookup` (the environment, or a map in tests).
    ///
    /// # Errors
    /// [`Error::Settings`] naming every missing or malformed variable, or
    /// [`Error::Config`] for one that is wrong with the others.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let env = SPEC.read(&lookup).checked()?;
        let lookup = env.lookup();
        let vars = Vars::new(&lookup);
        let api_key = match (
            vars.optional("TWILIO_API_KEY_SID"),
            vars.optional("TWILIO_API_KEY_SECRET"),
        ) {
            (Some(sid), Some(secret)) => Some((
                ApiKeySid::new(sid).map_err(|_| config("TWILIO_API_KEY_SID", "not an SK… SID"))?,
                Secret::new(secret),
            )),
            (None, None) => None,
            (Some(_), None) => return Err(config("TWILIO_API_KEY_SECRET", "missing")),
            (None, Some(_)) => return Err(config("TWILIO_API_KEY_SID", "missing")),
        };
        let caller_ids = caller_ids(&vars.required("FLEX_CALLER_IDS")?)?;
        let calls_per_minute = match vars.number("CALLS_PER_MINUTE", 10)? {
            0 => return Err(config("CALLS_PER_MINUTE", "must be at least 1")),
            n => n,
        };
        let destinations = destinations(&lookup, &caller_ids, calls_per_minute)?;
        Ok(Self {
            account_sid: vars.parse("TWILIO_ACCOUNT_SID", AccountSid::new)?,
            auth_token: vars.secret("TWILIO_AUTH_TOKEN")?,
            api_key,
            workflow_sid: vars.parse("TWILIO_OUTBOUND_WORKFLOW_SID", WorkflowSid::new)?,
            workspace_sid: vars.parse("TWILIO_FLEX_WORKSPACE_SID", WorkspaceSid::new)?,
            public_base_url: public_base_url(&vars)?,
            caller_ids,
            realtime_period: vars.seconds("STATS_REALTIME_SECS", 5)?,
            cumulative_period: vars.seconds("STATS_CUMULATIVE_SECS", 30)?,
            sla_thresholds: sla_thresholds(vars.optional("STATS_SLA_THRESHOLDS").as_deref())?,
            channels: channels(vars.optional("STATS_CHANNELS").as_deref())?,
            timezone: match vars.optional("STATS_TIMEZONE") {
                None => TimeZone::UTC,
                Some(name) => TimeZone::get(&name)
                    .map_err(|_| config("STATS_TIMEZONE", "not a known IANA time zone"))?,
            },
            stats_concurrency: match vars.number("STATS_CONCURRENCY", 4)? {
                0 => return Err(config("STATS_CONCURRENCY", "must be at least 1")),
                n => n,
            },
            ping_period: vars.seconds("WS_PING_SECS", 30)?,
            calls_per_minute,
            token_checks_per_second: match vars.number("TOKEN_CHECKS_PER_SECOND", 2)? {
                0 => return Err(config("TOKEN_CHECKS_PER_SECOND", "must be at least 1")),
                n => n,
            },
            destinations,
            proxies: twilio_app_env::trusted_proxies(&vars)?,
            bind: twilio_app_env::bind_address(&vars, 3000)?,
            api_base_url: vars.optional("TWILIO_API_BASE_URL"),
            taskrouter_base_url: vars.optional("TWILIO_TASKROUTER_BASE_URL"),
            iam_base_url: vars.optional("TWILIO_IAM_BASE_URL"),
            redis_url: vars.optional("REDIS_URL").map(twilio_app_env::Secret::new),
        })
    }
}

fn config(var: &'static str, reason: &str) -> Error {
    Error::Config {
        var,
        reason: reason.to_owned(),
    }
}

/// `PUBLIC_BASE_URL`, or the seed's `EXTERNAL_HOST` (a bare host name) behind https.
fn public_base_url(vars: &Vars<'_>) -> Result<String, Error> {
    if let Some(raw) = vars.optional("PUBLIC_BASE_URL") {
        return base_url(&raw).ok_or_else(|| {
            config(
                "PUBLIC_BASE_URL",
                "must be an https URL such as https://flex-backend.example.com",
            )
        });
    }
    let host = vars.optional("EXTERNAL_HOST").ok_or_else(|| {
        config(
            "PUBLIC_BASE_URL",
            "missing (or set EXTERNAL_HOST to the bare host name)",
        )
    })?;
    if host.contains("://") {
        return Err(config(
            "EXTERNAL_HOST",
            "a host name without a scheme; use PUBLIC_BASE_URL for a full URL",
        ));
    }
    base_url(&format!("https://{host}"))
        .ok_or_else(|| config("EXTERNAL_HOST", "not a valid host name"))
}

/// `https://host[:port][/prefix]` without a trailing slash; plain http only for a
/// local host (Twilio never calls those, but tests and tunnels do).
fn base_url(raw: &str) -> Option<String> {
    let trimmed = raw.trim_end_matches('/');
    let (local_only, rest) = match trimmed.strip_prefix("https://") {
        Some(rest) => (false, rest),
        None => (true, trimmed.strip_prefix("http://")?),
    };
    let host = rest.split(['/', ':']).next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let local = matches!(host, "localhost" | "127.0.0.1");
    let clean = !rest.contains(['?', '#', ' ', '@']);
    (host_ok && clean && (!local_only || local)).then(|| trimmed.to_owned())
}

/// The shared destination policy, with `CALLS_PER_MINUTE` as the per-user call rate.
fn destinations(
    lookup: &impl Fn(&str) -> Option<String>,
    caller_ids: &[PhoneNumber],
    calls_per_minute: usize,
) -> Result<DestinationPolicy, Error> {
    let ids: Vec<&str> = caller_ids.iter().map(PhoneNumber::as_str).collect();
    // No messages here, and the per-user call rate is CALLS_PER_MINUTE (set below).
    let shared = |name: &str| {
        if name.starts_with("MESSAGES_") || name.ends_with("_PER_USER_PER_HOUR") {
            None
        } else {
            lookup(name)
        }
    };
    let policy =
        DestinationPolicy::from_lookup(shared, &ids, Limits::memory()).map_err(|e| match e {
            GuardError::Config { var, reason } => config(var, &reason),
            other => config("ALLOWED_DESTINATION_COUNTRIES", &other.to_string()),
        })?;
    let global = policy.rates(GuardChannel::Call).global;
    Ok(policy.with_rates(
        GuardChannel::Call,
        Rates {
            per_user: Rate::per_minute(u64::try_from(calls_per_minute).unwrap_or(u64::MAX)),
            global,
        },
    ))
}

fn caller_ids(raw: &str) -> Result<Vec<PhoneNumber>, Error> {
    let mut out: Vec<PhoneNumber> = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let number = PhoneNumber::new(item)
            .map_err(|_| config("FLEX_CALLER_IDS", &format!("`{item}` is not E.164")))?;
        if !out.contains(&number) {
            out.push(number);
        }
    }
    if out.is_empty() {
        return Err(config(
            "FLEX_CALLER_IDS",
            "no caller ID: no call could be placed",
        ));
    }
    Ok(out)
}

fn sla_thresholds(raw: Option<&str>) -> Result<Vec<u32>, Error> {
    let Some(raw) = raw else {
        return Ok(vec![30, 60, 120]);
    };
    let bad = |why: &str| config("STATS_SLA_THRESHOLDS", why);
    let mut out = Vec::new();
    for item in raw.split(',').map(str::trim) {
        match item.parse::<u32>() {
            Ok(n) if n > 0 && !out.contains(&n) => out.push(n),
            _ => return Err(bad("a comma-separated list of distinct whole seconds > 0")),
        }
    }
    if out.len() > MAX_SLA_THRESHOLDS {
        return Err(bad("at most 3 thresholds"));
    }
    Ok(out)
}

fn channels(raw: Option<&str>) -> Result<Vec<Channel>, Error> {
    let Some(raw) = raw else {
        return Ok(Channel::FILTERS.to_vec());
    };
    let mut out = Vec::new();
    for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let channel = Channel::FILTERS
            .into_iter()
            .find(|c| c.as_str() == item)
            .ok_or_else(|| config("STATS_CHANNELS", "channels are voice, chat and video"))?;
        if !out.contains(&channel) {
            out.push(channel);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod secret_tests {
    use super::*;

    #[test]
    fn no_debug_print_shows_a_secret() {
        let lookup = |name: &str| {
            let value = match name {
                "TWILIO_ACCOUNT_SID" => "AC0123456789abcdef0123456789abcdef",
                "TWILIO_AUTH_TOKEN" => "AUTH-s3cr3t",
                "TWILIO_API_KEY" => "SK0123456789abcdef0123456789abcdef",
                "TWILIO_API_SECRET" => "APIKEY-s3cr3t",
                "TWILIO_OUTBOUND_WORKFLOW_SID" => "WW0123456789abcdef0123456789abcdef",
                "TWILIO_FLEX_WORKSPACE_SID" => "WS0123456789abcdef0123456789abcdef",
                "PUBLIC_BASE_URL" => "https://flex-backend.example.com",
                "FLEX_CALLER_IDS" => "+15005550006",
                _ => return None,
            };
            Some(value.to_owned())
        };
        let config = Config::from_lookup(lookup).unwrap();
        let shown = format!("{config:?} {:?}", config.api_key);
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(config.auth_token.expose(), "AUTH-s3cr3t");
    }
}
