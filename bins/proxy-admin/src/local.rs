//! Local mode: with no `TWILIO_ACCOUNT_SID`, the console runs against the embedded
//! `twilio-fake`: services (each with a two-number pool), sessions, participants,
//! interactions and SMS all work; an admin user with a random password is logged
//! once; the fake's Proxy callbacks to `/recordCall` are signed like Twilio's.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use twilio_app_env::Secret;
use twilio_fake::Fake;

use crate::{Config, Error};

/// Numbers of two demo customers that may send SMS in local mode: a message from
/// one of them to its proxy number is what its phone texting the session would be.
pub const DEMO_CUSTOMERS: [&str; 2] = ["+14155550101", "+14155550102"];

/// Set once by `main` in local mode: pages show the banner.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Whether this process runs in local mode (the page banner asks).
pub fn active() -> bool {
    ACTIVE.load(Ordering::Relaxed)
}

/// True when no Twilio account is configured (`TWILIO_ACCOUNT_SID` unset or blank).
pub use twilio_fake::local_mode_wanted as wanted;

fn config_error(var: &'static str, reason: impl ToString) -> Error {
    Error::Config {
        var,
        reason: reason.to_string(),
    }
}

/// Binds the listener, starts the fake and builds the configuration that points the
/// console at it. Settings not about Twilio still come from the environment.
///
/// # Errors
/// [`Error::Config`] for a bad setting, or when the port or the fake cannot start.
pub fn start(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(TcpListener, Config, Arc<Fake>), Error> {
    // Old names resolved and every setting checked before anything starts; the
    // Twilio ones are not needed here.
    let env = crate::config::SPEC.read(lookup).checked()?;
    let lookup = &env.lookup();
    let bind = twilio_app_env::bind_address(&twilio_app_env::Vars::new(lookup), 5000)?;
    let listener = TcpListener::bind(bind).map_err(|e| config_error("PORT", e))?;
    let bound = listener.local_addr().map_err(|e| config_error("PORT", e))?;
    let token = twilio_fake::local_auth_token(lookup);
    let fake = Fake::start(token.clone())
        .map_err(|e| config_error("TWILIO_ACCOUNT_SID", format!("local mode: {e}")))?;
    let public =
        lookup("PUBLIC_BASE_URL").unwrap_or_else(|| format!("http://127.0.0.1:{}", bound.port()));
    fake.set_proxy_callback(format!("{}/recordCall", public.trim_end_matches('/')));
    let mut password = None;
    let users = match (lookup("APP_USERS"), lookup("APP_USERS_FILE")) {
        (None, None) => {
            let secret: String = twilio_fake::sid("").chars().take(16).collect();
            let hash = twilio_app_auth::hash_password(&secret)
                .map_err(|e| config_error("APP_USERS", e))?;
            password = Some(secret);
            Some(format!("admin:{hash}"))
        }
        _ => None,
    };
    let mut senders = fake.phone_numbers();
    senders.extend(DEMO_CUSTOMERS.iter().map(|s| (*s).to_owned()));
    let senders = senders.join(",");
    let overlay = |name: &str| -> Option<String> {
        let value = match name {
            "TWILIO_ACCOUNT_SID" => fake.account_sid().to_owned(),
            "TWILIO_AUTH_TOKEN" => token.expose().to_owned(),
            // No Access Token in local mode reaches Twilio; these only sign it.
            "TWILIO_API_KEY_SID" => twilio_fake::sid("SK"),
            "TWILIO_API_KEY_SECRET" => twilio_fake::sid(""),
            "TWILIO_TWIML_APP_SID" | "CHAT_SERVICE_SID" => return None,
            "TWILIO_API_BASE_URL" | "TWILIO_PROXY_BASE_URL" => fake.base_url().to_owned(),
            "PUBLIC_BASE_URL" => public.clone(),
            "BIND_ADDRESS" => bound.to_string(),
            "ALLOWED_SMS_SENDERS" => return lookup(name).or_else(|| Some(senders.clone())),
            "APP_USERS" => return users.clone().or_else(|| lookup(name)),
            "SESSION_SECRET" => {
                return lookup(name).or_else(|| Some(twilio_fake::sid("") + &twilio_fake::sid("")));
            }
            other => return lookup(other),
        };
        Some(value)
    };
    let config = Config::from_lookup(overlay)?;
    ACTIVE.store(true, Ordering::Relaxed);
    tracing::warn!(
        fake = %fake.base_url(),
        console = %public,
        "LOCAL MODE: no Twilio account configured; Proxy, SMS and recordings come from the embedded Twilio fake"
    );
    if let Some(password) = password {
        let shown = Secret::new(password);
        tracing::warn!(user = "admin", password = %shown.expose(), "LOCAL MODE: log in with this demo user (password shown once)");
    }
    Ok((listener, config, Arc::new(fake)))
}
