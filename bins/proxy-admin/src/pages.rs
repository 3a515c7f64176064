//! The server-rendered pages, the login form and the two assets. Each list is one
//! query (all pages); the sessions page's per-session Participants and the
//! interactions page's recordings have no batch query, so they run a few at a time.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use futures_util::future::{try_join, try_join3};
use futures_util::{StreamExt, TryStreamExt, stream};
use serde::Deserialize;
use twilio_rest::api::recordings::ListRecordings;
use twilio_rest::sid::{CallSid, ProxyParticipantSid, ProxyServiceSid, ProxySessionSid};

use twilio_app_env::http::after_login;
use twilio_app_env::input::{StrictForm, StrictQuery};

use crate::guard::{AdminPage, same_origin};
use crate::validate;
use crate::views::{
    ErrorPage, IndexPage, InteractionsPage, LoginPage, Nav, ParticipantsPage, ServiceRow,
    ServicesPage, SessionParticipants, SessionRow, SessionRules, SessionsPage, assign_participants,
    interaction_rows, participant_rows, session_name,
};
use crate::{AppState, Error};

const APP_JS: &str = include_str!("../web/app.js");

/// Requests to Twilio in flight at once for the per-item lookups.
const FAN_OUT: usize = 4;

/// Only our own scripts and styles; Twilio's SDK talks to its own hosts.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    connect-src 'self' https://*.twilio.com wss://*.twilio.com; media-src 'self' https://*.twilio.com; \
    img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// `GET /`
pub(crate) async fn index(admin: AdminPage) -> HttpResponse {
    render(
        &IndexPage {
            nav: nav(&admin, None, None),
        },
        &admin,
    )
}

/// `GET /services`: every Service (all pages of the list).
pub(crate) async fn services(admin: AdminPage, state: web::Data<AppState>) -> HttpResponse {
    let result = async {
        let services = state.rest.proxy().services().list().collect().await?;
        Ok::<_, Error>(ServicesPage {
            nav: nav(&admin, None, None),
            services: services
                .iter()
                .map(|s| ServiceRow {
                    sid: s.sid.as_str().to_owned(),
                    name: s
                        .unique_name
                        .clone()
                        .unwrap_or_else(|| s.sid.as_str().to_owned()),
                })
                .collect(),
        })
    }
    .await;
    respond(result, &admin)
}

/// Query of `GET /sessions`.
#[derive(Debug, Deserialize)]
pub(crate) struct SessionsQuery {
    sid: Option<String>,
}

/// `GET /sessions?sid=KS…`: Sessions, the number pool, and who holds each number.
pub(crate) async fn sessions(
    admin: AdminPage,
    state: web::Data<AppState>,
    query: StrictQuery<SessionsQuery>,
) -> HttpResponse {
    let result = async {
        let service_sid = service(query.sid.as_deref(), "sid")?;
        let service = state.rest.proxy().service(service_sid.clone());
        let (found, numbers, sessions) = try_join3(
            service.fetch(),
            service.phone_numbers().list().collect(),
            service.sessions().list().collect(),
        )
        .await?;
        let with_participants: Vec<SessionParticipants> = stream::iter(&sessions)
            .map(|s| {
                let participants = service.session(s.sid.clone()).participants().list();
                async move {
                    Ok::<_, Error>(SessionParticipants {
                        session_name: session_name(s),
                        participants: participants.collect().await?,
                    })
                }
            })
            .buffered(FAN_OUT)
            .try_collect()
            .await?;
        Ok::<_, Error>(SessionsPage {
            nav: nav(&admin, Some(&service_sid), None),
            service_sid: service_sid.as_str().to_owned(),
            service_name: found
                .unique_name
                .unwrap_or_else(|| service_sid.as_str().to_owned()),
            sessions: sessions.iter().map(SessionRow::from).collect(),
            numbers: assign_participants(numbers, &with_participants),
        })
    }
    .await;
    respond(result, &admin)
}

/// Query of `GET /participants` (the seed's `sessionStatus`/`sessionMode` are ignored:
/// both are read from Twilio).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ParticipantsQuery {
    service_sid: Option<String>,
    session_sid: Option<String>,
}

/// `GET /participants?serviceSid&sessionSid`
pub(crate) async fn participants(
    admin: AdminPage,
    state: web::Data<AppState>,
    query: StrictQuery<ParticipantsQuery>,
) -> HttpResponse {
    let result = async {
        let service_sid = service(query.service_sid.as_deref(), "serviceSid")?;
        let session_sid = session(query.session_sid.as_deref())?;
        let session = state
            .rest
            .proxy()
            .service(service_sid.clone())
            .session(session_sid.clone());
        let (info, participants) =
            try_join(session.fetch(), session.participants().list().collect()).await?;
        // Local mode dials through the server (a simulated call), never the SDK.
        let local_calls = state.local_calls_enabled();
        let rules = SessionRules::of(&info, state.dial_enabled() || local_calls);
        Ok::<_, Error>(ParticipantsPage {
            nav: nav(&admin, Some(&service_sid), Some(&session_sid)),
            service_sid: service_sid.as_str().to_owned(),
            session: SessionRow::from(&info),
            participants: participant_rows(&participants, rules, &state.config.sms_senders),
            dial_enabled: state.dial_enabled() && !local_calls,
            local_calls,
        })
    }
    .await;
    respond(result, &admin)
}

/// Query of `GET /interactions` (names come from Twilio, not from the query).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct InteractionsQuery {
    service_sid: Option<String>,
    session_sid: Option<String>,
    participant_sid: Option<String>,
}

/// `GET /interactions?serviceSid&sessionSid&participantSid`
pub(crate) async fn interactions(
    admin: AdminPage,
    state: web::Data<AppState>,
    query: StrictQuery<InteractionsQuery>,
) -> HttpResponse {
    let result = async {
        let service_sid = service(query.service_sid.as_deref(), "serviceSid")?;
        let session_sid = session(query.session_sid.as_deref())?;
        let participant_sid = validate::sid(
            "participantSid",
            query.participant_sid.as_deref(),
            ProxyParticipantSid::new,
            "Participant (KP…)",
        )?;
        let session = state
            .rest
            .proxy()
            .service(service_sid.clone())
            .session(session_sid.clone());
        let (interactions, participants) = try_join(
            session.interactions().list().collect(),
            session.participants().list().collect(),
        )
        .await?;
        let mut rows = interaction_rows(participant_sid.as_str(), &interactions, &participants);
        let recordings: Vec<Option<String>> = stream::iter(&rows)
            .map(|row| first_recording(&state, row.call_sid.as_deref()))
            .buffered(FAN_OUT)
            .try_collect()
            .await?;
        for (row, recording) in rows.iter_mut().zip(recordings) {
            row.recording = recording;
        }
        let participant_name = participants
            .iter()
            .find(|p| p.sid == participant_sid)
            .and_then(|p| p.friendly_name.clone())
            .unwrap_or_default();
        Ok::<_, Error>(InteractionsPage {
            nav: nav(&admin, Some(&service_sid), Some(&session_sid)),
            participant_name,
            participant_sid: participant_sid.as_str().to_owned(),
            rows,
        })
    }
    .await;
    respond(result, &admin)
}

/// The first recording of a call, if any (one small page, not the whole list).
async fn first_recording(
    state: &AppState,
    call_sid: Option<&str>,
) -> Result<Option<String>, Error> {
    let Some(call_sid) = call_sid.and_then(|s| CallSid::new(s).ok()) else {
        return Ok(None);
    };
    let page = state
        .rest
        .api()
        .recordings()
        .list(ListRecordings::default().call_sid(call_sid))
        .page_size(1)
        .first_page()
        .await?;
    Ok(page.items().first().map(|r| r.sid.as_str().to_owned()))
}

fn service(raw: Option<&str>, field: &'static str) -> Result<ProxyServiceSid, Error> {
    validate::sid(field, raw, ProxyServiceSid::new, "Proxy Service (KS…)")
}

fn session(raw: Option<&str>) -> Result<ProxySessionSid, Error> {
    validate::sid(
        "sessionSid",
        raw,
        ProxySessionSid::new,
        "Proxy Session (KC…)",
    )
}

fn nav(
    admin: &AdminPage,
    service: Option<&ProxyServiceSid>,
    session: Option<&ProxySessionSid>,
) -> Nav {
    Nav {
        user: admin.0.as_str().to_owned(),
        service_sid: service.map(|s| s.as_str().to_owned()),
        session_sid: session.map(|s| s.as_str().to_owned()),
    }
}

/// The page, or an error page with the status the error carries (never a hang,
/// never internal detail).
fn respond<T: Template>(result: Result<T, Error>, admin: &AdminPage) -> HttpResponse {
    match result {
        Ok(page) => render(&page, admin),
        Err(error) => error_page(&error, admin),
    }
}

fn render<T: Template>(page: &T, admin: &AdminPage) -> HttpResponse {
    match page.render() {
        Ok(html) => html_response(StatusCode::OK, html),
        Err(e) => error_page(&Error::Template(e), admin),
    }
}

fn error_page(error: &Error, admin: &AdminPage) -> HttpResponse {
    // Logs the error once, with its full text, as the AJAX routes do.
    let status = error.error_response().status();
    let page = ErrorPage {
        nav: nav(admin, None, None),
        status: status.as_u16(),
        message: error.public_message(),
    };
    match page.render() {
        Ok(html) => html_response(status, html),
        Err(_) => HttpResponse::build(status)
            .content_type("text/plain; charset=utf-8")
            .body(error.public_message()),
    }
}

fn html_response(status: StatusCode, html: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header(("X-Frame-Options", "DENY"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Referrer-Policy", "same-origin"))
        .body(html)
}

/// Query of `GET /login`: the page to return to afterwards.
#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
}

/// `GET /login?next=/page`: the form; it posts `next` back when it is a path on
/// this site (anything else is dropped, never followed).
pub(crate) async fn login_page(query: StrictQuery<LoginQuery>) -> HttpResponse {
    login_form(StatusCode::OK, None, query.next.as_deref())
}

fn login_form(status: StatusCode, error: Option<String>, next: Option<&str>) -> HttpResponse {
    let next = next
        .and_then(twilio_app_env::http::safe_next)
        .map(str::to_owned);
    match (LoginPage { error, next }).render() {
        Ok(html) => html_response(status, html),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// Body of `POST /login`.
#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: String,
    password: String,
    /// The page to return to (validated by [`after_login`]).
    next: Option<String>,
}

/// `POST /login`: checks the password (Argon2, off the async threads), sets the
/// session cookie and goes to the page asked for (`next`, a path on this site) or
/// the home page; a wrong password shows the form again.
pub(crate) async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: StrictForm<LoginForm>,
) -> HttpResponse {
    let next = form.next.clone();
    let login_form = |status, error| login_form(status, error, next.as_deref());
    if let Err(e) = same_origin(&req) {
        return login_form(StatusCode::FORBIDDEN, Some(e.to_string()));
    }
    // No admin has such a name: refuse it before it costs a hash and a throttle
    // entry keyed by up to 16 KiB of text.
    if let Err(e) = twilio_app_auth::Username::new(form.username.as_str()) {
        return login_form(StatusCode::BAD_REQUEST, Some(e.to_string()));
    }
    // The throttle counts a failure only once its hash is done, so without this a
    // burst of parallel logins would all hash at once (memory and CPU for anyone).
    let Ok(slot) = state.login_slots.clone().try_acquire_owned() else {
        tracing::warn!("login refused: too many password checks at once");
        let mut res = login_form(
            StatusCode::SERVICE_UNAVAILABLE,
            Some("Too many logins at this moment; try again in a second.".to_owned()),
        );
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        return res;
    };
    let LoginForm {
        username,
        password,
        next: asked,
    } = form.into_inner();
    let peer =
        twilio_app_env::http::client_ip(&req, &state.config().proxies).map(|ip| ip.to_string());
    // Argon2 runs on the blocking pool inside `login`; the slot is held until then.
    let session = state
        .auth
        .login(&username, &password, peer.as_deref())
        .await;
    drop(slot);
    match session {
        Ok(session) => HttpResponse::SeeOther()
            .insert_header((header::SET_COOKIE, state.auth.set_cookie(&session)))
            .insert_header((header::LOCATION, after_login(asked.as_deref())))
            .finish(),
        Err(error) => {
            let rejection = twilio_app_auth::AuthRejection(error);
            let status = rejection.status_code();
            tracing::info!(%status, "login refused");
            let mut res = login_form(status, Some(rejection.to_string()));
            // The form shows the wait; clients and proxies read it from the header.
            if let Some(retry) = rejection
                .error_response()
                .headers()
                .get(header::RETRY_AFTER)
            {
                res.headers_mut().insert(header::RETRY_AFTER, retry.clone());
            }
            res
        }
    }
}

/// `POST /logout`: ends the session (a copy of the cookie is refused from now on)
/// and clears the cookie.
pub(crate) async fn logout(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Err(e) = same_origin(&req) {
        return e.error_response();
    }
    match state.auth.logout(&req).await {
        Ok(clear) => HttpResponse::NoContent()
            .insert_header((header::SET_COOKIE, clear))
            .finish(),
        // Not recorded (store down): say so, the cookie would stay valid elsewhere.
        Err(error) => twilio_app_auth::AuthRejection(error).error_response(),
    }
}

/// `GET /app.js`: the pages' one script (no inline handlers anywhere).
pub(crate) async fn app_js(_admin: AdminPage) -> HttpResponse {
    asset("text/javascript; charset=utf-8", APP_JS)
}

/// `GET /vendor/twilio.min.js`: the Voice JS SDK, when click-to-call is on.
pub(crate) async fn voice_sdk(_admin: AdminPage, state: web::Data<AppState>) -> HttpResponse {
    match &state.voice_sdk {
        Some(bytes) => HttpResponse::Ok()
            .content_type("text/javascript; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
            .body(bytes.clone()),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("click-to-call is not configured"),
    }
}

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(body)
}
