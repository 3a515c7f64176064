//! Browser phone (seed 001): log in, send SMS and voice messages, and call from the
//! browser with the Twilio Voice JS SDK, safe to put on the internet.
//!
//! * Every page and API needs a login ([`twilio_app_auth`]); each user gets an Access
//!   Token with a Voice grant for their own identity, valid one hour.
//! * Destinations must be E.164 and start with an allowed prefix (toll-fraud guard),
//!   and pass the shared destination policy ([`twilio_app_guard`]: allowed
//!   countries, premium ranges refused); messages and calls are rate limited per
//!   user and overall; the sender is always the configured number.
//! * Webhooks must carry a valid `X-Twilio-Signature` for `PUBLIC_BASE_URL`; TwiML is
//!   served as `text/xml`; an incoming call rings only the user the routing picks.
//!
//! The checks are plain types, usable on their own:
//!
//! ```
//! use browser_phone::{CallRouting, DestinationPolicy, Error};
//!
//! let policy = DestinationPolicy::new(["+1", "+44"])?;
//! assert!(policy.check("to", Some("+15551234567")).is_ok());
//! assert!(matches!(policy.check("to", Some("+882345678901")), Err(Error::DestinationNotAllowed { .. })));
//! assert!(matches!(policy.check("to", Some("")), Err(Error::InvalidNumber { .. })));
//!
//! let routing = CallRouting::new().default_user("alice").parse_routes("+15551230002=bob")?;
//! assert_eq!(routing.user_for(Some("+15551230002")), Some("bob"));
//! assert_eq!(routing.user_for(Some("+15551230009")), Some("alice"));
//! # Ok::<(), Error>(())
//! ```
//!
//! With no `TWILIO_ACCOUNT_SID` the binary starts in [`local`] mode on the embedded
//! Twilio fake (`twilio-fake`): a `LOCAL MODE` banner, demo users, and messages and
//! voice messages that are listed but reach no phone.
//!
//! The app is built by [`configure`], so tests drive it with actix's test utilities
//! and `main` serves it:
//!
//! ```no_run
//! use actix_web::{App, HttpServer};
//! use browser_phone::{AppState, Config, configure};
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

mod api;
mod config;
mod error;
mod history;
mod hooks;
pub mod local;
mod pages;
mod phone;
mod routing;

use std::sync::Arc;
use std::time::Duration;

use actix_web::web::{self, Bytes, ServiceConfig};
use twilio_app_auth::Auth;
use twilio_rest::{Client, Credentials, Domain};
use twilio_webhook::actix::WebhookConfig;

pub use config::{
    Config, DEFAULT_MAX_SMS_CHARS, DEFAULT_MAX_VOICE_CHARS, SPEC, default_voice_sdk_js,
};
pub use error::Error;
pub use phone::{DestinationPolicy, parse_e164};
pub use routing::CallRouting;

/// Lifetime of the Access Tokens handed to browsers; the page renews them early.
pub const TOKEN_TTL: Duration = Duration::from_secs(3600);

/// Largest JSON body the API reads.
const JSON_LIMIT: usize = 16 * 1024;

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
    /// The shared destination policy, counting in the app's one limits store.
    guard: twilio_app_guard::DestinationPolicy,
    voice_sdk: Bytes,
    /// Local mode: the embedded fake (kept alive with the state) and the demo users.
    local: Option<local::Local>,
    /// The page, with the local-mode banner and without the Voice SDK in local mode.
    index_html: Bytes,
    /// The login page, with the local-mode banner in local mode.
    login_html: Bytes,
    /// Which messages each user sent (for `GET /api/messages`).
    sent_messages: history::Sent,
    /// Which calls each user placed (for `GET /api/calls`).
    sent_calls: history::Sent,
}

impl std::ops::Deref for AppState {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

impl AppState {
    /// Builds the REST client, login, webhook validation and rate limiters, and
    /// reads the Voice JS SDK bundle.
    ///
    /// # Errors
    /// [`Error::Config`] when a part cannot be built or the SDK bundle is missing
    /// (run `scripts/setup.sh`).
    pub fn new(config: Config) -> Result<Self, Error> {
        let voice_sdk = std::fs::read(&config.voice_sdk_js).map_err(|e| Error::Config {
            var: "VOICE_SDK_JS",
            reason: format!(
                "{}: {e} (run scripts/setup.sh to install @twilio/voice-sdk)",
                config.voice_sdk_js.display()
            ),
        })?;
        Self::build(config, Bytes::from(voice_sdk), None)
    }

    /// The state of [`local`] mode: like [`AppState::new`], but the page shows the
    /// `LOCAL MODE` banner and loads no Voice SDK (so the bundle is not needed), and
    /// `local` (the embedded fake) lives as long as the state.
    ///
    /// # Errors
    /// [`Error::Config`] when a part cannot be built.
    pub fn local(config: Config, local: local::Local) -> Result<Self, Error> {
        Self::build(config, Bytes::new(), Some(local))
    }

    fn build(config: Config, voice_sdk: Bytes, local: Option<local::Local>) -> Result<Self, Error> {
        let (index_html, login_html) = match local {
            Some(_) => (pages::local_index(), pages::local_login()),
            None => (
                Bytes::from_static(pages::INDEX_HTML.as_bytes()),
                Bytes::from_static(pages::LOGIN_HTML.as_bytes()),
            ),
        };
        // One store for every counter: login throttling and message/call rates.
        let limits = twilio_app_env::shared_limits(config.redis_url.as_ref(), "browser-phone")?;
        let state = State {
            guard: config.guard.clone().with_limits(limits.clone()),
            rest: rest_client(&config)?,
            auth: Arc::new(
                Auth::builder(config.users.clone(), config.session_key.clone())
                    .secure(config.public_base_url.starts_with("https://"))
                    .limits(limits.clone())
                    .build(),
            ),
            webhooks: twilio_app_env::webhook_config(&config.auth_token, &config.public_base_url)?,
            voice_sdk,
            local,
            index_html,
            login_html,
            sent_messages: history::Sent::new("messages", limits.clone()),
            sent_calls: history::Sent::new("calls", limits.clone()),
            config,
        };
        Ok(Self(Arc::new(state)))
    }

    /// The configuration in use.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The local mode's fake and demo users, when the app runs in [`local`] mode.
    pub fn local_mode(&self) -> Option<&local::Local> {
        self.local.as_ref()
    }

    /// Login and sessions (tests use it to issue session cookies).
    pub fn auth(&self) -> &Auth {
        &self.auth
    }

    /// `true` when `identity` is a configured user.
    fn is_user(&self, identity: &str) -> bool {
        twilio_app_auth::Username::new(identity).is_ok_and(|u| self.auth.users().contains(&u))
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
    builder.build().map_err(rest_err)
}

/// Registers every route, the shared state and the JSON error handling on an
/// actix `App` (`App::new().configure(configure(state))`).
pub fn configure(state: AppState) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        // JSON bodies that do not fit the route's type: 400/413/415 with a message.
        twilio_app_env::input::InputConfig::new()
            .json_limit(JSON_LIMIT)
            .error_handler(|err, _req| Error::Input(err).into())
            .register(cfg);
        cfg.app_data(web::Data::from(state.auth.clone()))
            .app_data(web::Data::new(state.webhooks.clone()))
            .app_data(web::Data::new(state));
        // nosniff, HEAD and /healthz on every route.
        cfg.service(
            twilio_app_env::http::app_scope()
                .service(web::resource("/").get(pages::index))
                .service(web::resource("/login").get(pages::login_page))
                .service(web::resource("/app.js").get(pages::app_js))
                .service(web::resource("/login.js").get(pages::login_js))
                .service(web::resource("/vendor/twilio.min.js").get(pages::voice_sdk))
                .service(web::resource("/api/login").post(pages::login))
                .service(web::resource("/api/logout").post(pages::logout))
                .service(web::resource("/api/token/generate").post(api::generate_token))
                .service(web::resource("/api/config").get(api::config))
                .service(
                    web::resource("/api/messages")
                        .post(api::send_message)
                        .get(api::list_messages),
                )
                .service(
                    web::resource("/api/calls")
                        .post(api::send_voice_message)
                        .get(api::list_calls),
                )
                .service(web::resource("/hooks/call/connect").post(hooks::connect))
                .service(web::resource("/hooks/voice").post(hooks::incoming)),
        );
    }
}
