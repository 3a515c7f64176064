//! The actix-web extractor (feature `actix`).

use std::{future::Future, pin::Pin, sync::Arc};

use actix_web::{
    FromRequest, HttpRequest, HttpResponse, ResponseError, dev::Payload, http::StatusCode,
    http::header, web,
};

use crate::{Auth, AuthError, Username};

/// A request from a logged-in user. Extracting it checks the session cookie
/// against the [`Auth`] registered as `web::Data<Auth>` (or `Arc<Auth>` app
/// data); without a valid session the handler is not called and the client gets
/// `401 {"error":"unauthorized","message":"..."}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthenticatedUser(pub Username);

impl AuthenticatedUser {
    /// The user's name.
    pub fn username(&self) -> &Username {
        &self.0
    }
}

/// Why a request was refused; renders as JSON.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct AuthRejection(pub AuthError);

impl ResponseError for AuthRejection {
    fn status_code(&self) -> StatusCode {
        match self.0 {
            AuthError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AuthError::Hash | AuthError::WeakSessionKey | AuthError::InvalidUsersFile { .. } => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            AuthError::InvalidUsername => StatusCode::BAD_REQUEST,
            AuthError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::UNAUTHORIZED,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let code = match self.status_code() {
            StatusCode::TOO_MANY_REQUESTS => "throttled",
            StatusCode::BAD_REQUEST => "bad_request",
            StatusCode::INTERNAL_SERVER_ERROR => "internal",
            StatusCode::SERVICE_UNAVAILABLE => "unavailable",
            _ => "unauthorized",
        };
        let mut res = HttpResponse::build(self.status_code());
        match self.0 {
            AuthError::Throttled { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            AuthError::Unavailable => {
                res.insert_header((header::RETRY_AFTER, "1"));
            }
            _ => {}
        }
        res.json(serde_json::json!({ "error": code, "message": self.0.to_string() }))
    }
}

impl Auth {
    /// Logs the request's session out: ends it ([`Auth::end_session`], so a copy of
    /// the cookie is refused from now on) and returns the `Set-Cookie` value that
    /// deletes the cookie (feature `actix`).
    ///
    /// # Errors
    /// [`AuthError::Unavailable`] when the logout cannot be recorded (answer 503:
    /// the cookie would otherwise stay valid on other instances).
    pub async fn logout(&self, req: &HttpRequest) -> Result<String, AuthError> {
        self.end_session(cookie_header(req)).await?;
        Ok(self.clear_cookie())
    }
}

fn cookie_header(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
}

fn auth_of(req: &HttpRequest) -> Option<Arc<Auth>> {
    req.app_data::<web::Data<Auth>>()
        .map(|d| d.clone().into_inner())
        .or_else(|| req.app_data::<Arc<Auth>>().cloned())
}

impl FromRequest for AuthenticatedUser {
    type Error = AuthRejection;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let auth = auth_of(req);
        let cookie = cookie_header(req).map(str::to_owned);
        Box::pin(async move {
            // Missing configuration is a server bug; still refuse rather than allow.
            let auth = auth.ok_or(AuthRejection(AuthError::MissingSession))?;
            auth.authenticate(cookie.as_deref())
                .await
                .map(AuthenticatedUser)
                .map_err(AuthRejection)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SessionKey, Users, hash_password};
    use actix_web::{App, test};

    async fn me(user: AuthenticatedUser) -> String {
        user.0.to_string()
    }

    async fn logout(req: HttpRequest, auth: web::Data<Auth>) -> HttpResponse {
        HttpResponse::NoContent()
            .insert_header((header::SET_COOKIE, auth.logout(&req).await.unwrap()))
            .finish()
    }

    #[actix_web::test]
    async fn extractor_accepts_and_rejects() {
        let h = hash_password("pw").unwrap();
        let users = Users::parse(&format!("alice:{h}")).unwrap();
        let auth = Auth::builder(users, SessionKey::new("5".repeat(32)).unwrap()).build();
        let session = auth.login("alice", "pw", None).await.unwrap();
        let cookie = auth.set_cookie(&session);
        let pair = cookie.split(';').next().unwrap().to_owned();
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(auth))
                .route("/me", web::get().to(me))
                .route("/logout", web::post().to(logout)),
        )
        .await;

        let req = test::TestRequest::get()
            .uri("/me")
            .insert_header(("cookie", pair.clone()))
            .to_request();
        let body = test::call_and_read_body(&app, req).await;
        assert_eq!(body, "alice");

        // After logout, a replayed copy of the cookie is refused.
        let req = test::TestRequest::post()
            .uri("/logout")
            .insert_header(("cookie", pair.clone()))
            .to_request();
        let res = test::call_service(&app, req).await;
        let cleared = res.headers().get(header::SET_COOKIE).unwrap();
        assert!(cleared.to_str().unwrap().contains("Max-Age=0"));
        let req = test::TestRequest::get()
            .uri("/me")
            .insert_header(("cookie", pair))
            .to_request();
        assert_eq!(
            test::call_service(&app, req).await.status(),
            StatusCode::UNAUTHORIZED
        );

        let req = test::TestRequest::get().uri("/me").to_request();
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["error"], "unauthorized");

        let req = test::TestRequest::get()
            .uri("/me")
            .insert_header(("cookie", "session=alice.99999999999.AAAA"))
            .to_request();
        assert_eq!(
            test::call_service(&app, req).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
}
