//! Proxy v1 (`proxy.twilio.com`): Services, Sessions, Participants, Interactions,
//! proxy phone numbers and Message Interactions.
//!
//! A Service owns a pool of proxy numbers; a Session connects Participants, each
//! reaching the others through a proxy number so no real number is revealed.
//!
//! ```no_run
//! # async fn run(client: twilio_rest::Client) -> Result<(), twilio_rest::Error> {
//! use twilio_rest::proxy::participants::CreateParticipant;
//! use twilio_rest::proxy::phone_numbers::AddPhoneNumber;
//! use twilio_rest::proxy::services::CreateService;
//! use twilio_rest::proxy::sessions::{CreateSession, SessionMode};
//! use twilio_rest::sid::PhoneNumberSid;
//!
//! let proxy = client.proxy();
//! let service = proxy.services().create(&CreateService::new("rideshare").default_ttl(3600)).await?;
//! let service = proxy.service(service.sid);
//! service
//!     .phone_numbers()
//!     .add(&AddPhoneNumber::default().sid(PhoneNumberSid::new("PN00000000000000000000000000000000")?))
//!     .await?;
//! let session = service
//!     .sessions()
//!     .create(&CreateSession::default().unique_name("ride-42").mode(SessionMode::VoiceAndMessage))
//!     .await?;
//! let session = service.session(session.sid);
//! for number in ["+15005550006", "+15005550001"] {
//!     let p = session.participants().create(&CreateParticipant::new(number)).await?;
//!     println!("{} talks through {:?}", number, p.proxy_identifier);
//! }
//! # Ok(()) }
//! ```

pub mod interactions;
pub mod message_interactions;
pub mod participants;
pub mod phone_numbers;
pub mod services;
pub mod sessions;

use crate::client::Client;
use crate::sid::ProxyServiceSid;

/// The Proxy v1 API.
#[derive(Debug, Clone)]
pub struct Proxy {
    client: Client,
}

impl Client {
    /// The Proxy v1 API (Services, Sessions, Participants, Interactions, proxy numbers).
    pub fn proxy(&self) -> Proxy {
        Proxy {
            client: self.clone(),
        }
    }
}

impl Proxy {
    /// The account's Services: create and list.
    pub fn services(&self) -> services::Services {
        services::Services::new(self.client.clone())
    }

    /// One Service, its Sessions and its proxy numbers.
    pub fn service(&self, sid: ProxyServiceSid) -> services::ServiceRef {
        services::ServiceRef::new(self.client.clone(), sid)
    }
}
