//! Flex sample backend (seed 002), safe to put on the internet: the outbound-dial and
//! realtime-stats websockets the two Flex plugins use, and the two Twilio webhooks of
//! the outbound call.
//!
//! * Both websockets check the Flex user token (sub-protocol or `token` header) with
//!   Twilio's IAM endpoint before upgrading, and echo the sub-protocol.
//! * The server owns the caller IDs and the worker a call is routed to; a socket can
//!   hang up only its user's calls; status updates go to the socket that placed the
//!   call and the mapping ends with the call or the socket.
//! * Webhooks must carry a valid `X-Twilio-Signature` for `PUBLIC_BASE_URL`.
//! * One poller fetches queue statistics (realtime every 5 s, "today" every 30 s by
//!   default), never overlapping, and publishes the seed's JSON array.
//! * With `REDIS_URL`, several instances share one Redis: callbacks reach the instance
//!   holding the call's socket, and one instance (the lease holder) polls for all.
//!
//! The app is built by [`configure`], so tests drive it with actix's test utilities
//! and `main` serves it:
//!
//! ```no_run
//! use actix_web::{App, HttpServer};
//! use flex_backend::{AppState, Config, configure};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::from_env()?;
//! let bind = config.bind;
//! let state = AppState::new(config)?; // inside the runtime: it starts the poller
//! HttpServer::new(move || App::new().configure(configure(state.clone())))
//!     .bind(bind)?
//!     .run()
//!     .await?;
//! # Ok(()) }
//! ```

mod auth;
pub mod calls;
mod config;
mod dial;
mod error;
mod gate;
mod hooks;
mod lease;
pub mod local;
mod route;
mod shared;
pub mod stats;
mod stats_body;
mod ws;

use std::sync::Arc;
use std::time::Duration;

use actix_web::ResponseError as _;
use actix_web::web::{self, ServiceConfig};
use tokio::sync::watch;
use twilio_rest::{Client, Credentials, Domain, RetryPolicy};
use twilio_webhook::actix::WebhookConfig;

pub use auth::FlexUser;
pub use calls::CallRegistry;
pub use config::{Config, MAX_SLA_THRESHOLDS, SPEC};
pub use error::Error;
pub use lease::{LEASE_TTL, RENEW};
pub use stats::{Channel, StatsPoller, StatsSettings};

/// Timeout of each REST request.
const REST_TIMEOUT: Duration = Duration::from_secs(10);
/// Timeout of a token check: an anonymous client waits on it, holding a connection.
const IAM_TIMEOUT: Duration = Duration::from_secs(5);

/// Everything the handlers share. Cheap to clone (one `Arc`).
#[derive(Debug, Clone)]
pub struct AppState(Arc<State>);

/// The shared parts behind [`AppState`].
#[derive(Debug)]
pub struct State {
    config: Config,
    rest: Client,
    /// Token checks: one attempt each (see [`iam_client`]).
    iam: Client,
    /// Where calls may go, and how many (counts in `limits`).
    destinations: twilio_app_guard::DestinationPolicy,
    /// Throttles token checks per client.
    gate: gate::AuthGate,
    webhooks: WebhookConfig,
    calls: CallRegistry,
    /// How status callbacks reach the instance holding the call's socket.
    transport: route::Transport,
    /// The statistics array this instance's sockets receive.
    stats: watch::Sender<bytestring::ByteString>,
    /// With Redis: the statistics lease (released on shutdown).
    lease: Option<lease::LeaseHandle>,
    /// `true` stops the background tasks that talk to Redis.
    stop: watch::Sender<bool>,
}

impl std::ops::Deref for AppState {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl AppState {
    /// Builds the REST client and webhook validation, and starts the call registry
    /// and the statistics poller on the current Tokio runtime. With `REDIS_URL`, also
    /// this instance's inbox reader and the statistics lease (see
    /// docs/flex-backend.md): calls and statistics are then shared by every instance.
    ///
    /// # Errors
    /// [`Error::Config`] when a part cannot be built.
    pub fn new(config: Config) -> Result<Self, Error> {
        let rest = rest_client(&config)?;
        let calls = CallRegistry::spawn();
        let (stop, stopped) = watch::channel(false);
        let (transport, stats, lease) = match &config.redis_url {
            None => {
                let poller = poller(&rest, &config);
                let stats = poller.publisher();
                tokio::spawn(poller.run());
                (route::Transport::Local, stats, None)
            }
            Some(url) => {
                let shared = shared::Shared::new(url)?;
                tracing::info!(
                    instance = shared.instance(),
                    "calls and statistics shared through Redis"
                );
                let (stats, _) = watch::channel(bytestring::ByteString::from_static("[]"));
                let (rest, lease_config) = (rest.clone(), config.clone());
                let make = move || poller(&rest, &lease_config);
                let lease = lease::LeaseHandle::spawn(shared.clone(), make, stats.clone());
                let reader =
                    route::read_inbox(shared.clone(), calls.clone(), stats.clone(), stopped);
                tokio::spawn(reader);
                (route::Transport::Redis(shared), stats, Some(lease))
            }
        };
        // One store for every counter: token checks and call rates.
        let limits = twilio_app_env::shared_limits(config.redis_url.as_ref(), "flex-backend")?;
        let state = State {
            webhooks: twilio_app_env::webhook_config(&config.auth_token, &config.public_base_url)?,
            calls,
            transport,
            iam: iam_client(&config)?,
            destinations: config.destinations.clone().with_limits(limits.clone()),
            gate: gate::AuthGate::new(
                config.token_checks_per_second,
                config.proxies.clone(),
                limits,
            ),
            rest,
            stats,
            lease,
            stop,
            config,
        };
        Ok(Self(Arc::new(state)))
    }

    /// Stops the work shared through Redis: releases the statistics lease (another
    /// instance takes over at its next renewal) and stops reading this instance's
    /// inbox. Call it after the server has stopped; nothing to do without Redis.
    pub async fn shutdown(&self) {
        self.stop.send_replace(true);
        if let Some(lease) = &self.lease {
            lease.stop().await;
        }
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// This instance's id in Redis (its inbox is `flex:inbox:<id>`); `None` without
    /// `REDIS_URL`.
    pub fn instance(&self) -> Option<&str> {
        match &self.transport {
            route::Transport::Local => None,
            route::Transport::Redis(shared) => Some(shared.instance()),
        }
    }

    /// The call → socket registry.
    pub fn calls(&self) -> &CallRegistry {
        &self.calls
    }
}

/// A poller of the configured workspace with the configured settings.
fn poller(rest: &Client, config: &Config) -> StatsPoller {
    StatsPoller::new(
        rest.clone(),
        config.workspace_sid.clone(),
        stats_settings(config),
    )
}

/// What the statistics poller is configured to do.
pub fn stats_settings(config: &Config) -> StatsSettings {
    StatsSettings {
        realtime_period: config.realtime_period,
        cumulative_period: config.cumulative_period,
        sla_thresholds: config.sla_thresholds.clone(),
        channels: config.channels.clone(),
        timezone: config.timezone.clone(),
        concurrency: config.stats_concurrency,
    }
}

/// The REST client: API key or auth token, the per-domain overrides, and a retry
/// policy that backs off on 429 (TaskRouter statistics are rate limited).
///
/// # Errors
/// [`Error::Config`] when the client cannot be built.
pub fn rest_client(config: &Config) -> Result<Client, Error> {
    build_client(
        config,
        REST_TIMEOUT,
        RetryPolicy::exponential(3, Duration::from_millis(500), Duration::from_secs(5)),
    )
}

/// The client for Flex token checks: one attempt with a short timeout. Every
/// websocket handshake, authenticated or not, costs a check; retries (429s with
/// `Retry-After` up to a minute) would turn one anonymous request into four Twilio
/// calls and hold its connection for minutes. A failed check is a 503 the client
/// retries itself.
///
/// # Errors
/// [`Error::Config`] when the client cannot be built.
pub fn iam_client(config: &Config) -> Result<Client, Error> {
    build_client(config, IAM_TIMEOUT, RetryPolicy::none())
}

fn build_client(config: &Config, timeout: Duration, retry: RetryPolicy) -> Result<Client, Error> {
    let credentials = match &config.api_key {
        Some((sid, secret)) => {
            Credentials::api_key(config.account_sid.clone(), sid.clone(), secret.expose())
        }
        None => Credentials::auth_token(config.account_sid.clone(), config.auth_token.expose()),
    };
    let mut builder = Client::builder()
        .credentials(credentials)
        .timeout(timeout)
        .retry(retry)
        .user_agent_extension("flex-backend");
    for (domain, base) in [
        (Domain::Api, &config.api_base_url),
        (Domain::TaskRouter, &config.taskrouter_base_url),
        (Domain::Iam, &config.iam_base_url),
    ] {
        if let Some(base) = base {
            builder = builder.base_url(domain, base.as_str());
        }
    }
    builder.build().map_err(|e| Error::Config {
        var: "TWILIO_ACCOUNT_SID",
        reason: e.to_string(),
    })
}

/// Registers every route and the shared state on an actix `App`
/// (`App::new().configure(configure(state))`).
pub fn configure(state: AppState) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        // The answer URL's query is strict (a repeated key or invalid UTF-8 is a 400).
        twilio_app_env::input::InputConfig::new()
            .error_handler(|err, _req| Error::Input(err).into())
            .register(cfg);
        cfg.app_data(web::Data::new(state.webhooks.clone()))
            .app_data(web::Data::new(state))
            .default_service(web::to(|| async { Error::NotFound.error_response() }));
        // nosniff, HEAD and /healthz on every route.
        cfg.service(
            twilio_app_env::http::app_scope()
                .service(
                    web::resource("/twilio-webhook/callHandlerTwiml")
                        .post(hooks::call_handler_twiml)
                        .route(web::method(actix_web::http::Method::OPTIONS).to(hooks::options)),
                )
                .service(
                    web::resource("/twilio-webhook/callStatusCallbackHandler")
                        .post(hooks::call_status)
                        .route(web::method(actix_web::http::Method::OPTIONS).to(hooks::options)),
                )
                .service(web::resource("/websocket/outboundDial").get(ws::outbound_dial))
                .service(web::resource("/websocket/realtimeStats").get(ws::realtime_stats)),
        );
    }
}
