//! Typed configuration from the environment (and an optional `.env`), checked at startup.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

use twilio_app_env::Vars;
use twilio_app_env::proxies::Proxies;
use twilio_app_env::spec::{Kind, Need, Spec, Var, common};
pub use twilio_types::Secret;
use twilio_types::{AccountSid, ApiKeySid, ApplicationSid, SyncServiceSid};

use twilio_app_auth::limit::Limits;
use twilio_app_guard::DestinationPolicy;

use crate::error::ConfigError;

/// Where presence state lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// One SQLite file (default; survives restarts).
    Sqlite,
    /// A shared Redis (several instances behind one load balancer).
    Redis,
}

const DEFAULT_UNAVAILABLE: &str = "The user is offline right now";
const DEFAULT_BUSY: &str = "The user is busy right now";
const DEFAULT_UNKNOWN: &str = "Sorry, this user is unknown";
const COUNT: Kind = Kind::Number {
    min: 0,
    max: u64::MAX,
};

/// Every setting of the app: `presence-phone --help` prints this table.
pub const SPEC: Spec = Spec {
    bin: "presence-phone",
    about: "Twilio Sync presence with a browser phone that rings a user only when they \
            are available (seed 000).",
    commands: &[(
        "hash-password USER",
        "read a password on stdin, print `USER:<argon2id hash>` for APP_USERS",
    )],
    local_mode: true,
    groups: &[
        (
            "Twilio",
            &[
                common::ACCOUNT_SID,
                common::AUTH_TOKEN,
                common::API_KEY_SID,
                common::API_KEY_SECRET,
                Var::twilio(
                    "TWILIO_SYNC_SERVICE_SID",
                    Kind::Sid("IS"),
                    "the Sync service with reachability webhooks enabled",
                ),
                common::TWIML_APP_SID.legacy(&["TWILIO_APPLICATION_SID"]),
                common::PHONE_NUMBER.legacy(&["TWILIO_CALLER_ID"]),
                common::PUBLIC_BASE_URL,
                Var::optional(
                    "TWILIO_SYNC_MAP",
                    Kind::Text,
                    "unique name of the Sync Map mirroring presence",
                )
                .default("presence"),
                Var::optional(
                    "TWILIO_SYNC_BASE_URL",
                    Kind::Url,
                    "another https://sync.twilio.com (a mock)",
                ),
            ],
        ),
        (
            "Server",
            &[
                common::BIND_ADDRESS,
                Var::optional("PORT", Kind::Port, "port to listen on (0 picks a free one)")
                    .default("5000"),
                common::TRUSTED_PROXIES,
                Var::optional(
                    "PRESENCE_STORE",
                    Kind::Choice(&["sqlite", "redis"]),
                    "where presence state lives (redis: several instances)",
                )
                .default("sqlite"),
                Var::optional("SQLITE_PATH", Kind::Path, "the SQLite file").default("presence.db"),
                Var {
                    meaning: "the Redis of PRESENCE_STORE=redis, shared by every instance \
                              (presence, throttles, logouts); may hold a password",
                    ..common::REDIS_URL
                },
                Var::optional(
                    "WEB_DIR",
                    Kind::Path,
                    "directory holding the page's npm packages (node_modules)",
                )
                .default("bins/presence-phone/web"),
                common::LOCAL_AUTH_TOKEN,
                common::RUST_LOG,
            ],
        ),
        (
            "Login and tokens",
            &[
                common::APP_USERS,
                common::APP_USERS_FILE,
                Var {
                    need: Need::Optional,
                    default: Some("random: sessions end on restart"),
                    ..common::SESSION_SECRET
                }
                .legacy(&["SESSION_KEY"]),
                Var::optional(
                    "TOKEN_TTL_SECS",
                    Kind::Number {
                        min: 60,
                        max: 86_400,
                    },
                    "Access Token lifetime in seconds",
                )
                .default("3600"),
            ],
        ),
        (
            "Calls",
            &[
                common::ALLOWED_DESTINATION_COUNTRIES,
                Var::optional(
                    "CALLS_PER_USER_PER_HOUR",
                    COUNT,
                    "calls one user may place an hour",
                )
                .default("30"),
                Var::optional(
                    "CALLS_PER_HOUR",
                    COUNT,
                    "calls the whole app may place an hour",
                )
                .default("300"),
                Var::optional(
                    "MSG_UNAVAILABLE",
                    Kind::Text,
                    "spoken when the callee has no connected endpoint",
                )
                .default(DEFAULT_UNAVAILABLE),
                Var::optional(
                    "MSG_BUSY",
                    Kind::Text,
                    "spoken when the callee is on a call",
                )
                .default(DEFAULT_BUSY),
                Var::optional(
                    "MSG_UNKNOWN",
                    Kind::Text,
                    "spoken for an identity nobody has used",
                )
                .default(DEFAULT_UNKNOWN),
            ],
        ),
    ],
};

/// Every setting as read from the environment (names of [`SPEC`]), before the
/// checks that need several of them together.
#[derive(Debug, Clone)]
pub struct RawConfig {
    /// `BIND_ADDRESS` and `PORT`.
    pub listen_addr: SocketAddr,
    /// `PUBLIC_BASE_URL`.
    pub public_base_url: Option<String>,
    /// `TWILIO_ACCOUNT_SID`; without it the app runs in local mode.
    pub account_sid: Option<String>,
    /// `TWILIO_AUTH_TOKEN`.
    pub auth_token: Option<Secret>,
    /// `TWILIO_API_KEY_SID`.
    pub api_key_sid: Option<String>,
    /// `TWILIO_API_KEY_SECRET`.
    pub api_key_secret: Option<Secret>,
    /// `TWILIO_SYNC_SERVICE_SID`.
    pub sync_service_sid: Option<String>,
    /// `TWILIO_TWIML_APP_SID`, whose Voice URL is /api/phone/outgoing.
    pub application_sid: Option<String>,
    /// `TWILIO_PHONE_NUMBER`: caller ID of outgoing calls.
    pub caller_id: Option<String>,
    /// `TWILIO_SYNC_MAP`.
    pub sync_map: String,
    /// `TWILIO_SYNC_BASE_URL`.
    pub sync_base_url: Option<String>,
    /// `LOCAL_AUTH_TOKEN`: local mode's webhook token (random if unset).
    pub local_auth_token: Option<Secret>,
    /// `PRESENCE_STORE`.
    pub store: StoreKind,
    /// `SQLITE_PATH`.
    pub sqlite_path: PathBuf,
    /// `REDIS_URL`.
    pub redis_url: Option<Secret>,
    /// `APP_USERS`.
    pub users: Option<Secret>,
    /// `APP_USERS_FILE`.
    pub users_file: Option<PathBuf>,
    /// `SESSION_SECRET` (random if unset: sessions end on restart).
    pub session_key: Option<Secret>,
    /// `TOKEN_TTL_SECS`.
    pub token_ttl_secs: u64,
    /// `MSG_UNAVAILABLE`.
    pub msg_unavailable: String,
    /// `MSG_BUSY`.
    pub msg_busy: String,
    /// `MSG_UNKNOWN`.
    pub msg_unknown: String,
    /// `WEB_DIR`.
    pub web_dir: PathBuf,
    /// `TRUSTED_PROXIES`: for the login throttle's client address.
    pub proxies: Proxies,
    /// `ALLOWED_DESTINATION_COUNTRIES`.
    pub allowed_destination_countries: Option<String>,
    /// `CALLS_PER_USER_PER_HOUR`.
    pub calls_per_user_per_hour: Option<String>,
    /// `CALLS_PER_HOUR`.
    pub calls_per_hour: Option<String>,
}

impl RawConfig {
    /// Reads `.env` (real variables win), then the environment.
    ///
    /// # Errors
    /// Every missing or malformed setting at once.
    pub fn from_env() -> Result<Self, ConfigError> {
        twilio_app_env::load_dotenv()?;
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads every setting through `lookup` (the environment, or a map in tests);
    /// old names are read with a warning.
    ///
    /// # Errors
    /// Every missing or malformed setting at once.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let env = SPEC.read(&lookup).checked()?;
        let lookup = env.lookup();
        let vars = Vars::new(&lookup);
        let text =
            |name: &str, default: &str| vars.optional(name).unwrap_or_else(|| default.to_owned());
        Ok(Self {
            listen_addr: twilio_app_env::bind_address(&vars, 5000)?,
            public_base_url: vars.optional("PUBLIC_BASE_URL"),
            account_sid: vars.optional("TWILIO_ACCOUNT_SID"),
            auth_token: vars.optional("TWILIO_AUTH_TOKEN").map(Secret::new),
            api_key_sid: vars.optional("TWILIO_API_KEY_SID"),
            api_key_secret: vars.optional("TWILIO_API_KEY_SECRET").map(Secret::new),
            sync_service_sid: vars.optional("TWILIO_SYNC_SERVICE_SID"),
            application_sid: vars.optional("TWILIO_TWIML_APP_SID"),
            caller_id: vars.optional("TWILIO_PHONE_NUMBER"),
            sync_map: text("TWILIO_SYNC_MAP", "presence"),
            sync_base_url: vars.optional("TWILIO_SYNC_BASE_URL"),
            local_auth_token: vars.optional("LOCAL_AUTH_TOKEN").map(Secret::new),
            store: match vars.optional("PRESENCE_STORE") {
                Some(kind) if kind.eq_ignore_ascii_case("redis") => StoreKind::Redis,
                _ => StoreKind::Sqlite,
            },
            sqlite_path: PathBuf::from(text("SQLITE_PATH", "presence.db")),
            redis_url: vars.optional("REDIS_URL").map(Secret::new),
            users: vars.optional("APP_USERS").map(Secret::new),
            users_file: vars.optional("APP_USERS_FILE").map(PathBuf::from),
            session_key: vars.optional("SESSION_SECRET").map(Secret::new),
            token_ttl_secs: vars.number("TOKEN_TTL_SECS", 3600)?,
            msg_unavailable: text("MSG_UNAVAILABLE", DEFAULT_UNAVAILABLE),
            msg_busy: text("MSG_BUSY", DEFAULT_BUSY),
            msg_unknown: text("MSG_UNKNOWN", DEFAULT_UNKNOWN),
            web_dir: vars.optional("WEB_DIR").map_or_else(
                || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/web")),
                PathBuf::from,
            ),
            proxies: twilio_app_env::trusted_proxies(&vars)?,
            allowed_destination_countries: vars.optional(twilio_app_guard::COUNTRIES_VAR),
            calls_per_user_per_hour: vars.optional("CALLS_PER_USER_PER_HOUR"),
            calls_per_hour: vars.optional("CALLS_PER_HOUR"),
        })
    }
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
    /// `TRUSTED_PROXIES`: whose `X-Forwarded-For` names the client at login.
    pub proxies: Proxies,
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
                    application_sid: required(self.application_sid, "TWILIO_TWIML_APP_SID")?,
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
                    "TWILIO_TWIML_APP_SID",
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
            crate::phone::parse(c).map_err(|_| {
                ConfigError::Invalid("TWILIO_PHONE_NUMBER", "must be an E.164 number")
            })?;
        } else if twilio.is_some() {
            return Err(ConfigError::Missing("TWILIO_PHONE_NUMBER"));
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
            proxies: self.proxies,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The variable each test flag stands for (tests read no process environment).
    fn var(flag: &str) -> &'static str {
        match flag {
            "--users" => "APP_USERS",
            "--account-sid" => "TWILIO_ACCOUNT_SID",
            "--auth-token" => "TWILIO_AUTH_TOKEN",
            "--api-key-sid" => "TWILIO_API_KEY_SID",
            "--api-key-secret" => "TWILIO_API_KEY_SECRET",
            "--sync-service-sid" => "TWILIO_SYNC_SERVICE_SID",
            "--application-sid" => "TWILIO_TWIML_APP_SID",
            "--caller-id" => "TWILIO_PHONE_NUMBER",
            "--public-base-url" => "PUBLIC_BASE_URL",
            "--session-key" => "SESSION_SECRET",
            "--store" => "PRESENCE_STORE",
            "--redis-url" => "REDIS_URL",
            "--local-auth-token" => "LOCAL_AUTH_TOKEN",
            "--token-ttl-secs" => "TOKEN_TTL_SECS",
            "--allowed-destination-countries" => "ALLOWED_DESTINATION_COUNTRIES",
            "--calls-per-user-per-hour" => "CALLS_PER_USER_PER_HOUR",
            "--calls-per-hour" => "CALLS_PER_HOUR",
            other => panic!("no variable for {other}"),
        }
    }

    /// `--flag value` pairs as settings (later pairs win, like repeated flags).
    fn raw(args: &[&str]) -> Result<RawConfig, ConfigError> {
        let pairs: Vec<(&'static str, String)> = args
            .chunks(2)
            .map(|pair| (var(pair[0]), pair[1].to_owned()))
            .collect();
        RawConfig::from_lookup(|name| {
            pairs
                .iter()
                .rev()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        })
    }

    fn check(args: &[&str]) -> Result<Config, ConfigError> {
        let mut all = vec!["--users", "alice:x"];
        all.extend_from_slice(args);
        raw(&all)?.check()
    }

    /// The error names `name`.
    fn fails_on(args: &[&str], name: &str) {
        let error = check(args).unwrap_err().to_string();
        assert!(error.contains(name), "{name}: {error}");
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
        let c = raw(&[]).unwrap().check().unwrap();
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
    fn the_seed_names_still_work() {
        let old = |name: &str| {
            let value = match name {
                "LISTEN_ADDR" => "127.0.0.1:5077",
                "TWILIO_CALLER_ID" => "+15551230000",
                "SESSION_KEY" => "0123456789abcdef0123456789abcdef",
                _ => return None,
            };
            Some(value.to_owned())
        };
        let c = RawConfig::from_lookup(old).unwrap().check().unwrap();
        assert_eq!(c.listen_addr.to_string(), "127.0.0.1:5077");
        assert_eq!(c.caller_id.as_deref(), Some("+15551230000"));
        assert!(c.session_key.is_some());
    }

    #[test]
    fn no_debug_print_shows_a_secret() {
        let mut args = vec!["--users", "alice:HASH-s3cr3t-1"];
        args.extend_from_slice(&TWILIO);
        args[5] = "TOKEN-s3cr3t-2"; // --auth-token
        args[9] = "APISECRET-s3cr3t-3"; // --api-key-secret
        args.extend_from_slice(&[
            "--session-key",
            "SESSION-s3cr3t-4-0123456789abcdef0123456789",
            "--store",
            "redis",
            "--redis-url",
            "redis://:REDIS-s3cr3t-5@127.0.0.1:1/",
        ]);
        let raw_config = raw(&args).unwrap();
        let raw_shown = format!("{raw_config:?}");
        let config = raw_config.check().unwrap();
        let local = raw(&["--local-auth-token", "LOCAL-s3cr3t-6"]).unwrap();
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
    fn fails_on_missing_or_bad_values_naming_every_one() {
        let no_users = raw(&TWILIO).unwrap().check();
        assert!(matches!(
            no_users,
            Err(ConfigError::Missing("APP_USERS or APP_USERS_FILE"))
        ));
        for (i, name) in [
            (2, "TWILIO_AUTH_TOKEN"),
            (14, "PUBLIC_BASE_URL"),
            (12, "TWILIO_PHONE_NUMBER"),
        ] {
            let mut args = TWILIO.to_vec();
            args.drain(i..i + 2);
            fails_on(&args, name);
        }
        let mut args = TWILIO.to_vec();
        args[1] = "ACnothex";
        args[13] = "5551230000";
        let error = check(&args).unwrap_err().to_string();
        assert!(error.starts_with("2 settings are wrong"), "{error}");
        assert!(
            error.contains("TWILIO_ACCOUNT_SID: must be a SID"),
            "{error}"
        );
        assert!(
            error.contains("TWILIO_PHONE_NUMBER: must be an E.164"),
            "{error}"
        );
        fails_on(&["--public-base-url", "ftp://x"], "PUBLIC_BASE_URL");
        fails_on(&["--store", "redis"], "REDIS_URL");
        fails_on(&["--store", "files"], "PRESENCE_STORE");
        fails_on(&["--token-ttl-secs", "5"], "TOKEN_TTL_SECS");
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
        fails_on(
            &["--allowed-destination-countries", "Atlantis"],
            "ALLOWED_DESTINATION_COUNTRIES",
        );
        fails_on(&["--calls-per-hour", "many"], "CALLS_PER_HOUR");
    }
}
