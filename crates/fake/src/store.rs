//! The fake account's state, and the SIDs and timestamps it hands out.

use jiff::Timestamp;
use serde_json::Value;

use crate::proxy::ProxyState;
use crate::taskrouter::TaskRouterState;

/// A fresh SID: `prefix` and 32 lower-case hex digits, like Twilio's.
pub fn sid(prefix: &str) -> String {
    format!("{prefix}{}", uuid::Uuid::new_v4().simple())
}

/// RFC 2822 in UTC, as the 2010-04-01 API writes dates.
pub(crate) fn rfc2822(at: Timestamp) -> String {
    at.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// ISO 8601 in UTC without fractions, as the v1 APIs write dates.
pub(crate) fn iso(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Everything the fake account holds.
#[derive(Debug)]
pub(crate) struct Store {
    /// The account's own numbers: callers and senders.
    pub(crate) owned_numbers: Vec<String>,
    pub(crate) calls: Vec<Call>,
    pub(crate) messages: Vec<Value>,
    pub(crate) recordings: Vec<Recording>,
    pub(crate) proxy: ProxyState,
    pub(crate) taskrouter: TaskRouterState,
}

impl Store {
    pub(crate) fn new(account_sid: &str) -> Self {
        Self {
            owned_numbers: vec!["+15005550006".into(), "+15005550001".into()],
            calls: Vec::new(),
            messages: Vec::new(),
            recordings: Vec::new(),
            proxy: ProxyState::new(account_sid),
            taskrouter: TaskRouterState::new(account_sid),
        }
    }

    pub(crate) fn call_mut(&mut self, sid: &str) -> Option<&mut Call> {
        self.calls.iter_mut().find(|c| c.sid() == sid)
    }
}

/// Where a call is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Queued,
    Initiated,
    Ringing,
    InProgress,
    /// `completed`, `canceled`, `busy`, `failed`, `no-answer`.
    Over,
}

/// A call: its resource JSON and what drives its progress.
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) json: Value,
    pub(crate) stage: Stage,
    pub(crate) url: Option<String>,
    /// Inline TwiML given at create.
    pub(crate) twiml: Option<String>,
    /// Answered and waiting (in a queue or a dial) until someone hangs up.
    pub(crate) held: bool,
    pub(crate) status_callback: Option<String>,
    /// The requested `StatusCallbackEvent`s (`completed` is always sent).
    pub(crate) events: Vec<String>,
    /// A hang-up asked for while the call was on its way.
    pub(crate) end_requested: bool,
    pub(crate) sequence: u32,
    pub(crate) answered_at: Option<Timestamp>,
}

impl Call {
    pub(crate) fn sid(&self) -> &str {
        self.json["sid"].as_str().unwrap_or_default()
    }

    pub(crate) fn field(&self, name: &str) -> String {
        self.json[name].as_str().unwrap_or_default().to_owned()
    }
}

/// A call recording.
#[derive(Debug)]
pub(crate) struct Recording {
    pub(crate) sid: String,
    pub(crate) call_sid: String,
    pub(crate) account_sid: String,
    pub(crate) created: Timestamp,
    pub(crate) ended: Option<Timestamp>,
}

impl Recording {
    fn duration(&self) -> Option<String> {
        self.ended.map(|end| {
            (end.as_second() - self.created.as_second())
                .max(1)
                .to_string()
        })
    }

    fn status(&self) -> &'static str {
        if self.ended.is_some() {
            "completed"
        } else {
            "in-progress"
        }
    }

    fn uri(&self) -> String {
        format!(
            "/2010-04-01/Accounts/{}/Recordings/{}.json",
            self.account_sid, self.sid
        )
    }

    /// The `Recordings` resource shape.
    pub(crate) fn json(&self) -> Value {
        serde_json::json!({
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "call_sid": self.call_sid,
            "conference_sid": null,
            "date_created": rfc2822(self.created),
            "date_updated": rfc2822(self.ended.unwrap_or(self.created)),
            "start_time": rfc2822(self.created),
            "duration": self.duration(),
            "sid": self.sid,
            "price": null,
            "price_unit": "USD",
            "status": self.status(),
            "channels": 1,
            "source": "StartCallRecordingAPI",
            "error_code": null,
            "uri": self.uri(),
            "encryption_details": null,
            "subresource_uris": {
                "add_on_results": format!("/2010-04-01/Accounts/{}/Recordings/{}/AddOnResults.json", self.account_sid, self.sid),
                "transcriptions": format!("/2010-04-01/Accounts/{}/Recordings/{}/Transcriptions.json", self.account_sid, self.sid),
            },
            "media_url": format!("https://api.twilio.com{}", self.uri().trim_end_matches(".json")),
        })
    }

    /// The `Calls/{CallSid}/Recordings` resource shape.
    pub(crate) fn call_json(&self) -> Value {
        serde_json::json!({
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "call_sid": self.call_sid,
            "conference_sid": null,
            "date_created": rfc2822(self.created),
            "date_updated": rfc2822(self.ended.unwrap_or(self.created)),
            "start_time": rfc2822(self.created),
            "duration": self.duration(),
            "sid": self.sid,
            "price": null,
            "uri": format!("/2010-04-01/Accounts/{}/Calls/{}/Recordings/{}.json", self.account_sid, self.call_sid, self.sid),
            "encryption_details": null,
            "price_unit": "USD",
            "status": self.status(),
            "channels": 1,
            "source": "StartCallRecordingAPI",
            "error_code": null,
            "track": "both",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sids_are_prefixed_hex_of_twilio_length() {
        let a = sid("CA");
        assert_eq!(a.len(), 34);
        assert!(a.starts_with("CA"));
        assert!(a[2..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, sid("CA"));
    }

    #[test]
    fn dates_are_written_like_twilio() {
        let at: Timestamp = "2019-10-18T17:00:00Z".parse().unwrap();
        assert_eq!(rfc2822(at), "Fri, 18 Oct 2019 17:00:00 +0000");
        assert_eq!(iso(at), "2019-10-18T17:00:00Z");
    }
}
