//! The web page, its assets, and logging in and out.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Deserialize;
use twilio_app_auth::{AuthRejection, AuthenticatedUser};
use twilio_app_env::http::{after_login, login_location};

use crate::AppState;

const INDEX_HTML: &str = include_str!("../web/index.html");
const LOGIN_HTML: &str = include_str!("../web/login.html");
const APP_JS: &str = include_str!("../web/app.js");
const LOGIN_JS: &str = include_str!("../web/login.js");

/// Scripts and styles from the app only (no inline code); the Voice SDK talks to
/// Twilio over https/wss and plays its sounds from there.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
                              img-src 'self' data:; connect-src 'self' https: wss:; \
                              media-src 'self' https: blob:; worker-src 'self' blob:; \
                              base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// `GET /`: the phone for a logged-in user; everyone else goes to the login page,
/// which comes back to the page asked for.
pub(crate) async fn index(
    req: HttpRequest,
    user: Result<AuthenticatedUser, AuthRejection>,
) -> HttpResponse {
    match user {
        Ok(_) => page(INDEX_HTML),
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
pub(crate) async fn login_page() -> HttpResponse {
    page(LOGIN_HTML)
}

/// `GET /login.js`: the login page's script (a file, so the CSP allows no inline code).
pub(crate) async fn login_js() -> HttpResponse {
    asset("text/javascript; charset=utf-8", LOGIN_JS)
}

/// `GET /vendor/twilio.min.js`: the Voice JS SDK bundle, read at startup.
pub(crate) async fn voice_sdk(state: web::Data<AppState>) -> HttpResponse {
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
    let peer = req.peer_addr().map(|a| a.ip().to_string());
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

fn page(html: &'static str) -> HttpResponse {
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
