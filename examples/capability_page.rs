//! The Client Capability page of seed 003, as a small actix-web server.
//!
//! * `GET /client`: a page embedding a fresh **legacy Client Capability Token**
//!   (outgoing calls to `TWILIO_APP_SID`, incoming calls for `TWILIO_CLIENT_NAME` if
//!   set, one hour), with Call and Hangup buttons and the original's log lines
//!   ("Successfully established call", "Call ended").
//! * `GET /client/access-token`: the same page with an **Access Token** carrying a
//!   Voice grant (needs `TWILIO_API_KEY_SID` and `TWILIO_API_KEY_SECRET`).
//! * `GET /token`: `{"token": …}`, a fresh capability token as JSON.
//! * `GET /`: links to the above; `/healthz`, `HEAD` and the shared stylesheet as
//!   in every app (`twilio_app_env::http::app_scope`).
//!
//! The capability page loads no SDK: Voice JS SDK 2.x rejects capability tokens,
//! so it says so and keeps Call off, rather than claiming "Ready".
//!
//! Why the Access Token: capability tokens only work with twilio.js 1.x, which
//! reached end of life in 2025, and Twilio is retiring the format. Voice JS SDK 2.x
//! takes Access Tokens only: signed with an API key (revocable, unlike the Auth
//! Token), with a per-user identity. The capability page is kept for compatibility
//! and for testing the token format.
//!
//! ```sh
//! TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… TWILIO_APP_SID=AP… \
//!   cargo run -p twilio-examples --example capability_page
//! # then open http://127.0.0.1:8080/client
//! ```

use std::path::PathBuf;
use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};
use twilio_token::{
    AccessToken, AccountSid, ApiKeySid, ApplicationSid, ClientCapability, Secret, VoiceGrant,
};

/// How long embedded tokens live (the Apex helper's default).
const TOKEN_TTL: Duration = Duration::from_secs(3600);

/// What the page needs. Secrets stay out of `Debug`.
#[derive(Clone)]
struct PageConfig {
    account_sid: AccountSid,
    auth_token: Secret,
    app_sid: ApplicationSid,
    client_name: Option<String>,
    api_key: Option<(ApiKeySid, Secret)>,
}

impl std::fmt::Debug for PageConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageConfig")
            .field("account_sid", &self.account_sid)
            .field("app_sid", &self.app_sid)
            .field("client_name", &self.client_name)
            .finish_non_exhaustive()
    }
}

/// Why the page cannot be served.
#[derive(Debug, thiserror::Error)]
enum PageError {
    /// Missing settings: the original's message, naming the variable.
    #[error(
        "Please enter your Twilio account credentials: {0} is missing or malformed (set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_APP_SID)"
    )]
    Config(&'static str),
    /// The token could not be built.
    #[error("token: {0}")]
    Token(#[from] twilio_token::Error),
}

impl actix_web::ResponseError for PageError {
    fn status_code(&self) -> actix_web::http::StatusCode {
        match self {
            PageError::Config(_) => actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            PageError::Token(_) => actix_web::http::StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl PageConfig {
    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, PageError> {
        let get = |name: &'static str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let need = |name: &'static str| get(name).ok_or(PageError::Config(name));
        let api_key = match (get("TWILIO_API_KEY_SID"), get("TWILIO_API_KEY_SECRET")) {
            (Some(sid), Some(secret)) => Some((
                ApiKeySid::new(sid).map_err(|_| PageError::Config("TWILIO_API_KEY_SID"))?,
                Secret::new(secret),
            )),
            _ => None,
        };
        Ok(Self {
            account_sid: AccountSid::new(need("TWILIO_ACCOUNT_SID")?)
                .map_err(|_| PageError::Config("TWILIO_ACCOUNT_SID"))?,
            auth_token: Secret::new(need("TWILIO_AUTH_TOKEN")?),
            app_sid: ApplicationSid::new(need("TWILIO_APP_SID")?)
                .map_err(|_| PageError::Config("TWILIO_APP_SID"))?,
            client_name: get("TWILIO_CLIENT_NAME"),
            api_key,
        })
    }

    /// A capability token: outgoing to the app, incoming for the client name if set.
    fn capability_token(&self) -> Result<String, PageError> {
        let mut capability =
            ClientCapability::new(self.account_sid.clone(), self.auth_token.clone())
                .allow_client_outgoing(self.app_sid.clone())
                .ttl(TOKEN_TTL);
        if let Some(name) = &self.client_name {
            capability = capability.allow_client_incoming(name.as_str());
        }
        Ok(capability.to_jwt()?)
    }

    /// An Access Token with a Voice grant for the same app and identity.
    fn access_token(&self) -> Result<String, PageError> {
        let (key_sid, secret) = self
            .api_key
            .as_ref()
            .ok_or(PageError::Config("TWILIO_API_KEY_SID"))?;
        let identity = self.client_name.as_deref().unwrap_or("capability-page");
        let grant = VoiceGrant::new()
            .incoming(self.client_name.is_some())
            .outgoing_application_sid(self.app_sid.clone());
        let token = AccessToken::builder(self.account_sid.clone(), key_sid.clone(), secret.clone())
            .identity(identity)
            .grant(grant)
            .ttl(TOKEN_TTL)
            .build()?;
        Ok(token.to_jwt()?)
    }
}

const LEGACY_NOTE: &str = "This page embeds a legacy Client Capability Token. Only twilio.js 1.x \
accepted it, and that SDK reached end of life in 2025: the Voice JS SDK 2.x loaded here rejects \
it. Use the Access Token page (/client/access-token): Access Tokens are signed with a revocable \
API key and carry a per-user identity.";

const ACCESS_NOTE: &str = "This page embeds an Access Token with a Voice grant, the token the \
Voice JS SDK 2.x takes. It is signed with an API key (revocable without touching the Auth Token) \
and names the user's identity.";

/// The page: the token sits in a `<meta>` tag (JWTs are URL-safe base64 and dots, so
/// no escaping is needed); `/capability.js` reads it from there. The legacy page loads
/// no SDK at all: Voice JS SDK 2.x rejects capability tokens, so the page says so
/// (and why Call is off) instead of claiming "Ready" while the SDK throws.
fn render_page(kind: &str, token: &str, note: &str) -> String {
    let legacy = kind == "capability";
    let sdk = if legacy {
        ""
    } else {
        "\n<script src=\"/vendor/twilio.min.js\" defer></script>"
    };
    let (disabled, why) = if legacy {
        (
            " disabled aria-describedby=\"why\"",
            "<p id=\"why\" class=\"why\">Call is off on this page: the Voice JS SDK 2.x does not accept capability tokens. Use the <a href=\"/client/access-token\">Access Token page</a>.</p>",
        )
    } else {
        ("", "")
    };
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Twilio Client ({kind})</title>
<meta name="twilio-token" content="{token}">
<meta name="twilio-token-kind" content="{kind}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">{sdk}
<script src="/capability.js" defer></script>
</head>
<body>
<header><h1>Twilio Client</h1><a href="/">All pages</a></header>
<main class="card">
<p class="note">{note}</p>
<div class="call-buttons">
<button id="call" type="button" class="accept"{disabled}>Call</button>
<button id="hangup" type="button" class="danger" hidden>Hang up</button>
</div>
{why}
<p id="log" class="result" role="status">Loading…</p>
</main>
</body>
</html>
"#
    )
}

/// The pages' script: never says "Ready" before the SDK has shown it works, and
/// turns SDK errors into words.
const PAGE_JS: &str = r#"'use strict';
const log = (text, isError) => {
  const line = document.getElementById('log');
  line.textContent = text;
  line.classList.toggle('error', Boolean(isError));
};
const explain = (error) => {
  const code = error && error.code;
  if (code >= 31000 && code <= 31009) return 'Twilio cannot be reached; check the network and try again.';
  if (code === 20101 || code === 31204) return 'Twilio refused the token.';
  return (error && error.message) || 'unknown error';
};
const kind = document.querySelector('meta[name="twilio-token-kind"]').content;
const token = document.querySelector('meta[name="twilio-token"]').content;
const hangup = document.getElementById('hangup');
let device = null;
if (kind === 'capability') {
  log('Legacy capability token issued (see above); no phone on this page.');
} else if (!(window.Twilio && window.Twilio.Device)) {
  log('The Voice SDK did not load (run scripts/setup.sh).', true);
} else {
  try {
    device = new Twilio.Device(token, { logLevel: 'silent' });
    device.on('error', (error) => log('Error: ' + explain(error), true));
    log('Access Token loaded. Press Call to connect through Twilio.');
  } catch (error) {
    log('The Voice SDK refused the token: ' + explain(error), true);
  }
}
document.getElementById('call').addEventListener('click', async () => {
  if (!device) return;
  log('Connecting…');
  try {
    const call = await device.connect();
    hangup.hidden = false;
    call.on('accept', () => log('Successfully established call'));
    call.on('disconnect', () => { hangup.hidden = true; log('Call ended'); });
    call.on('error', (error) => { hangup.hidden = true; log('Error: ' + explain(error), true); });
  } catch (error) {
    log('Error: ' + explain(error), true);
  }
});
hangup.addEventListener('click', () => { if (device) device.disconnectAll(); });
"#;

/// `GET /`: what this server offers (not an empty 404).
const INDEX_HTML: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Twilio Client pages</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<header><h1>Twilio Client pages</h1></header>
<main class="card">
<ul>
<li><a href="/client/access-token">Access Token page</a>: Voice JS SDK 2.x with an Access Token (use this one).</li>
<li><a href="/client">Capability token page</a>: the legacy token of seed 003, kept for the token format.</li>
<li><a href="/token">/token</a>: a capability token as JSON.</li>
</ul>
</main>
</body>
</html>
"#;

/// Scripts from this server only (no inline code); the SDK talks to Twilio.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self' https: wss:; media-src 'self' https: blob:; \
                   base-uri 'none'; frame-ancestors 'none'";

async fn index() -> HttpResponse {
    html(INDEX_HTML.to_owned())
}

async fn page_js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "no-cache"))
        .body(PAGE_JS)
}

async fn capability_page(config: web::Data<PageConfig>) -> Result<HttpResponse, PageError> {
    let token = config.capability_token()?;
    Ok(html(render_page("capability", &token, LEGACY_NOTE)))
}

async fn token_json(config: web::Data<PageConfig>) -> Result<HttpResponse, PageError> {
    let token = config.capability_token()?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "token": token })))
}

async fn access_token_page(config: web::Data<PageConfig>) -> Result<HttpResponse, PageError> {
    let token = config.access_token()?;
    Ok(html(render_page("access", &token, ACCESS_NOTE)))
}

/// The Voice JS SDK from `bins/browser-phone/web` (installed by `scripts/setup.sh`).
async fn voice_sdk() -> HttpResponse {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../bins/browser-phone/web/node_modules/@twilio/voice-sdk/dist/twilio.min.js");
    match std::fs::read(path) {
        Ok(js) => HttpResponse::Ok()
            .content_type("text/javascript; charset=utf-8")
            .body(js),
        Err(_) => HttpResponse::NotFound().body("run scripts/setup.sh to install the Voice SDK"),
    }
}

fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Content-Security-Policy", CSP))
        .body(body)
}

/// The routes, for `main` and the test, inside the apps' shared scope (`HEAD`,
/// `/healthz`, the shared stylesheet and icon).
fn configure(config: PageConfig) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::new(config)).service(
            twilio_app_env::http::app_scope()
                .route("/", web::get().to(index))
                .route("/client", web::get().to(capability_page))
                .route("/client/access-token", web::get().to(access_token_page))
                .route("/capability.js", web::get().to(page_js))
                .route("/token", web::get().to(token_json))
                .route("/vendor/twilio.min.js", web::get().to(voice_sdk)),
        );
    }
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = PageConfig::from_lookup(|name| std::env::var(name).ok())?;
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    eprintln!("capability page on http://{bind}/client and http://{bind}/client/access-token");
    HttpServer::new(move || {
        App::new()
            .wrap(twilio_app_env::http::access_log())
            .configure(configure(config.clone()))
    })
    .bind(bind)?
    .run()
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::time::{SystemTime, UNIX_EPOCH};

    use actix_web::App;
    use actix_web::test as at;
    use twilio_token::Verifier;

    use super::*;

    const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
    const APP: &str = "AP0123456789abcdef0123456789abcdef";
    const KEY: &str = "SK0123456789abcdef0123456789abcdef";

    fn config(client_name: Option<&str>) -> PageConfig {
        let mut vars = HashMap::from([
            ("TWILIO_ACCOUNT_SID", ACCOUNT.to_owned()),
            ("TWILIO_AUTH_TOKEN", "auth-token-1234".to_owned()),
            ("TWILIO_APP_SID", APP.to_owned()),
            ("TWILIO_API_KEY_SID", KEY.to_owned()),
            ("TWILIO_API_KEY_SECRET", "api-key-secret".to_owned()),
        ]);
        if let Some(name) = client_name {
            vars.insert("TWILIO_CLIENT_NAME", name.to_owned());
        }
        PageConfig::from_lookup(|k| vars.get(k).cloned()).unwrap()
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let shown = format!("{:?}", config(Some("alice")));
        assert!(!shown.contains("auth-token-1234"), "{shown}");
        assert!(!shown.contains("api-key-secret"), "{shown}");
    }

    async fn page(config: PageConfig, path: &str) -> String {
        let app = at::init_service(App::new().configure(configure(config))).await;
        let res = at::call_service(&app, at::TestRequest::get().uri(path).to_request()).await;
        assert!(res.status().is_success(), "{path}: {}", res.status());
        let ct = res
            .headers()
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        assert!(ct.starts_with("text/html"), "{ct}");
        String::from_utf8(at::read_body(res).await.to_vec()).unwrap()
    }

    /// The `content` of `<meta name="twilio-token">`.
    fn embedded_token(html: &str) -> String {
        let marker = r#"<meta name="twilio-token" content=""#;
        let start = html.find(marker).expect("token meta tag") + marker.len();
        let end = html[start..].find('"').unwrap() + start;
        html[start..end].to_owned()
    }

    fn now() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    #[actix_web::test]
    async fn capability_page_embeds_outgoing_and_incoming_scopes() {
        let html = page(config(Some("jenny")), "/client").await;
        for text in ["id=\"call\"", "id=\"hangup\"", "end of life", "Call is off"] {
            assert!(html.contains(text), "missing {text}");
        }
        assert!(
            !html.contains("/vendor/twilio.min.js"),
            "no SDK for a legacy token"
        );
        let token = embedded_token(&html);
        let claims = Verifier::new("auth-token-1234")
            .verify_capability_token(&token)
            .unwrap()
            .claims;
        assert_eq!(claims.iss.as_str(), ACCOUNT);
        let scopes: Vec<_> = claims.scopes().collect();
        assert_eq!(
            scopes,
            [
                format!("scope:client:outgoing?appSid={APP}&clientName=jenny"),
                "scope:client:incoming?clientName=jenny".to_owned(),
            ]
        );
        let ttl = claims.exp.saturating_sub(now());
        assert!((3590..=3600).contains(&ttl), "ttl {ttl}");
        // Signed with the Auth Token, not anything else.
        assert!(
            Verifier::new("other")
                .verify_capability_token(&token)
                .is_err()
        );
    }

    #[actix_web::test]
    async fn capability_page_without_client_name_is_outgoing_only() {
        let token = embedded_token(&page(config(None), "/client").await);
        let claims = Verifier::new("auth-token-1234")
            .verify_capability_token(&token)
            .unwrap()
            .claims;
        let scopes: Vec<_> = claims.scopes().collect();
        assert_eq!(scopes, [format!("scope:client:outgoing?appSid={APP}")]);
    }

    #[actix_web::test]
    async fn access_token_page_embeds_a_fresh_voice_grant() {
        let cfg = config(Some("jenny"));
        let a = embedded_token(&page(cfg, "/client/access-token").await);
        let claims = Verifier::new("api-key-secret")
            .verify_access_token(&a)
            .unwrap()
            .claims;
        assert_eq!(claims.iss.as_str(), KEY);
        assert_eq!(claims.sub.as_str(), ACCOUNT);
        assert_eq!(claims.grants.identity.as_deref(), Some("jenny"));
        let voice = claims.grants.voice().unwrap();
        assert!(voice.incoming);
        assert_eq!(
            voice.outgoing_application_sid.as_ref().unwrap().as_str(),
            APP
        );
        assert_eq!(claims.exp - claims.iat.unwrap(), 3600);
        // Minted for this request, not cached at startup.
        assert!(claims.iat.unwrap().abs_diff(now()) <= 5);
    }

    #[actix_web::test]
    async fn access_token_page_explains_itself_and_is_not_a_capability_token() {
        let html = page(config(Some("jenny")), "/client/access-token").await;
        assert!(html.contains("Access Token with a Voice grant"));
        let token = embedded_token(&html);
        // Not signed with the Auth Token: it cannot pass as a capability token.
        assert!(
            Verifier::new("auth-token-1234")
                .verify_capability_token(&token)
                .is_err()
        );
    }

    #[actix_web::test]
    async fn access_token_page_without_api_key_is_503() {
        let vars = HashMap::from([
            ("TWILIO_ACCOUNT_SID", ACCOUNT.to_owned()),
            ("TWILIO_AUTH_TOKEN", "t".to_owned()),
            ("TWILIO_APP_SID", APP.to_owned()),
        ]);
        let cfg = PageConfig::from_lookup(|k| vars.get(k).cloned()).unwrap();
        let app = at::init_service(App::new().configure(configure(cfg))).await;
        let res = at::call_service(
            &app,
            at::TestRequest::get()
                .uri("/client/access-token")
                .to_request(),
        )
        .await;
        assert_eq!(res.status().as_u16(), 503);
    }

    #[actix_web::test]
    async fn token_route_returns_a_capability_token_as_json() {
        let app = at::init_service(App::new().configure(configure(config(None)))).await;
        let req = at::TestRequest::get().uri("/token").to_request();
        let body: serde_json::Value = at::call_and_read_body_json(&app, req).await;
        let claims = Verifier::new("auth-token-1234")
            .verify_capability_token(body["token"].as_str().unwrap())
            .unwrap()
            .claims;
        assert_eq!(claims.scope, format!("scope:client:outgoing?appSid={APP}"));
    }

    #[test]
    fn missing_settings_fail_with_the_original_message() {
        let err = PageConfig::from_lookup(|_| None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Please enter your Twilio account credentials")
        );
        assert!(err.to_string().contains("TWILIO_ACCOUNT_SID"));
        let bad = PageConfig::from_lookup(|k| match k {
            "TWILIO_ACCOUNT_SID" => Some(ACCOUNT.to_owned()),
            "TWILIO_AUTH_TOKEN" => Some("t".to_owned()),
            "TWILIO_APP_SID" => Some("not-a-sid".to_owned()),
            _ => None,
        })
        .unwrap_err();
        assert!(bad.to_string().contains("TWILIO_APP_SID"));
    }

    #[actix_web::test]
    async fn root_lists_the_pages_and_pages_forbid_inline_scripts() {
        let html = page(config(None), "/").await;
        assert!(html.contains("href=\"/client/access-token\""), "{html}");
        let app = at::init_service(App::new().configure(configure(config(None)))).await;
        for path in [
            "/",
            "/client",
            "/healthz",
            "/assets/app.css",
            "/favicon.ico",
        ] {
            let req = at::TestRequest::default()
                .method(actix_web::http::Method::HEAD)
                .uri(path);
            let res = at::call_service(&app, req.to_request()).await;
            assert_eq!(res.status().as_u16(), 200, "HEAD {path}");
        }
        let res = at::call_service(&app, at::TestRequest::get().uri("/client").to_request()).await;
        let csp = res.headers().get("content-security-policy").unwrap();
        assert!(csp.to_str().unwrap().contains("script-src 'self';"));
        let html = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
        assert!(!html.contains("<script>"), "no inline script");
        assert!(html.contains("name=\"viewport\""));
        let req = at::TestRequest::get().uri("/capability.js").to_request();
        let js = String::from_utf8(at::call_and_read_body(&app, req).await.to_vec()).unwrap();
        assert!(js.contains("Successfully established call") && !js.contains("'Ready'"));
    }

    /// The pages in headless Chromium (`capability_browser.js`, with the shared checks
    /// of `tests/browser/common.js`): axe-core, 390 px, no console error, and the flow.
    #[test]
    fn pages_hold_up_in_chromium() {
        use std::process::Command;
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let web = root.join("../bins/browser-phone/web");
        assert!(
            web.join("node_modules/axe-core").exists(),
            "run scripts/setup.sh (npm ci in bins/browser-phone/web)"
        );
        let cfg = config(Some("jenny"));
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || App::new().configure(configure(cfg.clone())))
                    .workers(1)
                    .bind("127.0.0.1:0")
                    .unwrap();
                tx.send(server.addrs()[0]).unwrap();
                server.run().await.unwrap();
            });
        });
        let addr = rx.recv().unwrap();
        let out = Command::new("node")
            .arg(root.join("capability_browser.js"))
            .env("BASE_URL", format!("http://{addr}"))
            .env("WEB_DIR", &web)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        println!("{r:#}");
        assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");
        assert_eq!(r["problems"], serde_json::json!([]), "console: {r:#}");
        assert_eq!(r["blocked"], serde_json::json!([]), "{r:#}");
        assert_eq!(
            r["audit"]["violations"],
            serde_json::json!([]),
            "axe: {r:#}"
        );
        assert_eq!(
            r["audit"]["overflow"],
            serde_json::json!([]),
            "390 px: {r:#}"
        );
        assert_eq!(r["audit"]["pages"].as_array().unwrap().len(), 3);
        assert_eq!(r["indexLinks"], 3);
        assert_eq!(
            r["legacy"],
            "Legacy capability token issued (see above); no phone on this page."
        );
        assert_eq!(r["legacyCallDisabled"], true);
        assert_eq!(r["legacySdk"], "undefined", "no SDK for a legacy token");
        assert_eq!(
            r["access"],
            "Access Token loaded. Press Call to connect through Twilio."
        );
        assert_eq!(
            r["failed"],
            "Error: Twilio cannot be reached; check the network and try again."
        );
        assert_eq!(r["connected"], "Successfully established call");
        assert_eq!(r["ended"], "Call ended");
    }
}
