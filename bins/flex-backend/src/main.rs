//! `flex-backend`: serves the Flex plugins' websockets and the outbound call's
//! webhooks. Configuration comes from the environment and an optional `.env` (see
//! docs/flex-backend.md); a missing or malformed setting stops it before it listens.

use actix_web::{App, HttpServer};
use flex_backend::{AppState, Config, configure};

fn main() -> std::io::Result<()> {
    twilio_app_env::init_tracing();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    actix_web::rt::System::new().block_on(serve(config))
}

async fn serve(config: Config) -> std::io::Result<()> {
    let state = match AppState::new(config) {
        Ok(state) => state,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    let bind = state.config().bind;
    tracing::info!(%bind, public = %state.config().public_base_url, "flex-backend listening");
    let server = HttpServer::new(move || {
        App::new()
            // Method, path and status only: no query, no headers (tokens travel there).
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
