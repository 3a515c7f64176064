//! `proxy.twilio.com/v1`: Services with a number pool, Sessions, Participants,
//! Interactions and Message Interactions. A message a participant sends to its
//! proxy number is relayed to the other participant and becomes an Interaction.

use actix_web::http::Method;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::Shared;
use crate::http::{ApiError, Reply, Req, created, deleted, ok, page_v1};
use crate::store::{iso, sid};

/// Participants a Proxy session may have.
const MAX_PARTICIPANTS: usize = 2;

/// Every Proxy resource, each list in creation order; children carry their
/// parents' SIDs.
#[derive(Debug)]
pub(crate) struct ProxyState {
    account_sid: String,
    services: Vec<Value>,
    numbers: Vec<Value>,
    sessions: Vec<Value>,
    participants: Vec<Value>,
    interactions: Vec<Value>,
    /// Pool numbers handed out so far (the next one is derived from it).
    issued_numbers: u32,
    /// The Callback URL of services created without one (local mode sets the app's).
    pub(crate) default_callback: Option<String>,
}

fn is(item: &Value, field: &str, value: &str) -> bool {
    item[field].as_str() == Some(value)
}

impl ProxyState {
    pub(crate) fn new(account_sid: &str) -> Self {
        Self {
            account_sid: account_sid.to_owned(),
            services: Vec::new(),
            numbers: Vec::new(),
            sessions: Vec::new(),
            participants: Vec::new(),
            interactions: Vec::new(),
            issued_numbers: 0,
            default_callback: None,
        }
    }

    fn find(list: &[Value], sid: &str) -> Option<usize> {
        list.iter().position(|x| is(x, "sid", sid))
    }

    fn add_number(&mut self, base: &str, service: &str, number: Option<&str>) -> Value {
        self.issued_numbers += 1;
        let phone = number.map_or_else(
            || format!("+1555010{:04}", self.issued_numbers),
            str::to_owned,
        );
        let sid = sid("PN");
        let now = iso(Timestamp::now());
        let json = json!({
            "sid": sid,
            "account_sid": self.account_sid,
            "service_sid": service,
            "date_created": now,
            "date_updated": now,
            "phone_number": phone,
            "friendly_name": phone,
            "iso_country": "US",
            "capabilities": {"fax": false, "mms": true, "sms": true, "voice": true},
            "url": format!("{base}/v1/Services/{service}/PhoneNumbers/{sid}"),
            "is_reserved": false,
            "in_use": 0,
        });
        self.numbers.push(json.clone());
        json
    }

    /// Recounts `in_use` of a service's numbers from its participants.
    fn recount(&mut self, service: &str) {
        for number in self
            .numbers
            .iter_mut()
            .filter(|n| is(n, "service_sid", service))
        {
            let used = self
                .participants
                .iter()
                .filter(|p| p["proxy_identifier_sid"] == number["sid"])
                .count();
            number["in_use"] = json!(used);
        }
    }
}

pub(crate) fn route(shared: &Shared, req: &Req<'_>, rest: &[&str]) -> Reply {
    let base = shared.base_url.as_str();
    let mut store = shared.store();
    let p = &mut store.proxy;
    let m = req.method;
    let service_exists = |p: &ProxyState, sid: &str| ProxyState::find(&p.services, sid).is_some();
    match rest {
        [] if m == Method::GET => {
            let items = p.services.clone();
            drop(store);
            page_v1(shared, req, "services", items)
        }
        [] if m == Method::POST => create_service(p, base, req),
        [service] => {
            let i = ProxyState::find(&p.services, service)
                .ok_or_else(|| ApiError::not_found(req.path))?;
            match *m {
                Method::GET => ok(p.services[i].clone()),
                Method::DELETE => {
                    p.services.remove(i);
                    p.numbers.retain(|x| !is(x, "service_sid", service));
                    p.sessions.retain(|x| !is(x, "service_sid", service));
                    p.participants.retain(|x| !is(x, "service_sid", service));
                    p.interactions.retain(|x| !is(x, "service_sid", service));
                    deleted()
                }
                _ => {
                    let s = &mut p.services[i];
                    for (param, field) in [
                        ("UniqueName", "unique_name"),
                        ("CallbackUrl", "callback_url"),
                        ("GeoMatchLevel", "geo_match_level"),
                        ("NumberSelectionBehavior", "number_selection_behavior"),
                    ] {
                        if let Some(v) = req.form.get(param) {
                            s[field] = json!(v);
                        }
                    }
                    s["date_updated"] = json!(iso(Timestamp::now()));
                    ok(s.clone())
                }
            }
        }
        [service, "PhoneNumbers"] if service_exists(p, service) => {
            if m == Method::POST {
                let number = req.form.get("PhoneNumber");
                if let Some(n) = number
                    && p.numbers
                        .iter()
                        .any(|x| is(x, "service_sid", service) && is(x, "phone_number", n))
                {
                    return Err(ApiError::bad(
                        80104,
                        "Phone Number is already in the Service's pool",
                    ));
                }
                created(p.add_number(base, service, number))
            } else {
                let items = p
                    .numbers
                    .iter()
                    .filter(|x| is(x, "service_sid", service))
                    .cloned()
                    .collect();
                drop(store);
                page_v1(shared, req, "phone_numbers", items)
            }
        }
        [service, "PhoneNumbers", number] if service_exists(p, service) => {
            let i = p
                .numbers
                .iter()
                .position(|x| is(x, "sid", number) && is(x, "service_sid", service))
                .ok_or_else(|| ApiError::not_found(req.path))?;
            match *m {
                Method::GET => ok(p.numbers[i].clone()),
                Method::DELETE => {
                    p.numbers.remove(i);
                    deleted()
                }
                _ => {
                    if let Some(v) = req.form.get("IsReserved") {
                        p.numbers[i]["is_reserved"] = json!(v == "true");
                    }
                    p.numbers[i]["date_updated"] = json!(iso(Timestamp::now()));
                    ok(p.numbers[i].clone())
                }
            }
        }
        [service, "Sessions"] if service_exists(p, service) => {
            if m == Method::POST {
                create_session(p, base, service, req)
            } else {
                let items = p
                    .sessions
                    .iter()
                    .filter(|x| is(x, "service_sid", service))
                    .cloned()
                    .collect();
                drop(store);
                page_v1(shared, req, "sessions", items)
            }
        }
        [service, "Sessions", session, tail @ ..] if service_exists(p, service) => {
            let i = p
                .sessions
                .iter()
                .position(|x| is(x, "sid", session) && is(x, "service_sid", service))
                .ok_or_else(|| ApiError::not_found(req.path))?;
            session_routes(shared, p, base, i, tail, req)
        }
        _ => Err(ApiError::not_found(req.path)),
    }
}

fn create_service(p: &mut ProxyState, base: &str, req: &Req<'_>) -> Reply {
    let f = &req.form;
    let name = f.get("UniqueName").ok_or_else(|| {
        ApiError::bad(
            20001,
            "Missing required parameter UniqueName in the post body",
        )
    })?;
    if p.services.iter().any(|s| is(s, "unique_name", name)) {
        return Err(ApiError::bad(80601, "Service UniqueName must be unique"));
    }
    let sid = sid("KS");
    let now = iso(Timestamp::now());
    let json = json!({
        "sid": sid,
        "unique_name": name,
        "account_sid": p.account_sid,
        "chat_instance_sid": f.get("ChatInstanceSid"),
        "callback_url": f.get("CallbackUrl").map(str::to_owned).or_else(|| p.default_callback.clone()),
        "default_ttl": f.get("DefaultTtl").and_then(|v| v.parse::<u32>().ok()).unwrap_or(0),
        "number_selection_behavior": f.get("NumberSelectionBehavior").unwrap_or("prefer-sticky"),
        "geo_match_level": f.get("GeoMatchLevel").unwrap_or("country"),
        "intercept_callback_url": f.get("InterceptCallbackUrl"),
        "out_of_session_callback_url": f.get("OutOfSessionCallbackUrl"),
        "date_created": now,
        "date_updated": now,
        "url": format!("{base}/v1/Services/{sid}"),
        "links": {
            "sessions": format!("{base}/v1/Services/{sid}/Sessions"),
            "phone_numbers": format!("{base}/v1/Services/{sid}/PhoneNumbers"),
            "short_codes": format!("{base}/v1/Services/{sid}/ShortCodes"),
        },
    });
    p.services.push(json.clone());
    // A pool to start with: a real account adds its own numbers.
    p.add_number(base, &sid, None);
    p.add_number(base, &sid, None);
    created(json)
}

fn create_session(p: &mut ProxyState, base: &str, service: &str, req: &Req<'_>) -> Reply {
    let f = &req.form;
    let name = f.get("UniqueName");
    if let Some(n) = name
        && p.sessions
            .iter()
            .any(|s| is(s, "service_sid", service) && is(s, "unique_name", n))
    {
        return Err(ApiError::bad(80603, "Session UniqueName must be unique"));
    }
    let mode = f.get("Mode").unwrap_or("voice-and-message");
    if !["voice-and-message", "voice-only", "message-only"].contains(&mode) {
        return Err(ApiError::bad(20001, format!("Invalid Mode: {mode}")));
    }
    let ttl = match f.get("Ttl") {
        None => 0,
        Some(v) => v
            .parse::<u32>()
            .map_err(|_| ApiError::bad(20001, "Ttl must be a whole number of seconds"))?,
    };
    let sid = sid("KC");
    let now = Timestamp::now();
    let expiry = (ttl > 0).then(|| iso(now + jiff::SignedDuration::from_secs(i64::from(ttl))));
    let json = json!({
        "sid": sid,
        "service_sid": service,
        "account_sid": p.account_sid,
        "date_started": iso(now),
        "date_ended": null,
        "date_last_interaction": null,
        "date_expiry": f.get("DateExpiry").map(str::to_owned).or(expiry),
        "unique_name": name.unwrap_or(&sid),
        "status": f.get("Status").unwrap_or("open"),
        "closed_reason": null,
        "ttl": ttl,
        "mode": mode,
        "date_created": iso(now),
        "date_updated": iso(now),
        "url": format!("{base}/v1/Services/{service}/Sessions/{sid}"),
        "links": {
            "interactions": format!("{base}/v1/Services/{service}/Sessions/{sid}/Interactions"),
            "participants": format!("{base}/v1/Services/{service}/Sessions/{sid}/Participants"),
        },
    });
    p.sessions.push(json.clone());
    created(json)
}

fn session_routes(
    shared: &Shared,
    p: &mut ProxyState,
    base: &str,
    i: usize,
    tail: &[&str],
    req: &Req<'_>,
) -> Reply {
    let m = req.method;
    let session_sid = p.sessions[i]["sid"].as_str().unwrap_or_default().to_owned();
    let service = p.sessions[i]["service_sid"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    match tail {
        [] => match *m {
            Method::GET => ok(p.sessions[i].clone()),
            Method::DELETE => {
                p.sessions.remove(i);
                p.participants
                    .retain(|x| !is(x, "session_sid", &session_sid));
                p.interactions
                    .retain(|x| !is(x, "session_sid", &session_sid));
                p.recount(&service);
                deleted()
            }
            _ => {
                let now = iso(Timestamp::now());
                let s = &mut p.sessions[i];
                match req.form.get("Status") {
                    Some("closed") => {
                        s["status"] = json!("closed");
                        s["date_ended"] = json!(now);
                        s["closed_reason"] = json!("api");
                    }
                    Some("in-progress") => {
                        s["status"] = json!("in-progress");
                        s["date_ended"] = Value::Null;
                        s["closed_reason"] = Value::Null;
                    }
                    Some(other) => {
                        return Err(ApiError::bad(20001, format!("Invalid Status: {other}")));
                    }
                    None => {}
                }
                if let Some(ttl) = req.form.get("Ttl").and_then(|v| v.parse::<u32>().ok()) {
                    s["ttl"] = json!(ttl);
                }
                s["date_updated"] = json!(now);
                ok(s.clone())
            }
        },
        ["Participants"] => {
            if m == Method::POST {
                create_participant(p, base, &service, &session_sid, req)
            } else {
                let items = p
                    .participants
                    .iter()
                    .filter(|x| is(x, "session_sid", &session_sid))
                    .cloned()
                    .collect();
                page_v1(shared, req, "participants", items)
            }
        }
        ["Participants", participant] => {
            let j = p
                .participants
                .iter()
                .position(|x| is(x, "sid", participant) && is(x, "session_sid", &session_sid))
                .ok_or_else(|| ApiError::not_found(req.path))?;
            match *m {
                Method::GET => ok(p.participants[j].clone()),
                Method::DELETE => {
                    p.participants.remove(j);
                    p.recount(&service);
                    // Twilio's spec answers 200 (empty) here, not 204.
                    Ok((actix_web::http::StatusCode::OK, Value::Null))
                }
                _ => Err(ApiError::not_found(req.path)),
            }
        }
        [
            "Participants",
            participant,
            "MessageInteractions",
            rest @ ..,
        ] => {
            let target = p
                .participants
                .iter()
                .find(|x| is(x, "sid", participant) && is(x, "session_sid", &session_sid))
                .cloned()
                .ok_or_else(|| ApiError::not_found(req.path))?;
            let mine = |x: &&Value| {
                is(x, "outbound_participant_sid", participant) && is(x, "session_sid", &session_sid)
            };
            match (rest, m) {
                ([], &Method::POST) => {
                    let body = req.form.get("Body").unwrap_or("");
                    if body.is_empty() && req.form.get("MediaUrl").is_none() {
                        return Err(ApiError::bad(21602, "Message body is required."));
                    }
                    let to = target["identifier"].as_str().unwrap_or_default().to_owned();
                    let from = target["proxy_identifier"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned();
                    let message = sid("SM");
                    let interaction = interaction(
                        p,
                        base,
                        &p.sessions[i].clone(),
                        None,
                        Some((&target, &message)),
                        body,
                    );
                    p.interactions.push(interaction.clone());
                    touch_session(&mut p.sessions[i]);
                    let runner = shared.clone();
                    let body = body.to_owned();
                    actix_web::rt::spawn(async move {
                        crate::api::store_message(&runner, &to, &from, &body, 0, "outbound-api");
                    });
                    // Twilio's spec answers 200 here, not 201.
                    ok(message_interaction(interaction, participant))
                }
                ([], _) => {
                    let items = p
                        .interactions
                        .iter()
                        .filter(mine)
                        .map(|x| message_interaction(x.clone(), participant))
                        .collect();
                    page_v1(shared, req, "interactions", items)
                }
                ([sid], &Method::GET) => p
                    .interactions
                    .iter()
                    .filter(mine)
                    .find(|x| is(x, "sid", sid))
                    .map(|x| message_interaction(x.clone(), participant))
                    .map_or_else(|| Err(ApiError::not_found(req.path)), ok),
                _ => Err(ApiError::not_found(req.path)),
            }
        }
        ["Interactions"] => {
            let items = p
                .interactions
                .iter()
                .filter(|x| is(x, "session_sid", &session_sid))
                .rev()
                .cloned()
                .collect();
            page_v1(shared, req, "interactions", items)
        }
        ["Interactions", interaction] => {
            let j = p
                .interactions
                .iter()
                .position(|x| is(x, "sid", interaction) && is(x, "session_sid", &session_sid))
                .ok_or_else(|| ApiError::not_found(req.path))?;
            match *m {
                Method::GET => ok(p.interactions[j].clone()),
                Method::DELETE => {
                    p.interactions.remove(j);
                    deleted()
                }
                _ => Err(ApiError::not_found(req.path)),
            }
        }
        _ => Err(ApiError::not_found(req.path)),
    }
}

fn create_participant(
    p: &mut ProxyState,
    base: &str,
    service: &str,
    session: &str,
    req: &Req<'_>,
) -> Reply {
    let f = &req.form;
    let identifier = f.get("Identifier").ok_or_else(|| {
        ApiError::bad(
            20001,
            "Missing required parameter Identifier in the post body",
        )
    })?;
    let members: Vec<&Value> = p
        .participants
        .iter()
        .filter(|x| is(x, "session_sid", session))
        .collect();
    if members.len() >= MAX_PARTICIPANTS {
        return Err(ApiError::bad(
            80609,
            "Participant limit reached for this Session",
        ));
    }
    if members.iter().any(|x| is(x, "identifier", identifier)) {
        return Err(ApiError::bad(
            80103,
            "Participant is already in this Session",
        ));
    }
    // A pool number this identifier does not already use in another open session of
    // the service, preferring the one asked for.
    let busy: Vec<String> = p
        .participants
        .iter()
        .filter(|x| is(x, "service_sid", service) && is(x, "identifier", identifier))
        .filter_map(|x| x["proxy_identifier"].as_str().map(str::to_owned))
        .collect();
    let number = p
        .numbers
        .iter()
        .filter(|n| is(n, "service_sid", service))
        .find(|n| match f.get("ProxyIdentifier") {
            Some(wanted) => is(n, "phone_number", wanted),
            None => {
                n["is_reserved"] != json!(true) && !busy.iter().any(|b| is(n, "phone_number", b))
            }
        })
        .cloned()
        .ok_or_else(|| {
            ApiError::bad(80207, "No proxy number is available in the Service's pool")
        })?;
    let sid = sid("KP");
    let now = iso(Timestamp::now());
    let url = format!("{base}/v1/Services/{service}/Sessions/{session}/Participants/{sid}");
    let json = json!({
        "sid": sid,
        "session_sid": session,
        "service_sid": service,
        "account_sid": p.account_sid,
        "friendly_name": f.get("FriendlyName"),
        "identifier": identifier,
        "proxy_identifier": number["phone_number"],
        "proxy_identifier_sid": number["sid"],
        "date_deleted": null,
        "date_created": now,
        "date_updated": now,
        "links": {"message_interactions": format!("{url}/MessageInteractions")},
        "url": url,
    });
    p.participants.push(json.clone());
    p.recount(service);
    created(json)
}

fn touch_session(session: &mut Value) {
    let now = iso(Timestamp::now());
    session["date_last_interaction"] = json!(now);
    session["date_updated"] = json!(now);
    if is(session, "status", "open") {
        session["status"] = json!("in-progress");
    }
}

/// A message Interaction: `inbound` is the sender and its message, `outbound` the
/// receiver and the relayed message.
fn interaction(
    p: &ProxyState,
    base: &str,
    session: &Value,
    inbound: Option<(&Value, &str)>,
    outbound: Option<(&Value, &str)>,
    body: &str,
) -> Value {
    let sid = sid("KI");
    let now = iso(Timestamp::now());
    let service = session["service_sid"].as_str().unwrap_or_default();
    let session_sid = session["sid"].as_str().unwrap_or_default();
    let account = &p.account_sid;
    let url_of = |m: &str| format!("{base}/2010-04-01/Accounts/{account}/Messages/{m}.json");
    json!({
        "sid": sid,
        "session_sid": session_sid,
        "service_sid": service,
        "account_sid": account,
        "data": json!({"body": body}).to_string(),
        "type": "message",
        "inbound_participant_sid": inbound.map(|(x, _)| x["sid"].clone()),
        "inbound_resource_sid": inbound.map(|(_, m)| m),
        "inbound_resource_status": if inbound.is_some() { "received" } else { "unknown" },
        "inbound_resource_type": inbound.map(|_| "Message"),
        "inbound_resource_url": inbound.map(|(_, m)| url_of(m)),
        "outbound_participant_sid": outbound.map(|(x, _)| x["sid"].clone()),
        "outbound_resource_sid": outbound.map(|(_, m)| m),
        "outbound_resource_status": if outbound.is_some() { "sent" } else { "unknown" },
        "outbound_resource_type": outbound.map(|_| "Message"),
        "outbound_resource_url": outbound.map(|(_, m)| url_of(m)),
        "date_created": now,
        "date_updated": now,
        "url": format!("{base}/v1/Services/{service}/Sessions/{session_sid}/Interactions/{sid}"),
    })
}

/// An Interaction seen as a participant's Message Interaction.
fn message_interaction(mut interaction: Value, participant: &str) -> Value {
    interaction["participant_sid"] = json!(participant);
    if let Some(url) = interaction["url"].as_str().map(str::to_owned) {
        let sid = interaction["sid"].as_str().unwrap_or_default().to_owned();
        let session_url = url
            .split("/Interactions/")
            .next()
            .unwrap_or_default()
            .to_owned();
        interaction["url"] = json!(format!(
            "{session_url}/Participants/{participant}/MessageInteractions/{sid}"
        ));
    }
    interaction
}

/// After a message was sent: if `from` is a participant writing to its proxy
/// number in an open session, relay it to the other participant(s), record the
/// Interaction and call the service's Callback URL.
pub(crate) async fn relay_message(
    shared: &Shared,
    message: &str,
    from: &str,
    to: &str,
    body: &str,
) {
    let base = shared.base_url.clone();
    let relayed = {
        let mut store = shared.store();
        let p = &mut store.proxy;
        let Some(sender) = p
            .participants
            .iter()
            .find(|x| is(x, "identifier", from) && is(x, "proxy_identifier", to))
            .cloned()
        else {
            return;
        };
        let session_sid = sender["session_sid"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let Some(i) = ProxyState::find(&p.sessions, &session_sid) else {
            return;
        };
        let session = p.sessions[i].clone();
        if is(&session, "status", "closed") || is(&session, "mode", "voice-only") {
            return;
        }
        let Some(receiver) = p
            .participants
            .iter()
            .find(|x| {
                is(x, "session_sid", &session_sid)
                    && !is(x, "sid", sender["sid"].as_str().unwrap_or_default())
            })
            .cloned()
        else {
            return;
        };
        let outbound = sid("SM");
        let record = interaction(
            p,
            &base,
            &session,
            Some((&sender, message)),
            Some((&receiver, &outbound)),
            body,
        );
        p.interactions.push(record.clone());
        touch_session(&mut p.sessions[i]);
        let callback = p
            .services
            .iter()
            .find(|s| s["sid"] == session["service_sid"])
            .and_then(|s| s["callback_url"].as_str().map(str::to_owned));
        (record, receiver, callback)
    };
    let (record, receiver, callback) = relayed;
    let to = receiver["identifier"].as_str().unwrap_or_default();
    let from = receiver["proxy_identifier"].as_str().unwrap_or_default();
    crate::api::store_message(shared, to, from, body, 0, "outbound-api");
    if let Some(url) = callback {
        let field = |name: &str| record[name].as_str().unwrap_or_default().to_owned();
        let params = vec![
            (
                "interactionAccountSid".to_owned(),
                shared.account_sid.clone(),
            ),
            ("interactionServiceSid".to_owned(), field("service_sid")),
            ("interactionSessionSid".to_owned(), field("session_sid")),
            ("interactionSid".to_owned(), field("sid")),
            ("interactionType".to_owned(), "message".to_owned()),
            ("interactionData".to_owned(), field("data")),
            (
                "inboundParticipantSid".to_owned(),
                field("inbound_participant_sid"),
            ),
            (
                "inboundResourceSid".to_owned(),
                field("inbound_resource_sid"),
            ),
            (
                "inboundResourceStatus".to_owned(),
                field("inbound_resource_status"),
            ),
            ("inboundResourceType".to_owned(), "Message".to_owned()),
            (
                "outboundParticipantSid".to_owned(),
                field("outbound_participant_sid"),
            ),
            (
                "outboundResourceSid".to_owned(),
                field("outbound_resource_sid"),
            ),
            (
                "outboundResourceStatus".to_owned(),
                field("outbound_resource_status"),
            ),
            ("outboundResourceType".to_owned(), "Message".to_owned()),
        ];
        crate::api::deliver(shared, &url, &params).await;
    }
}
