//! Configuration from the environment, shared by the apps in `bins/`.
//!
//! Each app reads its settings through [`Vars`] (the environment, or a map in tests)
//! after [`load_dotenv`], and maps [`Error`] into its own error type. Errors name the
//! variable and what is wrong with it, never its value: values may be secrets.
//!
//! ```
//! use std::time::Duration;
//! use twilio_app_env::{Vars, public_base_url};
//!
//! let lookup = |name: &str| match name {
//!     "PORT" => Some(" 8080 ".to_owned()),
//!     "PUBLIC_BASE_URL" => Some("https://phone.example.com/".to_owned()),
//!     _ => None,
//! };
//! let vars = Vars::new(&lookup);
//! assert_eq!(vars.number::<u16>("PORT", 3000)?, 8080);
//! assert_eq!(vars.seconds("WS_PING_SECS", 30)?, Duration::from_secs(30));
//! let url = public_base_url(&vars.required("PUBLIC_BASE_URL")?, "https://phone.example.com")?;
//! assert_eq!(url, "https://phone.example.com");
//! let missing = vars.required("TWILIO_AUTH_TOKEN").unwrap_err();
//! assert_eq!(missing.to_string(), "TWILIO_AUTH_TOKEN: missing");
//! # Ok::<(), twilio_app_env::Error>(())
//! ```

use std::time::Duration;

#[cfg(feature = "actix")]
pub mod http;
#[cfg(feature = "actix")]
pub mod input;
pub mod proxies;
pub mod spec;
pub mod wakers;
pub use twilio_types::Secret;

/// A setting is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}: {reason}")]
pub struct Error {
    /// The environment variable at fault (or `.env`).
    pub var: &'static str,
    /// What is wrong with it; never the value itself.
    pub reason: String,
}

impl Error {
    /// An error about `var`.
    pub fn new(var: &'static str, reason: impl Into<String>) -> Self {
        Self {
            var,
            reason: reason.into(),
        }
    }
}

/// Reads `.env` if there is one; real environment variables win over it.
///
/// # Errors
/// A `.env` that exists but cannot be read or parsed (a missing one is normal).
pub fn load_dotenv() -> Result<(), Error> {
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(e) if e.not_found() => Ok(()),
        Err(e) => Err(dotenv_error(&e, || std::fs::read_to_string(".env").ok())),
    }
}

/// A `.env` error that never shows the line (dotenvy's message quotes it, and the
/// value may be a secret): the line number and variable name, and how to quote.
fn dotenv_error(e: &dotenvy::Error, text: impl FnOnce() -> Option<String>) -> Error {
    let dotenvy::Error::LineParse(line, _) = e else {
        return Error::new(".env", "cannot be read");
    };
    let text = text().unwrap_or_default();
    // dotenvy reports the value part; find the file line that holds it.
    let number = text
        .find(line.as_str())
        .map(|at| text[..at].matches('\n').count() + 1);
    let name = number
        .and_then(|n| text.lines().nth(n - 1))
        .and_then(|whole| whole.split_once('='))
        .map(|(name, _)| name.trim().trim_start_matches("export ").trim())
        .filter(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    let place = match (number, name) {
        (Some(n), Some(name)) => format!("line {n} ({name})"),
        (Some(n), None) => format!("line {n}"),
        (None, Some(name)) => format!("the line of {name}"),
        (None, None) => "a line".to_owned(),
    };
    Error::new(
        ".env",
        format!(
            "{place} cannot be parsed (value not shown); values with `$`, spaces or \
             quotes go in single quotes, NAME='value'"
        ),
    )
}

/// Variable access with uniform error messages (never echoing a value).
///
/// Values are trimmed; an empty value counts as unset.
pub struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl std::fmt::Debug for Vars<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vars(..)")
    }
}

impl<'a> Vars<'a> {
    /// Looks variables up through `lookup`, e.g. `|name| std::env::var(name).ok()`.
    pub fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Self(lookup)
    }

    /// The trimmed value, or `None` when unset or blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// # Errors
    /// `missing` when unset or blank.
    pub fn required(&self, name: &'static str) -> Result<String, Error> {
        self.optional(name)
            .ok_or_else(|| Error::new(name, "missing"))
    }

    /// A credential (Auth Token, API key secret, session key), trimmed, as a
    /// [`Secret`] that never prints.
    ///
    /// # Errors
    /// `missing` when unset or blank.
    pub fn secret(&self, name: &'static str) -> Result<Secret, Error> {
        self.required(name).map(Secret::new)
    }

    /// A required value converted by `f`.
    ///
    /// # Errors
    /// `missing`, or `malformed` when `f` refuses it.
    pub fn parse<T, E>(
        &self,
        name: &'static str,
        f: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<T, Error> {
        f(self.required(name)?).map_err(|_| malformed(name))
    }

    /// An optional value converted by `f`.
    ///
    /// # Errors
    /// `malformed` when set and `f` refuses it.
    pub fn optional_parse<T, E>(
        &self,
        name: &'static str,
        f: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<Option<T>, Error> {
        self.optional(name)
            .map(|v| f(v).map_err(|_| malformed(name)))
            .transpose()
    }

    /// A number, `default` when unset.
    ///
    /// # Errors
    /// `must be a whole number` when set and not parseable as `T`.
    pub fn number<T: std::str::FromStr>(&self, name: &'static str, default: T) -> Result<T, Error> {
        match self.optional(name) {
            None => Ok(default),
            Some(raw) => raw
                .parse()
                .map_err(|_| Error::new(name, "must be a whole number")),
        }
    }

    /// A period in whole seconds, `default` when unset.
    ///
    /// # Errors
    /// Not a whole number, or 0 (a zero period would spin).
    pub fn seconds(&self, name: &'static str, default: u64) -> Result<Duration, Error> {
        match self.number(name, default)? {
            0 => Err(Error::new(name, "must be at least 1 second")),
            n => Ok(Duration::from_secs(n)),
        }
    }
}

/// The socket to listen on: `BIND_ADDRESS` (an IP, default `127.0.0.1`, or
/// `IP:PORT`, which wins over `PORT`) and `PORT` (default `default_port`).
///
/// # Errors
/// Either is malformed.
pub fn bind_address(vars: &Vars<'_>, default_port: u16) -> Result<std::net::SocketAddr, Error> {
    let port = vars.number("PORT", default_port)?;
    let (ip, own_port) = match vars.optional("BIND_ADDRESS") {
        None => (std::net::IpAddr::from([127, 0, 0, 1]), None),
        Some(raw) => spec::parse_address(&raw).ok_or_else(|| {
            Error::new(
                "BIND_ADDRESS",
                "must be an IP address such as 127.0.0.1 or 0.0.0.0 (optionally :PORT)",
            )
        })?,
    };
    Ok(std::net::SocketAddr::new(ip, own_port.unwrap_or(port)))
}

/// `TRUSTED_PROXIES`: the reverse proxies in front (none when unset).
///
/// # Errors
/// Neither a hop count nor addresses.
pub fn trusted_proxies(vars: &Vars<'_>) -> Result<proxies::Proxies, Error> {
    proxies::Proxies::parse(&vars.optional("TRUSTED_PROXIES").unwrap_or_default())
}

fn malformed(name: &'static str) -> Error {
    Error::new(name, "malformed")
}

/// `PUBLIC_BASE_URL`: `http(s)://host[:port][/prefix]`, returned without a trailing
/// slash so paths can be appended.
///
/// # Errors
/// Not an absolute http(s) URL; the message shows `example` (a URL of the app's own).
pub fn public_base_url(raw: &str, example: &str) -> Result<String, Error> {
    let trimmed = raw.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['?', '#', ' ']) => Ok(trimmed.to_owned()),
        _ => Err(Error::new(
            "PUBLIC_BASE_URL",
            format!("must be an absolute http(s) URL such as {example}"),
        )),
    }
}

/// The app's login list: `APP_USERS_FILE` (a file) or `APP_USERS` (`;`-separated),
/// each entry `user:$argon2id$…`.
///
/// # Errors
/// Neither set, the file unreadable, an entry malformed, or no users at all.
#[cfg(feature = "auth")]
pub fn users(vars: &Vars<'_>) -> Result<twilio_app_auth::Users, Error> {
    let (var, text, place) = match (vars.optional("APP_USERS_FILE"), vars.optional("APP_USERS")) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::new("APP_USERS_FILE", format!("{path}: {e}")))?;
            ("APP_USERS_FILE", text, format!("{path} line"))
        }
        (None, Some(inline)) => ("APP_USERS", inline, "entry".to_owned()),
        (None, None) => return Err(Error::new("APP_USERS_FILE", "set it (or APP_USERS)")),
    };
    let users = twilio_app_auth::Users::parse(&text).map_err(|e| match e {
        twilio_app_auth::AuthError::InvalidUsersFile { line, reason } => {
            let hint = if var == "APP_USERS" && !text.contains("$argon2") {
                EXPANDED_HASH_HINT
            } else {
                ""
            };
            Error::new(var, format!("{place} {line}: {reason}{hint}"))
        }
        other => Error::new(var, other.to_string()),
    })?;
    if users.is_empty() {
        return Err(Error::new(var, "no users: nobody could log in"));
    }
    Ok(users)
}

/// Said when an inline hash lost its `$` parts: `.env` (like a shell) expands `$name`
/// in unquoted and double-quoted values, so `$argon2id$v=19$...` arrives mangled.
#[cfg(feature = "auth")]
const EXPANDED_HASH_HINT: &str = " (a hash starts with `$argon2id$`; its `$` parts \
     were probably expanded: in .env, put the whole value in single quotes, \
     APP_USERS='alice:$argon2id$...', or use APP_USERS_FILE)";

/// The app's one store of throttles, rate limits, policy counters and logouts: in
/// Redis at `REDIS_URL` when it is set (shared by every instance, kept across
/// restarts; keys under `prefix:`), in this process otherwise. The connection is
/// made on first use, so an app starts while Redis is down and answers 503 until
/// it is up.
///
/// # Errors
/// A `REDIS_URL` that cannot be parsed (the message never shows it).
#[cfg(feature = "redis")]
pub fn shared_limits(
    redis_url: Option<&Secret>,
    prefix: &str,
) -> Result<twilio_app_auth::limit::Limits, Error> {
    match redis_url {
        None => Ok(twilio_app_auth::limit::Limits::memory()),
        Some(url) => twilio_app_auth::limit::Limits::redis(url, prefix).map_err(|_| {
            Error::new(
                "REDIS_URL",
                "not a Redis URL (redis://host:port/db, rediss://…, unix:///path)",
            )
        }),
    }
}

/// The `TwilioWebhook<T>` extractor's settings: signatures checked with the Auth Token
/// against URLs rebuilt on the public base URL.
///
/// # Errors
/// The token or the URL is refused (reported as `PUBLIC_BASE_URL`).
#[cfg(feature = "webhook")]
pub fn webhook_config(
    auth_token: &Secret,
    public_base_url: &str,
) -> Result<twilio_webhook::actix::WebhookConfig, Error> {
    let err = |e: twilio_webhook::Error| Error::new("PUBLIC_BASE_URL", e.to_string());
    let validator = twilio_webhook::Validator::new(auth_token.expose()).map_err(err)?;
    twilio_webhook::actix::WebhookConfig::builder(validator)
        .public_base_url(public_base_url)
        .build()
        .map_err(err)
}

/// Logs to stdout at `RUST_LOG`'s filter, `info` when it is unset or malformed.
pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
}

/// `BIN hash-password`: reads a password (one line) on stdin and prints its Argon2id
/// hash for a `user:hash` line of the users file. An empty password prints the usage
/// and exits with status 2.
///
/// # Errors
/// stdin cannot be read, or hashing fails.
#[cfg(feature = "auth")]
#[allow(clippy::print_stdout)] // printing the hash is the point
pub fn hash_password_command(bin: &str) -> std::io::Result<()> {
    match hash_password_line(&mut std::io::stdin().lock())? {
        Some(hash) => {
            println!("{hash}");
            Ok(())
        }
        None => {
            eprintln!("usage: echo 'password' | {bin} hash-password");
            std::process::exit(2);
        }
    }
}

/// The hash of the first line of `input` (line ending removed); `None` if it is empty.
#[cfg(feature = "auth")]
fn hash_password_line(input: &mut impl std::io::BufRead) -> std::io::Result<Option<String>> {
    let mut line = String::new();
    input.read_line(&mut line)?;
    // Wiped when this returns.
    let line = Secret::new(line);
    let password = line.expose().trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Ok(None);
    }
    twilio_app_auth::hash_password(password)
        .map(Some)
        .map_err(|error| std::io::Error::other(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn blank_counts_as_unset_and_values_are_trimmed() {
        let lookup = with(&[("A", "  "), ("B", " x ")]);
        let vars = Vars::new(&lookup);
        assert_eq!(vars.optional("A"), None);
        assert_eq!(vars.required("A"), Err(Error::new("A", "missing")));
        assert_eq!(vars.required("B").as_deref(), Ok("x"));
    }

    #[test]
    fn errors_name_the_variable_never_the_value() {
        let lookup = with(&[("SECRET_SID", "s3cr3t-value"), ("N", "s3cr3t-value")]);
        let vars = Vars::new(&lookup);
        let parse = vars.parse("SECRET_SID", |v| v.parse::<u8>());
        let number = vars.number::<u32>("N", 1);
        for error in [parse.unwrap_err(), number.unwrap_err()] {
            let text = error.to_string();
            assert!(!text.contains("s3cr3t"), "{text}");
            assert!(text.starts_with(error.var), "{text}");
        }
    }

    #[test]
    fn secrets_never_print() {
        let lookup = with(&[("TWILIO_AUTH_TOKEN", " s3cr3t-token ")]);
        let vars = Vars::new(&lookup);
        let token = vars.secret("TWILIO_AUTH_TOKEN").unwrap();
        assert_eq!(token.expose(), "s3cr3t-token");
        let shown = format!("{token:?} {token} {vars:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(
            vars.secret("UNSET").unwrap_err(),
            Error::new("UNSET", "missing")
        );
    }

    #[test]
    fn optional_values_are_still_checked() {
        let lookup = with(&[("N", "7"), ("BAD", "x")]);
        let vars = Vars::new(&lookup);
        assert_eq!(vars.optional_parse("N", |v| v.parse::<u8>()), Ok(Some(7)));
        assert_eq!(vars.optional_parse("UNSET", |v| v.parse::<u8>()), Ok(None));
        assert_eq!(
            vars.optional_parse("BAD", |v| v.parse::<u8>()),
            Err(Error::new("BAD", "malformed"))
        );
    }

    #[test]
    fn numbers_default_and_periods_refuse_zero() {
        let lookup = with(&[("ZERO", "0"), ("NEG", "-1")]);
        let vars = Vars::new(&lookup);
        assert_eq!(vars.number("UNSET", 5_u16), Ok(5));
        assert!(vars.number::<u16>("NEG", 5).is_err());
        assert_eq!(vars.seconds("UNSET", 30), Ok(Duration::from_secs(30)));
        assert_eq!(
            vars.seconds("ZERO", 30),
            Err(Error::new("ZERO", "must be at least 1 second"))
        );
    }

    #[test]
    fn the_bind_address_takes_an_ip_and_a_port_or_both_at_once() {
        let lookup = with(&[]);
        let default = bind_address(&Vars::new(&lookup), 3000).unwrap();
        assert_eq!(default.to_string(), "127.0.0.1:3000");
        let lookup = with(&[("BIND_ADDRESS", "0.0.0.0"), ("PORT", "80")]);
        assert_eq!(
            bind_address(&Vars::new(&lookup), 3000).unwrap().to_string(),
            "0.0.0.0:80"
        );
        let lookup = with(&[("BIND_ADDRESS", "[::1]:5000"), ("PORT", "80")]);
        assert_eq!(
            bind_address(&Vars::new(&lookup), 3000).unwrap().to_string(),
            "[::1]:5000"
        );
        let lookup = with(&[("BIND_ADDRESS", "localhost")]);
        assert_eq!(
            bind_address(&Vars::new(&lookup), 3000).unwrap_err().var,
            "BIND_ADDRESS"
        );
        let lookup = with(&[("PORT", "http")]);
        assert_eq!(
            bind_address(&Vars::new(&lookup), 3000).unwrap_err().var,
            "PORT"
        );
    }

    #[test]
    fn base_url_loses_its_trailing_slash_and_needs_a_scheme() {
        let example = "https://a.example.com";
        assert_eq!(
            public_base_url(" https://a.example.com/p/ ", example).as_deref(),
            Ok("https://a.example.com/p")
        );
        assert!(public_base_url("http://127.0.0.1:8080", example).is_ok());
        for bad in [
            "a.example.com",
            "https://",
            "ftp://a.example.com",
            "https://a?b",
        ] {
            let error = public_base_url(bad, example).unwrap_err();
            assert_eq!(error.var, "PUBLIC_BASE_URL");
            assert!(error.reason.contains(example), "{error}");
        }
    }

    #[cfg(feature = "auth")]
    #[test]
    fn users_come_from_a_file_or_inline_and_must_exist() {
        let none = with(&[]);
        assert_eq!(users(&Vars::new(&none)).unwrap_err().var, "APP_USERS_FILE");
        let empty = with(&[("APP_USERS", ";")]);
        let error = users(&Vars::new(&empty)).unwrap_err();
        assert_eq!(error.var, "APP_USERS");
        let gone = with(&[("APP_USERS_FILE", "/nonexistent/users.txt")]);
        assert_eq!(users(&Vars::new(&gone)).unwrap_err().var, "APP_USERS_FILE");
    }

    /// An unquoted or double-quoted hash in `.env` arrives with its `$name` parts
    /// expanded to nothing; the error says how to quote it, and calls it an entry of
    /// the variable, not a line of a file.
    #[cfg(feature = "auth")]
    #[test]
    fn an_expanded_inline_hash_says_how_to_quote_it() {
        let dir = std::env::temp_dir().join(format!("app-env-dollar-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // A fixed hash (of "pw"): whether dotenvy refuses a double-quoted one or
        // expands it depends on the characters after each `$`.
        let hash = "$argon2id$v=19$m=19456,t=2,p=1$d+sO58PzysKKdLx8ID1cNg$\
                    5sbliJcKumXPz6qRnTLsGDFrdCeZIZTGJ8nXcvuti7Y";
        let env = dir.join(".env");
        std::fs::write(
            &env,
            format!("APP_USERS=alice:{hash}\nQUOTED='alice:{hash}'\nDOUBLE=\"alice:{hash}\"\n"),
        )
        .unwrap();
        let text = std::fs::read_to_string(&env).unwrap();
        let mut parsed = std::collections::HashMap::new();
        let mut refused = Vec::new();
        for item in dotenvy::from_path_iter(&env).unwrap() {
            match item {
                Ok((key, value)) => drop(parsed.insert(key, value)),
                Err(e) => refused.push(dotenv_error(&e, || Some(text.clone()))),
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
        // A double-quoted hash is refused by the parser: the line and name, no value.
        assert_eq!(refused.len(), 1, "{refused:?}");
        let message = refused[0].to_string();
        assert!(
            message.starts_with(".env: line 3 (DOUBLE) cannot be parsed"),
            "{message}"
        );
        assert!(message.contains("single quotes"), "{message}");
        assert!(!message.contains("argon2"), "{message}");
        // Unquoted, the `$name` parts expand to nothing: the hint says how to quote.
        let value = parsed["APP_USERS"].clone();
        let lookup = move |name: &str| (name == "APP_USERS").then(|| value.clone());
        let error = users(&Vars::new(&lookup)).unwrap_err();
        assert_eq!(error.var, "APP_USERS");
        assert!(error.reason.starts_with("entry 1: "), "{error}");
        assert!(error.reason.contains("single quotes"), "{error}");
        let quoted = parsed["QUOTED"].clone();
        let lookup = move |name: &str| (name == "APP_USERS").then(|| quoted.clone());
        assert_eq!(users(&Vars::new(&lookup)).unwrap().len(), 1);
    }

    #[cfg(feature = "auth")]
    #[test]
    fn hash_password_line_hashes_the_first_line_for_the_users_file() {
        let hash = hash_password_line(&mut "a long password\r\nnext\n".as_bytes())
            .unwrap()
            .unwrap();
        let users = twilio_app_auth::Users::parse(&format!("alice:{hash}")).unwrap();
        assert!(users.verify("alice", "a long password").is_ok());
        assert!(users.verify("alice", "next").is_err());
        assert_eq!(hash_password_line(&mut "\n".as_bytes()).unwrap(), None);
        assert_eq!(hash_password_line(&mut "".as_bytes()).unwrap(), None);
    }

    #[cfg(feature = "webhook")]
    #[test]
    fn webhook_config_refuses_a_base_url_twilio_cannot_sign() {
        let token = Secret::new("token");
        assert!(webhook_config(&token, "https://phone.example.com/app/").is_ok());
        let error = webhook_config(&token, "https://phone.example.com/?q=1").unwrap_err();
        assert_eq!(error.var, "PUBLIC_BASE_URL");
        assert_eq!(
            webhook_config(&Secret::default(), "https://phone.example.com")
                .unwrap_err()
                .var,
            "PUBLIC_BASE_URL"
        );
    }
}
