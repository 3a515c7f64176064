//! `twilio-trigger`: sends a signed Twilio webhook to a local app, like `stripe trigger`.
//!
//! ```text
//! twilio-trigger sync-endpoint-connected --url http://127.0.0.1:8080/api/sync-callback \
//!     --public-url https://phone.example.com --param Identity=bob
//! ```
//!
//! It fills the event's realistic default parameters (every SID it generates is fresh
//! per run; `--sid` reuses one), applies `--param` overrides, signs the request
//! exactly as Twilio does (`twilio-webhook`'s `Signer`) for the public URL the app
//! validates against, sends it over plain HTTP/1.1 and prints the response status and
//! body. `twilio-trigger list` shows the presets per app with their default path.
//! See docs/twilio-trigger.md.

mod http;
mod presets;

use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Parser;
use twilio_webhook::{
    Algorithm, IDEMPOTENCY_TOKEN_HEADER, SIGNATURE_HEADER, SignatureSettings, Signer,
};

use crate::presets::{APPS, DEFAULT_ACCOUNT, Event};

/// Everything that can stop the tool.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    #[error("`{0}` is not an http:// URL")]
    BadUrl(String),
    #[error(
        "https:// targets are not supported: point --url at the app's local http:// address and pass the public https URL as --public-url"
    )]
    Https,
    #[error("--param `{0}` is not NAME=VALUE")]
    BadParam(String),
    #[error("--header `{0}` is not NAME:VALUE")]
    BadHeader(String),
    #[error("no auth token: pass --auth-token or set TWILIO_AUTH_TOKEN")]
    NoToken,
    #[error(
        "--sid `{value}` is not a {name}: expected `{prefix}` followed by 32 hex digits (34 characters)"
    )]
    BadSid {
        value: String,
        name: &'static str,
        prefix: &'static str,
    },
    #[error("the `{0}` preset generates no SID of its own: set parameters with --param")]
    NoSid(String),
    #[error("the `{0}` preset sends no Sync EndpointId: --endpoint-id is for Sync reachability")]
    NoEndpoint(String),
    #[error(
        "--endpoint-id `{0}` is not an endpoint id: 1 to 256 characters, no spaces or control characters"
    )]
    BadEndpoint(String),
    #[error(
        "--account-sid (or TWILIO_ACCOUNT_SID) `{0}` is not an AccountSid: expected `AC` followed by 32 hex digits (34 characters)"
    )]
    BadAccountSid(String),
    #[error("the `{0}` preset has no default path: use --url instead of --app-url")]
    NoDefaultPath(String),
    #[error("`{0}` is not a SID prefix: expected two capital letters such as CA")]
    BadPrefix(String),
    #[error("cannot read {0}: {1}")]
    ReadFile(String, std::io::Error),
    #[error("cannot connect to {0}: {1}")]
    Connect(String, std::io::Error),
    #[error("I/O error: {0}")]
    Io(std::io::Error),
    #[error("the server sent something that is not an HTTP/1.x response")]
    BadResponse,
}

/// HTTP method for the webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Method {
    /// Parameters in a form-encoded body (Twilio's default).
    Post,
    /// Parameters in the query string.
    Get,
}

/// Signing algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Alg {
    /// HMAC-SHA1 with the Auth Token (Twilio's default).
    HmacSha1,
    /// HMAC-SHA256 with a SharedKey; adds X-Twilio-Webhooks-Signature-Settings.
    HmacSha256,
}

/// Send a signed Twilio webhook to a local app.
#[derive(Debug, Parser)]
#[command(
    version,
    about,
    long_about = None,
    subcommand_negates_reqs = true,
    args_conflicts_with_subcommands = true,
    after_help = "`twilio-trigger list` shows the presets per app with their default path."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The webhook to send; its preset fills realistic default parameters.
    #[arg(value_enum, required = true)]
    event: Option<Event>,
    /// Where to send it (`http://` only), e.g. `http://127.0.0.1:8080/api/sync-callback`.
    #[arg(long, required_unless_present = "app_url", conflicts_with = "app_url")]
    url: Option<String>,
    /// The app's local base URL (`http://` only), e.g. `http://127.0.0.1:5000`; the
    /// preset's default path is appended (see `twilio-trigger list`).
    #[arg(long, value_name = "BASE")]
    app_url: Option<String>,
    /// Reuse this SID instead of a fresh one for the preset's own SID (CallSid for
    /// call presets, MessageSid for messages, interactionSid for Proxy, TaskSid for
    /// TaskRouter), e.g. to send `completed` for the call that was `ringing`.
    #[arg(long, value_name = "SID")]
    sid: Option<String>,
    /// Reuse this Sync `EndpointId` instead of a fresh one (reachability presets),
    /// e.g. to disconnect the endpoint that connected.
    #[arg(long, value_name = "ID")]
    endpoint_id: Option<String>,
    /// The AccountSid sent (apps compare it with their own).
    #[arg(
        long,
        env = "TWILIO_ACCOUNT_SID",
        default_value = DEFAULT_ACCOUNT,
        value_name = "AC…"
    )]
    account_sid: String,
    /// The public base URL the app validates against (e.g. `https://abc.ngrok.app`); the
    /// path and query of --url are appended. Default: --url itself.
    #[arg(long)]
    public_url: Option<String>,
    /// Add or override a parameter (repeatable). The first --param for a name
    /// replaces the preset's value; later ones add repeated values.
    #[arg(long = "param", short = 'p', value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// Auth Token (or SharedKey secret with --algorithm hmac-sha256).
    #[arg(long, env = "TWILIO_AUTH_TOKEN", hide_env_values = true)]
    auth_token: Option<twilio_types::Secret>,
    /// POST a form (default) or GET with the parameters in the query.
    #[arg(long, value_enum, default_value_t = Method::Post)]
    method: Method,
    /// Send this JSON body instead of a form (`@file` reads a file); the URL gets
    /// `bodySHA256` and the signature covers the URL alone.
    #[arg(long, value_name = "JSON|@FILE")]
    json: Option<String>,
    /// Signing algorithm.
    #[arg(long, value_enum, default_value_t = Alg::HmacSha1)]
    algorithm: Alg,
    /// SharedKey id for the X-Twilio-Webhooks-Signature-Settings header.
    #[arg(long, default_value = "webhooks_sharedkey_trigger")]
    key_id: String,
    /// I-Twilio-Idempotency-Token value (default: a fresh one per run).
    #[arg(long)]
    idempotency_token: Option<String>,
    /// Extra request header (repeatable), e.g. `X-Forwarded-Proto:https`.
    #[arg(long = "header", short = 'H', value_name = "NAME:VALUE")]
    headers: Vec<String>,
    /// Print the request instead of sending it.
    #[arg(long)]
    dry_run: bool,
    /// Seconds to wait for the app.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
}

/// The other things it does.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
enum Command {
    /// Show the presets per app, with their default path.
    List,
    /// Print a fresh SID with this prefix (e.g. `CA`), to reuse with --sid.
    Sid {
        /// Two capital letters, e.g. `CA`, `SM`, `KI`.
        prefix: String,
    },
}

/// The request to send, fully prepared and signed.
#[derive(Debug)]
struct Prepared {
    method: &'static str,
    target: http::Target,
    signed_url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// The preset's own SID, as sent.
    sid: Option<OwnSid>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("twilio-trigger: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, CliError> {
    let mut out = std::io::stdout().lock();
    match &cli.command {
        Some(Command::List) => {
            print_list(&mut out).map_err(CliError::Io)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Sid { prefix }) => {
            let ok = prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase());
            if !ok {
                return Err(CliError::BadPrefix(prefix.clone()));
            }
            writeln!(out, "{}", presets::fresh_sid(prefix)).map_err(CliError::Io)?;
            return Ok(ExitCode::SUCCESS);
        }
        None => {}
    }
    let prepared = prepare(cli)?;
    if let Some((name, value)) = &prepared.sid {
        let flag = if *name == "EndpointId" {
            "--endpoint-id"
        } else {
            "--sid"
        };
        eprintln!("twilio-trigger: {name}={value} (reuse it with {flag} {value})");
    }
    if cli.dry_run {
        print_request(&mut out, &prepared).map_err(CliError::Io)?;
        return Ok(ExitCode::SUCCESS);
    }
    let response = http::send(
        &prepared.target,
        prepared.method,
        &prepared.headers,
        &prepared.body,
        Duration::from_secs(cli.timeout),
    )?;
    writeln!(out, "HTTP {} {}", response.status, response.reason).map_err(CliError::Io)?;
    out.write_all(&response.body).map_err(CliError::Io)?;
    if !response.body.is_empty() && !response.body.ends_with(b"\n") {
        writeln!(out).map_err(CliError::Io)?;
    }
    Ok(if (200..300).contains(&response.status) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn prepare(cli: &Cli) -> Result<Prepared, CliError> {
    let token = cli
        .auth_token
        .clone()
        .filter(|t| !t.is_empty())
        .ok_or(CliError::NoToken)?;
    // `required = true` makes clap refuse a missing event; this is only a fallback.
    let event = cli.event.unwrap_or(Event::Custom);
    let url = request_url(cli, event)?;
    let mut target = http::Target::parse(&url)?;
    let (preset, sid) = preset_params(cli, event)?;
    let params = merge_params(preset, &cli.params)?;
    let algorithm = match cli.algorithm {
        Alg::HmacSha1 => Algorithm::HmacSha1,
        Alg::HmacSha256 => Algorithm::HmacSha256,
    };
    let signer = Signer::new(token.expose()).with_algorithm(algorithm);

    let mut headers = vec![("User-Agent".to_owned(), "TwilioProxy/1.1".to_owned())];
    let (method, body, signed_url, signature) = if let Some(json) = &cli.json {
        let body = read_json(json)?;
        let signed = signer.sign_json(&public_url(cli, &url, &target), &body);
        target.path_and_query = twilio_webhook::with_body_sha256(&target.path_and_query, &body);
        headers.push(("Content-Type".into(), "application/json".into()));
        ("POST", body, signed.url, signed.signature)
    } else if cli.method == Method::Get {
        let query = encode(&params);
        if !query.is_empty() {
            let sep = if target.path_and_query.contains('?') {
                "&"
            } else {
                "?"
            };
            target.path_and_query = format!("{}{sep}{query}", target.path_and_query);
        }
        let signed_url = public_url(cli, &url, &target);
        let signature = signer.sign(&signed_url, &[] as &[(&str, &str)]);
        ("GET", Vec::new(), signed_url, signature)
    } else {
        let signed_url = public_url(cli, &url, &target);
        let signature = signer.sign(&signed_url, &params);
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
        ("POST", encode(&params).into_bytes(), signed_url, signature)
    };

    headers.push((SIGNATURE_HEADER.into(), signature));
    if algorithm != Algorithm::HmacSha1 {
        let value = format!("key={},algorithm={}", cli.key_id, algorithm.as_str());
        headers.push((SignatureSettings::HEADER.into(), value));
    }
    let idempotency = cli
        .idempotency_token
        .clone()
        .unwrap_or_else(fresh_idempotency_token);
    headers.push((IDEMPOTENCY_TOKEN_HEADER.into(), idempotency));
    for h in &cli.headers {
        let (name, value) = h
            .split_once(':')
            .ok_or_else(|| CliError::BadHeader(h.clone()))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    Ok(Prepared {
        method,
        target,
        signed_url,
        headers,
        body,
        sid,
    })
}

/// A preset's own SID: parameter name and value.
type OwnSid = (&'static str, String);

/// `--url`, or `--app-url` + the preset's default path.
fn request_url(cli: &Cli, event: Event) -> Result<String, CliError> {
    match (&cli.url, &cli.app_url) {
        (Some(url), _) => Ok(url.clone()),
        (None, Some(base)) => {
            let path = event
                .info()
                .path
                .ok_or_else(|| CliError::NoDefaultPath(event.name()))?;
            Ok(format!("{}{path}", base.trim_end_matches('/')))
        }
        // clap requires one of them.
        (None, None) => Err(CliError::BadUrl(String::new())),
    }
}

/// The preset's parameters for the validated `--account-sid` and the preset's own
/// SID (`--sid`, validated, or a fresh one), and that SID as sent.
fn preset_params(cli: &Cli, event: Event) -> Result<(presets::Params, Option<OwnSid>), CliError> {
    let account = cli.account_sid.trim();
    if !presets::is_sid(account, "AC") {
        return Err(CliError::BadAccountSid(cli.account_sid.clone()));
    }
    let info = event.info();
    if let Some(start) = info.endpoint {
        if cli.sid.is_some() {
            return Err(CliError::NoSid(event.name()));
        }
        let endpoint = match &cli.endpoint_id {
            Some(given) => {
                let ok = !given.is_empty()
                    && given.chars().count() <= 256
                    && !given.chars().any(|c| c.is_whitespace() || c.is_control());
                if !ok {
                    return Err(CliError::BadEndpoint(given.clone()));
                }
                given.clone()
            }
            // The SID's 32 hex digits, without a SID prefix.
            None => presets::fresh_sid(start),
        };
        let params = event.params(account, &endpoint);
        return Ok((params, Some(("EndpointId", endpoint))));
    }
    if cli.endpoint_id.is_some() {
        return Err(CliError::NoEndpoint(event.name()));
    }
    let kind = info.sid;
    let sid = match (kind, &cli.sid) {
        (None, Some(_)) => return Err(CliError::NoSid(event.name())),
        (None, None) => None,
        (Some(kind), Some(given)) => {
            let given = given.trim();
            if !presets::is_sid(given, kind.prefix) {
                return Err(CliError::BadSid {
                    value: given.to_owned(),
                    name: kind.name,
                    prefix: kind.prefix,
                });
            }
            Some((kind.name, given.to_owned()))
        }
        (Some(kind), None) => Some((kind.name, presets::fresh_sid(kind.prefix))),
    };
    let own = sid.as_ref().map_or("", |(_, v)| v.as_str());
    Ok((event.params(account, own), sid))
}

/// `list`: the presets grouped by app, with their default path and `--sid` kind.
fn print_list(out: &mut impl Write) -> std::io::Result<()> {
    for app in APPS {
        if app == "generic" {
            writeln!(out, "generic (no default path: use --url)")?;
        } else {
            writeln!(out, "{app}")?;
        }
        for &event in Event::all().iter().filter(|e| e.info().app == app) {
            let info = event.info();
            let summary = event.summary();
            let summary = summary
                .strip_prefix(&format!("{app}: "))
                .unwrap_or(&summary);
            let sid = info
                .sid
                .map_or(String::new(), |k| format!(" (--sid {}…)", k.prefix));
            match info.path {
                Some(path) => writeln!(out, "  {:<27} POST {path}", event.name())?,
                None => writeln!(out, "  {}", event.name())?,
            }
            writeln!(out, "      {summary}{sid}")?;
        }
    }
    Ok(())
}

/// The URL the app sees publicly: `--public-url` (a base) + path and query, or the
/// request URL itself.
fn public_url(cli: &Cli, url: &str, target: &http::Target) -> String {
    match &cli.public_url {
        Some(base) => format!("{}{}", base.trim_end_matches('/'), target.path_and_query),
        None => {
            let origin_end = url.find("://").map_or(0, |i| i + 3);
            let rest = &url[origin_end..];
            let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
            format!("{}{authority}{}", &url[..origin_end], target.path_and_query)
        }
    }
}

/// Preset parameters with `--param` overrides applied.
fn merge_params(
    preset: presets::Params,
    overrides: &[String],
) -> Result<Vec<(String, String)>, CliError> {
    let mut params: Vec<(String, String)> =
        preset.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let mut replaced: Vec<String> = Vec::new();
    for p in overrides {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| CliError::BadParam(p.clone()))?;
        if !replaced.iter().any(|r| r == name) {
            params.retain(|(k, _)| k != name);
            replaced.push(name.to_owned());
        }
        params.push((name.to_owned(), value.to_owned()));
    }
    Ok(params)
}

fn encode(params: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

fn read_json(arg: &str) -> Result<Vec<u8>, CliError> {
    match arg.strip_prefix('@') {
        Some(path) => std::fs::read(path).map_err(|e| CliError::ReadFile(path.to_owned(), e)),
        None => Ok(arg.as_bytes().to_vec()),
    }
}

/// Unique enough for a test delivery: Twilio's tokens are opaque strings too.
fn fresh_idempotency_token() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("trigger-{}-{nanos:x}", std::process::id())
}

fn print_request(out: &mut impl Write, p: &Prepared) -> std::io::Result<()> {
    writeln!(out, "# signed URL: {}", p.signed_url)?;
    writeln!(out, "{} {} HTTP/1.1", p.method, p.target.path_and_query)?;
    writeln!(out, "Host: {}", p.target.authority)?;
    for (name, value) in &p.headers {
        writeln!(out, "{name}: {value}")?;
    }
    writeln!(out)?;
    out.write_all(&p.body)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_auth_token() {
        let cli = Cli::try_parse_from([
            "twilio-trigger",
            "incoming-call",
            "--auth-token",
            "tok-s3cr3t",
            "--url",
            "http://127.0.0.1:1/hook",
        ]);
        let shown = format!("{cli:?}");
        assert!(cli.is_ok(), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }

    #[test]
    fn overrides_replace_then_repeat() {
        let p = merge_params(
            vec![("A", "1".into()), ("B", "2".into())],
            &["B=x".into(), "B=y".into(), "C=".into()],
        )
        .unwrap();
        assert_eq!(
            p,
            vec![
                ("A".into(), "1".into()),
                ("B".into(), "x".into()),
                ("B".into(), "y".into()),
                ("C".into(), "".into())
            ]
        );
        assert!(merge_params(vec![], &["novalue".into()]).is_err());
    }

    #[test]
    fn cli_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
