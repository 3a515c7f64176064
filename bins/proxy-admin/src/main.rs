//! `proxy-admin`: serves the Proxy admin console. Configuration comes from the
//! environment and an optional `.env` (see docs/proxy-admin.md); a missing or
//! malformed setting stops it before it listens.
//!
//! `proxy-admin hash-password` reads a password on stdin and prints the Argon2id
//! hash for a `user:hash` line of the users file.

use std::io::BufRead as _;

use actix_web::{App, HttpServer, middleware};
use proxy_admin::{AppState, Config, configure};
use tracing_subscriber::EnvFilter;

fn main() -> std::io::Result<()> {
    if std::env::args().nth(1).as_deref() == Some("hash-password") {
        return hash_password();
    }
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
    actix_web::rt::System::new().block_on(serve(state))
}

async fn serve(state: AppState) -> std::io::Result<()> {
    let bind = state.config().bind;
    tracing::info!(%bind, public = %state.config().public_base_url, "proxy-admin listening");
    HttpServer::new(move || {
        App::new()
            // The path only: query strings carry SIDs, never secrets, but keep logs short.
            .wrap(middleware::Logger::new("%m %U %s %Dms"))
            .configure(configure(state.clone()))
    })
    .bind(bind)?
    .run()
    .await
}

#[allow(clippy::print_stdout)] // printing the hash is the point
fn hash_password() -> std::io::Result<()> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        eprintln!("usage: echo 'password' | proxy-admin hash-password");
        std::process::exit(2);
    }
    match twilio_app_auth::hash_password(password) {
        Ok(hash) => {
            println!("{hash}");
            Ok(())
        }
        Err(error) => Err(std::io::Error::other(error.to_string())),
    }
}
