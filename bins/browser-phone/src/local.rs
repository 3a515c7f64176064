//! Local mode: with no `TWILIO_ACCOUNT_SID`, the browser phone runs against the
//! embedded `twilio-fake`. Logging in, sending text and voice messages and listing
//! them work; what is sent stays in the fake (nothing reaches a phone). The page shows
//! a `LOCAL MODE` banner and does not start the Voice SDK (browser calls need Twilio).
//! With no `APP_USERS`/`APP_USERS_FILE`, demo users `alice` and `bob` share one
//! generated password, which `main` logs once.

use std::net::TcpListener;
use std::sync::Arc;

use twilio_app_env::Secret;
use twilio_fake::Fake;

use crate::{Config, Error};

/// The demo users made when no users are configured.
pub const DEMO_USERS: [&str; 2] = ["alice", "bob"];

/// Destinations allowed in local mode unless `ALLOWED_DESTINATION_PREFIXES` says
/// otherwise (the fake's numbers are North American).
pub const DEFAULT_LOCAL_PREFIXES: &str = "+1";

/// The running fake, and the demo password when demo users were made.
#[derive(Debug, Clone)]
pub struct Local {
    fake: Arc<Fake>,
    demo_password: Option<Secret>,
}

impl Local {
    /// The embedded Twilio fake the app talks to.
    pub fn fake(&self) -> &Fake {
        &self.fake
    }

    /// The password of [`DEMO_USERS`] when no users were configured (log it once).
    pub fn demo_password(&self) -> Option<&Secret> {
        self.demo_password.as_ref()
    }
}

/// True when no Twilio account is configured (`TWILIO_ACCOUNT_SID` unset or blank).
pub use twilio_fake::local_mode_wanted as wanted;

fn config_error(var: &'static str, reason: impl ToString) -> Error {
    Error::Config {
        var,
        reason: reason.to_string(),
    }
}

/// Binds the listener (`BIND_ADDRESS` and `PORT`, default `127.0.0.1:1337`; port 0
/// picks one), starts
/// the fake and builds the configuration that points the app at it. Every Twilio
/// setting comes from the fake; the others (`ALLOWED_DESTINATION_PREFIXES` default
/// `+1`, users, `SESSION_SECRET` default random, rate limits, ...) still come from
/// `lookup`.
///
/// # Errors
/// [`Error::Config`] for a bad setting, or when the port or the fake cannot start.
pub fn start(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(TcpListener, Config, Local), Error> {
    // Old names resolved and every setting checked before anything starts; the
    // Twilio ones are not needed here.
    let env = crate::config::SPEC.read(lookup).checked()?;
    let lookup = &env.lookup();
    let bind = twilio_app_env::bind_address(&twilio_app_env::Vars::new(lookup), 1337)?;
    let listener = TcpListener::bind(bind).map_err(|e| config_error("BIND_ADDRESS", e))?;
    let bound = listener
        .local_addr()
        .map_err(|e| config_error("BIND_ADDRESS", e))?;
    let token = twilio_fake::local_auth_token(lookup);
    let fake = Fake::start(token.clone())
        .map_err(|e| config_error("TWILIO_ACCOUNT_SID", format!("local mode: {e}")))?;
    let public = lookup("PUBLIC_BASE_URL")
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| format!("http://127.0.0.1:{}", bound.port()));
    let phone_number = fake
        .phone_numbers()
        .into_iter()
        .next()
        .ok_or_else(|| config_error("TWILIO_PHONE_NUMBER", "the local fake has no number"))?;
    let mut demo_password = None;
    let users = match (lookup("APP_USERS"), lookup("APP_USERS_FILE")) {
        (None, None) => {
            let password: String = twilio_fake::sid("").chars().take(16).collect();
            let hash = twilio_app_auth::hash_password(&password)
                .map_err(|e| config_error("APP_USERS", e))?;
            demo_password = Some(Secret::new(password));
            Some(
                DEMO_USERS
                    .iter()
                    .map(|user| format!("{user}:{hash}"))
                    .collect::<Vec<_>>()
                    .join(";"),
            )
        }
        _ => None,
    };
    let session_secret = twilio_fake::sid("") + &twilio_fake::sid("");
    let overlay = |name: &str| -> Option<String> {
        let value = match name {
            "TWILIO_ACCOUNT_SID" => fake.account_sid().to_owned(),
            "TWILIO_AUTH_TOKEN" => token.expose().to_owned(),
            // The tokens only reach the page, never Twilio: any key signs them.
            "TWILIO_API_KEY_SID" => twilio_fake::sid("SK"),
            "TWILIO_API_KEY_SECRET" => twilio_fake::sid(""),
            "TWILIO_TWIML_APP_SID" => twilio_fake::sid("AP"),
            "TWILIO_PHONE_NUMBER" => phone_number.clone(),
            "TWILIO_API_BASE_URL" => fake.base_url().to_owned(),
            "PUBLIC_BASE_URL" => public.clone(),
            "BIND_ADDRESS" => bound.to_string(),
            "ALLOWED_DESTINATION_PREFIXES" => {
                return lookup(name).or_else(|| Some(DEFAULT_LOCAL_PREFIXES.to_owned()));
            }
            "APP_USERS" => return users.clone().or_else(|| lookup(name)),
            "SESSION_SECRET" => return lookup(name).or_else(|| Some(session_secret.clone())),
            other => return lookup(other),
        };
        Some(value)
    };
    let config = Config::from_lookup(overlay)?;
    Ok((
        listener,
        config,
        Local {
            fake: Arc::new(fake),
            demo_password,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_on_the_fake_with_demo_users() {
        let lookup = |name: &str| (name == "PORT").then(|| "0".to_owned());
        let (listener, config, local) = start(&lookup).unwrap();
        let bound = listener.local_addr().unwrap();
        assert_ne!(bound.port(), 0);
        assert_eq!(config.bind, bound);
        assert_eq!(
            config.api_base_url.as_deref(),
            Some(local.fake().base_url())
        );
        assert_eq!(config.account_sid.as_str(), local.fake().account_sid());
        assert_eq!(
            config.public_base_url,
            format!("http://127.0.0.1:{}", bound.port())
        );
        assert_eq!(config.destinations.prefixes(), ["+1"]);
        let password = local.demo_password().unwrap().expose().to_owned();
        assert_eq!(password.len(), 16);
        for user in DEMO_USERS {
            let name = twilio_app_auth::Username::new(user).unwrap();
            assert!(config.users.contains(&name), "{user}");
        }
        assert!(!format!("{config:?}{local:?}").contains(&password));
    }

    #[test]
    fn configured_users_win_and_no_password_is_made() {
        let users = "carol:$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$yQ5mB6a0c+1vYkU3m0wzJ0Q5rYz9JrC7HnVnJ0b8m4Q";
        let lookup = |name: &str| match name {
            "BIND" => Some("127.0.0.1:0".to_owned()), // the old name still works
            "APP_USERS" => Some(users.to_owned()),
            "ALLOWED_DESTINATION_PREFIXES" => Some("+1,+44".to_owned()),
            _ => None,
        };
        let (_listener, config, local) = start(&lookup).unwrap();
        assert!(local.demo_password().is_none());
        assert!(
            config
                .users
                .contains(&twilio_app_auth::Username::new("carol").unwrap())
        );
        assert_eq!(config.destinations.prefixes(), ["+1", "+44"]);
    }

    #[test]
    fn a_bad_bind_is_named() {
        let lookup = |name: &str| match name {
            "BIND_ADDRESS" => Some("nowhere".to_owned()),
            "PORT" => Some("http".to_owned()),
            _ => None,
        };
        let error = start(&lookup).unwrap_err().to_string();
        assert!(error.contains("2 settings are wrong"), "{error}");
        assert!(
            error.contains("BIND_ADDRESS: must be an IP address"),
            "{error}"
        );
        assert!(error.contains("PORT: must be a port number"), "{error}");
    }
}
