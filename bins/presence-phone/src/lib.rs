//! The presence phone (seed 000, v1.1 behaviour, with every §1.9 fix): who is
//! online, from Twilio Sync reachability webhooks, and a browser phone that rings
//! a user only when they are available.
//!
//! The app is a library so tests can build it without a socket:
//! [`build`] turns a [`Config`] into shared [`State`], and [`configure`] mounts the
//! routes on any actix `App`.
//!
//! ```no_run
//! use actix_web::{App, HttpServer};
//! use presence_phone::{build, configure, config::RawConfig};
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = RawConfig::from_env()?.check()?;
//! let addr = config.listen_addr;
//! let state = build(config).await?;
//! HttpServer::new(move || App::new().configure(|c| configure(c, &state)))
//!     .bind(addr)?
//!     .run()
//!     .await?;
//! # Ok(()) }
//! ```

pub mod assets;
pub mod config;
pub mod error;
pub mod fanout;
pub mod mirror;
pub mod phone;
pub mod routes;
pub mod tokens;
pub mod twiml;

use actix_web::web;
use twilio_app_auth::{Auth, SessionKey, Users};
use twilio_presence::{AnyStore, Presence, RedisStore, SqliteStore, Timestamp};
use twilio_rest::{Client, Credentials, Domain, RetryPolicy};
use twilio_types::PhoneNumber;
use twilio_webhook::Validator;

use assets::Assets;
pub use config::Config;
use config::{Messages, StoreKind};
pub use error::AppError;
use mirror::SyncMirror;
use tokens::TokenIssuer;

/// What every handler shares.
#[derive(Debug)]
pub struct AppState {
    /// The presence service (store is the source of truth).
    pub presence: Presence,
    /// Checks `X-Twilio-Signature`.
    pub validator: Validator,
    /// Without a trailing slash.
    pub public_base_url: String,
    /// Spoken texts.
    pub messages: Messages,
    /// Caller ID for outgoing calls.
    pub caller_id: Option<PhoneNumber>,
    /// Access Token signer.
    pub tokens: TokenIssuer,
    /// The Sync mirror (none in local mode).
    pub mirror: Option<SyncMirror>,
    /// Sync Map name, told to the page.
    pub sync_map: String,
    /// Where outgoing calls may go and how many (the shared destination policy).
    pub destinations: twilio_app_guard::DestinationPolicy,
    /// `TRUSTED_PROXIES`: whose `X-Forwarded-For` names the client at login.
    pub proxies: twilio_app_env::proxies::Proxies,
    /// Presence changes encoded once for every event stream.
    pub frames: fanout::Frames,
}

impl AppState {
    /// `"local"` or `"twilio"`.
    pub fn mode(&self) -> &'static str {
        if self.mirror.is_some() {
            "twilio"
        } else {
            "local"
        }
    }
}

/// Everything [`configure`] mounts.
#[derive(Debug, Clone)]
pub struct State {
    /// Handler state.
    pub app: web::Data<AppState>,
    /// Login and sessions.
    pub auth: web::Data<Auth>,
    /// Page assets.
    pub assets: web::Data<Assets>,
}

/// Opens the store, starts the presence service and (outside local mode) the Sync
/// mirror, and prepares auth.
pub async fn build(config: Config) -> Result<State, AppError> {
    let store = open_store(&config).await?;
    let presence = Presence::start(store).await?;
    let users = Users::parse(config.users.expose())
        .map_err(|e| AppError::Internal(format!("users: {e}")))?;
    if users.is_empty() {
        return Err(AppError::Internal("no users configured".to_owned()));
    }
    let key = match &config.session_key {
        Some(k) => k.clone(),
        None => {
            tracing::warn!("SESSION_SECRET not set: using a random key, sessions end on restart");
            config::Secret::new(config::random_hex())
        }
    };
    let key =
        SessionKey::new(key).map_err(|e| AppError::Internal(format!("SESSION_SECRET: {e}")))?;
    // One store for every counter: login throttling and call rates.
    let limits = twilio_app_env::shared_limits(config.redis_url.as_ref(), "presence-phone")
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let auth = Auth::builder(users, key)
        .cookie_name("pp_session")
        .secure(config.public_base_url.starts_with("https://"))
        .limits(limits.clone())
        .build();
    let validator = Validator::new(config.webhook_auth_token.expose())
        .map_err(|e| AppError::Internal(format!("webhook validator: {e}")))?;
    let mirror = match &config.twilio {
        Some(t) => Some(sync_mirror(t, &config.sync_map)?),
        None => None,
    };
    if let Some(m) = mirror.clone() {
        tokio::spawn(m.run(presence.clone()));
    }
    tokio::spawn(prune_daily(presence.clone()));
    let caller_id = config
        .caller_id
        .as_deref()
        .map(phone::parse)
        .transpose()
        .map_err(|e| AppError::Internal(format!("caller id: {e}")))?;
    let destinations = config.destinations.clone().with_limits(limits);
    let frames = fanout::Frames::start(&presence);
    let app = AppState {
        destinations,
        frames,
        presence,
        validator,
        public_base_url: config.public_base_url.clone(),
        messages: config.messages.clone(),
        caller_id,
        tokens: TokenIssuer::from_config(&config)?,
        mirror,
        sync_map: config.sync_map.clone(),
        proxies: config.proxies.clone(),
    };
    Ok(State {
        app: web::Data::new(app),
        auth: web::Data::new(auth),
        assets: web::Data::new(Assets::load(&config.web_dir)),
    })
}

/// Drops day-old tombstones (ended calls, gone endpoints) once an hour so the
/// store does not grow forever; the handle's drop ends the loop.
async fn prune_daily(presence: Presence) {
    const DAY_MS: u64 = 24 * 3600 * 1000;
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        let before = Timestamp::from_millis(Timestamp::now().as_millis().saturating_sub(DAY_MS));
        match presence.prune(before).await {
            Ok(_) => {}
            Err(twilio_presence::Error::Closed) => return,
            Err(e) => tracing::warn!(error = %e, "pruning presence tombstones failed"),
        }
    }
}

async fn open_store(config: &Config) -> Result<AnyStore, AppError> {
    Ok(match config.store {
        StoreKind::Sqlite => AnyStore::Sqlite(SqliteStore::open(&config.sqlite_path)?),
        StoreKind::Redis => {
            let url = config.redis_url.clone().unwrap_or_default();
            AnyStore::Redis(Box::new(RedisStore::connect(url).await?))
        }
    })
}

fn sync_mirror(t: &config::TwilioConfig, map: &str) -> Result<SyncMirror, AppError> {
    let rest = |e: twilio_rest::Error| AppError::Internal(format!("REST client: {e}"));
    let account =
        twilio_rest::sid::AccountSid::new(t.account_sid.clone()).map_err(|e| rest(e.into()))?;
    let mut builder = Client::builder()
        .credentials(Credentials::auth_token(account, t.auth_token.expose()))
        // The mirror retries on its own, forever, with backoff.
        .retry(RetryPolicy::none());
    if let Some(base) = &t.sync_base_url {
        builder = builder.base_url(Domain::Sync, base.clone());
    }
    let client = builder.build().map_err(rest)?;
    Ok(SyncMirror::new(
        client,
        t.sync_service_sid.clone(),
        map.to_owned(),
    ))
}

/// Mounts every route and the shared data on an actix `App` (or a scope), inside
/// [`twilio_app_env::http::app_scope`] (nosniff, `HEAD`, `/healthz`); JSON bodies
/// that do not fit a route's type are refused by `twilio-app-env`'s strict config.
pub fn configure(cfg: &mut web::ServiceConfig, state: &State) {
    use routes as r;
    // Twilio's form bodies are small; a limit keeps junk out.
    let form_limit = web::PayloadConfig::new(64 * 1024);
    twilio_app_env::input::InputConfig::new()
        .json_limit(16 * 1024)
        .error_handler(|err, _| AppError::Input(err).into())
        .register(cfg);
    cfg.app_data(state.app.clone())
        .app_data(state.auth.clone())
        .app_data(state.assets.clone())
        .app_data(form_limit);
    cfg.service(
        twilio_app_env::http::app_scope()
            .route("/api/sync-callback", web::post().to(r::sync_callback))
            .route("/api/phone/incoming", web::get().to(r::incoming))
            .route("/api/phone/incoming", web::post().to(r::incoming))
            .route(
                "/api/phone/status-callback",
                web::post().to(r::status_callback),
            )
            .route("/api/phone/outgoing", web::post().to(r::outgoing))
            .route("/api/phone/token", web::post().to(r::token))
            .route("/api/login", web::post().to(r::login))
            .route("/api/logout", web::post().to(r::logout))
            .route("/api/me", web::get().to(r::me))
            .route("/api/config", web::get().to(r::config))
            .route("/api/presence", web::get().to(r::snapshot))
            .route("/api/presence/events", web::get().to(r::events))
            .route("/", web::get().to(assets::index))
            .route("/app.js", web::get().to(assets::app_js))
            .route("/vendor/twilio.min.js", web::get().to(assets::voice_sdk))
            .route(
                "/vendor/twilio-sync.min.js",
                web::get().to(assets::sync_sdk),
            ),
    );
}
