//! `browser-phone`: serves the browser phone. Configuration comes from the
//! environment and an optional `.env` (see docs/browser-phone.md); a missing or
//! malformed setting stops it before it listens.
//!
//! `browser-phone hash-password` reads a password on stdin and prints the Argon2id
//! hash for a `user:hash` line of the users file.

use actix_web::{App, HttpServer};
use browser_phone::{AppState, Config, configure};

fn main() -> std::io::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("hash-password") {
        return twilio_app_env::hash_password_command("browser-phone");
    }
    twilio_app_env::init_tracing();
    let state = match Config::from_env().and_then(AppState::new) {
        Ok(state) => state,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    actix_web::rt::System::new().block_on(serve(state))
}

async fn serve(state: AppState) -> std::io::Result<()> {
    let bind = state.config().bind;
    tracing::info!(%bind, public = %state.config().public_base_url, "browser-phone listening");
    let server = HttpServer::new(move || {
        App::new()
            .wrap(twilio_app_env::http::access_log())
            .configure(configure(state.clone()))
    })
    .bind(bind)?;
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
