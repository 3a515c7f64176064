//! Sync v1 (`sync.twilio.com`): Services, Documents, Maps and Map Items, Lists and
//! List Items.
//!
//! Documents, maps and lists are addressed by SID or by unique name ([`SyncId`]).
//!
//! ```no_run
//! # async fn run(client: twilio_rest::Client) -> Result<(), twilio_rest::Error> {
//! use serde_json::json;
//! use twilio_rest::sync::documents::{CreateDocument, UpdateDocument};
//!
//! let service = client.sync().service("IS00000000000000000000000000000000".parse()?);
//! let doc = service
//!     .documents()
//!     .create(&CreateDocument::default().unique_name("presence").data(json!({"online": []})))
//!     .await?;
//! // Optimistic concurrency: only update the revision we read.
//! let revision = doc.revision.clone().unwrap_or_default();
//! service
//!     .document("presence")
//!     .update(&UpdateDocument::default().data(json!({"online": ["alice"]})).if_match(revision))
//!     .await?;
//! # Ok(()) }
//! ```

pub mod documents;
pub mod items;
pub mod lists;
pub mod maps;
pub mod permissions;
pub mod services;

use crate::client::Client;
use crate::form::segment;
use crate::sid::{SyncDocumentSid, SyncListSid, SyncMapSid, SyncServiceSid};

/// The Sync API.
#[derive(Debug, Clone)]
pub struct Sync {
    pub(crate) client: Client,
}

impl Client {
    /// The Sync v1 API.
    pub fn sync(&self) -> Sync {
        Sync {
            client: self.clone(),
        }
    }
}

impl Sync {
    /// Services: create and list.
    pub fn services(&self) -> services::Services {
        services::Services::new(self.clone())
    }

    /// One service and its documents, maps and lists.
    pub fn service(&self, sid: SyncServiceSid) -> ServiceRef {
        ServiceRef {
            client: self.client.clone(),
            sid,
        }
    }
}

/// A document, map or list: its SID or its unique name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncId(String);

impl SyncId {
    /// The identifier as a percent-encoded path segment.
    pub(crate) fn segment(&self) -> String {
        segment(&self.0)
    }

    /// The identifier as given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SyncId {
    fn from(name: &str) -> Self {
        Self(name.to_owned())
    }
}

impl From<String> for SyncId {
    fn from(name: String) -> Self {
        Self(name)
    }
}

macro_rules! sync_id_from_sid {
    ($($sid:ty),+) => {$(
        impl From<$sid> for SyncId {
            fn from(sid: $sid) -> Self {
                Self(sid.as_str().to_owned())
            }
        }
        impl From<&$sid> for SyncId {
            fn from(sid: &$sid) -> Self {
                Self(sid.as_str().to_owned())
            }
        }
    )+};
}
sync_id_from_sid!(SyncDocumentSid, SyncMapSid, SyncListSid);

/// One Sync service.
#[derive(Debug, Clone)]
pub struct ServiceRef {
    pub(crate) client: Client,
    pub(crate) sid: SyncServiceSid,
}

impl ServiceRef {
    /// `/v1/Services/{sid}/{rest}`.
    pub(crate) fn path(&self, rest: &str) -> String {
        format!("/v1/Services/{}/{rest}", segment(self.sid.as_str()))
    }

    /// Documents: create and list.
    pub fn documents(&self) -> documents::Documents {
        documents::Documents::new(self.clone())
    }

    /// One document, by SID or unique name.
    pub fn document(&self, id: impl Into<SyncId>) -> documents::DocumentRef {
        documents::DocumentRef::new(self.clone(), id.into())
    }

    /// Maps: create and list.
    pub fn maps(&self) -> maps::Maps {
        maps::Maps::new(self.clone())
    }

    /// One map, by SID or unique name.
    pub fn map(&self, id: impl Into<SyncId>) -> maps::MapRef {
        maps::MapRef::new(self.clone(), id.into())
    }

    /// Lists: create and list.
    pub fn lists(&self) -> lists::Lists {
        lists::Lists::new(self.clone())
    }

    /// One list, by SID or unique name.
    pub fn list(&self, id: impl Into<SyncId>) -> lists::ListRef {
        lists::ListRef::new(self.clone(), id.into())
    }
}
