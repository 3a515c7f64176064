//! Twilio Proxy admin console (seed 004), safe to put on the internet.
//!
//! * Every page and action needs an admin login ([`twilio_app_auth`]); every POST
//!   that changes something must come from the app's own origin.
//! * Pages are rendered on the server (askama, auto-escaped): services, sessions with
//!   their number pool and assigned participants, participants (status and mode read
//!   from Twilio), interactions with their recordings.
//! * The AJAX routes keep the seed's paths and form fields; every field is checked
//!   (SIDs, enums, E.164, lengths) and answers 400 with a message naming it.
//! * Webhooks (`/proxyDemoOutboundDial`, `/recordCall`) need a valid
//!   `X-Twilio-Signature` for `PUBLIC_BASE_URL`; click-to-call dials only a
//!   participant's own proxy number with its own number as caller id.
//!
//! The app is built by [`configure`], so tests drive it without a socket:
//!
//! ```no_run
//! use actix_web::{App, HttpServer};
//! use proxy_admin::{AppState, Config, configure};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::from_env()?;
//! let bind = config.bind;
//! let state = AppState::new(config)?;
//! HttpServer::new(move || App::new().configure(configure(state.clone())))
//!     .bind(bind)?
//!     .run()
//!     .await?;
//! # Ok(()) }
//! ```

mod actions;
mod config;
mod error;
mod guard;
mod hooks;
pub mod local;
mod local_call;
mod pages;
mod recorder;
mod validate;
mod views;

use std::sync::Arc;
use std::time::Duration;

use actix_web::web::{self, Bytes, ServiceConfig};
use twilio_app_auth::Auth;
use twilio_app_env::http::app_scope;
use twilio_app_env::input::InputConfig;
use twilio_rest::{Client, Credentials, Domain};
use twilio_webhook::actix::WebhookConfig;

pub use config::{Config, SPEC, default_voice_sdk_js};
pub use error::Error;
pub use recorder::MAX_RECORD_ATTEMPTS;
pub use validate::{MAX_BODY_CHARS, e164};
pub use views::{NumberRow, SessionParticipants, assign_participants};

/// Lifetime of the Access Tokens handed to browsers.
pub const TOKEN_TTL: Duration = Duration::from_secs(3600);

/// Password checks (Argon2: 19 MiB and tens of ms each) running at once; more
/// logins at the same moment are answered 503 without hashing.
pub const MAX_CONCURRENT_LOGINS: usize = 2;

/// Largest form body an action reads.
const FORM_LIMIT: usize = 16 * 1024;

/// Everything the handlers share. Cheap to clone (one `Arc`).
#[derive(Debug, Clone)]
pub struct AppState(Arc<State>);

/// The shared parts behind [`AppState`].
#[derive(Debug)]
pub struct State {
    config: Config,
    rest: Client,
    auth: Arc<Auth>,
    webhooks: WebhookConfig,
    voice_sdk: Option<Bytes>,
    recorder: recorder::Recorder,
    /// Where SMS may go, and how many (counts in the shared limits).
    destinations: twilio_app_guard::DestinationPolicy,
    /// Permits for password checks ([`MAX_CONCURRENT_LOGINS`]).
    login_slots: Arc<tokio::sync::Semaphore>,
    /// Local mode's simulated click-to-call calls and their status.
    local_calls: local_call::LocalCalls,
}

impl std::ops::Deref for AppState {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl AppState {
    /// Builds the REST client, login and webhook validation, and reads the Voice JS
    /// SDK bundle when click-to-call is configured.
    ///
    /// # Errors
    /// [`Error::Config`] when a part cannot be built.
    pub fn new(config: Config) -> Result<Self, Error> {
        let voice_sdk = match &config.twiml_app_sid {
            None => None,
            Some(_) => match std::fs::read(&config.voice_sdk_js) {
                Ok(bytes) => Some(Bytes::from(bytes)),
                Err(e) => {
                    tracing::warn!(
                        path = %config.voice_sdk_js.display(),
                        error = %e,
                        "Voice JS SDK not found (npm install in bins/proxy-admin/web): click-to-call is off"
                    );
                    None
                }
            },
        };
        let rest = rest_client(&config)?;
        // One store for every counter: login throttling and message rates.
        let limits = twilio_app_env::shared_limits(config.redis_url.as_ref(), "proxy-admin")?;
        let state = State {
            destinations: config.destinations.clone().with_limits(limits.clone()),
            recorder: recorder::Recorder::new(rest.clone(), config.record_retry_interval),
            rest,
            auth: Arc::new(
                Auth::builder(config.users.clone(), config.session_key.clone())
                    .secure(config.public_base_url.starts_with("https://"))
                    .limits(limits)
                    .build(),
            ),
            webhooks: twilio_app_env::webhook_config(&config.auth_token, &config.public_base_url)?,
            voice_sdk,
            login_slots: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_LOGINS)),
            local_calls: local_call::LocalCalls::default(),
            config,
        };
        Ok(Self(Arc::new(state)))
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Login and sessions (tests use it to issue session cookies).
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// Recording jobs started by `/recordCall` and not finished yet.
    pub fn recordings_in_flight(&self) -> usize {
        self.recorder.in_flight()
    }

    /// `true` when the browser can place calls: a TwiML App and the SDK bundle.
    fn dial_enabled(&self) -> bool {
        self.config.twiml_app_sid.is_some() && self.voice_sdk.is_some()
    }

    /// `true` when Dial places a simulated call on the fake (local mode).
    fn local_calls_enabled(&self) -> bool {
        local::active()
    }
}

fn rest_client(config: &Config) -> Result<Client, Error> {
    let rest_err = |e: twilio_rest::Error| Error::Config {
        var: "TWILIO_ACCOUNT_SID",
        reason: e.to_string(),
    };
    // The token crate's and the REST client's SID types are the same (`twilio-types`).
    let account = config.account_sid.clone();
    let mut builder =
        Client::builder().credentials(Credentials::auth_token(account, config.auth_token.expose()));
    if let Some(base) = &config.api_base_url {
        builder = builder.base_url(Domain::Api, base.as_str());
    }
    if let Some(base) = &config.proxy_base_url {
        builder = builder.base_url(Domain::Proxy, base.as_str());
    }
    builder.build().map_err(rest_err)
}

/// Registers every route and the shared state on an actix `App`
/// (`App::new().configure(configure(state))`), with the shared strict input, nosniff,
/// `HEAD` and `/healthz` of [`twilio_app_env`]. Nothing else is served: there is no
/// static directory (§5.5.5).
pub fn configure(state: AppState) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        // Every form and query is strict (a repeated key or invalid UTF-8 is a 400
        // naming the key); webhooks are read by `TwilioWebhook` instead.
        InputConfig::new()
            .form_limit(FORM_LIMIT)
            .error_handler(|err, _req| Error::Input(err).into())
            .register(cfg);
        cfg.app_data(web::Data::from(state.auth.clone()))
            .app_data(web::Data::new(state.webhooks.clone()))
            .app_data(web::Data::new(state));
        // nosniff, HEAD and /healthz on every route.
        cfg.service(
            app_scope()
                // Pages.
                .service(web::resource("/").get(pages::index))
                .service(web::resource("/services").get(pages::services))
                .service(web::resource("/sessions").get(pages::sessions))
                .service(web::resource("/participants").get(pages::participants))
                .service(web::resource("/interactions").get(pages::interactions))
                .service(
                    web::resource("/login")
                        .get(pages::login_page)
                        .post(pages::login),
                )
                .service(web::resource("/logout").post(pages::logout))
                .service(web::resource("/app.js").get(pages::app_js))
                .service(web::resource("/vendor/twilio.min.js").get(pages::voice_sdk))
                // The seed's AJAX routes.
                .service(web::resource("/createService").post(actions::create_service))
                .service(web::resource("/serviceDelete").post(actions::delete_service))
                .service(web::resource("/createSession").post(actions::create_session))
                .service(web::resource("/sessionDelete").post(actions::delete_session))
                .service(web::resource("/sessionUpdate").post(actions::update_session))
                .service(web::resource("/createParticipant").post(actions::create_participant))
                .service(web::resource("/participantDelete").post(actions::delete_participant))
                .service(web::resource("/reservePhone").post(actions::reserve_phone))
                .service(web::resource("/createMessage").post(actions::create_message))
                .service(web::resource("/proxyClientAccessToken").post(actions::access_token))
                // Local mode's simulated click-to-call (501 otherwise).
                .service(web::resource("/localCall").post(local_call::place))
                .service(web::resource("/localCall/status").post(local_call::status))
                .service(web::resource("/localCall/hangup").post(local_call::hangup))
                // Twilio's webhooks.
                .service(web::resource("/proxyDemoOutboundDial").post(hooks::outbound_dial))
                .service(web::resource("/recordCall").post(hooks::record_call))
                .service(web::resource("/localCall/callback").post(local_call::callback)),
        );
    }
}
