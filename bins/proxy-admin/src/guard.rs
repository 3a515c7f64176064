//! Who may do what: every page and action needs a logged-in admin (§5.5.1), and every
//! state-changing POST must come from this app's own pages (same-origin check).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use twilio_app_auth::{Auth, AuthError, AuthRejection, Username};

use crate::{AppState, Error, config::origin_of};

/// A page request from a logged-in admin; anyone else is sent to `/login`.
#[derive(Debug, Clone)]
pub(crate) struct AdminPage(pub(crate) Username);

/// A state-changing request from a logged-in admin, sent from this app's origin.
#[derive(Debug, Clone)]
pub(crate) struct AdminAction(pub(crate) Username);

/// Why a request was refused before its handler ran.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Refused {
    /// No valid session on a page: redirect to the login form (this location), which
    /// comes back to the page afterwards.
    #[error("login required")]
    LoginPage(String),
    /// No valid session on an action.
    #[error("login required")]
    Login,
    /// Same-origin check failed.
    #[error(transparent)]
    Origin(Error),
    /// The store of logouts (Redis) did not answer: refused, 503.
    #[error(transparent)]
    Unavailable(AuthRejection),
}

impl ResponseError for Refused {
    fn status_code(&self) -> StatusCode {
        match self {
            Refused::LoginPage(_) => StatusCode::FOUND,
            Refused::Login => StatusCode::UNAUTHORIZED,
            Refused::Origin(e) => e.status_code(),
            Refused::Unavailable(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Refused::LoginPage(location) => HttpResponse::Found()
                .insert_header((header::LOCATION, location.as_str()))
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .finish(),
            Refused::Login => HttpResponse::Unauthorized()
                .content_type("text/plain; charset=utf-8")
                .body("login required"),
            Refused::Origin(e) => e.error_response(),
            Refused::Unavailable(e) => e.error_response(),
        }
    }
}

/// The logged-in admin (`Ok(None)`: no valid session), or the store's failure.
fn user(req: &HttpRequest) -> impl Future<Output = Result<Option<Username>, Refused>> + use<> {
    let auth = req.app_data::<web::Data<Auth>>().cloned();
    let cookie = req
        .headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    async move {
        let Some(auth) = auth else { return Ok(None) };
        match auth.authenticate(cookie.as_deref()).await {
            Ok(user) => Ok(Some(user)),
            Err(AuthError::Unavailable) => {
                Err(Refused::Unavailable(AuthRejection(AuthError::Unavailable)))
            }
            Err(_) => Ok(None),
        }
    }
}

type Extracted<T> = Pin<Box<dyn Future<Output = Result<T, Refused>>>>;

impl FromRequest for AdminPage {
    type Error = Refused;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let login = Refused::LoginPage(twilio_app_env::http::login_location("/login", req));
        let user = user(req);
        Box::pin(async move { user.await?.map(AdminPage).ok_or(login) })
    }
}

impl FromRequest for AdminAction {
    type Error = Refused;
    type Future = Extracted<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let origin = same_origin(req).map_err(Refused::Origin);
        let user = user(req);
        Box::pin(async move {
            let u = user.await?.ok_or(Refused::Login)?;
            origin?;
            Ok(AdminAction(u))
        })
    }
}

/// The request's `Origin` (or, when a browser sends none, its `Referer`) must be the
/// public origin. The session cookie is `SameSite=Strict` too; this is the second
/// lock, and it also covers the login form (login CSRF).
pub(crate) fn same_origin(req: &HttpRequest) -> Result<(), Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return Err(Error::CrossSite {
            expected: String::new(),
            seen: "the app is not configured".to_owned(),
        });
    };
    let expected = state.config().public_origin();
    let header_str = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let origin = match header_str(header::ORIGIN) {
        Some(origin) => origin,
        None => header_str(header::REFERER)
            .map(origin_of)
            .unwrap_or_default(),
    };
    if !origin.is_empty() && origin.eq_ignore_ascii_case(expected) {
        Ok(())
    } else {
        Err(Error::CrossSite {
            expected: expected.to_owned(),
            seen: describe_origin(origin),
        })
    }
}

/// What the browser sent, for the refusal: a short plain origin is shown (it helps
/// spot `localhost` vs `127.0.0.1`); anything else only described.
fn describe_origin(origin: &str) -> String {
    let plain = origin.len() <= 100
        && origin.contains("://")
        && origin
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".:/-[]".contains(&b));
    match origin {
        "" => "the browser sent no Origin or Referer".to_owned(),
        _ if plain => format!("the form came from {origin}"),
        _ => "the form came from another or an opaque origin".to_owned(),
    }
}
