//! Local mode: with no `TWILIO_ACCOUNT_SID`, the app runs against the embedded
//! `twilio-fake` (calls, status callbacks, queue statistics, Flex token checks) and
//! serves `/local`, a page that speaks both plugins' protocols with a token the fake
//! accepts. Webhooks from the fake are signed and checked like Twilio's.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::web::{self, ServiceConfig};
use actix_web::{HttpResponse, http::header};
use serde_json::json;
use twilio_app_env::Secret;
use twilio_fake::Fake;

use crate::{Config, Error};

/// The demo agent the page's tokens are for.
pub const DEMO_IDENTITY: &str = "agent@example.com";

/// The running fake and what the local page needs.
#[derive(Debug, Clone)]
pub struct Local {
    fake: Arc<Fake>,
}

/// True when no Twilio account is configured (`TWILIO_ACCOUNT_SID` unset or blank).
pub use twilio_fake::local_mode_wanted as wanted;

/// Binds the listener, starts the fake and builds the configuration that points
/// the app at it: `PUBLIC_BASE_URL` is the bound address, the webhook token
/// `LOCAL_AUTH_TOKEN` (else random, logged once). Other settings still come from
/// the environment.
///
/// # Errors
/// [`Error::Config`] for a bad setting, or when the port or the fake cannot start.
pub fn start(
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(TcpListener, Config, Local), Error> {
    let io = |var: &'static str| {
        move |e: std::io::Error| Error::Config {
            var,
            reason: e.to_string(),
        }
    };
    // Old names resolved and every setting checked before anything starts; the
    // Twilio ones are not needed here.
    let env = crate::config::SPEC.read(lookup).checked()?;
    let lookup = &env.lookup();
    let bind = twilio_app_env::bind_address(&twilio_app_env::Vars::new(lookup), 3000)?;
    let listener = TcpListener::bind(bind).map_err(io("PORT"))?;
    let bound = listener.local_addr().map_err(io("PORT"))?;
    let token = match lookup("LOCAL_AUTH_TOKEN").filter(|t| !t.is_empty()) {
        Some(token) => token,
        None => {
            let token = uuid_token();
            tracing::warn!(token = %token, "LOCAL MODE: webhooks are signed with this LOCAL_AUTH_TOKEN (shown once)");
            token
        }
    };
    let fake = Fake::start(Secret::new(token.clone())).map_err(|e| Error::Config {
        var: "TWILIO_ACCOUNT_SID",
        reason: format!("local mode: {e}"),
    })?;
    let public =
        lookup("PUBLIC_BASE_URL").unwrap_or_else(|| format!("http://127.0.0.1:{}", bound.port()));
    let caller_ids = fake.phone_numbers().join(",");
    let overlay = |name: &str| -> Option<String> {
        let value = match name {
            "TWILIO_ACCOUNT_SID" => fake.account_sid().to_owned(),
            "TWILIO_AUTH_TOKEN" => token.clone(),
            "TWILIO_API_KEY_SID" | "TWILIO_API_KEY_SECRET" => return None,
            "TWILIO_OUTBOUND_WORKFLOW_SID" => fake.workflow_sid(),
            "TWILIO_FLEX_WORKSPACE_SID" => fake.workspace_sid(),
            "TWILIO_API_BASE_URL" | "TWILIO_TASKROUTER_BASE_URL" | "TWILIO_IAM_BASE_URL" => {
                fake.base_url().to_owned()
            }
            "PUBLIC_BASE_URL" => public.clone(),
            "EXTERNAL_HOST" => return None,
            "PORT" => bound.port().to_string(),
            "BIND_ADDRESS" => bound.ip().to_string(),
            "FLEX_CALLER_IDS" => return lookup(name).or_else(|| Some(caller_ids.clone())),
            other => return lookup(other),
        };
        Some(value)
    };
    let config = Config::from_lookup(overlay)?;
    tracing::warn!(
        fake = %fake.base_url(),
        page = %format!("{public}/local"),
        "LOCAL MODE: no Twilio account configured; calls, callbacks, queue statistics and Flex tokens come from the embedded Twilio fake"
    );
    Ok((
        listener,
        config,
        Local {
            fake: Arc::new(fake),
        },
    ))
}

fn uuid_token() -> String {
    twilio_fake::sid("")
}

/// `GET /local` (the page) and `GET /local/token` (a Flex token for the demo
/// agent, minted by the fake). Register before [`crate::configure`].
pub fn routes(local: Local) -> impl FnOnce(&mut ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(local))
            .route("/local", web::get().to(page))
            .route("/local/token", web::get().to(token));
    }
}

async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:",
        ))
        .body(PAGE)
}

async fn token(local: web::Data<Local>, state: web::Data<crate::AppState>) -> HttpResponse {
    let token = local.fake.issue_flex_token(DEMO_IDENTITY);
    let user = crate::FlexUser {
        identity: DEMO_IDENTITY.to_owned(),
        worker_sid: None,
        expires_at: None,
    };
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({
            "token": token,
            "identity": DEMO_IDENTITY,
            "workerContactUri": user.contact_uri(),
            "from": state.config().caller_ids.first().map(|n| n.as_str()),
        }))
}

/// The local page: dialpad and live queue chart, no external resource.
const PAGE: &str = include_str!("local.html");
