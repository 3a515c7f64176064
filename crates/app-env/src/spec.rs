//! Each app's settings as a table: one [`Var`] per environment variable, with its
//! older names, what it holds, its default and its meaning.
//!
//! The table is the single source of `--help`, of the old-name warnings and of the
//! first check at startup, which reports every wrong setting at once rather than the
//! first one. An app reads its settings only through [`Env::lookup`], which refuses
//! (in debug builds) a name missing from the table, so every test that builds an
//! app's configuration also holds its `--help` complete.
//!
//! ```
//! use twilio_app_env::spec::{Kind, Spec, Var};
//!
//! const SPEC: Spec = Spec {
//!     bin: "demo",
//!     about: "A demo app.",
//!     commands: &[],
//!     local_mode: true,
//!     groups: &[(
//!         "Twilio",
//!         &[
//!             Var::twilio("TWILIO_ACCOUNT_SID", Kind::Sid("AC"), "your account"),
//!             Var::twilio("TWILIO_API_KEY_SID", Kind::Sid("SK"), "signs tokens")
//!                 .legacy(&["API_KEY"]),
//!             Var::optional("PORT", Kind::Port, "port to listen on").default("3000"),
//!         ],
//!     )],
//! };
//!
//! let raw = |name: &str| match name {
//!     "TWILIO_ACCOUNT_SID" => Some("AC123".to_owned()),
//!     "API_KEY" => Some("SK0123456789abcdef0123456789abcdef".to_owned()),
//!     "PORT" => Some("http".to_owned()),
//!     _ => None,
//! };
//! let env = SPEC.read(&raw);
//! assert_eq!(env.warnings(), ["API_KEY is an old name: use TWILIO_API_KEY_SID"]);
//! assert_eq!(env.lookup()("TWILIO_API_KEY_SID").as_deref(), Some("SK0123456789abcdef0123456789abcdef"));
//! let errors = env.check().unwrap_err();
//! assert_eq!(errors.len(), 2); // both at once
//! assert!(SPEC.help("0.1.0").contains("TWILIO_API_KEY_SID"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};

use crate::Error;

/// What a variable holds; checked by [`Env::check`] and named in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Kind {
    /// Free text.
    Text,
    /// A credential: never printed, never echoed in an error.
    Secret,
    /// A Twilio SID with this two-letter prefix and 32 hex digits.
    Sid(&'static str),
    /// An E.164 phone number.
    Phone,
    /// Comma-separated E.164 numbers.
    Phones,
    /// An absolute `http(s)://` URL.
    Url,
    /// A whole number in `min..=max`.
    Number {
        /// Smallest allowed.
        min: u64,
        /// Largest allowed.
        max: u64,
    },
    /// A TCP port.
    Port,
    /// An IP address, or `IP:PORT`.
    Address,
    /// Reverse proxies in front: a hop count, or their IP addresses / CIDR networks.
    Proxies,
    /// Comma-separated ISO 3166 two-letter country codes.
    Countries,
    /// A file or directory path.
    Path,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A Redis URL (may hold a password, so treated as a secret).
    RedisUrl,
    /// Several items in a format the app checks itself (described in the meaning).
    List,
}

impl Kind {
    /// What `--help` says the value looks like.
    fn shape(self) -> String {
        match self {
            Kind::Text | Kind::List => String::new(),
            Kind::Secret => "secret".to_owned(),
            Kind::Sid(prefix) => format!("{prefix}…"),
            Kind::Phone => "E.164".to_owned(),
            Kind::Phones => "E.164,…".to_owned(),
            Kind::Url => "URL".to_owned(),
            Kind::Number { min, max } if max == u64::MAX => format!("number ≥ {min}"),
            Kind::Number { min, max } => format!("number {min}–{max}"),
            Kind::Port => "port".to_owned(),
            Kind::Address => "IP[:PORT]".to_owned(),
            Kind::Proxies => "hops or IP,CIDR,…".to_owned(),
            Kind::Countries => "CC,…".to_owned(),
            Kind::Path => "path".to_owned(),
            Kind::Choice(words) => words.join("|"),
            Kind::RedisUrl => "redis://…".to_owned(),
        }
    }

    /// Why `value` is refused; never quotes the value (it may be a secret).
    fn refuse(self, value: &str) -> Option<String> {
        let ok = match self {
            Kind::Text | Kind::Secret | Kind::Path | Kind::List | Kind::RedisUrl => true,
            Kind::Sid(prefix) => is_sid(value, prefix),
            Kind::Phone => is_phone(value),
            Kind::Phones => value
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .all(is_phone),
            Kind::Url => crate::public_base_url(value, "https://app.example.com").is_ok(),
            Kind::Number { min, max } => {
                value.parse::<u64>().is_ok_and(|n| (min..=max).contains(&n))
            }
            Kind::Port => value.parse::<u16>().is_ok(),
            Kind::Address => parse_address(value).is_some(),
            Kind::Proxies => crate::proxies::Proxies::parse(value).is_ok(),
            Kind::Countries => value
                .split(',')
                .map(str::trim)
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic())),
            Kind::Choice(words) => words.iter().any(|w| w.eq_ignore_ascii_case(value)),
        };
        (!ok).then(|| self.expected())
    }

    fn expected(self) -> String {
        match self {
            Kind::Sid(prefix) => format!("must be a SID: {prefix} and 32 hex digits"),
            Kind::Phone => "must be an E.164 number such as +15005550006".to_owned(),
            Kind::Phones => "must be E.164 numbers separated by commas".to_owned(),
            Kind::Url => {
                "must be an absolute http(s) URL such as https://app.example.com".to_owned()
            }
            Kind::Number { min, max } if max == u64::MAX => {
                format!("must be a whole number, at least {min}")
            }
            Kind::Number { min, max } => format!("must be a whole number from {min} to {max}"),
            Kind::Port => "must be a port number (0–65535)".to_owned(),
            Kind::Address => {
                "must be an IP address such as 127.0.0.1 or 0.0.0.0 (optionally :PORT)".to_owned()
            }
            Kind::Proxies => {
                "must be a hop count such as 1, or proxy addresses such as 10.0.0.0/8,::1"
                    .to_owned()
            }
            Kind::Countries => {
                "must be two-letter country codes separated by commas, such as US,GB".to_owned()
            }
            Kind::Choice(words) => format!("must be one of {}", words.join(", ")),
            Kind::Text | Kind::Secret | Kind::Path | Kind::List | Kind::RedisUrl => {
                "malformed".to_owned()
            }
        }
    }
}

fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value
            .get(2..)
            .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_phone(value: &str) -> bool {
    twilio_types::PhoneNumber::new(value).is_ok()
}

/// `IP` or `IP:PORT` (`[v6]:PORT` for IPv6 with a port).
pub(crate) fn parse_address(value: &str) -> Option<(IpAddr, Option<u16>)> {
    if let Ok(ip) = value.parse::<IpAddr>() {
        return Some((ip, None));
    }
    value
        .parse::<SocketAddr>()
        .ok()
        .map(|addr| (addr.ip(), Some(addr.port())))
}

/// When a variable must be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Always.
    Required,
    /// Outside local mode (with a Twilio account); local mode supplies it.
    Twilio,
    /// Never: unset means the default.
    Optional,
}

/// One environment variable of an app.
#[derive(Debug, Clone, Copy)]
pub struct Var {
    /// Its name.
    pub name: &'static str,
    /// Older names still read (with a warning) when `name` is unset.
    pub legacy: &'static [&'static str],
    /// What it holds.
    pub kind: Kind,
    /// When it must be set.
    pub need: Need,
    /// The value used when unset, as `--help` shows it.
    pub default: Option<&'static str>,
    /// What it is for, one line.
    pub meaning: &'static str,
}

impl Var {
    const fn new(name: &'static str, kind: Kind, need: Need, meaning: &'static str) -> Self {
        Self {
            name,
            legacy: &[],
            kind,
            need,
            default: None,
            meaning,
        }
    }

    /// A variable that must always be set.
    pub const fn required(name: &'static str, kind: Kind, meaning: &'static str) -> Self {
        Self::new(name, kind, Need::Required, meaning)
    }

    /// A variable that must be set outside local mode.
    pub const fn twilio(name: &'static str, kind: Kind, meaning: &'static str) -> Self {
        Self::new(name, kind, Need::Twilio, meaning)
    }

    /// A variable that may be left unset.
    pub const fn optional(name: &'static str, kind: Kind, meaning: &'static str) -> Self {
        Self::new(name, kind, Need::Optional, meaning)
    }

    /// The value used when unset, as `--help` shows it.
    #[must_use]
    pub const fn default(mut self, shown: &'static str) -> Self {
        self.default = Some(shown);
        self
    }

    /// Older names of the same setting, read with a warning.
    #[must_use]
    pub const fn legacy(mut self, names: &'static [&'static str]) -> Self {
        self.legacy = names;
        self
    }
}

/// The variables every app shares, with one name and one meaning everywhere.
pub mod common {
    use super::{Kind, Var};

    /// `TWILIO_ACCOUNT_SID`; unset starts local mode.
    pub const ACCOUNT_SID: Var = Var::twilio(
        "TWILIO_ACCOUNT_SID",
        Kind::Sid("AC"),
        "your Twilio account; leave unset for local mode on the embedded Twilio fake",
    );
    /// `TWILIO_AUTH_TOKEN`.
    pub const AUTH_TOKEN: Var = Var::twilio(
        "TWILIO_AUTH_TOKEN",
        Kind::Secret,
        "the account's Auth Token: checks webhook signatures",
    );
    /// `TWILIO_API_KEY_SID`.
    pub const API_KEY_SID: Var = Var::twilio(
        "TWILIO_API_KEY_SID",
        Kind::Sid("SK"),
        "an API key (Console > API keys): signs Access Tokens, authenticates REST calls",
    );
    /// `TWILIO_API_KEY_SECRET`.
    pub const API_KEY_SECRET: Var = Var::twilio(
        "TWILIO_API_KEY_SECRET",
        Kind::Secret,
        "the API key's secret",
    );
    /// `TWILIO_TWIML_APP_SID`.
    pub const TWIML_APP_SID: Var = Var::twilio(
        "TWILIO_TWIML_APP_SID",
        Kind::Sid("AP"),
        "the TwiML App browser calls go through (its Voice URL points at this app)",
    );
    /// `TWILIO_PHONE_NUMBER`.
    pub const PHONE_NUMBER: Var = Var::twilio(
        "TWILIO_PHONE_NUMBER",
        Kind::Phone,
        "a number of the account: caller ID of calls, sender of messages",
    );
    /// `TWILIO_API_BASE_URL`.
    pub const API_BASE_URL: Var = Var::optional(
        "TWILIO_API_BASE_URL",
        Kind::Url,
        "another https://api.twilio.com (a mock such as Prism, a proxy)",
    )
    .default("https://api.twilio.com");
    /// `PUBLIC_BASE_URL`.
    pub const PUBLIC_BASE_URL: Var = Var::twilio(
        "PUBLIC_BASE_URL",
        Kind::Url,
        "the URL browsers and Twilio use to reach the app; webhook signatures and the \
         same-origin check compare against it (localhost and 127.0.0.1 differ)",
    )
    .default("local mode: http://127.0.0.1:PORT");
    /// `BIND_ADDRESS`.
    pub const BIND_ADDRESS: Var = Var::optional(
        "BIND_ADDRESS",
        Kind::Address,
        "address to listen on (0.0.0.0 for every interface); IP:PORT overrides PORT",
    )
    .default("127.0.0.1")
    .legacy(&["BIND", "LISTEN_ADDR"]);
    /// `REDIS_URL`.
    pub const REDIS_URL: Var = Var::optional(
        "REDIS_URL",
        Kind::RedisUrl,
        "a Redis shared by every instance (throttles, rate limits, logouts); may hold a password",
    )
    .default("unset: kept in this process");
    /// `TRUSTED_PROXIES`.
    pub const TRUSTED_PROXIES: Var = Var::optional(
        "TRUSTED_PROXIES",
        Kind::Proxies,
        "reverse proxies in front, whose X-Forwarded-For names the client: how many \
         (e.g. 1 behind one load balancer) or their addresses",
    )
    .default("0: the peer address is the client")
    .legacy(&["PROXY_HOPS"]);
    /// `APP_USERS`.
    pub const APP_USERS: Var = Var::optional(
        "APP_USERS",
        Kind::Secret,
        "login users, `name:$argon2id$…` separated by `;` (see `hash-password`); in \
         .env put the value in single quotes",
    )
    .default("local mode: demo users alice and bob");
    /// `APP_USERS_FILE`.
    pub const APP_USERS_FILE: Var = Var::optional(
        "APP_USERS_FILE",
        Kind::Path,
        "a file with one `name:$argon2id$…` per line, instead of APP_USERS",
    );
    /// `SESSION_SECRET`.
    pub const SESSION_SECRET: Var = Var::twilio(
        "SESSION_SECRET",
        Kind::Secret,
        "at least 32 characters: signs session cookies (the same on every instance)",
    )
    .default("local mode: random, sessions end on restart");
    /// `ALLOWED_DESTINATION_COUNTRIES`.
    pub const ALLOWED_DESTINATION_COUNTRIES: Var = Var::optional(
        "ALLOWED_DESTINATION_COUNTRIES",
        Kind::Countries,
        "countries calls and messages may reach; premium and shared-cost ranges are \
         always refused",
    )
    .default("the countries of the app's own numbers");
    /// `LOCAL_AUTH_TOKEN`.
    pub const LOCAL_AUTH_TOKEN: Var = Var::optional(
        "LOCAL_AUTH_TOKEN",
        Kind::Secret,
        "local mode: the auth token twilio-trigger signs webhooks with",
    )
    .default("random, printed at start");
    /// `RUST_LOG`.
    pub const RUST_LOG: Var = Var::optional(
        "RUST_LOG",
        Kind::Text,
        "log filter, e.g. debug or info,actix_server=warn",
    )
    .default("info");
}

/// An app's command line and settings.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// The binary's name.
    pub bin: &'static str,
    /// One paragraph about it.
    pub about: &'static str,
    /// Subcommands besides serving: `(usage, meaning)`.
    pub commands: &'static [(&'static str, &'static str)],
    /// Whether an unset `TWILIO_ACCOUNT_SID` starts local mode.
    pub local_mode: bool,
    /// The variables, in titled groups.
    pub groups: &'static [(&'static str, &'static [Var])],
}

impl Spec {
    /// Every variable, in table order.
    pub fn vars(&self) -> impl Iterator<Item = &'static Var> + '_ {
        self.groups.iter().flat_map(|(_, vars)| vars.iter())
    }

    /// The variable called `name` (its current name).
    pub fn var(&self, name: &str) -> Option<&'static Var> {
        self.vars().find(|v| v.name == name)
    }

    /// Reads every variable of the table through `raw` (the environment): its current
    /// name, else the first old name that is set. Values are trimmed; blank is unset.
    pub fn read(&self, raw: &dyn Fn(&str) -> Option<String>) -> Env {
        let get = |name: &str| {
            raw(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let mut values = BTreeMap::new();
        let mut warnings = Vec::new();
        for var in self.vars() {
            let current = get(var.name);
            let old = var
                .legacy
                .iter()
                .find_map(|name| get(name).map(|value| (*name, value)));
            let value = match (current, old) {
                (Some(value), Some((name, _))) => {
                    warnings.push(format!("{name} is ignored: {} is set", var.name));
                    Some(value)
                }
                (Some(value), None) => Some(value),
                (None, Some((name, value))) => {
                    warnings.push(format!("{name} is an old name: use {}", var.name));
                    Some(value)
                }
                (None, None) => None,
            };
            if let Some(value) = value {
                values.insert(var.name, value);
            }
        }
        let local = self.local_mode && !values.contains_key(common::ACCOUNT_SID.name);
        Env {
            spec: *self,
            values,
            warnings,
            local,
        }
    }

    /// The `--help` text: usage, commands, and every variable with its default and
    /// meaning.
    pub fn help(&self, version: &str) -> String {
        let mut out = format!(
            "{} {version}\n{}\n\nUsage: {} [COMMAND]\n\n",
            self.bin, self.about, self.bin
        );
        out.push_str("Commands:\n");
        let mut commands = vec![("(none), serve", "start the server")];
        commands.extend(self.commands.iter().copied());
        commands.extend([
            ("-h, --help", "print this help"),
            ("-V, --version", "print the version"),
        ]);
        for (usage, meaning) in commands {
            out.push_str(&format!("  {usage:<26} {meaning}\n"));
        }
        out.push_str(
            "\nSettings come from environment variables, or from a .env file in the working \
             directory\n(real variables win; put values with `$` in single quotes).\n",
        );
        if self.local_mode {
            out.push_str(
                "Without TWILIO_ACCOUNT_SID the app starts in LOCAL MODE on an embedded Twilio \
                 fake:\nnothing else is needed, and variables marked [twilio] are not.\n",
            );
        }
        for (title, vars) in self.groups {
            out.push_str(&format!("\n{title}:\n"));
            for var in *vars {
                out.push_str(&describe(var));
            }
        }
        out
    }

    /// What the command line asks for; see [`Spec::start`].
    pub fn command(&self, args: &[String]) -> Command {
        match args.first().map(String::as_str) {
            None | Some("serve") => Command::Serve,
            Some("-h" | "--help" | "help") => Command::Help,
            Some("-V" | "--version") => Command::Version,
            Some(name)
                if self
                    .commands
                    .iter()
                    .any(|(usage, _)| usage.split(' ').next() == Some(name)) =>
            {
                Command::Other(args.to_vec())
            }
            Some(_) => Command::Unknown,
        }
    }

    /// Handles `--help`, `--version` and unknown arguments (printing, then exiting
    /// with 0, or 2 for unknown ones), and returns the command to run otherwise.
    #[allow(clippy::print_stdout)] // help and version go to stdout, as every CLI's
    pub fn start(&self, version: &str) -> Command {
        let args: Vec<String> = std::env::args().skip(1).collect();
        match self.command(&args) {
            Command::Help => {
                print!("{}", self.help(version));
                std::process::exit(0);
            }
            Command::Version => {
                println!("{} {version}", self.bin);
                std::process::exit(0);
            }
            Command::Unknown => {
                eprintln!(
                    "{}: unknown argument `{}`; see `{} --help`",
                    self.bin,
                    args.first().map_or("", String::as_str),
                    self.bin
                );
                std::process::exit(2);
            }
            other => other,
        }
    }
}

fn describe(var: &Var) -> String {
    let mut head = format!("  {}", var.name);
    let shape = var.kind.shape();
    if !shape.is_empty() {
        head.push_str(&format!(" <{shape}>"));
    }
    let need = match (var.need, var.default) {
        (Need::Required, _) => "[required]".to_owned(),
        (Need::Twilio, Some(default)) => format!("[twilio] (default: {default})"),
        (Need::Twilio, None) => "[twilio]".to_owned(),
        (Need::Optional, Some(default)) => format!("(default: {default})"),
        (Need::Optional, None) => "(optional)".to_owned(),
    };
    let mut out = format!("{head}  {need}\n      {}\n", var.meaning);
    if !var.legacy.is_empty() {
        out.push_str(&format!(
            "      old name, still read: {}\n",
            var.legacy.join(", ")
        ));
    }
    out
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Serve (no argument, or `serve`).
    Serve,
    /// `-h`, `--help`.
    Help,
    /// `-V`, `--version`.
    Version,
    /// One of the spec's commands, with its arguments (the first is its name).
    Other(Vec<String>),
    /// Anything else.
    Unknown,
}

/// The settings as the table read them: current names only, old names resolved.
#[derive(Clone)]
pub struct Env {
    spec: Spec,
    values: BTreeMap<&'static str, String>,
    warnings: Vec<String>,
    local: bool,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("bin", &self.spec.bin)
            .field("set", &self.values.keys().collect::<Vec<_>>())
            .field("local", &self.local)
            .finish_non_exhaustive()
    }
}

impl Env {
    /// Looks a setting up by its current name. A name outside the table is a bug of
    /// the app (its `--help` would not list it): debug builds panic, release builds
    /// read it as unset.
    pub fn lookup(&self) -> impl Fn(&str) -> Option<String> + '_ {
        |name| {
            // Old names come through here when a `Config::from_lookup` reads an
            // `Env`'s own lookup again; they were resolved already, so read unset.
            debug_assert!(
                self.spec
                    .vars()
                    .any(|v| v.name == name || v.legacy.contains(&name)),
                "{}: {name} is read but not in its settings table",
                self.spec.bin
            );
            self.values.get(name).cloned()
        }
    }

    /// Old names in use, one line each, to log at startup.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Logs [`Env::warnings`] at `warn` level.
    pub fn log_warnings(&self) {
        for warning in &self.warnings {
            tracing::warn!(app = self.spec.bin, "{warning}");
        }
    }

    /// The warnings logged, then [`Env::check`]: the usual first step of an app's
    /// `Config::from_lookup`.
    ///
    /// # Errors
    /// All the wrong settings at once.
    pub fn checked(self) -> Result<Self, Errors> {
        self.log_warnings();
        self.check()?;
        Ok(self)
    }

    /// Whether the app starts in local mode (no `TWILIO_ACCOUNT_SID`).
    pub fn local(&self) -> bool {
        self.local
    }

    /// Every variable checked against its kind, and every needed one present.
    ///
    /// # Errors
    /// All the wrong settings at once, in table order.
    pub fn check(&self) -> Result<(), Errors> {
        let mut errors = Vec::new();
        for var in self.spec.vars() {
            match self.values.get(var.name) {
                None if var.need == Need::Required || (var.need == Need::Twilio && !self.local) => {
                    let reason = if self.spec.local_mode && var.need == Need::Twilio {
                        "missing (needed with TWILIO_ACCOUNT_SID; unset that for local mode)"
                    } else {
                        "missing"
                    };
                    errors.push(Error::new(var.name, reason));
                }
                None => {}
                Some(value) => {
                    if let Some(reason) = var.kind.refuse(value) {
                        errors.push(Error::new(var.name, reason));
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Errors(errors))
        }
    }
}

/// Several wrong settings, reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            all => {
                write!(f, "{} settings are wrong:", all.len())?;
                for error in all {
                    write!(f, "\n  {error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Errors {}

impl From<Error> for Errors {
    fn from(error: Error) -> Self {
        Self(vec![error])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: Spec = Spec {
        bin: "demo",
        about: "A demo.",
        commands: &[("hash-password", "print a password hash")],
        local_mode: true,
        groups: &[
            (
                "Twilio",
                &[
                    common::ACCOUNT_SID,
                    common::AUTH_TOKEN,
                    common::API_KEY_SID.legacy(&["API_KEY", "TWILIO_API_KEY"]),
                    common::PHONE_NUMBER,
                ],
            ),
            (
                "Server",
                &[
                    common::BIND_ADDRESS,
                    Var::optional("PORT", Kind::Port, "port").default("3000"),
                    Var::optional("LIMIT", Kind::Number { min: 1, max: 10 }, "a limit"),
                    Var::required("MODE", Kind::Choice(&["a", "b"]), "a mode"),
                    common::TRUSTED_PROXIES,
                    common::ALLOWED_DESTINATION_COUNTRIES,
                ],
            ),
        ],
    };

    fn env(pairs: &[(&str, &str)]) -> Env {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        SPEC.read(&move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn every_wrong_setting_is_reported_at_once_in_table_order() {
        let env = env(&[
            ("TWILIO_ACCOUNT_SID", "AC-s3cr3t"),
            ("PORT", "99999"),
            ("LIMIT", "11"),
            ("TRUSTED_PROXIES", "one"),
            ("ALLOWED_DESTINATION_COUNTRIES", "USA"),
        ]);
        let errors = env.check().unwrap_err();
        let vars: Vec<&str> = errors.0.iter().map(|e| e.var).collect();
        assert_eq!(
            vars,
            [
                "TWILIO_ACCOUNT_SID",
                "TWILIO_AUTH_TOKEN",
                "TWILIO_API_KEY_SID",
                "TWILIO_PHONE_NUMBER",
                "PORT",
                "LIMIT",
                "MODE",
                "TRUSTED_PROXIES",
                "ALLOWED_DESTINATION_COUNTRIES",
            ]
        );
        let text = errors.to_string();
        assert!(
            text.starts_with("9 settings are wrong:\n  TWILIO_ACCOUNT_SID: must be a SID"),
            "{text}"
        );
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("unset that for local mode"), "{text}");
    }

    #[test]
    fn local_mode_needs_no_twilio_variable() {
        let env = env(&[("MODE", "B"), ("BIND_ADDRESS", "0.0.0.0:8080")]);
        assert!(env.local());
        assert_eq!(env.check(), Ok(()));
        let missing = super::tests::env(&[]).check().unwrap_err();
        assert_eq!(missing.to_string(), "MODE: missing");
    }

    #[test]
    fn old_names_are_read_with_a_warning_and_lose_to_the_new_name() {
        let old = env(&[
            ("TWILIO_API_KEY", "SK1"),
            ("LISTEN_ADDR", "127.0.0.1:5000"),
            ("PROXY_HOPS", "1"),
        ]);
        assert_eq!(old.lookup()("TWILIO_API_KEY_SID").as_deref(), Some("SK1"));
        assert_eq!(
            old.lookup()("BIND_ADDRESS").as_deref(),
            Some("127.0.0.1:5000")
        );
        assert_eq!(old.lookup()("TRUSTED_PROXIES").as_deref(), Some("1"));
        assert_eq!(
            old.lookup()("TWILIO_API_KEY"),
            None,
            "old names are not read by the app"
        );
        assert_eq!(
            old.warnings(),
            [
                "TWILIO_API_KEY is an old name: use TWILIO_API_KEY_SID",
                "LISTEN_ADDR is an old name: use BIND_ADDRESS",
                "PROXY_HOPS is an old name: use TRUSTED_PROXIES",
            ]
        );
        let both = env(&[("API_KEY", "SK1"), ("TWILIO_API_KEY_SID", " SK2 ")]);
        assert_eq!(both.lookup()("TWILIO_API_KEY_SID").as_deref(), Some("SK2"));
        assert_eq!(
            both.warnings(),
            ["API_KEY is ignored: TWILIO_API_KEY_SID is set"]
        );
    }

    #[test]
    fn names_in_the_table_are_read() {
        let env = env(&[("MODE", "a"), ("OTHER", "x")]);
        assert_eq!(env.lookup()("MODE").as_deref(), Some("a"));
        assert_eq!(env.lookup()("LIMIT"), None);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "OTHER is read but not in its settings table")]
    fn reading_a_name_outside_the_table_is_caught_in_tests() {
        let env = env(&[("OTHER", "x")]);
        let _ = env.lookup()("OTHER");
    }

    #[test]
    fn help_lists_every_variable_with_default_meaning_and_old_names() {
        let help = SPEC.help("1.2.3");
        assert!(
            help.starts_with("demo 1.2.3\nA demo.\n\nUsage: demo [COMMAND]"),
            "{help}"
        );
        for var in SPEC.vars() {
            assert!(
                help.contains(&format!("  {} ", var.name)),
                "{} missing:\n{help}",
                var.name
            );
            assert!(help.contains(var.meaning), "{help}");
        }
        assert!(
            help.contains("  PORT <port>  (default: 3000)\n      port\n"),
            "{help}"
        );
        assert!(
            help.contains("old name, still read: API_KEY, TWILIO_API_KEY"),
            "{help}"
        );
        assert!(help.contains("hash-password"), "{help}");
        assert!(help.contains("LOCAL MODE"), "{help}");
    }

    #[test]
    fn the_command_line_is_help_version_serve_or_a_known_command() {
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(SPEC.command(&args(&[])), Command::Serve);
        assert_eq!(SPEC.command(&args(&["serve"])), Command::Serve);
        assert_eq!(SPEC.command(&args(&["-h"])), Command::Help);
        assert_eq!(SPEC.command(&args(&["--help"])), Command::Help);
        assert_eq!(SPEC.command(&args(&["--version"])), Command::Version);
        assert_eq!(SPEC.command(&args(&["-V"])), Command::Version);
        assert_eq!(
            SPEC.command(&args(&["hash-password", "x"])),
            Command::Other(args(&["hash-password", "x"]))
        );
        assert_eq!(SPEC.command(&args(&["--port"])), Command::Unknown);
    }

    #[test]
    fn kinds_accept_what_they_say() {
        assert!(
            Kind::Sid("AC")
                .refuse("AC0123456789abcdef0123456789abcdef")
                .is_none()
        );
        assert!(
            Kind::Sid("AC")
                .refuse("SK0123456789abcdef0123456789abcdef")
                .is_some()
        );
        assert!(Kind::Phones.refuse("+15005550006, +442071838750").is_none());
        assert!(Kind::Phones.refuse("+15005550006,12").is_some());
        assert!(Kind::Address.refuse("::").is_none());
        assert!(Kind::Address.refuse("[::1]:80").is_none());
        assert!(Kind::Address.refuse("localhost").is_some());
        assert!(Kind::Proxies.refuse("2").is_none());
        assert!(Kind::Proxies.refuse("10.0.0.0/8, ::1").is_none());
        assert!(Kind::Url.refuse("phone.example.com").is_some());
    }
}
