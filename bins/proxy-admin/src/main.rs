//! `proxy-admin`: serves the Proxy admin console. Configuration comes from the
//! environment and an optional `.env` (see docs/proxy-admin.md); a missing or
//! malformed setting stops it before it listens.
//!
//! `proxy-admin hash-password` reads a password on stdin and prints the Argon2id
//! hash for a `user:hash` line of the users file.

use std::net::TcpListener;

use actix_web::{App, HttpServer};
use proxy_admin::{AppState, Config, configure, local};
use twilio_app_env::spec::Command;

fn main() -> std::io::Result<()> {
    // `--help` lists every setting (proxy_admin::SPEC).
    if let Command::Other(_) = proxy_admin::SPEC.start(env!("CARGO_PKG_VERSION")) {
        return twilio_app_env::hash_password_command("proxy-admin");
    }
    twilio_app_env::init_tracing();
    if let Err(error) = twilio_app_env::load_dotenv() {
        tracing::error!(%error, "cannot start");
        std::process::exit(2);
    }
    let lookup = |name: &str| std::env::var(name).ok();
    // No Twilio account: local mode on the embedded fake (kept alive until exit).
    let (listener, config, _fake) = if local::wanted(&lookup) {
        match local::start(&lookup) {
            Ok((listener, config, fake)) => (Some(listener), Ok(config), Some(fake)),
            Err(error) => (None, Err(error), None),
        }
    } else {
        (None, Config::from_env(), None)
    };
    let state = match config.and_then(AppState::new) {
        Ok(state) => state,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    actix_web::rt::System::new().block_on(serve(state, listener))
}

async fn serve(state: AppState, listener: Option<TcpListener>) -> std::io::Result<()> {
    let bind = state.config().bind;
    tracing::info!(%bind, public = %state.config().public_base_url, "proxy-admin listening");
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
