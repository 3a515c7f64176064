//! What every app answers the same way, whatever its routes: `nosniff` on every
//! response, `HEAD` wherever `GET` is served, `GET /healthz`, one access-log line per
//! request, the shared stylesheet (`/assets/app.css`) and icon (`/favicon.svg`,
//! `/favicon.ico`) of every app page, and where a login sends the browser afterwards.
//!
//! An app mounts its routes inside [`app_scope`] (so tests that build the app from
//! its `configure` function see exactly what production serves) and wraps its `App`
//! in [`access_log`]:
//!
//! ```
//! use actix_web::{App, HttpResponse, test, web};
//! use twilio_app_env::http::{access_log, app_scope};
//!
//! # actix_web::rt::System::new().block_on(async {
//! let app = test::init_service(App::new().wrap(access_log()).service(
//!     app_scope().route("/", web::get().to(|| async { HttpResponse::Ok().body("page") })),
//! ))
//! .await;
//! let head = test::TestRequest::default().method(actix_web::http::Method::HEAD).uri("/");
//! let res = test::call_service(&app, head.to_request()).await;
//! assert_eq!(res.status(), 200);
//! assert_eq!(res.headers().get("x-content-type-options").unwrap(), "nosniff");
//! assert!(test::read_body(res).await.is_empty());
//! let health = test::call_service(&app, test::TestRequest::get().uri("/healthz").to_request()).await;
//! assert_eq!(health.status(), 200);
//! # });
//! ```

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::{DefaultHeaders, Logger, Next, from_fn};
use actix_web::{HttpRequest, HttpResponse, Scope, web};

/// Longest `next` accepted after login (a page URL with its query).
pub const MAX_NEXT_LEN: usize = 2048;

/// An empty-prefix scope for all of an app's routes: `X-Content-Type-Options:
/// nosniff` on every response (errors and 404s included, unless a handler set the
/// header itself), `HEAD` answered like `GET` with the body dropped, and
/// `GET /healthz`, and the shared page assets: `GET /assets/app.css`
/// ([`APP_CSS`]), `GET /favicon.svg` and `GET /favicon.ico` ([`FAVICON_SVG`]).
pub fn app_scope() -> Scope<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::scope("")
        .wrap(DefaultHeaders::new().add((header::X_CONTENT_TYPE_OPTIONS, "nosniff")))
        .wrap(from_fn(head_as_get))
        .route("/healthz", web::get().to(healthz))
        .route("/assets/app.css", web::get().to(app_css))
        .route("/favicon.svg", web::get().to(favicon))
        .route("/favicon.ico", web::get().to(favicon))
}

/// The stylesheet every app page links (`/assets/app.css`): one look for all apps,
/// WCAG AA colours, no horizontal scrolling at 390 px.
pub const APP_CSS: &str = include_str!("../assets/app.css");

/// The apps' icon, so browsers asking for `/favicon.ico` get no 404.
pub const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

/// `GET /assets/app.css`: [`APP_CSS`].
pub async fn app_css() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(APP_CSS)
}

/// `GET /favicon.svg` and `GET /favicon.ico`: [`FAVICON_SVG`] (browsers read an SVG
/// icon by its content type, whatever the name).
pub async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(FAVICON_SVG)
}

/// `HEAD` is routed as `GET` (every page and `/healthz` answer it, none answers 405)
/// and the body is dropped, so a streaming response ends at once too.
async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let head = req.method() == Method::HEAD;
    if head {
        req.head_mut().method = Method::GET;
    }
    let res = next.call(req).await?;
    Ok(if head {
        res.map_body(|_, _| BoxBody::new(actix_web::body::None::new()))
    } else {
        res.map_into_boxed_body()
    })
}

/// `GET /healthz`: `200 ok` while the app serves requests.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body("ok")
}

/// The access log every app uses, at `info` with target `http`:
/// `PEER METHOD PATH STATUS DURATIONms`. The path only: query strings may carry
/// tokens, and the log need not repeat them.
pub fn access_log() -> Logger {
    Logger::new("%a %{method}xi %U %s %Dms")
        .custom_request_replace("method", |req| req.method().to_string())
        .log_target("http")
}

/// The address a request counts against (throttles, rate limits): the peer, or the
/// client as the trusted reverse proxies in front report it in `X-Forwarded-For`.
///
/// The first request that carries `X-Forwarded-For` while no proxy is trusted logs
/// one warning: behind an unconfigured load balancer every client would count as the
/// balancer's one address (its throttles, rate limits and token budget shared).
pub fn client_ip(req: &HttpRequest, proxies: &crate::proxies::Proxies) -> Option<std::net::IpAddr> {
    let peer = req.peer_addr()?.ip().to_canonical();
    let mut forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .peekable();
    if forwarding_ignored(proxies, forwarded.peek().is_some()) {
        static WARNED: std::sync::Once = std::sync::Once::new();
        WARNED.call_once(|| {
            tracing::warn!(
                "requests carry X-Forwarded-For but TRUSTED_PROXIES is unset: every client \
                 behind that proxy counts as its one address (throttles, rate limits); \
                 set TRUSTED_PROXIES (1 behind one load balancer) if a proxy is in front"
            );
        });
    }
    Some(proxies.client(peer, forwarded))
}

/// Whether a request's `X-Forwarded-For` is being ignored for want of trusted proxies.
fn forwarding_ignored(proxies: &crate::proxies::Proxies, has_forwarded: bool) -> bool {
    has_forwarded && *proxies == crate::proxies::Proxies::None
}

/// `raw` when it is a safe place to send a browser after login: a path on this site
/// (`/…`), never another site (`//host`, `/\host`, `https://…`), and only visible
/// ASCII (browsers drop tabs and newlines, which would turn `/\t/host` into
/// `//host`), at most [`MAX_NEXT_LEN`] bytes.
///
/// ```
/// use twilio_app_env::http::safe_next;
/// assert_eq!(safe_next("/sessions?sid=KS1"), Some("/sessions?sid=KS1"));
/// for evil in ["//evil.example", "/\\evil.example", "https://evil.example", "/\t/evil", "", "x"] {
///     assert_eq!(safe_next(evil), None, "{evil:?}");
/// }
/// ```
pub fn safe_next(raw: &str) -> Option<&str> {
    let bytes = raw.as_bytes();
    let relative = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/' | b'\\'));
    let plain = bytes
        .iter()
        .all(|b| (0x21..=0x7e).contains(b) && *b != b'\\');
    (relative && plain && raw.len() <= MAX_NEXT_LEN).then_some(raw)
}

/// `login_path?next=…` for a request that needs a login: the login page sends the
/// browser back to the page it asked for. Just `login_path` when that page is `/`
/// or not a [`safe_next`].
pub fn login_location(login_path: &str, req: &HttpRequest) -> String {
    let asked = req.uri().path_and_query().map_or("/", |p| p.as_str());
    match safe_next(asked) {
        Some(next) if next != "/" => {
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("next", next)
                .finish();
            format!("{login_path}?{query}")
        }
        _ => login_path.to_owned(),
    }
}

/// Where to go after login: `next` when it is a [`safe_next`], else `/`.
pub fn after_login(next: Option<&str>) -> &str {
    next.and_then(safe_next).unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::App;
    use actix_web::test as at;

    #[test]
    fn forwarding_without_trusted_proxies_is_noticed() {
        use crate::proxies::Proxies;
        assert!(forwarding_ignored(&Proxies::None, true));
        assert!(!forwarding_ignored(&Proxies::None, false));
        assert!(!forwarding_ignored(&Proxies::Hops(1), true));
        let peer = at::TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().unwrap())
            .insert_header(("x-forwarded-for", "203.0.113.9"));
        let req = peer.to_http_request();
        assert_eq!(
            client_ip(&req, &Proxies::None),
            Some("10.0.0.1".parse().unwrap())
        );
        assert_eq!(
            client_ip(&req, &Proxies::Hops(1)),
            Some("203.0.113.9".parse().unwrap())
        );
    }

    #[test]
    fn next_must_stay_on_this_site() {
        for good in [
            "/",
            "/services",
            "/sessions?sid=KS1&x=%2F%2Fa",
            "/a//b",
            "/a:b",
        ] {
            assert_eq!(safe_next(good), Some(good));
        }
        let long = format!("/{}", "a".repeat(MAX_NEXT_LEN));
        for evil in [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/a\\b",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil",
            "/é",
            "",
            long.as_str(),
        ] {
            assert_eq!(safe_next(evil), None, "{evil:?}");
            assert_eq!(after_login(Some(evil)), "/", "{evil:?}");
        }
        assert_eq!(after_login(None), "/");
    }

    #[test]
    fn login_location_carries_the_page_asked_for() {
        let req = at::TestRequest::get()
            .uri("/sessions?sid=KS1&a=b")
            .to_http_request();
        assert_eq!(
            login_location("/login", &req),
            "/login?next=%2Fsessions%3Fsid%3DKS1%26a%3Db"
        );
        let home = at::TestRequest::get().uri("/").to_http_request();
        assert_eq!(login_location("/login", &home), "/login");
    }

    async fn page() -> HttpResponse {
        HttpResponse::Ok().body("page")
    }

    #[actix_web::test]
    async fn every_response_says_nosniff_and_head_is_get_without_a_body() {
        let app = at::init_service(
            App::new().wrap(access_log()).service(
                app_scope()
                    .route("/page", web::get().to(page))
                    .service(web::resource("/form").post(page)),
            ),
        )
        .await;
        let call = |method: Method, uri: &str| {
            at::TestRequest::default()
                .method(method)
                .uri(uri)
                .to_request()
        };
        for (method, uri, status, body) in [
            (Method::GET, "/page", 200, "page"),
            (Method::HEAD, "/page", 200, ""),
            (Method::GET, "/healthz", 200, "ok"),
            (Method::HEAD, "/healthz", 200, ""),
            (Method::GET, "/missing", 404, ""),
            (Method::GET, "/form", 405, ""),
            (Method::HEAD, "/form", 405, ""),
        ] {
            let res = at::call_service(&app, call(method.clone(), uri)).await;
            assert_eq!(res.status().as_u16(), status, "{method} {uri}");
            assert_eq!(
                res.headers()
                    .get(header::X_CONTENT_TYPE_OPTIONS)
                    .map(|v| v.as_bytes()),
                Some(&b"nosniff"[..]),
                "{method} {uri}"
            );
            assert_eq!(at::read_body(res).await, body, "{method} {uri}");
        }
    }

    #[actix_web::test]
    async fn every_app_serves_the_shared_stylesheet_and_icon() {
        let app = at::init_service(App::new().service(app_scope())).await;
        for (uri, content_type, body) in [
            ("/assets/app.css", "text/css; charset=utf-8", APP_CSS),
            ("/favicon.svg", "image/svg+xml", FAVICON_SVG),
            ("/favicon.ico", "image/svg+xml", FAVICON_SVG),
        ] {
            let res = at::call_service(&app, at::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status().as_u16(), 200, "{uri}");
            assert_eq!(
                res.headers()
                    .get(header::CONTENT_TYPE)
                    .map(|v| v.as_bytes()),
                Some(content_type.as_bytes()),
                "{uri}"
            );
            assert_eq!(at::read_body(res).await, body, "{uri}");
        }
        assert!(APP_CSS.contains("overflow-wrap: anywhere"));
    }
}
