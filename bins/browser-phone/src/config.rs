//! Typed configuration, read once at startup from the environment (and `.env`).

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use twilio_app_auth::{SessionKey, Users};
use twilio_app_env::spec::{Kind, Spec, Var, common};
use twilio_app_env::{Secret, Vars, public_base_url, users};
use twilio_rest::sid::PhoneNumber;
use twilio_token::{AccountSid, ApiKeySid, ApplicationSid};

use crate::Error;
use crate::phone::DestinationPolicy;
use crate::routing::CallRouting;

/// Longest SMS body accepted (Twilio's own limit is 1,600 characters).
pub const DEFAULT_MAX_SMS_CHARS: usize = 1600;
/// Longest text spoken by a voice message (a few minutes of speech).
pub const DEFAULT_MAX_VOICE_CHARS: usize = 1000;

/// Every setting of the app: `browser-phone --help` prints this table.
pub const SPEC: Spec = Spec {
    bin: "browser-phone",
    about: "A phone in the browser: calls and SMS through Twilio for logged-in users (seed 001).",
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
                common::API_KEY_SID,
                common::API_KEY_SECRET,
                common::TWIML_APP_SID.legacy(&["TWILIO_APP_SID"]),
                common::PHONE_NUMBER,
                common::PUBLIC_BASE_URL,
                common::API_BASE_URL,
            ],
        ),
        (
            "Server",
            &[
                common::BIND_ADDRESS,
                Var::optional("PORT", Kind::Port, "port to listen on (0 picks a free one)")
                    .default("1337"),
                common::TRUSTED_PROXIES,
                common::REDIS_URL,
                Var::optional(
                    "VOICE_SDK_JS",
                    Kind::Path,
                    "the Voice JS SDK bundle served at /vendor/twilio.min.js",
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
            "Calls and messages",
            &[
                Var::twilio(
                    "ALLOWED_DESTINATION_PREFIXES",
                    Kind::List,
                    "E.164 prefixes calls and messages may go to, e.g. +1,+44",
                )
                .default("local mode: +1"),
                common::ALLOWED_DESTINATION_COUNTRIES,
                Var::optional(
                    "RATE_LIMIT_MESSAGES",
                    Kind::Number {
                        min: 0,
                        max: u64::MAX,
                    },
                    "messages one user may send per window",
                )
                .default("10"),
                Var::optional(
                    "RATE_LIMIT_CALLS",
                    Kind::Number {
                        min: 0,
                        max: u64::MAX,
                    },
                    "calls one user may place per window (browser calls count too)",
                )
                .default("5"),
                Var::optional(
                    "RATE_LIMIT_WINDOW_SECS",
                    Kind::Number {
                        min: 1,
                        max: u64::MAX,
                    },
                    "the window of the per-user limits, in seconds",
                )
                .default("3600"),
                Var::optional(
                    "MESSAGES_PER_HOUR",
                    Kind::Number {
                        min: 0,
                        max: u64::MAX,
                    },
                    "messages the whole app may send an hour",
                )
                .default("600"),
                Var::optional(
                    "CALLS_PER_HOUR",
                    Kind::Number {
                        min: 0,
                        max: u64::MAX,
                    },
                    "calls the whole app may place an hour",
                )
                .default("300"),
                Var::optional(
                    "MAX_SMS_CHARS",
                    Kind::Number {
                        min: 1,
                        max: u64::MAX,
                    },
                    "longest SMS body accepted",
                )
                .default("1600"),
                Var::optional(
                    "MAX_VOICE_CHARS",
                    Kind::Number {
                        min: 1,
                        max: u64::MAX,
                    },
                    "longest text a voice message speaks",
                )
                .default("1000"),
                Var::optional(
                    "INCOMING_CALL_DEFAULT_USER",
                    Kind::Text,
                    "the user incoming calls ring when no route matches",
                )
                .default("unset: incoming calls are refused politely"),
                Var::optional(
                    "INCOMING_CALL_ROUTES",
                    Kind::List,
                    "which user a called number rings: +15005550006=alice,+15005550007=bob",
                ),
            ],
        ),
    ],
};

/// Everything the app needs, checked before it binds a socket.
///
/// Secrets are kept out of `Debug`.
#[derive(Clone)]
pub struct Config {
    /// `TWILIO_ACCOUNT_SID`
    pub account_sid: AccountSid,
    /// `TWILIO_AUTH_TOKEN`: REST calls and webhook signatures.
    pub auth_token: Secret,
    /// `TWILIO_API_KEY_SID`: signs Access Tokens.
    pub api_key_sid: ApiKeySid,
    /// `TWILIO_API_KEY_SECRET`
    pub api_key_secret: Secret,
    /// `TWILIO_TWIML_APP_SID`: the TwiML App whose Voice URL is `/hooks/call/connect`.
    pub app_sid: ApplicationSid,
    /// `TWILIO_PHONE_NUMBER`: sender of messages, caller id of calls.
    pub phone_number: PhoneNumber,
    /// `PUBLIC_BASE_URL`: the `https://host` Twilio uses to reach the app; webhook
    /// signatures are checked against it.
    pub public_base_url: String,
    /// `ALLOWED_DESTINATION_PREFIXES`, e.g. `+1,+44`: this app's own narrowing.
    pub destinations: DestinationPolicy,
    /// The shared destination policy: `ALLOWED_DESTINATION_COUNTRIES` (default the
    /// country of `TWILIO_PHONE_NUMBER`), premium ranges refused, the per-user rates
    /// below and `MESSAGES_PER_HOUR` / `CALLS_PER_HOUR` overall.
    pub guard: twilio_app_guard::DestinationPolicy,
    /// `INCOMING_CALL_DEFAULT_USER` and `INCOMING_CALL_ROUTES`.
    pub routing: CallRouting,
    /// `RATE_LIMIT_MESSAGES` per `RATE_LIMIT_WINDOW_SECS` and user (default 10 per hour).
    pub message_limit: usize,
    /// `RATE_LIMIT_CALLS` per window and user (default 5 per hour); browser calls count too.
    pub call_limit: usize,
    /// `RATE_LIMIT_WINDOW_SECS` (default 3600).
    pub rate_window: Duration,
    /// `MAX_SMS_CHARS` (default 1600).
    pub max_sms_chars: usize,
    /// `MAX_VOICE_CHARS` (default 1000).
    pub max_voice_chars: usize,
    /// `APP_USERS_FILE` (a file) or `APP_USERS` (`;`-separated): `user:$argon2id$…`.
    pub users: Users,
    /// `SESSION_SECRET`: at least 32 bytes.
    pub session_key: SessionKey,
    /// `BIND_ADDRESS` (default `127.0.0.1`) and `PORT` (default 1337).
    pub bind: SocketAddr,
    /// `TRUSTED_PROXIES`: the reverse proxies in front, for the login throttle's
    /// client address.
    pub proxies: twilio_app_env::proxies::Proxies,
    /// `TWILIO_API_BASE_URL`: another api.twilio.com, e.g. a local mock.
    pub api_base_url: Option<String>,
    /// `VOICE_SDK_JS`: the Voice JS SDK bundle served at `/vendor/twilio.min.js`.
    pub voice_sdk_js: PathBuf,
    /// `REDIS_URL`: the Redis every instance shares (login throttles, rate limits,
    /// logouts); unset keeps them in this process. May hold a password.
    pub redis_url: Option<Secret>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("account_sid", &self.account_sid)
            .field("app_sid", &self.app_sid)
            .field("phone_number", &self.phone_number)
            .field("public_base_url", &self.public_base_url)
            .field("destinations", &self.destinations)
            .field("routing", &self.routing)
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
        let phone_number = PhoneNumber::new(vars.required("TWILIO_PHONE_NUMBER")?)
            .map_err(|_| config("TWILIO_PHONE_NUMBER", "not an E.164 number"))?;
        let routing = CallRouting::new()
            .parse_routes(&vars.optional("INCOMING_CALL_ROUTES").unwrap_or_default())?;
        let routing = match vars.optional("INCOMING_CALL_DEFAULT_USER") {
            Some(user) => routing.default_user(user),
            None => routing,
        };
        let message_limit = vars.number("RATE_LIMIT_MESSAGES", 10)?;
        let call_limit = vars.number("RATE_LIMIT_CALLS", 5)?;
        let rate_window = Duration::from_secs(vars.number("RATE_LIMIT_WINDOW_SECS", 3600)?);
        let guard = guard(
            &lookup,
            &phone_number,
            message_limit,
            call_limit,
            rate_window,
        )?;
        let config = Self {
            guard,
            account_sid: vars.parse("TWILIO_ACCOUNT_SID", AccountSid::new)?,
            auth_token: vars.secret("TWILIO_AUTH_TOKEN")?,
            api_key_sid: vars.parse("TWILIO_API_KEY_SID", ApiKeySid::new)?,
            api_key_secret: vars.secret("TWILIO_API_KEY_SECRET")?,
            app_sid: vars.parse("TWILIO_TWIML_APP_SID", ApplicationSid::new)?,
            phone_number,
            public_base_url: public_base_url(
                &vars.required("PUBLIC_BASE_URL")?,
                "https://phone.example.com",
            )?,
            destinations: DestinationPolicy::new(
                vars.required("ALLOWED_DESTINATION_PREFIXES")?.split(','),
            )?,
            routing,
            message_limit,
            call_limit,
            rate_window,
            max_sms_chars: vars.number("MAX_SMS_CHARS", DEFAULT_MAX_SMS_CHARS)?,
            max_voice_chars: vars.number("MAX_VOICE_CHARS", DEFAULT_MAX_VOICE_CHARS)?,
            users: users(&vars)?,
            session_key: SessionKey::new(vars.secret("SESSION_SECRET")?)
                .map_err(|e| config("SESSION_SECRET", &e.to_string()))?,
            bind: twilio_app_env::bind_address(&vars, 1337)?,
            proxies: twilio_app_env::trusted_proxies(&vars)?,
            api_base_url: vars.optional("TWILIO_API_BASE_URL"),
            voice_sdk_js: vars
                .optional("VOICE_SDK_JS")
                .map_or_else(default_voice_sdk_js, PathBuf::from),
            redis_url: vars.optional("REDIS_URL").map(Secret::new),
        };
        config.check_routing()?;
        Ok(config)
    }

    /// Every user an incoming call may ring must be able to log in.
    fn check_routing(&self) -> Result<(), Error> {
        for user in self.routing.users() {
            let known =
                twilio_app_auth::Username::new(user).is_ok_and(|name| self.users.contains(&name));
            if !known {
                return Err(config(
                    "INCOMING_CALL_ROUTES",
                    &format!("`{user}` is not a configured user"),
                ));
            }
        }
        Ok(())
    }
}

/// Where `scripts/setup.sh` installs the Voice JS SDK.
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

/// The shared destination policy with this app's per-user rates.
fn guard(
    lookup: &impl Fn(&str) -> Option<String>,
    phone_number: &PhoneNumber,
    message_limit: usize,
    call_limit: usize,
    window: Duration,
) -> Result<twilio_app_guard::DestinationPolicy, Error> {
    use twilio_app_auth::limit::{Limits, Rate};
    use twilio_app_guard::{Channel, DestinationPolicy, GuardError, Rates};
    // The per-user rates are this app's own RATE_LIMIT_* (set below).
    let shared = |name: &str| {
        if name.ends_with("_PER_USER_PER_HOUR") {
            None
        } else {
            lookup(name)
        }
    };
    let policy = DestinationPolicy::from_lookup(shared, &[phone_number.as_str()], Limits::memory())
        .map_err(|e| match e {
            GuardError::Config { var, reason } => Error::Config { var, reason },
            other => config("ALLOWED_DESTINATION_COUNTRIES", &other.to_string()),
        })?;
    let per_user = |limit: usize| Rate::new(u64::try_from(limit).unwrap_or(u64::MAX), window);
    let messages = Rates {
        per_user: per_user(message_limit),
        global: policy.rates(Channel::Message).global,
    };
    let calls = Rates {
        per_user: per_user(call_limit),
        global: policy.rates(Channel::Call).global,
    };
    Ok(policy
        .with_rates(Channel::Message, messages)
        .with_rates(Channel::Call, calls))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_debug_print_shows_a_secret() {
        let lookup = |name: &str| {
            let value = match name {
                "TWILIO_ACCOUNT_SID" => "AC0123456789abcdef0123456789abcdef",
                "TWILIO_AUTH_TOKEN" => "AUTH-s3cr3t",
                "TWILIO_API_KEY_SID" => "SK0123456789abcdef0123456789abcdef",
                "TWILIO_API_KEY_SECRET" => "APIKEY-s3cr3t",
                "TWILIO_APP_SID" => "AP0123456789abcdef0123456789abcdef",
                "TWILIO_PHONE_NUMBER" => "+15005550006",
                "PUBLIC_BASE_URL" => "https://phone.example.com",
                "ALLOWED_DESTINATION_PREFIXES" => "+1",
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
}
