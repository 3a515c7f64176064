//! `flex-backend`: serves the Flex plugins' websockets and the outbound call's
//! webhooks. Configuration comes from the environment and an optional `.env` (see
//! docs/flex-backend.md); a missing or malformed setting stops it before it listens.
//! With no `TWILIO_ACCOUNT_SID` it starts in local mode on the embedded Twilio fake.

use std::net::TcpListener;

use actix_web::{App, HttpServer};
use flex_backend::local::{self, Local};
use flex_backend::{AppState, Config, configure};

fn main() -> std::io::Result<()> {
    // `--help` lists every setting (flex_backend::SPEC); there are no subcommands.
    flex_backend::SPEC.start(env!("CARGO_PKG_VERSION"));
    twilio_app_env::init_tracing();
    if let Err(error) = twilio_app_env::load_dotenv() {
        tracing::error!(%error, "cannot start");
        std::process::exit(2);
    }
    let lookup = |name: &str| std::env::var(name).ok();
    if local::wanted(&lookup) {
        let (listener, config, local) = match local::start(&lookup) {
            Ok(started) => started,
            Err(error) => {
                tracing::error!(%error, "cannot start");
                std::process::exit(2);
            }
        };
        return actix_web::rt::System::new().block_on(serve(config, Some(listener), Some(local)));
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    actix_web::rt::System::new().block_on(serve(config, None, None))
}

async fn serve(
    config: Config,
    listener: Option<TcpListener>,
    local: Option<Local>,
) -> std::io::Result<()> {
    let state = match AppState::new(config) {
        Ok(state) => state,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    let bind = state.config().bind;
    tracing::info!(%bind, public = %state.config().public_base_url, "flex-backend listening");
    let app_state = state.clone();
    let server = HttpServer::new(move || {
        let mut app = App::new()
            // Method, path and status only: no query, no headers (tokens travel there).
            .wrap(twilio_app_env::http::access_log());
        if let Some(local) = &local {
            app = app.configure(local::routes(local.clone()));
        }
        app.configure(configure(app_state.clone()))
    });
    let server = match listener {
        Some(listener) => server.listen(listener)?,
        None => server.bind(bind)?,
    };
    announce(&server.addrs());
    let served = server.run().await;
    // Hand the statistics lease over now rather than when it expires.
    state.shutdown().await;
    served
}

/// Prints `listening on http://ADDR` for every bound socket, whatever the log level:
/// with port 0 this is where the chosen port shows, and what the test harness reads.
#[allow(clippy::print_stdout)]
fn announce(addrs: &[std::net::SocketAddr]) {
    for addr in addrs {
        println!("listening on http://{addr}");
    }
}
