//! `presence-phone`: serve the app, or make a password hash for the users file.

use std::io::Read;

use actix_web::{App, HttpServer};
use presence_phone::{build, config::RawConfig, configure};
use twilio_app_env::spec::Command;

fn main() -> std::process::ExitCode {
    // `--help` lists every setting (presence_phone::config::SPEC).
    let command = presence_phone::config::SPEC.start(env!("CARGO_PKG_VERSION"));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match command {
        Command::Other(args) => match args.get(1) {
            Some(username) if args.len() == 2 => hash_password(username),
            _ => Err("usage: presence-phone hash-password USER (password on stdin)".into()),
        },
        _ => RawConfig::from_env().map_err(Into::into).and_then(serve),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn hash_password(username: &str) -> Result<(), Box<dyn std::error::Error>> {
    let name = twilio_app_auth::Username::new(username)?;
    let mut password = String::new();
    std::io::stdin().read_to_string(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err("empty password on stdin".into());
    }
    let hash = twilio_app_auth::hash_password(password)?;
    // The one line of output this command exists for.
    #[allow(clippy::print_stdout)]
    {
        println!("{name}:{hash}");
    }
    Ok(())
}

#[actix_web::main]
async fn serve(raw: RawConfig) -> Result<(), Box<dyn std::error::Error>> {
    let config = raw.check()?;
    let addr = config.listen_addr;
    if config.twilio.is_none() {
        tracing::warn!(
            "LOCAL MODE: no TWILIO_ACCOUNT_SID; no Sync mirror, tokens are placeholders, \
             presence reaches the page over /api/presence/events"
        );
        if let Some(password) = &config.demo_password {
            // Printed once: a local demo has no other way to log in.
            tracing::warn!(
                users = "alice, bob",
                password = %password.expose(),
                "no APP_USERS: generated demo users for local mode"
            );
        }
        if config.generated_local_token {
            // Printed once so `twilio-trigger` can sign webhooks for this run.
            tracing::warn!(
                local_auth_token = %config.webhook_auth_token.expose(),
                "generated LOCAL_AUTH_TOKEN for webhook signatures (set it to keep one)"
            );
        }
    }
    let public = config.public_base_url.clone();
    let state = build(config).await?;
    tracing::info!(%addr, public_base_url = %public, mode = state.app.mode(), "listening");
    let server = HttpServer::new(move || {
        App::new()
            .wrap(twilio_app_env::http::access_log())
            .configure(|c| configure(c, &state))
    })
    .bind(addr)?;
    announce(&server.addrs());
    server.run().await?;
    Ok(())
}

/// Prints `listening on http://ADDR` for every bound socket, whatever the log level:
/// with port 0 this is where the chosen port shows, and what the test harness reads.
#[allow(clippy::print_stdout)]
fn announce(addrs: &[std::net::SocketAddr]) {
    for addr in addrs {
        println!("listening on http://{addr}");
    }
}
