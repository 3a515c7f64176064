//! `browser-phone`: serves the browser phone. Configuration comes from the
//! environment and an optional `.env` (see docs/browser-phone.md); a missing or
//! malformed setting stops it before it listens.

use actix_web::{App, HttpServer, middleware};
use browser_phone::{AppState, Config, configure};
use tracing_subscriber::EnvFilter;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let state = match Config::from_env().and_then(AppState::new) {
        Ok(state) => state,
        Err(error) => {
            tracing::error!(%error, "cannot start");
            std::process::exit(2);
        }
    };
    let bind = state.config().bind;
    tracing::info!(%bind, public = %state.config().public_base_url, "browser-phone listening");
    HttpServer::new(move || {
        App::new()
            .wrap(middleware::Logger::new("%r %s %Dms"))
            .configure(configure(state.clone()))
    })
    .bind(bind)?
    .run()
    .await
}
