//! An embedded, stateful fake of the Twilio REST endpoints the apps use, so they run
//! in a labelled local mode without a Twilio account.
//!
//! [`Fake::start`] serves it on a loopback port the system chooses, on a thread of
//! its own (any runtime, or none, may call it). Point a `twilio_rest::Client` at
//! [`Fake::base_url`] for every domain and use [`Fake::account_sid`] and the auth
//! token it was started with as credentials:
//!
//! ```no_run
//! use twilio_fake::Fake;
//! use twilio_types::Secret;
//!
//! let fake = Fake::start(Secret::new("local-token")).unwrap();
//! println!("Twilio fake at {} for {}", fake.base_url(), fake.account_sid());
//! ```
//!
//! What it keeps (in memory, one lock owned by the server):
//! * **Calls**: create answers `queued`, then the call walks initiated → ringing →
//!   answered (its `Url` is fetched, signed) → completed, each step after the previous
//!   webhook was delivered (no timers), firing signed status callbacks for the
//!   requested `StatusCallbackEvent`s; an update to `completed`/`canceled` ends it.
//!   Call recordings start only while a call is in progress.
//! * **Messages**: create (queued → sent → delivered, with signed status callbacks),
//!   list, fetch, delete. A message from a Proxy participant to its proxy number is
//!   relayed to the other participants and recorded as an Interaction.
//! * **Proxy**: services (each starts with two pool numbers), phone numbers,
//!   sessions, participants, interactions, message interactions.
//! * **TaskRouter**: one workspace with three queues, four activities and the workers
//!   of issued Flex tokens; real-time and cumulative statistics that move with time
//!   and with every call whose answer TwiML `<Enqueue>`s.
//! * **Flex IAM**: `Tokens/validate` accepts the tokens [`Fake::issue_flex_token`]
//!   minted.
//!
//! JSON shapes follow Twilio's OpenAPI specs; a workspace test validates every
//! endpoint's answer against them.

mod api;
mod http;
mod proxy;
mod store;
mod taskrouter;

use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};

use actix_web::{App, HttpServer, web};
use twilio_types::Secret;
use twilio_webhook::Signer;

pub use store::sid;

/// Why the fake could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Binding the loopback listener or starting the server failed.
    #[error("cannot serve the Twilio fake: {0}")]
    Io(#[from] std::io::Error),
    /// The HTTP client for webhooks could not be built.
    #[error("cannot build the webhook client: {0}")]
    Client(String),
}

/// A running fake. Dropping it stops the server.
#[derive(Debug)]
pub struct Fake {
    shared: Shared,
    addr: SocketAddr,
    server: actix_web::dev::ServerHandle,
}

/// What every request handler shares: fixed identities, the signer, and the state.
#[derive(Debug, Clone)]
pub(crate) struct Shared(Arc<Inner>);

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) account_sid: String,
    pub(crate) auth_token: Secret,
    pub(crate) base_url: String,
    pub(crate) signer: Signer,
    pub(crate) http: reqwest::Client,
    pub(crate) store: Mutex<store::Store>,
}

impl std::ops::Deref for Shared {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Shared {
    /// The state; a poisoned lock is taken over (no invariant spans a panic).
    pub(crate) fn store(&self) -> MutexGuard<'_, store::Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Fake {
    /// Serves a fresh fake account on `127.0.0.1:0` whose auth token (REST Basic auth
    /// and webhook signatures) is `auth_token`.
    ///
    /// # Errors
    /// [`Error::Io`] when the listener or the server thread cannot start.
    pub fn start(auth_token: Secret) -> Result<Fake, Error> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .user_agent("TwilioProxy/1.1 (twilio-fake)")
            .build()
            .map_err(|e| Error::Client(e.to_string()))?;
        let account_sid = sid("AC");
        let shared = Shared(Arc::new(Inner {
            store: Mutex::new(store::Store::new(&account_sid)),
            signer: Signer::new(auth_token.clone()),
            account_sid,
            auth_token,
            base_url: format!("http://{addr}"),
            http,
        }));
        let (tx, rx) = std::sync::mpsc::channel();
        let for_server = shared.clone();
        std::thread::Builder::new()
            .name("twilio-fake".into())
            .spawn(move || {
                let system = actix_web::rt::System::new();
                let started = tx.clone();
                let outcome = system.block_on(async move {
                    let server = HttpServer::new(move || {
                        App::new()
                            .app_data(web::Data::new(for_server.clone()))
                            .app_data(web::PayloadConfig::new(1 << 20))
                            .default_service(web::to(http::dispatch))
                    })
                    .workers(1)
                    .disable_signals()
                    .listen(listener)?
                    .run();
                    let _ = started.send(Ok(server.handle()));
                    server.await
                });
                if let Err(error) = outcome {
                    let _ = tx.send(Err(error));
                }
            })?;
        let server = rx
            .recv()
            .map_err(|_| std::io::Error::other("the fake's server thread ended"))??;
        Ok(Fake {
            shared,
            addr,
            server,
        })
    }

    /// `http://127.0.0.1:PORT`: the base URL for every Twilio domain.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The fake account's SID (`AC…`).
    pub fn account_sid(&self) -> &str {
        &self.shared.account_sid
    }

    /// The auth token REST calls must present and webhooks are signed with.
    pub fn auth_token(&self) -> &Secret {
        &self.shared.auth_token
    }

    /// The TaskRouter workspace (`WS…`) whose queues have statistics.
    pub fn workspace_sid(&self) -> String {
        self.shared.store().taskrouter.workspace_sid.clone()
    }

    /// The workflow (`WW…`) an `<Enqueue>` names.
    pub fn workflow_sid(&self) -> String {
        self.shared.store().taskrouter.workflow_sid.clone()
    }

    /// The account's phone numbers (E.164) that calls and messages may come from.
    pub fn phone_numbers(&self) -> Vec<String> {
        self.shared.store().owned_numbers.clone()
    }

    /// The Callback URL Proxy services created without one get (the app's own
    /// interaction webhook, in local mode).
    pub fn set_proxy_callback(&self, url: impl Into<String>) {
        self.shared.store().proxy.default_callback = Some(url.into());
    }

    /// Mints a Flex user token for `identity` (and a TaskRouter worker for it) that
    /// `Tokens/validate` accepts for an hour. The token is URL- and
    /// sub-protocol-safe (hex and dots).
    pub fn issue_flex_token(&self, identity: &str) -> String {
        self.shared.store().taskrouter.issue_token(identity)
    }
}

/// Whether an app should start in local mode: no Twilio account configured
/// (`TWILIO_ACCOUNT_SID` unset or blank).
///
/// ```
/// assert!(twilio_fake::local_mode_wanted(&|_| None));
/// assert!(twilio_fake::local_mode_wanted(&|_| Some("  ".into())));
/// assert!(!twilio_fake::local_mode_wanted(&|_| Some("AC0123".into())));
/// ```
pub fn local_mode_wanted(lookup: &dyn Fn(&str) -> Option<String>) -> bool {
    lookup("TWILIO_ACCOUNT_SID").is_none_or(|v| v.trim().is_empty())
}

/// The webhook token of an app's local mode: `LOCAL_AUTH_TOKEN` when set, else a
/// random one, logged once (with `twilio-trigger --auth-token` it signs test
/// webhooks).
pub fn local_auth_token(lookup: &dyn Fn(&str) -> Option<String>) -> Secret {
    match lookup("LOCAL_AUTH_TOKEN").filter(|t| !t.trim().is_empty()) {
        Some(token) => Secret::new(token),
        None => {
            let token = sid("");
            tracing::warn!(token = %token, "LOCAL MODE: webhooks are signed with this LOCAL_AUTH_TOKEN (shown once)");
            Secret::new(token)
        }
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        // `stop` sends the command at once; nobody needs to wait for it.
        drop(self.server.stop(false));
    }
}
