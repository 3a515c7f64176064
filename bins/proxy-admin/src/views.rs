//! What the pages show, built from Twilio's answers by plain functions (no I/O), and
//! the askama templates that render it (auto-escaped HTML).

use askama::Template;
use twilio_rest::proxy::interactions::Interaction;
use twilio_rest::proxy::participants::Participant;
use twilio_rest::proxy::phone_numbers::ProxyPhoneNumber;
use twilio_rest::proxy::sessions::{Session, SessionMode, SessionStatus};
use twilio_rest::sid::PhoneNumber;
use twilio_rest::time::Timestamp;

/// One Session's name and Participants, as fetched for the number pool.
#[derive(Debug, Clone)]
pub struct SessionParticipants {
    /// The Session's `unique_name` (or its SID when it has none).
    pub session_name: String,
    /// Its Participants.
    pub participants: Vec<Participant>,
}

/// A Participant holding a proxy number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignedParticipant {
    /// `KP…`
    pub sid: String,
    /// Its friendly name.
    pub friendly_name: String,
    /// Its real identifier (number or channel).
    pub identifier: String,
    /// The name of *its own* Session (the seed showed the last one looped over, §5.5.9).
    pub session_name: String,
}

/// One number of a Service's pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberRow {
    /// `PN…`
    pub sid: String,
    /// The number.
    pub number: String,
    /// Used by at least one Participant.
    pub in_use: bool,
    /// Kept out of automatic assignment.
    pub reserved: bool,
    /// Who uses it, across the Service's Sessions.
    pub assigned: Vec<AssignedParticipant>,
}

impl NumberRow {
    /// The seed's annotation next to the number.
    pub fn label(&self) -> &'static str {
        match (self.in_use, self.reserved) {
            (true, true) => "(In Use and Reserved)",
            (true, false) => "(In Use)",
            (false, true) => "(Reserved)",
            (false, false) => "",
        }
    }
}

/// The pool with each Participant under the number whose `PN…` SID is its
/// `proxy_identifier_sid`, labelled with its own Session's name.
pub fn assign_participants(
    numbers: Vec<ProxyPhoneNumber>,
    sessions: &[SessionParticipants],
) -> Vec<NumberRow> {
    numbers
        .into_iter()
        .map(|n| {
            let assigned = sessions
                .iter()
                .flat_map(|s| s.participants.iter().map(move |p| (s, p)))
                .filter(|(_, p)| p.proxy_identifier_sid.as_ref() == Some(&n.sid))
                .map(|(s, p)| AssignedParticipant {
                    sid: p.sid.as_str().to_owned(),
                    friendly_name: p.friendly_name.clone().unwrap_or_default(),
                    identifier: p.identifier.clone().unwrap_or_default(),
                    session_name: s.session_name.clone(),
                })
                .collect();
            NumberRow {
                sid: n.sid.as_str().to_owned(),
                number: n.phone_number.unwrap_or_default(),
                in_use: n.in_use.unwrap_or(0) > 0,
                reserved: n.is_reserved.unwrap_or(false),
                assigned,
            }
        })
        .collect()
}

/// A Session in the list.
#[derive(Debug, Clone)]
pub(crate) struct SessionRow {
    pub(crate) sid: String,
    pub(crate) name: String,
    pub(crate) status: String,
    pub(crate) mode: String,
    pub(crate) closed: bool,
}

impl From<&Session> for SessionRow {
    fn from(s: &Session) -> Self {
        Self {
            sid: s.sid.as_str().to_owned(),
            name: session_name(s),
            status: s
                .status
                .as_ref()
                .map(|v| v.as_str().to_owned())
                .unwrap_or_default(),
            mode: s
                .mode
                .as_ref()
                .map(|v| v.as_str().to_owned())
                .unwrap_or_default(),
            closed: s.status == Some(SessionStatus::Closed),
        }
    }
}

/// `unique_name`, or the SID for Sessions created without one.
pub(crate) fn session_name(s: &Session) -> String {
    s.unique_name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| s.sid.as_str().to_owned())
}

/// A Participant on its Session's page, with what may be done with it.
#[derive(Debug, Clone)]
pub(crate) struct ParticipantRow {
    pub(crate) sid: String,
    pub(crate) friendly_name: String,
    pub(crate) identifier: String,
    pub(crate) proxy_identifier: String,
    /// Why Dial is not offered, if it is not.
    pub(crate) dial_blocked: Option<&'static str>,
    /// Why Send SMS is not offered, if it is not.
    pub(crate) sms_blocked: Option<&'static str>,
}

/// What the Session allows, read from Twilio (not from the query string, §5.5.12).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SessionRules {
    pub(crate) closed: bool,
    pub(crate) voice: bool,
    pub(crate) message: bool,
    pub(crate) dial_enabled: bool,
}

impl SessionRules {
    pub(crate) fn of(session: &Session, dial_enabled: bool) -> Self {
        let mode = session.mode.clone().unwrap_or(SessionMode::VoiceAndMessage);
        Self {
            closed: session.status == Some(SessionStatus::Closed),
            voice: mode != SessionMode::MessageOnly,
            message: mode != SessionMode::VoiceOnly,
            dial_enabled,
        }
    }
}

/// The rows of the Participants page; Dial and SMS need a second Participant, an
/// open Session and the right mode, and a phone (not chat) identifier.
pub(crate) fn participant_rows(
    participants: &[Participant],
    rules: SessionRules,
    sms_senders: &[PhoneNumber],
) -> Vec<ParticipantRow> {
    let pair = participants.len() > 1;
    participants
        .iter()
        .map(|p| {
            let identifier = p.identifier.clone().unwrap_or_default();
            let phone = crate::e164(&identifier);
            let common = if !pair {
                Some("needs a second participant")
            } else if rules.closed {
                Some("the session is closed; re-open it first")
            } else if phone.is_none() {
                Some("not a phone participant")
            } else {
                None
            };
            let dial_blocked = common.or(if !rules.voice {
                Some("voice is not enabled on this session")
            } else if !rules.dial_enabled {
                Some("click-to-call is not configured")
            } else {
                None
            });
            let sms_blocked = common.or(if !rules.message {
                Some("messaging is not enabled on this session")
            } else if !phone.is_some_and(|n| sms_senders.contains(&n)) {
                Some("this number is not an allowed SMS sender")
            } else {
                None
            });
            ParticipantRow {
                sid: p.sid.as_str().to_owned(),
                friendly_name: p.friendly_name.clone().unwrap_or_default(),
                identifier,
                proxy_identifier: p.proxy_identifier.clone().unwrap_or_default(),
                dial_blocked,
                sms_blocked,
            }
        })
        .collect()
}

/// One row of the Interactions table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InteractionRow {
    pub(crate) kind: &'static str,
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) content: String,
    pub(crate) status: String,
    pub(crate) date: String,
    /// The call to look recordings up for (voice interactions only).
    pub(crate) call_sid: Option<String>,
    /// The first recording found (`RE…`).
    pub(crate) recording: Option<String>,
}

/// The participant's Interactions, skipping (not stopping at, §5.3) those it is not
/// part of; names come from one list of the Session's Participants (no N+1).
pub(crate) fn interaction_rows(
    participant_sid: &str,
    interactions: &[Interaction],
    participants: &[Participant],
) -> Vec<InteractionRow> {
    let label = |sid: Option<&str>| -> String {
        let Some(sid) = sid else {
            return String::new();
        };
        let name = participants
            .iter()
            .find(|p| p.sid.as_str() == sid)
            .and_then(|p| p.friendly_name.clone())
            .unwrap_or_default();
        format!("{name} ({sid})")
    };
    let mut rows = Vec::new();
    for i in interactions {
        let inbound = i.inbound_participant_sid.as_ref().map(|s| s.as_str());
        let outbound = i.outbound_participant_sid.as_ref().map(|s| s.as_str());
        if inbound != Some(participant_sid) && outbound != Some(participant_sid) {
            continue;
        }
        // The API spells types in lower case; compare without case (§5.3's "Voice").
        let kind_raw = i.r#type.as_ref().map(|t| t.as_str()).unwrap_or_default();
        let (kind, voice) = if kind_raw.eq_ignore_ascii_case("voice") {
            ("Voice", true)
        } else if kind_raw.eq_ignore_ascii_case("message") {
            ("SMS", false)
        } else {
            ("Unknown", false)
        };
        rows.push(InteractionRow {
            kind,
            from: label(inbound),
            to: label(outbound),
            content: content(i.data.as_deref()),
            status: i
                .outbound_resource_status
                .as_ref()
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            date: short_date(i.date_updated),
            call_sid: if voice {
                i.inbound_resource_sid
                    .clone()
                    .filter(|s| s.starts_with("CA"))
            } else {
                None
            },
            recording: None,
        });
    }
    rows
}

/// `"<duration> seconds"` for calls, the text for messages (the data is JSON text).
pub(crate) fn content(data: Option<&str>) -> String {
    let Some(value) = data.and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok()) else {
        return String::new();
    };
    if let Some(duration) = value.get("duration").filter(|d| !d.is_null()) {
        let d = duration
            .as_str()
            .map_or_else(|| duration.to_string(), str::to_owned);
        return format!("{d} seconds");
    }
    value
        .get("body")
        .and_then(|b| b.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// `2015-07-30T20:00:00Z` → `07/30/15, 20:00 UTC` (the seed's en-US short form, in UTC
/// so every admin reads the same time); no date, no text.
pub(crate) fn short_date(at: Option<Timestamp>) -> String {
    at.map(|t| t.strftime("%m/%d/%y, %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// Breadcrumb and title shared by the page templates.
#[derive(Debug, Clone, Default)]
pub(crate) struct Nav {
    pub(crate) user: String,
    pub(crate) service_sid: Option<String>,
    pub(crate) session_sid: Option<String>,
}

#[derive(Template)]
#[template(path = "index.html")]
pub(crate) struct IndexPage {
    pub(crate) nav: Nav,
}

#[derive(Template)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    pub(crate) error: Option<String>,
    /// Where to go after login (already checked to be a path on this site).
    pub(crate) next: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct ServiceRow {
    pub(crate) sid: String,
    pub(crate) name: String,
}

#[derive(Template)]
#[template(path = "services.html")]
pub(crate) struct ServicesPage {
    pub(crate) nav: Nav,
    pub(crate) services: Vec<ServiceRow>,
}

#[derive(Template)]
#[template(path = "sessions.html")]
pub(crate) struct SessionsPage {
    pub(crate) nav: Nav,
    pub(crate) service_sid: String,
    /// The Service's unique name (its SID when it has none), for the heading.
    pub(crate) service_name: String,
    pub(crate) sessions: Vec<SessionRow>,
    pub(crate) numbers: Vec<NumberRow>,
}

#[derive(Template)]
#[template(path = "participants.html")]
pub(crate) struct ParticipantsPage {
    pub(crate) nav: Nav,
    pub(crate) service_sid: String,
    pub(crate) session: SessionRow,
    pub(crate) participants: Vec<ParticipantRow>,
    /// Load the Voice SDK: the browser calls through the TwiML App.
    pub(crate) dial_enabled: bool,
    /// Local mode: Dial places a simulated call through the server (`/localCall`).
    pub(crate) local_calls: bool,
}

#[derive(Template)]
#[template(path = "interactions.html")]
pub(crate) struct InteractionsPage {
    pub(crate) nav: Nav,
    pub(crate) participant_name: String,
    pub(crate) participant_sid: String,
    pub(crate) rows: Vec<InteractionRow>,
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage {
    pub(crate) nav: Nav,
    pub(crate) status: u16,
    pub(crate) message: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn participant(sid: char, name: &str, number: &str, pn: Option<char>) -> Participant {
        serde_json::from_value(json!({
            "sid": format!("KP{}", sid.to_string().repeat(32)),
            "friendly_name": name,
            "identifier": number,
            "proxy_identifier": "+15005550001",
            "proxy_identifier_sid": pn.map(|c| format!("PN{}", c.to_string().repeat(32))),
        }))
        .unwrap()
    }

    fn number(sid: char, in_use: i64) -> ProxyPhoneNumber {
        serde_json::from_value(json!({
            "sid": format!("PN{}", sid.to_string().repeat(32)),
            "phone_number": "+15005550001",
            "in_use": in_use,
            "is_reserved": true,
        }))
        .unwrap()
    }

    #[test]
    fn each_participant_keeps_its_own_session_name() {
        let sessions = [
            SessionParticipants {
                session_name: "first".into(),
                participants: vec![participant('a', "Ann", "+15551230001", Some('1'))],
            },
            SessionParticipants {
                session_name: "second".into(),
                participants: vec![
                    participant('b', "Bob", "+15551230002", Some('1')),
                    participant('c', "Cy", "+15551230003", Some('2')),
                ],
            },
        ];
        let rows = assign_participants(
            vec![number('1', 2), number('2', 1), number('3', 0)],
            &sessions,
        );
        let names: Vec<_> = rows[0]
            .assigned
            .iter()
            .map(|a| (a.friendly_name.as_str(), a.session_name.as_str()))
            .collect();
        assert_eq!(names, [("Ann", "first"), ("Bob", "second")]);
        assert_eq!(rows[1].assigned.len(), 1);
        assert!(rows[2].assigned.is_empty());
        assert_eq!(rows[0].label(), "(In Use and Reserved)");
        assert_eq!(rows[2].label(), "(Reserved)");
    }

    fn interaction(kind: &str, inbound: char, outbound: char) -> Interaction {
        serde_json::from_value(json!({
            "sid": format!("KI{}", "0".repeat(32)),
            "type": kind,
            "data": "{\"duration\": \"42\"}",
            "inbound_participant_sid": format!("KP{}", inbound.to_string().repeat(32)),
            "inbound_resource_sid": format!("CA{}", "1".repeat(32)),
            "outbound_participant_sid": format!("KP{}", outbound.to_string().repeat(32)),
            "outbound_resource_status": "completed",
            "date_updated": "2015-07-30T20:05:00Z",
        }))
        .unwrap()
    }

    #[test]
    fn foreign_interactions_are_skipped_not_the_end_of_the_list() {
        let me = format!("KP{}", "a".repeat(32));
        let list = [
            interaction("voice", 'a', 'b'),
            interaction("message", 'c', 'd'),
            interaction("Voice", 'b', 'a'),
        ];
        let people = [
            participant('a', "Ann", "+1555", None),
            participant('b', "Bob", "+1556", None),
        ];
        let rows = interaction_rows(&me, &list, &people);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].kind, "Voice");
        assert_eq!(rows[1].kind, "Voice", "case-insensitive");
        assert_eq!(rows[0].from, format!("Ann ({me})"));
        assert!(rows[0].call_sid.is_some());
        assert_eq!(rows[0].content, "42 seconds");
        assert_eq!(rows[0].date, "07/30/15, 20:05 UTC");
    }

    fn rules(closed: bool, voice: bool, message: bool) -> SessionRules {
        SessionRules {
            closed,
            voice,
            message,
            dial_enabled: true,
        }
    }

    #[test]
    fn dial_and_sms_need_a_pair_an_open_session_the_mode_and_an_allowed_sender() {
        let ann = participant('a', "Ann", "+15551230001", Some('1'));
        let bob = participant('b', "Bob", "+15551230002", Some('1'));
        let chat = participant('c', "chat", &format!("CH{}", "0".repeat(32)), None);
        let senders = [crate::e164("+15551230001").unwrap()];

        let rows = participant_rows(
            std::slice::from_ref(&ann),
            rules(false, true, true),
            &senders,
        );
        assert_eq!(rows[0].dial_blocked, Some("needs a second participant"));

        let pair = [ann.clone(), bob.clone(), chat];
        let rows = participant_rows(&pair, rules(false, true, true), &senders);
        assert_eq!(rows[0].dial_blocked, None);
        assert_eq!(rows[0].sms_blocked, None);
        assert_eq!(
            rows[1].sms_blocked,
            Some("this number is not an allowed SMS sender")
        );
        assert_eq!(rows[2].dial_blocked, Some("not a phone participant"));

        let rows = participant_rows(&pair, rules(true, true, true), &senders);
        assert!(
            rows.iter()
                .all(|r| r.dial_blocked.is_some() && r.sms_blocked.is_some())
        );

        let rows = participant_rows(&pair, rules(false, false, true), &senders);
        assert_eq!(
            rows[0].dial_blocked,
            Some("voice is not enabled on this session")
        );
        assert_eq!(rows[0].sms_blocked, None);

        let rows = participant_rows(&pair, rules(false, true, false), &senders);
        assert_eq!(rows[0].dial_blocked, None);
        assert_eq!(
            rows[0].sms_blocked,
            Some("messaging is not enabled on this session")
        );

        let off = SessionRules {
            dial_enabled: false,
            ..rules(false, true, true)
        };
        let rows = participant_rows(&[ann, bob], off, &senders);
        assert_eq!(
            rows[0].dial_blocked,
            Some("click-to-call is not configured")
        );
    }

    #[test]
    fn messages_are_not_looked_up_for_recordings() {
        let me = format!("KP{}", "a".repeat(32));
        let rows = interaction_rows(&me, &[interaction("message", 'a', 'b')], &[]);
        assert_eq!(rows[0].kind, "SMS");
        assert_eq!(rows[0].call_sid, None);
    }

    #[test]
    fn participants_page_renders_dial_data_and_visible_reasons() {
        let page = ParticipantsPage {
            nav: Nav::default(),
            service_sid: format!("KS{}", "a".repeat(32)),
            session: SessionRow {
                sid: format!("KC{}", "a".repeat(32)),
                name: "Rides".into(),
                status: "open".into(),
                mode: "voice-and-message".into(),
                closed: false,
            },
            participants: participant_rows(
                &[
                    participant('a', "Ann", "+15551230001", Some('1')),
                    participant('b', "Bob", "+15551230002", Some('1')),
                ],
                rules(false, true, true),
                &[crate::e164("+15551230001").unwrap()],
            ),
            dial_enabled: true,
            local_calls: false,
        };
        let html = page.render().unwrap();
        // What app.js reads to ask "Call Ann (+15551230001) through ...?" (the
        // browser test adds a row of exactly this form, as Prism lists none).
        let kp = "a".repeat(32);
        let ks = format!("KS{kp}");
        let kc = format!("KC{kp}");
        let dial = format!(
            "<button type=\"button\" class=\"dial\" data-dial data-service=\"{ks}\" \
             data-session=\"{kc}\" data-participant=\"KP{kp}\" data-name=\"Ann\" \
             data-number=\"+15551230001\" data-proxy=\"+15005550001\">Dial</button>"
        );
        assert!(html.contains(&dial), "{html}");
        // Bob may not send SMS: the reason is text on the page, tied to the button.
        let b = "b".repeat(32);
        assert!(
            html.contains(&format!(
                "<button type=\"button\" disabled aria-describedby=\"why-sms-KP{b}\">Send SMS</button>"
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "<span class=\"why\" id=\"why-sms-KP{b}\">SMS: this number is not an allowed SMS sender</span>"
            )),
            "{html}"
        );
        assert!(
            !html.contains("title="),
            "no reason only in a tooltip: {html}"
        );
        assert!(html.contains("<h1>Participants of Rides</h1>"), "{html}");
        assert!(html.contains("src=\"/vendor/twilio.min.js\""), "{html}");
        assert!(!html.contains("data-local-calls"), "{html}");

        // Local mode: Dial places a simulated call; the SDK is not loaded.
        let local = ParticipantsPage {
            dial_enabled: false,
            local_calls: true,
            ..page
        };
        let html = local.render().unwrap();
        assert!(html.contains(&dial), "{html}");
        assert!(
            html.contains(
                "<dialog id=\"callModal\" aria-labelledby=\"callTitle\" data-local-calls>"
            ),
            "{html}"
        );
        assert!(
            !html.contains("twilio.min.js"),
            "no SDK in local mode: {html}"
        );
    }

    #[test]
    fn participants_and_interactions_pages_escape_names() {
        let evil = "<img src=x onerror=alert(1)>";
        let page = ParticipantsPage {
            nav: Nav::default(),
            service_sid: format!("KS{}", "a".repeat(32)),
            session: SessionRow {
                sid: format!("KC{}", "a".repeat(32)),
                name: evil.into(),
                status: "open".into(),
                mode: "voice-and-message".into(),
                closed: false,
            },
            participants: participant_rows(
                &[
                    participant('a', evil, "+15551230001", None),
                    participant('b', "\"><svg onload=x>", "+15551230002", None),
                ],
                rules(false, true, true),
                &[crate::e164("+15551230001").unwrap()],
            ),
            dial_enabled: true,
            local_calls: false,
        };
        let html = page.render().unwrap();
        assert!(
            !html.contains("<img src=x") && !html.contains("<svg"),
            "{html}"
        );
        assert!(html.contains("data-dial"), "the pair can dial: {html}");
        let page = InteractionsPage {
            nav: Nav::default(),
            participant_name: evil.into(),
            participant_sid: format!("KP{}", "a".repeat(32)),
            rows: vec![InteractionRow {
                kind: "SMS",
                from: evil.into(),
                to: evil.into(),
                content: "</td><script>alert(1)</script>".into(),
                status: "sent".into(),
                date: String::new(),
                call_sid: None,
                recording: Some(format!("RE{}", "a".repeat(32))),
            }],
        };
        let html = page.render().unwrap();
        assert!(
            !html.contains("<img src=x") && !html.contains("<script>alert"),
            "{html}"
        );
        assert!(html.contains(">YES</a>"), "{html}");
    }

    #[test]
    fn content_and_dates() {
        assert_eq!(content(Some("{\"body\":\"hi\"}")), "hi");
        assert_eq!(content(Some("{\"duration\":7}")), "7 seconds");
        assert_eq!(content(Some("not json")), "");
        assert_eq!(short_date(None), "");
        let at = "2015-07-30T20:00:00Z".parse().ok();
        assert_eq!(short_date(at), "07/30/15, 20:00 UTC");
    }

    #[test]
    fn templates_escape_participant_data() {
        let evil = "<img src=x onerror=alert(1)>";
        let page = SessionsPage {
            nav: Nav::default(),
            service_sid: format!("KS{}", "a".repeat(32)),
            service_name: evil.into(),
            sessions: vec![],
            numbers: vec![NumberRow {
                sid: format!("PN{}", "1".repeat(32)),
                number: "+15005550001".into(),
                in_use: true,
                reserved: false,
                assigned: vec![AssignedParticipant {
                    sid: format!("KP{}", "a".repeat(32)),
                    friendly_name: evil.into(),
                    identifier: "\"><script>x</script>".into(),
                    session_name: evil.into(),
                }],
            }],
        };
        let html = page.render().unwrap();
        assert!(!html.contains("<img src=x"), "{html}");
        assert!(!html.contains("<script>x"), "{html}");
        assert!(
            html.contains("&#60;img src=x onerror=alert(1)&#62;"),
            "{html}"
        );
    }
}
