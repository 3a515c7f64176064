//! The web page: our files are compiled in (the stylesheet and icon are every
//! app's, served by `twilio_app_env::http::app_scope`); the Twilio SDK bundles are
//! read from the npm packages in `WEB_DIR/node_modules` at startup and loaded by
//! the page in Twilio mode only.

use std::path::Path;

use actix_web::{HttpResponse, http::header, web};

const INDEX: &str = include_str!("../web/index.html");
const APP_JS: &str = include_str!("../web/app.js");

/// The two SDK bundles (absent when `npm ci` has not run in `WEB_DIR`).
#[derive(Debug, Clone, Default)]
pub struct Assets {
    voice_sdk: Option<web::Bytes>,
    sync_sdk: Option<web::Bytes>,
}

impl Assets {
    /// Loads the bundles; a missing one is logged and answered with 404.
    pub fn load(web_dir: &Path) -> Self {
        let read = |rel: &str| {
            let path = web_dir.join("node_modules").join(rel);
            match std::fs::read(&path) {
                Ok(b) => Some(web::Bytes::from(b)),
                Err(_) => {
                    tracing::warn!(path = %path.display(), "SDK bundle missing; run scripts/setup.sh");
                    None
                }
            }
        };
        Self {
            voice_sdk: read("@twilio/voice-sdk/dist/twilio.min.js"),
            sync_sdk: read("twilio-sync/builds/twilio-sync.min.js"),
        }
    }
}

fn page(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(body)
}

/// Scripts only from the app itself; the SDKs talk to Twilio over https/wss.
const CSP: &str = "default-src 'self'; script-src 'self'; connect-src 'self' https: wss:; \
                   media-src 'self' https: blob:; frame-ancestors 'none'";

/// `GET /`
pub async fn index() -> HttpResponse {
    let mut res = page("text/html; charset=utf-8", INDEX);
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP),
    );
    res
}

/// `GET /app.js`
pub async fn app_js() -> HttpResponse {
    page("text/javascript; charset=utf-8", APP_JS)
}

fn vendor(bundle: Option<&web::Bytes>) -> HttpResponse {
    match bundle {
        Some(b) => HttpResponse::Ok()
            .content_type("text/javascript; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(b.clone()),
        None => HttpResponse::NotFound().json(serde_json::json!({
            "error": "not_found", "message": "SDK bundle not installed (run scripts/setup.sh)"
        })),
    }
}

/// `GET /vendor/twilio.min.js` (@twilio/voice-sdk)
pub async fn voice_sdk(assets: web::Data<Assets>) -> HttpResponse {
    vendor(assets.voice_sdk.as_ref())
}

/// `GET /vendor/twilio-sync.min.js`
pub async fn sync_sdk(assets: web::Data<Assets>) -> HttpResponse {
    vendor(assets.sync_sdk.as_ref())
}
