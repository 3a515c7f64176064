//! `browser-phone`: serves the browser phone. Configuration comes from the
//! environment and an optional `.env` (see docs/browser-phone.md); a missing or
//! malformed setting stops it before it listens. With no `TWILIO_ACCOUNT_SID` it
//! starts in local mode on the embedded Twilio fake (see `browser_phone::local`).
//!
//! `browser-phone --help` lists every setting with its default and meaning;
//! `browser-phone hash-password` reads a password on stdin and prints the Argon2id
//! hash for a `user:hash` line of the users file.

use std::net::TcpListener;

use actix_web::{App, HttpServer};
use browser_phone::{AppState, Config, Error, configure, local};
use twilio_app_env::spec::Command;

fn main() -> std::io::Result<()> {
    // `--help` lists every setting (browser_phone::SPEC).
    if let Command::Other(_) = browser_phone::SPEC.start(env!("CARGO_PKG_VERSION")) {
        return twilio_app_env::hash_password_command("browser-phone");
    }
    twilio_app_env::init_tracing();
    let (state, listener) = match start() {
        Ok(started) => started,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    actix_web::rt::System::new().block_on(serve(state, listener))
}

/// The state, and in local mode the listener bound before the fake started.
fn start() -> Result<(AppState, Option<TcpListener>), Error> {
    twilio_app_env::load_dotenv()?;
    let lookup = |name: &str| std::env::var(name).ok();
    if !local::wanted(&lookup) {
        return Ok((AppState::new(Config::from_env()?)?, None));
    }
    let (listener, config, local) = local::start(&lookup)?;
    tracing::warn!(
        fake = %local.fake().base_url(),
        page = %config.public_base_url,
        "LOCAL MODE: no Twilio account configured; messages and voice messages go to the \
         embedded Twilio fake (nothing reaches a phone) and browser calls are off"
    );
    if let Some(password) = local.demo_password() {
        // Printed once: a local demo has no other way to log in.
        tracing::warn!(
            users = %local::DEMO_USERS.join(", "),
            password = %password.expose(),
            "LOCAL MODE: log in as one of these demo users with this password (shown once)"
        );
    }
    Ok((AppState::local(config, local)?, Some(listener)))
}

async fn serve(state: AppState, listener: Option<TcpListener>) -> std::io::Result<()> {
    let bind = state.config().bind;
    tracing::info!(%bind, public = %state.config().public_base_url, "browser-phone listening");
    let server = HttpServer::new(move || {
        App::new()
            .wrap(twilio_app_env::http::access_log())
            .configure(configure(state.clone()))
    });
    let server = match listener {
        Some(listener) => server.listen(listener)?,
        None => server.bind(bind)?,
    };
    announce(&server.addrs());
    server.run().await
}

/// Prints `listening on http://ADDR` for every bound socket, whatever the log level:
/// with port 0 this is where the chosen port shows, and what the test harness reads.
#[allow(clippy::print_stdout)]
fn announce(addrs: &[std::net::SocketAddr]) {
    for addr in addrs {
        println!("listening on http://{addr}");
    }
}
