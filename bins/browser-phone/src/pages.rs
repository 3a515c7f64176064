//! The web page, its assets, and logging in and out.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Deserialize;
use twilio_app_auth::{AuthRejection, AuthenticatedUser};
use twilio_app_env::http::{after_login, login_location};

use crate::AppState;

pub(crate) const INDEX_HTML: &str = include_str!("../web/index.html");
pub(crate) const LOGIN_HTML: &str = include_str!("../web/login.html");
const APP_JS: &str = include_str!("../web/app.js");
const LOGIN_JS: &str = include_str!("../web/login.js");

/// Scripts and styles from the app only (no inline code); the Voice SDK talks to
/// Twilio over https/wss and plays its sounds from there.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
                              img-src 'self' data:; connect-src 'self' https: wss:; \
                              media-src 'self' https: blob:; worker-src 'self' blob:; \
                              base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The Voice SDK's script tag: local mode leaves it out (no SDK, no websocket).
const SDK_TAG: &str = "  <script src=\"/vendor/twilio.min.js\"></script>\n";
/// Where the local-mode banner goes: first thing in the body.
const BODY_TAG: &str = "<body>\n";
/// The banner on the phone page in local mode.
const LOCAL_BANNER: &str = "<p id=\"local-banner\" class=\"banner\" role=\"status\">LOCAL MODE: \
    no Twilio account. Text and voice messages go to the embedded Twilio fake and are \
    listed here; nothing reaches a phone, and calls from the browser are off.</p>\n";
/// The banner on the login page in local mode.
const LOCAL_LOGIN_BANNER: &str = "<p id=\"local-banner\" class=\"banner\" role=\"status\">LOCAL MODE: \
    no Twilio account. Sign in as <strong>alice</strong> or <strong>bob</strong> with the \
    password in the server log (or a user of APP_USERS).</p>\n";

/// The phone page of local mode: the banner on top and no Voice SDK.
pub(crate) fn local_index() -> Bytes {
    let html = INDEX_HTML.replacen(SDK_TAG, "", 1).replacen(
        BODY_TAG,
        &format!("{BODY_TAG}{LOCAL_BANNER}"),
        1,
    );
    Bytes::from(html)
}

/// The login page of local mode: the banner on top.
pub(crate) fn local_login() -> Bytes {
    let html = LOGIN_HTML.replacen(BODY_TAG, &format!("{BODY_TAG}{LOCAL_LOGIN_BANNER}"), 1);
    Bytes::from(html)
}

/// `GET /`: the phone for a logged-in user; everyone else goes to the login page,
/// which comes back to the page asked for.
pub(crate) async fn index(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: Result<AuthenticatedUser, AuthRejection>,
) -> HttpResponse {
    match user {
        Ok(_) => page(state.index_html.clone()),
        Err(_) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, login_location("/login", &req)))
            .finish(),
    }
}

/// `GET /app.js`: the page's script, for logged-in users only like the page itself.
pub(crate) async fn app_js(_user: AuthenticatedUser) -> HttpResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

/// `GET /login`
pub(crate) async fn login_page(state: web::Data<AppState>) -> HttpResponse {
    page(state.login_html.clone())
}

/// `GET /login.js`: the login page's script (a file, so the CSP allows no inline code).
pub(crate) async fn login_js() -> HttpResponse {
    asset("text/javascript; charset=utf-8", LOGIN_JS)
}

/// `GET /vendor/twilio.min.js`: the Voice JS SDK bundle, read at startup (404 in
/// local mode, whose page does not load it).
pub(crate) async fn voice_sdk(state: web::Data<AppState>) -> HttpResponse {
    if state.local.is_some() {
        return HttpResponse::NotFound()
            .insert_header(("X-Content-Type-Options", "nosniff"))
            .json(serde_json::json!({
                "error": "no Voice SDK in local mode: calls from the browser need a Twilio account",
                "kind": "local_mode",
            }));
    }
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(state.voice_sdk.clone())
}

/// Body of `POST /api/login`.
#[derive(Deserialize)]
pub(crate) struct LoginRequest {
    username: String,
    password: String,
    /// The page the login page was sent from (`/login?next=`), checked by
    /// [`after_login`] before it is handed back.
    next: Option<String>,
}

/// `POST /api/login`: checks the password (Argon2, off the async threads), sets the
/// session cookie. Wrong credentials → 401, too many failures → 429.
pub(crate) async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, actix_web::Error> {
    let LoginRequest {
        username,
        password,
        next,
    } = body.into_inner();
    let peer =
        twilio_app_env::http::client_ip(&req, &state.config().proxies).map(|ip| ip.to_string());
    // Argon2 runs on the blocking pool inside `login`.
    match state
        .auth
        .login(&username, &password, peer.as_deref())
        .await
    {
        Ok(session) => Ok(HttpResponse::Ok()
            .insert_header((header::SET_COOKIE, state.auth.set_cookie(&session)))
            .json(serde_json::json!({
                "identity": session.username.as_str(),
                "next": after_login(next.as_deref()),
            }))),
        Err(error) => Ok(AuthRejection(error).error_response()),
    }
}

/// `POST /api/logout`: ends the session (a copy of the cookie is refused from now
/// on) and clears the cookie.
pub(crate) async fn logout(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match state.auth.logout(&req).await {
        Ok(clear) => HttpResponse::NoContent()
            .insert_header((header::SET_COOKIE, clear))
            .finish(),
        // Not recorded (store down): say so, the cookie would stay valid elsewhere.
        Err(error) => AuthRejection(error).error_response(),
    }
}

fn page(html: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Frame-Options", "DENY"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .body(html)
}

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_pages_carry_the_banner_and_no_sdk() {
        let index = String::from_utf8(local_index().to_vec()).unwrap();
        assert!(index.contains("LOCAL MODE"));
        assert!(!index.contains("twilio.min.js"));
        assert!(index.contains("<script src=\"/app.js\"></script>"));
        assert!(
            INDEX_HTML.contains(SDK_TAG),
            "the Twilio page loads the SDK"
        );
        assert!(!INDEX_HTML.contains("LOCAL MODE"));
        let login = String::from_utf8(local_login().to_vec()).unwrap();
        assert!(login.contains("LOCAL MODE") && login.contains("alice"));
        assert!(!LOGIN_HTML.contains("LOCAL MODE"));
    }
}
