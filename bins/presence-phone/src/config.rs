//! Typed configuration from the environment (and an optional `.env`), checked at startup.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, ValueEnum};
pub use twilio_types::Secret;
use twilio_types::{AccountSid, ApiKeySid, ApplicationSid, SyncServiceSid};

use twilio_app_auth::limit::Limits;
use twilio_app_guard::DestinationPolicy;

use crate::error::ConfigError;

/// Where presence state lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// One SQLite file (default; survives restarts).
    Sqlite,
    /// A shared Redis (several instances behind one load balancer).
    Redis,
}

/// Every setting, read from flags or environment variables.
#[derive(Debug, Clone, Args)]
pub struct RawConfig {
    /// Address to listen on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:5000")]
    pub listen_addr: SocketAddr,
    /// Public base URL Twilio reaches this app at (callback URLs, signature checks).
    #[arg(long, env = "PUBLIC_BASE_URL")]
    pub public_base_url: Option<String>,
    /// Account SID; without it the app runs in local mode.
    #[arg(long, env = "TWILIO_ACCOUNT_SID")]
    pub account_sid: Option<String>,
    /// Auth Token: REST calls and webhook signatures.
    #[arg(long, env = "TWILIO_AUTH_TOKEN", hide_env_values = true)]
    pub auth_token: Option<Secret>,
    /// API key SID (SK...) that signs Access Tokens.
    #[arg(long, env = "TWILIO_API_KEY_SID")]
    pub api_key_sid: Option<String>,
    /// API key secret.
    #[arg(long, env = "TWILIO_API_KEY_SECRET", hide_env_values = true)]
    pub api_key_secret: Option<Secret>,
    /// Sync service SID (IS...) with reachability webhooks enabled.
    #[arg(long, env = "TWILIO_SYNC_SERVICE_SID")]
    pub sync_service_sid: Option<String>,
    /// TwiML App SID (AP...) whose Voice URL is /api/phone/outgoing.
    #[arg(long, env = "TWILIO_APPLICATION_SID")]
    pub application_sid: Option<String>,
    /// Caller ID (E.164, a number of the account) for outgoing calls.
    #[arg(long, env = "TWILIO_CALLER_ID")]
    pub caller_id: Option<String>,
    /// Unique name of the Sync Map mirroring presence (one item per user).
    #[arg(long, env = "TWILIO_SYNC_MAP", default_value = "presence")]
    pub sync_map: String,
    /// Base URL of the Sync API (tests point it at a mock).
    #[arg(long, env = "TWILIO_SYNC_BASE_URL")]
    pub sync_base_url: Option<String>,
    /// Local mode only: the auth token webhooks must be signed with (random if unset).
    #[arg(long, env = "LOCAL_AUTH_TOKEN", hide_env_values = true)]
    pub local_auth_token: Option<Secret>,
    /// Store backend.
    #[arg(long, env = "PRESENCE_STORE", value_enum, default_value = "sqlite")]
    pub store: StoreKind,
    /// SQLite file.
    #[arg(long, env = "SQLITE_PATH", default_value = "presence.db")]
    pub sqlite_path: PathBuf,
    /// Redis URL (with `PRESENCE_STORE=redis`); may hold the Redis password.
    #[arg(long, env = "REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<Secret>,
    /// Users: `name:$argon2id$...` entries separated by `;` (see `hash-password`).
    #[arg(long, env = "APP_USERS", hide_env_values = true)]
    pub users: Option<Secret>,
    /// File with one `name:$argon2id$...` per line.
    #[arg(long, env = "APP_USERS_FILE")]
    pub users_file: Option<PathBuf>,
    /// Session cookie key, at least 32 characters (random if unset: sessions end on restart).
    #[arg(long, env = "SESSION_KEY", hide_env_values = true)]
    pub session_key: Option<Secret>,
    /// Access Token lifetime in seconds.
    #[arg(long, env = "TOKEN_TTL_SECS", default_value_t = 3600)]
    pub token_ttl_secs: u64,
    /// Spoken when the user has no connected endpoint.
    #[arg(
        long,
        env = "MSG_UNAVAILABLE",
        default_value = "The user is offline right now"
    )]
    pub msg_unavailable: String,
    /// Spoken when the user is on a call.
    #[arg(long, env = "MSG_BUSY", default_value = "The user is busy right now")]
    pub msg_busy: String,
    /// Spoken for an identity nobody has used.
    #[arg(
        long,
        env = "MSG_UNKNOWN",
        default_value = "Sorry, this user is unknown"
    )]
    pub msg_unknown: String,
    /// Directory holding the page's npm packages (`node_modules`).
    #[arg(long, env = "WEB_DIR", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/web"))]
    pub web_dir: PathBuf,
    /// Countries outgoing calls may reach, ISO codes comma separated (default: the
    /// caller ID's country). Read by the shared destination policy like every app's.
    #[arg(long, env = twilio_app_guard::COUNTRIES_VAR)]
    pub allowed_destination_countries: Option<String>,
    /// Calls one user may place an hour (default 30).
    #[arg(long, env = "CALLS_PER_USER_PER_HOUR")]
    pub calls_per_user_per_hour: Option<String>,
    /// Calls the whole app may place an hour (default 300).
    #[arg(long, env = "CALLS_PER_HOUR")]
    pub calls_per_hour: Option<String>,
}

/// Twilio credentials and resources; present only outside local mode.
#[derive(Debug, Clone)]
pub struct TwilioConfig {
    /// The account SID (`AC...`), `TWILIO_ACCOUNT_SID`.
    pub account_sid: String,
    /// The Auth Token: checks webhook signatures.
    pub auth_token: Secret,
    /// The API key SID (`SK...`) that signs the browsers' Access Tokens.
    pub api_key_sid: String,
    /// The API key's secret.
    pub api_key_secret: Secret,
    /// The Sync service (`IS...`) whose reachability webhooks report presence.
    pub sync_service_sid: String,
    /// The TwiML App (`AP...`) outgoing browser calls go through.
    pub application_sid: String,
    /// Overrides Sync's base URL (tests point it at a local mock).
    pub sync_base_url: Option<String>,
}

/// The checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address the server listens on.
    pub listen_addr: SocketAddr,
    /// Without a trailing slash.
    pub public_base_url: String,
    /// `None` in local mode.
    pub twilio: Option<TwilioConfig>,
    /// The token webhooks are signed with.
    pub webhook_auth_token: Secret,
    /// True when `webhook_auth_token` was generated here (log it once).
    pub generated_local_token: bool,
    /// The caller ID of outgoing calls to phone numbers.
    pub caller_id: Option<String>,
    /// The Sync Map the presence state is mirrored to.
    pub sync_map: String,
    /// Where presence state is kept.
    pub store: StoreKind,
    /// The SQLite database file (store `sqlite`).
    pub sqlite_path: PathBuf,
    /// The Redis URL (store `redis`); it may carry a password.
    pub redis_url: Option<Secret>,
    /// The login users, as `APP_USERS` lists them (`name:$argon2id$...` password hashes).
    pub users: Secret,
    /// Local mode without configured users: the demo users' generated password.
    pub demo_password: Option<Secret>,
    /// The key session cookies are signed with (`None`: a random one per start).
    pub session_key: Option<Secret>,
    /// How long a browser's Access Token is valid.
    pub token_ttl: Duration,
    /// What callers hear when the callee cannot answer.
    pub messages: Messages,
    /// The directory the browser pages are served from.
    pub web_dir: PathBuf,
    /// Where outgoing calls may go and how many: the shared destination policy
    /// (`ALLOWED_DESTINATION_COUNTRIES`, `CALLS_PER_USER_PER_HOUR`, `CALLS_PER_HOUR`),
    /// counting in a memory store until `build` gives it the app's own.
    pub destinations: DestinationPolicy,
}

/// Spoken texts of the incoming-call decision.
#[derive(Debug, Clone)]
pub struct Messages {
    /// Said when the callee has no connected endpoint.
    pub unavailable: String,
    /// Said when the callee is on another call.
    pub busy: String,
    /// Said when no such user exists.
    pub unknown: String,
}

fn required(value: Option<String>, name: &'static str) -> Result<String, ConfigError> {
    value
        .filter(|v| !v.trim().is_empty())
        .ok_or(ConfigError::Missing(name))
}

fn required_secret(value: Option<Secret>, name: &'static str) -> Result<Secret, ConfigError> {
    value
        .filter(|v| !v.expose().trim().is_empty())
        .ok_or(ConfigError::Missing(name))
}

/// The SID newtypes of `twilio-types` decide (prefix + 32 hex digits); the value
/// stays a `String` here.
fn check_sid<T>(
    value: &str,
    new: impl FnOnce(String) -> Result<T, twilio_types::Error>,
    name: &'static str,
) -> Result<(), ConfigError> {
    new(value.to_owned())
        .map(drop)
        .map_err(|_| ConfigError::Invalid(name, "expected its two-letter prefix and 32 hex digits"))
}

/// A random 32-byte value as 64 hex characters.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl RawConfig {
    /// Checks the raw values and decides between Twilio mode and local mode.
    pub fn check(self) -> Result<Config, ConfigError> {
        let twilio = match self.account_sid.filter(|s| !s.is_empty()) {
            None => None,
            Some(account_sid) => {
                check_sid(&account_sid, AccountSid::new, "TWILIO_ACCOUNT_SID")?;
                let t = TwilioConfig {
                    account_sid,
                    auth_token: required_secret(self.auth_token, "TWILIO_AUTH_TOKEN")?,
                    api_key_sid: required(self.api_key_sid, "TWILIO_API_KEY_SID")?,
                    api_key_secret: required_secret(self.api_key_secret, "TWILIO_API_KEY_SECRET")?,
                    sync_service_sid: required(self.sync_service_sid, "TWILIO_SYNC_SERVICE_SID")?,
                    application_sid: required(self.application_sid, "TWILIO_APPLICATION_SID")?,
                    sync_base_url: self.sync_base_url,
                };
                check_sid(&t.api_key_sid, ApiKeySid::new, "TWILIO_API_KEY_SID")?;
                check_sid(
                    &t.sync_service_sid,
                    SyncServiceSid::new,
                    "TWILIO_SYNC_SERVICE_SID",
                )?;
                check_sid(
                    &t.application_sid,
                    ApplicationSid::new,
                    "TWILIO_APPLICATION_SID",
                )?;
                Some(t)
            }
        };
        let public_base_url = match (&twilio, self.public_base_url) {
            (_, Some(url)) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            (None, _) => format!("http://{}", self.listen_addr),
            (Some(_), _) => return Err(ConfigError::Missing("PUBLIC_BASE_URL")),
        };
        if !(public_base_url.starts_with("https://") || public_base_url.starts_with("http://")) {
            return Err(ConfigError::Invalid(
                "PUBLIC_BASE_URL",
                "must start with http:// or https://",
            ));
        }
        let caller_id = self.caller_id.filter(|c| !c.is_empty());
        if let Some(c) = &caller_id {
            crate::phone::parse(c)
                .map_err(|_| ConfigError::Invalid("TWILIO_CALLER_ID", "must be an E.164 number"))?;
        } else if twilio.is_some() {
            return Err(ConfigError::Missing("TWILIO_CALLER_ID"));
        }
        let (webhook_auth_token, generated_local_token) = match (&twilio, self.local_auth_token) {
            (Some(t), _) => (t.auth_token.clone(), false),
            (None, Some(tok)) if !tok.is_empty() => (tok, false),
            (None, _) => (Secret::new(random_hex()), true),
        };
        let mut demo_password = None;
        let users = match (self.users, self.users_file) {
            (Some(u), _) if !u.expose().trim().is_empty() => u,
            (_, Some(path)) => std::fs::read_to_string(&path)
                .map(Secret::new)
                .map_err(|_| ConfigError::Invalid("APP_USERS_FILE", "cannot be read"))?,
            // Local mode on a fresh machine: demo users with a random password
            // (logged once) so the app starts with no setup at all.
            _ if twilio.is_none() => {
                let password: String = random_hex().chars().take(16).collect();
                let hash = twilio_app_auth::hash_password(&password).map_err(|_| {
                    ConfigError::Invalid("APP_USERS", "hashing the demo password failed")
                })?;
                demo_password = Some(Secret::new(password));
                Secret::new(format!("alice:{hash};bob:{hash}"))
            }
            _ => return Err(ConfigError::Missing("APP_USERS or APP_USERS_FILE")),
        };
        let destinations = {
            // The shared reader of the policy variables, fed from the parsed settings.
            let lookup = |name: &str| match name {
                twilio_app_guard::COUNTRIES_VAR => self.allowed_destination_countries.clone(),
                "CALLS_PER_USER_PER_HOUR" => self.calls_per_user_per_hour.clone(),
                "CALLS_PER_HOUR" => self.calls_per_hour.clone(),
                _ => None,
            };
            let ids: Vec<&str> = caller_id.as_deref().into_iter().collect();
            DestinationPolicy::from_lookup(lookup, &ids, Limits::memory())?
        };
        if self.store == StoreKind::Redis && self.redis_url.is_none() {
            return Err(ConfigError::Missing("REDIS_URL"));
        }
        if !(60..=86_400).contains(&self.token_ttl_secs) {
            return Err(ConfigError::Invalid(
                "TOKEN_TTL_SECS",
                "must be between 60 and 86400",
            ));
        }
        Ok(Config {
            listen_addr: self.listen_addr,
            public_base_url,
            twilio,
            webhook_auth_token,
            generated_local_token,
            caller_id,
            sync_map: self.sync_map,
            store: self.store,
            sqlite_path: self.sqlite_path,
            redis_url: self.redis_url,
            users,
            demo_password,
            session_key: self.session_key.filter(|k| !k.is_empty()),
            token_ttl: Duration::from_secs(self.token_ttl_secs),
            messages: Messages {
                unavailable: self.msg_unavailable,
                busy: self.msg_busy,
                unknown: self.msg_unknown,
            },
            web_dir: self.web_dir,
            destinations,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        raw: RawConfig,
    }

    /// Parses flags only (environment variables of the test process could leak in
    /// through `env = ...`, so every test passes what it needs explicitly).
    fn check(args: &[&str]) -> Result<Config, ConfigError> {
        let mut all = vec!["presence-phone", "--users", "alice:x"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).unwrap().raw.check()
    }

    const TWILIO: [&str; 16] = [
        "--account-sid",
        "AC0123456789abcdef0123456789abcdef",
        "--auth-token",
        "tok",
        "--api-key-sid",
        "SK0123456789abcdef0123456789abcdef",
        "--api-key-secret",
        "sec",
        "--sync-service-sid",
        "IS0123456789abcdef0123456789abcdef",
        "--application-sid",
        "AP0123456789abcdef0123456789abcdef",
        "--caller-id",
        "+15551230000",
        "--public-base-url",
        "https://phone.example.com/",
    ];

    #[test]
    fn local_mode_without_account() {
        let c = check(&[]).unwrap();
        assert!(c.twilio.is_none());
        assert!(c.generated_local_token);
        assert_eq!(c.public_base_url, "http://127.0.0.1:5000");
        assert_eq!(c.webhook_auth_token.expose().len(), 64);
        assert!(
            !format!("{c:?}").contains(c.webhook_auth_token.expose()),
            "secret in Debug"
        );
    }

    #[test]
    fn local_mode_makes_demo_users_when_none_are_configured() {
        let c = Cli::try_parse_from(["presence-phone"])
            .unwrap()
            .raw
            .check()
            .unwrap();
        let password = c.demo_password.clone().unwrap();
        let users = twilio_app_auth::Users::parse(c.users.expose()).unwrap();
        assert!(users.verify("alice", password.expose()).is_ok());
        assert!(users.verify("bob", password.expose()).is_ok());
        assert!(
            !format!("{c:?}").contains(password.expose()),
            "secret in Debug"
        );
        assert!(!format!("{c:?}").contains("argon2"), "hash in Debug");
    }

    #[test]
    fn twilio_mode_takes_every_value() {
        let c = check(&TWILIO).unwrap();
        assert_eq!(c.public_base_url, "https://phone.example.com");
        assert_eq!(c.webhook_auth_token.expose(), "tok");
        assert!(!c.generated_local_token);
    }

    #[test]
    fn no_debug_print_shows_a_secret() {
        let mut args = vec!["presence-phone", "--users", "alice:HASH-s3cr3t-1"];
        args.extend_from_slice(&TWILIO);
        args[6] = "TOKEN-s3cr3t-2"; // --auth-token
        args[10] = "APISECRET-s3cr3t-3"; // --api-key-secret
        args.extend_from_slice(&[
            "--session-key",
            "SESSION-s3cr3t-4-0123456789abcdef0123456789",
            "--store",
            "redis",
            "--redis-url",
            "redis://:REDIS-s3cr3t-5@127.0.0.1:1/",
        ]);
        let raw = Cli::try_parse_from(&args).unwrap().raw;
        let raw_shown = format!("{raw:?}");
        let config = raw.check().unwrap();
        let local = Cli::try_parse_from(["presence-phone", "--local-auth-token", "LOCAL-s3cr3t-6"])
            .unwrap()
            .raw;
        let shown = format!(
            "{raw_shown} {config:?} {:?} {local:?}",
            local.clone().check().unwrap()
        );
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(
            config.twilio.unwrap().api_key_secret.expose(),
            "APISECRET-s3cr3t-3"
        );
    }

    #[test]
    fn fails_fast_on_missing_or_bad_values() {
        let mut no_users = vec!["presence-phone"];
        no_users.extend_from_slice(&TWILIO);
        assert!(matches!(
            Cli::try_parse_from(no_users).unwrap().raw.check(),
            Err(ConfigError::Missing("APP_USERS or APP_USERS_FILE"))
        ));
        for (i, name) in [
            (2, "TWILIO_AUTH_TOKEN"),
            (14, "PUBLIC_BASE_URL"),
            (12, "TWILIO_CALLER_ID"),
        ] {
            let mut args = TWILIO.to_vec();
            args.drain(i..i + 2);
            match check(&args) {
                Err(ConfigError::Missing(n)) => assert_eq!(n, name),
                other => panic!("{name}: {other:?}"),
            }
        }
        let mut args = TWILIO.to_vec();
        args[1] = "ACnothex";
        assert!(matches!(
            check(&args),
            Err(ConfigError::Invalid("TWILIO_ACCOUNT_SID", _))
        ));
        let mut args = TWILIO.to_vec();
        args[13] = "5551230000";
        assert!(matches!(
            check(&args),
            Err(ConfigError::Invalid("TWILIO_CALLER_ID", _))
        ));
        assert!(matches!(
            check(&["--public-base-url", "ftp://x"]),
            Err(ConfigError::Invalid("PUBLIC_BASE_URL", _))
        ));
        assert!(matches!(
            check(&["--store", "redis"]),
            Err(ConfigError::Missing("REDIS_URL"))
        ));
        assert!(matches!(
            check(&["--token-ttl-secs", "5"]),
            Err(ConfigError::Invalid("TOKEN_TTL_SECS", _))
        ));
    }

    #[test]
    fn destination_policy_is_read_with_the_other_settings() {
        let c = check(&["--caller-id", "+15551230000"]).unwrap();
        assert_eq!(c.destinations.countries().collect::<Vec<_>>(), ["US"]);
        let c = check(&[
            "--caller-id",
            "+15551230000",
            "--allowed-destination-countries",
            "us, gb",
            "--calls-per-user-per-hour",
            "7",
        ])
        .unwrap();
        assert_eq!(c.destinations.countries().collect::<Vec<_>>(), ["GB", "US"]);
        let rates = c.destinations.rates(twilio_app_guard::Channel::Call);
        assert_eq!((rates.per_user.max, rates.global.max), (7, 300));
        let bad = check(&["--allowed-destination-countries", "Atlantis"]).unwrap_err();
        assert!(
            bad.to_string().contains("ALLOWED_DESTINATION_COUNTRIES"),
            "{bad}"
        );
        let bad = check(&["--calls-per-hour", "many"]).unwrap_err();
        assert!(bad.to_string().contains("CALLS_PER_HOUR"), "{bad}");
    }
}
