//! Typed configuration, read once at startup from the environment (and `.env`).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use twilio_app_auth::limit::Limits;
use twilio_app_auth::{SessionKey, Users};
use twilio_app_env::proxies::Proxies;
use twilio_app_env::spec::{Kind, Need, Spec, Var, common};
use twilio_app_env::{Secret, Vars, public_base_url, users};
use twilio_app_guard::{DestinationPolicy, GuardError};
use twilio_rest::sid::PhoneNumber;
use twilio_token::{AccountSid, ApiKeySid, ApplicationSid, ChatServiceSid};

use crate::Error;
use crate::validate::e164;

const COUNT: Kind = Kind::Number {
    min: 0,
    max: u64::MAX,
};

/// Every setting of the app: `proxy-admin --help` prints this table.
pub const SPEC: Spec = Spec {
    bin: "proxy-admin",
    about: "An admin console for Twilio Proxy: services, sessions, participants, \
            interactions, click-to-call and SMS (seed 004).",
    commands: &[(
        "hash-password",
        "read a password on stdin, print its Argon2id hash for APP_USERS",
    )],
    local_mode: true,
    groups: &[
        (
            "Twilio",
            &[
                common::ACCOUNT_SID,
                common::AUTH_TOKEN,
                common::API_KEY_SID.legacy(&["API_KEY"]),
                common::API_KEY_SECRET.legacy(&["API_SECRET"]),
                Var {
                    need: Need::Optional,
                    meaning: "the TwiML App of click-to-call (Voice URL /proxyDemoOutboundDial); \
                              unset turns click-to-call off",
                    ..common::TWIML_APP_SID
                }
                .legacy(&["PROXY_TWIML_APP_SID"]),
                Var::optional(
                    "CHAT_SERVICE_SID",
                    Kind::Sid("IS"),
                    "adds a Chat grant to the browser token",
                ),
                common::PUBLIC_BASE_URL,
                common::API_BASE_URL,
                Var::optional(
                    "TWILIO_PROXY_BASE_URL",
                    Kind::Url,
                    "another https://proxy.twilio.com",
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
                common::REDIS_URL,
                Var::optional(
                    "VOICE_SDK_JS",
                    Kind::Path,
                    "the Voice JS SDK bundle served at /vendor/twilio.min.js (click-to-call)",
                )
                .default("web/node_modules/@twilio/voice-sdk/dist/twilio.min.js"),
                common::LOCAL_AUTH_TOKEN,
                common::RUST_LOG,
            ],
        ),
        (
            "Login",
            &[
                common::APP_USERS,
                common::APP_USERS_FILE,
                common::SESSION_SECRET,
            ],
        ),
        (
            "Messages and calls",
            &[
                Var::optional(
                    "ALLOWED_SMS_SENDERS",
                    Kind::Phones,
                    "the only numbers /createMessage sends from",
                )
                .default("unset: sending is off (local mode: the fake's numbers)"),
                common::ALLOWED_DESTINATION_COUNTRIES,
                Var::optional(
                    "MESSAGES_PER_USER_PER_HOUR",
                    COUNT,
                    "messages one admin may send an hour",
                )
                .default("60"),
                Var::optional(
                    "MESSAGES_PER_HOUR",
                    COUNT,
                    "messages the console may send an hour",
                )
                .default("600"),
                Var::optional(
                    "CALLS_PER_USER_PER_HOUR",
                    COUNT,
                    "calls one admin may place an hour",
                )
                .default("30"),
                Var::optional(
                    "CALLS_PER_HOUR",
                    COUNT,
                    "calls the console may place an hour",
                )
                .default("300"),
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
    /// `TWILIO_AUTH_TOKEN`: REST calls and webhook signatures.
    pub auth_token: Secret,
    /// `TWILIO_API_KEY_SID` (or the seed's `API_KEY`): signs Access Tokens.
    pub api_key_sid: ApiKeySid,
    /// `TWILIO_API_KEY_SECRET` (or the seed's `API_SECRET`).
    pub api_key_secret: Secret,
    /// `TWILIO_TWIML_APP_SID` (formerly `PROXY_TWIML_APP_SID`): the TwiML App whose Voice URL is
    /// `/proxyDemoOutboundDial`; without it click-to-call is off.
    pub twiml_app_sid: Option<ApplicationSid>,
    /// `CHAT_SERVICE_SID`: adds a Chat grant to the browser token.
    pub chat_service_sid: Option<ChatServiceSid>,
    /// `PUBLIC_BASE_URL`: the `https://host` browsers and Twilio use; webhook
    /// signatures and the same-origin check of every POST compare against it.
    pub public_base_url: String,
    /// `ALLOWED_SMS_SENDERS`, e.g. `+15005550006,+15005550007`: the only numbers
    /// `/createMessage` sends from (empty: sending is off).
    pub sms_senders: Vec<PhoneNumber>,
    /// Where SMS may go and how many (`ALLOWED_DESTINATION_COUNTRIES`, default the
    /// countries of `ALLOWED_SMS_SENDERS`; `MESSAGES_PER_USER_PER_HOUR`,
    /// `MESSAGES_PER_HOUR`).
    pub destinations: DestinationPolicy,
    /// `APP_USERS_FILE` (a file) or `APP_USERS` (`;`-separated): `user:$argon2id$…`.
    pub users: Users,
    /// `SESSION_SECRET`: at least 32 bytes.
    pub session_key: SessionKey,
    /// `BIND_ADDRESS` (default `127.0.0.1`), `PORT` (default 5000).
    pub bind: SocketAddr,
    /// `TRUSTED_PROXIES`, e.g. `1` or `127.0.0.1,::1`: reverse proxies whose
    /// `X-Forwarded-For` entries name the client (login throttling per client).
    pub proxies: Proxies,
    /// `TWILIO_API_BASE_URL`: another api.twilio.com, e.g. a local mock.
    pub api_base_url: Option<String>,
    /// `TWILIO_PROXY_BASE_URL`: another proxy.twilio.com.
    pub proxy_base_url: Option<String>,
    /// `VOICE_SDK_JS`: the Voice JS SDK bundle served at `/vendor/twilio.min.js`
    /// (click-to-call); a missing file turns click-to-call off.
    pub voice_sdk_js: PathBuf,
    /// Pause between the recording job's attempts (1 s, as the seed; tests shorten it).
    pub record_retry_interval: Duration,
    /// `REDIS_URL`: the Redis every instance shares (login throttles, rate limits,
    /// logouts); unset keeps them in this process. May hold a password.
    pub redis_url: Option<Secret>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("account_sid", &self.account_sid)
            .field("api_key_sid", &self.api_key_sid)
            .field("twiml_app_sid", &self.twiml_app_sid)
            .field("chat_service_sid", &self.chat_service_sid)
            .field("public_base_url", &self.public_base_url)
            .field("sms_senders", &self.sms_senders)
            .field("destinations", &self.destinations)
            .field("bind", &self.bind)
            .field("proxies", &self.proxies)
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
        let sms_senders = sms_senders(vars.optional("ALLOWED_SMS_SENDERS").as_deref())?;
        let ids: Vec<&str> = sms_senders.iter().map(PhoneNumber::as_str).collect();
        let destinations = DestinationPolicy::from_lookup(&lookup, &ids, Limits::memory())
            .map_err(|e| match e {
                GuardError::Config { var, reason } => config(var, &reason),
                other => config("ALLOWED_DESTINATION_COUNTRIES", &other.to_string()),
            })?;
        Ok(Self {
            account_sid: vars.parse("TWILIO_ACCOUNT_SID", AccountSid::new)?,
            auth_token: vars.secret("TWILIO_AUTH_TOKEN")?,
            api_key_sid: vars.parse("TWILIO_API_KEY_SID", ApiKeySid::new)?,
            api_key_secret: vars.secret("TWILIO_API_KEY_SECRET")?,
            twiml_app_sid: vars.optional_parse("TWILIO_TWIML_APP_SID", ApplicationSid::new)?,
            chat_service_sid: vars.optional_parse("CHAT_SERVICE_SID", ChatServiceSid::new)?,
            public_base_url: public_base_url(
                &vars.required("PUBLIC_BASE_URL")?,
                "https://proxy-admin.example.com",
            )?,
            sms_senders,
            destinations,
            users: users(&vars)?,
            session_key: SessionKey::new(vars.secret("SESSION_SECRET")?)
                .map_err(|e| config("SESSION_SECRET", &e.to_string()))?,
            bind: twilio_app_env::bind_address(&vars, 5000)?,
            proxies: twilio_app_env::trusted_proxies(&vars)?,
            api_base_url: vars.optional("TWILIO_API_BASE_URL"),
            proxy_base_url: vars.optional("TWILIO_PROXY_BASE_URL"),
            voice_sdk_js: vars
                .optional("VOICE_SDK_JS")
                .map_or_else(default_voice_sdk_js, PathBuf::from),
            record_retry_interval: Duration::from_secs(1),
            redis_url: vars.optional("REDIS_URL").map(Secret::new),
        })
    }

    /// `scheme://host[:port]` of [`Config::public_base_url`]: what a browser sends as
    /// `Origin`.
    pub fn public_origin(&self) -> &str {
        origin_of(&self.public_base_url)
    }
}

/// `scheme://host[:port]` of an absolute URL (the URL itself when it has no path).
pub(crate) fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// Where `npm install` in `web/` puts the Voice JS SDK.
pub fn default_voice_sdk_js() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("web/node_modules/@twilio/voice-sdk/dist/twilio.min.js")
}

fn config(var: &'static str, reason: &str) -> Error {
    Error::Config {
        var,
        reason: reason.to_owned(),
    }
}

fn sms_senders(raw: Option<&str>) -> Result<Vec<PhoneNumber>, Error> {
    raw.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            e164(s).ok_or_else(|| {
                config(
                    "ALLOWED_SMS_SENDERS",
                    "a comma-separated list of E.164 numbers such as +15005550006",
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_drops_the_path() {
        assert_eq!(
            origin_of("https://a.example.com/admin"),
            "https://a.example.com"
        );
        assert_eq!(origin_of("http://127.0.0.1:5000"), "http://127.0.0.1:5000");
    }

    #[test]
    fn no_debug_print_shows_a_secret() {
        let lookup = |name: &str| {
            let value = match name {
                "TWILIO_ACCOUNT_SID" => "AC0123456789abcdef0123456789abcdef",
                "TWILIO_AUTH_TOKEN" => "AUTH-s3cr3t",
                "API_KEY" => "SK0123456789abcdef0123456789abcdef",
                "API_SECRET" => "APIKEY-s3cr3t",
                "PUBLIC_BASE_URL" => "https://proxy-admin.example.com",
                "APP_USERS" => "alice:PHC",
                "SESSION_SECRET" => "SESSION-s3cr3t-0123456789abcdef0123",
                _ => return None,
            };
            Some(value.replace("PHC", "$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$yQ5mB6a0c+1vYkU3m0wzJ0Q5rYz9JrC7HnVnJ0b8m4Q"))
        };
        let config = Config::from_lookup(lookup).unwrap();
        let shown = format!("{config:?} {:?} {:?}", config.users, config.session_key);
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("argon2"),
            "{shown}"
        );
        assert_eq!(config.auth_token.expose(), "AUTH-s3cr3t");
        assert_eq!(config.api_key_secret.expose(), "APIKEY-s3cr3t");
    }

    #[test]
    fn senders_must_be_e164() {
        assert_eq!(sms_senders(None).map(|v| v.len()).ok(), Some(0));
        assert_eq!(
            sms_senders(Some("+15005550006, +15005550007"))
                .map(|v| v.len())
                .ok(),
            Some(2)
        );
        assert!(sms_senders(Some("15005550006")).is_err());
    }
}
