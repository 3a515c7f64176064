//! The core 2010-04-01 API (`api.twilio.com`): Calls (and, on a live call, recordings,
//! media streams, SIPREC, real-time transcriptions, payments, user-defined messages;
//! notifications and events), Messages (media, feedback), Recordings (transcriptions,
//! add-on results), Conferences (participants, recordings).
//!
//! ```no_run
//! # async fn run(client: twilio_rest::Client) -> Result<(), twilio_rest::Error> {
//! use twilio_rest::api::calls::{CallEvent, CallInstructions, CreateCall};
//! use twilio_rest::sid::PhoneNumber;
//!
//! let params = CreateCall::new(
//!     PhoneNumber::new("+15005550006")?,
//!     PhoneNumber::new("+15005550001")?,
//!     CallInstructions::twiml("<Response><Say>Hello</Say></Response>"),
//! )
//! .status_callback("https://example.com/status")
//! .status_callback_event([CallEvent::Initiated, CallEvent::Answered]);
//! let call = client.api().calls().create(&params).await?;
//! println!("{} is {:?}", call.sid, call.status);
//! # Ok(()) }
//! ```

pub mod calls;
pub mod conferences;
pub mod live;
pub mod messages;
pub mod recordings;
pub mod voice;

use crate::client::Client;
use crate::form::segment;
use crate::sid::{AccountSid, CallSid, ConferenceSid, MessageSid, RecordingSid};

/// The 2010-04-01 API for one account (by default the client's).
#[derive(Debug, Clone)]
pub struct Api {
    pub(crate) client: Client,
    account: AccountSid,
}

impl Client {
    /// The 2010-04-01 API (Calls, Messages, Recordings, Conferences) of the client's
    /// account.
    pub fn api(&self) -> Api {
        Api {
            client: self.clone(),
            account: self.account_sid().clone(),
        }
    }
}

impl Api {
    /// The same API acting on another account (a subaccount).
    #[must_use]
    pub fn account(mut self, sid: AccountSid) -> Self {
        self.account = sid;
        self
    }

    /// `/2010-04-01/Accounts/{AccountSid}/{rest}`.
    pub(crate) fn path(&self, rest: &str) -> String {
        format!(
            "/2010-04-01/Accounts/{}/{rest}",
            segment(self.account.as_str())
        )
    }

    /// Calls: create and list.
    pub fn calls(&self) -> calls::Calls {
        calls::Calls::new(self.clone())
    }

    /// One call.
    pub fn call(&self, sid: CallSid) -> calls::CallRef {
        calls::CallRef::new(self.clone(), sid)
    }

    /// Messages: create and list.
    pub fn messages(&self) -> messages::Messages {
        messages::Messages::new(self.clone())
    }

    /// One message.
    pub fn message(&self, sid: MessageSid) -> messages::MessageRef {
        messages::MessageRef::new(self.clone(), sid)
    }

    /// The account's recordings.
    pub fn recordings(&self) -> recordings::Recordings {
        recordings::Recordings::new(self.clone())
    }

    /// One recording.
    pub fn recording(&self, sid: RecordingSid) -> recordings::RecordingRef {
        recordings::RecordingRef::new(self.clone(), sid)
    }

    /// Conferences.
    pub fn conferences(&self) -> conferences::Conferences {
        conferences::Conferences::new(self.clone())
    }

    /// One conference and its participants.
    pub fn conference(&self, sid: ConferenceSid) -> conferences::ConferenceRef {
        conferences::ConferenceRef::new(self.clone(), sid)
    }
}
