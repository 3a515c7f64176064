//! The client: credentials, hosts, timeout, retries, and sending one request.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use crate::Error;
use crate::page::DEFAULT_MAX_PAGES;
use crate::retry::{Decision, Outcome, RetryPolicy, parse_retry_after};
use crate::sid::{AccountSid, ApiKeySid};

/// Default request timeout, as in the official libraries.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A credential that never shows up in `Debug` or `Display` output, zeroised on drop:
/// the workspace's one secret type, re-exported here.
pub use twilio_types::Secret;

/// How the client authenticates (HTTP Basic).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// The account's own SID and Auth Token.
    AuthToken {
        /// The account.
        account_sid: AccountSid,
        /// Its Auth Token.
        token: Secret,
    },
    /// An API key (`SK…`) and its secret, acting on `account_sid`.
    ApiKey {
        /// The account the key belongs to, used in resource paths.
        account_sid: AccountSid,
        /// The key.
        key_sid: ApiKeySid,
        /// The key's secret.
        secret: Secret,
    },
}

impl Credentials {
    /// Account SID and Auth Token.
    pub fn auth_token(account_sid: AccountSid, token: impl Into<Secret>) -> Self {
        Self::AuthToken {
            account_sid,
            token: token.into(),
        }
    }

    /// API key SID and secret for `account_sid`.
    pub fn api_key(account_sid: AccountSid, key_sid: ApiKeySid, secret: impl Into<Secret>) -> Self {
        Self::ApiKey {
            account_sid,
            key_sid,
            secret: secret.into(),
        }
    }

    /// Reads `TWILIO_ACCOUNT_SID` and either `TWILIO_API_KEY` + `TWILIO_API_SECRET` or
    /// `TWILIO_AUTH_TOKEN` (an API key wins when both are set).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a variable is missing or a SID is malformed.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    pub(crate) fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let need = |name: &str| {
            get(name)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| Error::InvalidInput(format!("{name} is not set")))
        };
        let account_sid = AccountSid::new(need("TWILIO_ACCOUNT_SID")?)?;
        // twilio-node's names first, then the ones the workspace's apps use.
        let either = |a: &str, b: &str| get(a).filter(|v| !v.is_empty()).or_else(|| get(b));
        match (
            either("TWILIO_API_KEY", "TWILIO_API_KEY_SID"),
            either("TWILIO_API_SECRET", "TWILIO_API_KEY_SECRET"),
        ) {
            (Some(key), Some(secret)) if !key.is_empty() && !secret.is_empty() => {
                Ok(Self::api_key(account_sid, ApiKeySid::new(key)?, secret))
            }
            _ => Ok(Self::auth_token(account_sid, need("TWILIO_AUTH_TOKEN")?)),
        }
    }

    /// The account that resource paths refer to.
    pub fn account_sid(&self) -> &AccountSid {
        match self {
            Self::AuthToken { account_sid, .. } | Self::ApiKey { account_sid, .. } => account_sid,
        }
    }

    fn basic_auth(&self) -> (&str, &str) {
        match self {
            Self::AuthToken { account_sid, token } => (account_sid.as_str(), token.expose()),
            Self::ApiKey {
                key_sid, secret, ..
            } => (key_sid.as_str(), secret.expose()),
        }
    }
}

/// A Twilio API product, each served from its own host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Domain {
    /// `api.twilio.com`: the 2010-04-01 core API (Calls, Messages, …).
    Api,
    /// `sync.twilio.com`.
    Sync,
    /// `proxy.twilio.com`.
    Proxy,
    /// `taskrouter.twilio.com`.
    TaskRouter,
    /// `iam.twilio.com` (Flex token validation).
    Iam,
}

impl Domain {
    /// Every domain.
    pub const ALL: [Domain; 5] = [
        Domain::Api,
        Domain::Sync,
        Domain::Proxy,
        Domain::TaskRouter,
        Domain::Iam,
    ];

    /// The product's first host label.
    pub fn product(self) -> &'static str {
        match self {
            Domain::Api => "api",
            Domain::Sync => "sync",
            Domain::Proxy => "proxy",
            Domain::TaskRouter => "taskrouter",
            Domain::Iam => "iam",
        }
    }

    /// The default host, e.g. `api.twilio.com`.
    pub fn host(self) -> String {
        format!("{}.twilio.com", self.product())
    }
}

/// Adds an edge and/or region to a Twilio host name, following the official
/// libraries: `{product}.{edge}.{region}.twilio.com`, region defaulting to `us1` when
/// only an edge is given, and a host's own edge/region kept unless overridden.
///
/// ```
/// use twilio_rest::hostname;
/// assert_eq!(hostname("api.twilio.com", Some("sydney"), None), "api.sydney.us1.twilio.com");
/// assert_eq!(hostname("api.twilio.com", None, Some("au1")), "api.au1.twilio.com");
/// assert_eq!(hostname("api.twilio.com", None, None), "api.twilio.com");
/// ```
pub fn hostname(host: &str, edge: Option<&str>, region: Option<&str>) -> String {
    let labels: Vec<&str> = host.split('.').collect();
    let split = labels.len().saturating_sub(2);
    let domain = labels[split..].join(".");
    let prefix: Vec<&str> = labels[..split].to_vec();
    let (product, mut host_edge, mut host_region) = (
        prefix.first().copied(),
        prefix.get(1).copied(),
        prefix.get(2).copied(),
    );
    if host_edge.is_some() && host_region.is_none() {
        host_region = host_edge.take();
    }
    let edge = edge.filter(|v| !v.is_empty());
    let region = region
        .filter(|v| !v.is_empty())
        .or(host_region)
        .or_else(|| edge.map(|_| "us1"));
    let Some(region) = region else {
        return host.to_owned();
    };
    let edge = edge.or(host_edge);
    [product, edge, Some(region), Some(domain.as_str())]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(".")
}

/// Builds a [`Client`]; only credentials are required.
#[derive(Debug, Default)]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    edge: Option<String>,
    region: Option<String>,
    bases: HashMap<Domain, String>,
    timeout: Option<Duration>,
    retry: RetryPolicy,
    user_agent_extensions: Vec<String>,
    http: Option<reqwest::Client>,
    max_pages: Option<usize>,
}

impl ClientBuilder {
    /// Sets the credentials.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Routes requests through a Twilio edge location (e.g. `sydney`).
    #[must_use]
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        self.edge = Some(edge.into());
        self
    }

    /// Processes requests in a Twilio region (e.g. `au1`).
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends every request for `domain` to `base` (e.g. `http://127.0.0.1:4010`) instead
    /// of Twilio; edge and region do not apply to it. For tests and proxies.
    #[must_use]
    pub fn base_url(mut self, domain: Domain, base: impl Into<String>) -> Self {
        self.bases
            .insert(domain, base.into().trim_end_matches('/').to_owned());
        self
    }

    /// Total time allowed for one attempt (default 30 s); the retry policy's
    /// [deadline](RetryPolicy::deadline) bounds the whole call.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The most pages (at least 1) one list stream fetches before it ends with
    /// [`Error::TooManyPages`] (default [`DEFAULT_MAX_PAGES`]); a list can set its own
    /// with [`Lister::max_pages`](crate::page::Lister::max_pages).
    #[must_use]
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// Appends `extension` (e.g. `my-app/1.2`) to the User-Agent.
    #[must_use]
    pub fn user_agent_extension(mut self, extension: impl Into<String>) -> Self {
        self.user_agent_extensions.push(extension.into());
        self
    }

    /// Uses a preconfigured `reqwest` client (its headers apply too; each attempt's
    /// timeout is this builder's [`timeout`](Self::timeout), cut to the retry
    /// policy's deadline).
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] without credentials or with a malformed base URL;
    /// [`Error::Transport`] when the TLS backend cannot be initialised.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = self
            .credentials
            .ok_or_else(|| Error::InvalidInput("no credentials given".into()))?;
        let mut bases = HashMap::new();
        for domain in Domain::ALL {
            let base = match self.bases.get(&domain) {
                Some(base) => {
                    url::Url::parse(base).map_err(|e| {
                        Error::InvalidInput(format!("base URL `{base}` for {domain:?}: {e}"))
                    })?;
                    base.clone()
                }
                None => {
                    let host =
                        hostname(&domain.host(), self.edge.as_deref(), self.region.as_deref());
                    format!("https://{host}")
                }
            };
            bases.insert(domain, base);
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let (http, no_redirect) = match self.http {
            Some(http) => (http, None),
            None => {
                let build = |redirect: reqwest::redirect::Policy| {
                    reqwest::Client::builder()
                        .timeout(timeout)
                        .user_agent(user_agent(&self.user_agent_extensions))
                        .redirect(redirect)
                        .build()
                        .map_err(Error::transport)
                };
                (
                    build(reqwest::redirect::Policy::default())?,
                    Some(build(reqwest::redirect::Policy::none())?),
                )
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                no_redirect,
                credentials,
                bases,
                retry: self.retry,
                timeout,
                max_pages: self.max_pages.unwrap_or(DEFAULT_MAX_PAGES).max(1),
            }),
        })
    }
}

fn user_agent(extensions: &[String]) -> String {
    let mut ua = format!(
        "twilio-rust/{} ({} {}) reqwest/0.13",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    for ext in extensions {
        ua.push(' ');
        ua.push_str(ext);
    }
    ua
}

/// A Twilio REST client. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), twilio_rest::Error> {
/// use twilio_rest::{Client, Credentials, sid::AccountSid};
/// let client = Client::builder()
///     .credentials(Credentials::auth_token(AccountSid::new("AC00000000000000000000000000000000")?, "token"))
///     .region("ie1")
///     .edge("dublin")
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Like `http` but never follows redirects; `None` with a caller-supplied client.
    no_redirect: Option<reqwest::Client>,
    credentials: Credentials,
    bases: HashMap<Domain, String>,
    retry: RetryPolicy,
    timeout: Duration,
    max_pages: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("credentials", &self.inner.credentials)
            .field("bases", &self.inner.bases)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("max_pages", &self.inner.max_pages)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts a [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `TWILIO_ACCOUNT_SID` | the account (required) |
    /// | `TWILIO_AUTH_TOKEN` | its Auth Token, or: |
    /// | `TWILIO_API_KEY` + `TWILIO_API_SECRET` (or `TWILIO_API_KEY_SID` + `TWILIO_API_KEY_SECRET`) | an API key and its secret (wins over the Auth Token) |
    /// | `TWILIO_EDGE` | optional edge, e.g. `sydney` |
    /// | `TWILIO_REGION` | optional region, e.g. `au1` |
    /// | `TWILIO_BASE_URL` | optional: send every request there instead of Twilio (a proxy, a mock) |
    /// | `TWILIO_API_BASE_URL`, `TWILIO_SYNC_BASE_URL`, `TWILIO_PROXY_BASE_URL`, `TWILIO_TASKROUTER_BASE_URL`, `TWILIO_IAM_BASE_URL` | optional: the same for one product, winning over `TWILIO_BASE_URL` |
    ///
    /// Empty variables count as unset.
    ///
    /// # Errors
    /// As [`Credentials::from_env`] and [`ClientBuilder::build`] (a malformed base URL
    /// is [`Error::InvalidInput`]).
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let mut builder = Self::builder().credentials(Credentials::from_lookup(&get)?);
        if let Some(edge) = get("TWILIO_EDGE") {
            builder = builder.edge(edge);
        }
        if let Some(region) = get("TWILIO_REGION") {
            builder = builder.region(region);
        }
        let all = get("TWILIO_BASE_URL");
        for domain in Domain::ALL {
            let name = format!("TWILIO_{}_BASE_URL", domain.product().to_ascii_uppercase());
            if let Some(base) = get(&name).or_else(|| all.clone()) {
                builder = builder.base_url(domain, base);
            }
        }
        builder.build()
    }

    /// The account that resource paths use by default.
    pub fn account_sid(&self) -> &AccountSid {
        self.inner.credentials.account_sid()
    }

    /// The base URL requests for `domain` go to.
    pub fn base_url(&self, domain: Domain) -> &str {
        self.inner.bases.get(&domain).map_or("", String::as_str)
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The page cap of list streams (see [`ClientBuilder::max_pages`]).
    pub fn max_pages(&self) -> usize {
        self.inner.max_pages
    }

    /// Sends `req` (with retries) and returns the body of a success response.
    pub(crate) async fn send(&self, req: &Request) -> Result<Vec<u8>, Error> {
        self.send_full(req).await.map(|answer| answer.body)
    }

    /// Sends `req` without following a redirect and returns where Twilio points: the
    /// `redirect_to` of a 3xx JSON body, else its `Location` header. With a
    /// caller-supplied `reqwest` client that follows redirects, the URL it ended at.
    pub(crate) async fn send_redirect(&self, req: &Request) -> Result<String, Error> {
        #[derive(serde::Deserialize)]
        struct Doc {
            redirect_to: Option<String>,
        }
        let mut req = req.clone();
        req.follow_redirects = false;
        let answer = self.send_full(&req).await?;
        if !answer.status.is_redirection() {
            return Ok(answer.url);
        }
        serde_json::from_slice::<Doc>(&answer.body)
            .ok()
            .and_then(|doc| doc.redirect_to)
            .or(answer.location)
            .ok_or_else(|| {
                Error::from_response(answer.status.as_u16(), b"redirect without a target")
            })
    }

    /// Sends `req`, retrying as the policy decides, within the policy's deadline.
    async fn send_full(&self, req: &Request) -> Result<Answer, Error> {
        let policy = &self.inner.retry;
        let started = Instant::now();
        let mut retries_done = 0;
        let mut timeout = policy
            .attempt_timeout(Duration::ZERO, Duration::ZERO, self.inner.timeout)
            .ok_or_else(|| Error::Timeout(Duration::ZERO))?;
        loop {
            let (outcome, retry_after, err) = match self.attempt(req, timeout).await {
                Attempt::Done(answer) => return Ok(answer),
                Attempt::Failed {
                    outcome,
                    retry_after,
                    err,
                } => (outcome, retry_after, err),
            };
            let decision = policy.decide(retries_done, outcome, retry_after, req.idempotent);
            let Decision::Retry(wait) = decision else {
                return Err(err);
            };
            let delay = wait.sample(crate::jitter::unit());
            let Some(next_timeout) =
                policy.attempt_timeout(started.elapsed(), delay, self.inner.timeout)
            else {
                tracing::warn!(
                    method = %req.method,
                    path = %req.target.path(),
                    retries = retries_done,
                    "not retrying Twilio request: its deadline would pass"
                );
                return Err(err);
            };
            tracing::warn!(
                method = %req.method,
                path = %req.target.path(),
                retry = retries_done + 1,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                reason = ?outcome,
                "retrying Twilio request"
            );
            tokio::time::sleep(delay).await;
            timeout = next_timeout;
            retries_done += 1;
        }
    }

    /// Sends `req` and decodes the JSON answer.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, req: &Request) -> Result<T, Error> {
        let body = self.send(req).await?;
        Error::decode(&body)
    }

    /// One attempt, given `timeout` to complete.
    async fn attempt(&self, req: &Request, timeout: Duration) -> Attempt {
        let url = req.target.url(self);
        let (user, pass) = self.inner.credentials.basic_auth();
        let http = match (&self.inner.no_redirect, req.follow_redirects) {
            (Some(no_redirect), false) => no_redirect,
            _ => &self.inner.http,
        };
        let mut builder = http
            .request(req.method.clone(), url)
            .basic_auth(user, Some(pass))
            .timeout(timeout)
            .header("Accept-Charset", "utf-8")
            .headers(req.headers.clone());
        if req.method != reqwest::Method::DELETE {
            builder = builder.header("Accept", "application/json");
        }
        if !req.query.is_empty() {
            builder = builder.query(&req.query);
        }
        builder = match &req.body {
            Body::Empty => builder,
            Body::Form(form) => builder
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(form.clone()),
            Body::Json(json) => builder
                .header("Content-Type", "application/json")
                .body(json.clone()),
        };
        let response = match builder.send().await {
            Ok(response) => response,
            Err(err) => return transport_failure(err, timeout),
        };
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let final_url = response.url().to_string();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = match response.bytes().await {
            Ok(body) => body.to_vec(),
            Err(err) => return transport_failure(err, timeout),
        };
        if status.is_success() || (!req.follow_redirects && status.is_redirection()) {
            Attempt::Done(Answer {
                status,
                location,
                url: final_url,
                body,
            })
        } else {
            Attempt::Failed {
                outcome: Outcome::Status(status.as_u16()),
                retry_after,
                err: Error::from_response(status.as_u16(), &body),
            }
        }
    }
}

/// Classifies a failed exchange for the retry decision; a timeout is reported as the
/// attempt's own `timeout`.
fn transport_failure(err: reqwest::Error, timeout: Duration) -> Attempt {
    let (outcome, err) = if err.is_connect() {
        (Outcome::ConnectFailed, Error::transport(err))
    } else if err.is_timeout() {
        (Outcome::Ambiguous, Error::Timeout(timeout))
    } else {
        (Outcome::Ambiguous, Error::transport(err))
    };
    Attempt::Failed {
        outcome,
        retry_after: None,
        err,
    }
}

/// A response accepted by [`Client::send_full`].
struct Answer {
    status: reqwest::StatusCode,
    location: Option<String>,
    url: String,
    body: Vec<u8>,
}

enum Attempt {
    Done(Answer),
    Failed {
        outcome: Outcome,
        retry_after: Option<Duration>,
        err: Error,
    },
}

/// Where a request goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A path (starting with `/`) under a domain's base URL.
    Path(Domain, String),
}

impl Target {
    fn url(&self, client: &Client) -> String {
        match self {
            Target::Path(domain, path) => format!("{}{path}", client.base_url(*domain)),
        }
    }

    fn path(&self) -> &str {
        match self {
            Target::Path(_, path) => path,
        }
    }
}

/// A request body.
#[derive(Clone)]
pub(crate) enum Body {
    Empty,
    Form(String),
    Json(Vec<u8>),
}

/// Only the size: a body may hold a secret (a SIP password).
impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Form(form) => write!(f, "Form({} bytes)", form.len()),
            Body::Json(json) => write!(f, "Json({} bytes)", json.len()),
        }
    }
}

/// One HTTP request to Twilio, before auth and base URL are applied.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: reqwest::Method,
    pub(crate) target: Target,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Body,
    pub(crate) headers: HeaderMap,
    /// Whether repeating the request cannot repeat a side effect.
    pub(crate) idempotent: bool,
    /// Whether a redirect is followed (true) or answered as is (see
    /// [`Client::send_redirect`]).
    pub(crate) follow_redirects: bool,
}

impl Request {
    fn new(method: reqwest::Method, domain: Domain, path: String, idempotent: bool) -> Self {
        Self {
            method,
            target: Target::Path(domain, path),
            query: Vec::new(),
            body: Body::Empty,
            headers: HeaderMap::new(),
            idempotent,
            follow_redirects: true,
        }
    }

    pub(crate) fn get(domain: Domain, path: String) -> Self {
        Self::new(reqwest::Method::GET, domain, path, true)
    }

    pub(crate) fn delete(domain: Domain, path: String) -> Self {
        Self::new(reqwest::Method::DELETE, domain, path, true)
    }

    /// A create: never repeated after an ambiguous failure unless the policy allows.
    pub(crate) fn create(domain: Domain, path: String, form: &crate::form::Form) -> Self {
        Self::new(reqwest::Method::POST, domain, path, false).with_form(form)
    }

    /// An update of an existing resource (`POST` on an instance).
    pub(crate) fn update(domain: Domain, path: String, form: &crate::form::Form) -> Self {
        Self::new(reqwest::Method::POST, domain, path, false).with_form(form)
    }

    pub(crate) fn with_form(mut self, form: &crate::form::Form) -> Self {
        self.body = Body::Form(form.encode());
        self
    }

    pub(crate) fn with_query(mut self, form: &crate::form::Form) -> Self {
        self.query
            .extend(form.pairs().map(|(k, v)| (k.to_owned(), v.to_owned())));
        self
    }

    pub(crate) fn with_json(mut self, body: Vec<u8>) -> Self {
        self.body = Body::Json(body);
        self
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: &str) -> Result<Self, Error> {
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::InvalidInput(format!("`{value}` is not a valid {name} header")))?;
        self.headers.insert(name, value);
        Ok(self)
    }

    pub(crate) fn path(&self) -> &str {
        self.target.path()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid() -> AccountSid {
        AccountSid::new(format!("AC{}", "0".repeat(32))).unwrap()
    }

    #[test]
    fn hostname_rules() {
        let cases = [
            ("api.twilio.com", None, None, "api.twilio.com"),
            (
                "api.twilio.com",
                Some("sydney"),
                None,
                "api.sydney.us1.twilio.com",
            ),
            ("api.twilio.com", None, Some("au1"), "api.au1.twilio.com"),
            (
                "api.twilio.com",
                Some("sydney"),
                Some("au1"),
                "api.sydney.au1.twilio.com",
            ),
            (
                "api.ie1.twilio.com",
                Some("dublin"),
                None,
                "api.dublin.ie1.twilio.com",
            ),
            (
                "api.dublin.ie1.twilio.com",
                None,
                Some("us1"),
                "api.dublin.us1.twilio.com",
            ),
        ];
        for (host, edge, region, want) in cases {
            assert_eq!(
                hostname(host, edge, region),
                want,
                "{host} {edge:?} {region:?}"
            );
        }
    }

    #[test]
    fn credentials_from_lookup() {
        fn env(vars: &[(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
            let vars = vars.to_vec();
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        }
        let ac = "AC00000000000000000000000000000000";
        let sk = "SK00000000000000000000000000000000";
        let token = Credentials::from_lookup(&env(&[
            ("TWILIO_ACCOUNT_SID", ac),
            ("TWILIO_AUTH_TOKEN", "t"),
        ]));
        assert!(matches!(token, Ok(Credentials::AuthToken { .. })));
        let key = Credentials::from_lookup(&env(&[
            ("TWILIO_ACCOUNT_SID", ac),
            ("TWILIO_API_KEY", sk),
            ("TWILIO_API_SECRET", "s"),
        ]));
        assert!(matches!(key, Ok(Credentials::ApiKey { .. })));
        let apps_names = Credentials::from_lookup(&env(&[
            ("TWILIO_ACCOUNT_SID", ac),
            ("TWILIO_API_KEY_SID", sk),
            ("TWILIO_API_KEY_SECRET", "s"),
        ]));
        assert!(matches!(apps_names, Ok(Credentials::ApiKey { .. })));
        assert!(Credentials::from_lookup(&env(&[("TWILIO_ACCOUNT_SID", ac)])).is_err());
        assert!(Credentials::from_lookup(&env(&[("TWILIO_AUTH_TOKEN", "t")])).is_err());
    }

    #[test]
    fn client_from_lookup_reads_hosts_and_base_urls() {
        let vars = [
            ("TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000000"),
            ("TWILIO_AUTH_TOKEN", "t"),
            ("TWILIO_REGION", "au1"),
            ("TWILIO_BASE_URL", "http://127.0.0.1:9/"),
            ("TWILIO_TASKROUTER_BASE_URL", "http://127.0.0.1:10"),
        ];
        let get = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        };
        let client = Client::from_lookup(get).unwrap();
        assert_eq!(client.base_url(Domain::Api), "http://127.0.0.1:9");
        assert_eq!(client.base_url(Domain::TaskRouter), "http://127.0.0.1:10");
        let hosts = Client::from_lookup(|name| get(name).filter(|_| !name.ends_with("BASE_URL")));
        assert_eq!(
            hosts.unwrap().base_url(Domain::Api),
            "https://api.au1.twilio.com"
        );
        let bad = Client::from_lookup(|name| match name {
            "TWILIO_SYNC_BASE_URL" => Some("not a url".to_owned()),
            _ => get(name),
        });
        assert!(matches!(bad, Err(Error::InvalidInput(_))), "{bad:?}");
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let client = Client::builder()
            .credentials(Credentials::auth_token(sid(), "hunter2-token"))
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"));
    }

    #[test]
    fn builder_sets_hosts() {
        let client = Client::builder()
            .credentials(Credentials::auth_token(sid(), "t"))
            .edge("sydney")
            .region("au1")
            .base_url(Domain::Sync, "http://127.0.0.1:9/")
            .build()
            .unwrap();
        assert_eq!(
            client.base_url(Domain::Api),
            "https://api.sydney.au1.twilio.com"
        );
        assert_eq!(client.base_url(Domain::Sync), "http://127.0.0.1:9");
        assert!(Client::builder().build().is_err());
        let bad = Client::builder()
            .credentials(Credentials::auth_token(sid(), "t"))
            .base_url(Domain::Api, "not a url");
        assert!(bad.build().is_err());
    }

    #[test]
    fn user_agent_is_descriptive() {
        let ua = user_agent(&["my-app/1.0".to_owned()]);
        assert!(ua.starts_with("twilio-rust/0.1.0 ("), "{ua}");
        assert!(ua.ends_with(" my-app/1.0"));
    }
}
