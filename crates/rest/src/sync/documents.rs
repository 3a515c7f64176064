//! Sync documents: `/v1/Services/{ServiceSid}/Documents`, addressed by SID or unique name.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{ServiceRef, SyncId};
use crate::Error;
use crate::sid::{AccountSid, SyncDocumentSid, SyncServiceSid};
use crate::time::Timestamp;

/// A Sync document: one JSON object that clients read and update in real time.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// The unique string that we created to identify the Document resource.
    pub sid: SyncDocumentSid,
    /// An application-defined string that uniquely identifies the resource.
    pub unique_name: Option<String>,
    /// The SID of the Account that created the Document resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Sync Service the resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<SyncServiceSid>,
    /// The absolute URL of the Document resource.
    pub url: Option<String>,
    /// The URLs of resources related to the Sync Document.
    pub links: Option<serde_json::Value>,
    /// The current revision of the Sync Document, represented as a string.
    pub revision: Option<String>,
    /// An arbitrary, schema-less object that the Sync Document stores.
    pub data: Option<serde_json::Value>,
    /// The date and time in GMT when the Sync Document expires and will be deleted, specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_expires: Option<Timestamp>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The identity of the Sync Document's creator.
    pub created_by: Option<String>,
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Documents`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct CreateDocument {
    unique_name: Option<String>,
    data: Option<serde_json::Value>,
    ttl: Option<u32>,
}

impl CreateDocument {
    setters! {
        /// `UniqueName`: An application-defined string that uniquely identifies the Sync Document.
        unique_name(into String)
        /// `Data`: A JSON string that represents an arbitrary, schema-less object that the Sync Document stores.
        data(serde_json::Value)
        /// `Ttl`: How long, in seconds, before the Sync Document expires and is deleted (the Sync Document's time-to-live).
        ttl(u32)
    }
}

to_form! {
    CreateDocument {
        "UniqueName" => unique_name,
        "Data" => data,
        "Ttl" => ttl,
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Documents/{Sid}`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateDocument {
    if_match: Option<String>,
    data: Option<serde_json::Value>,
    ttl: Option<u32>,
}

impl UpdateDocument {
    /// Applies the update only at this revision (`If-Match`), for optimistic concurrency.
    pub fn if_match(mut self, revision: impl Into<String>) -> Self {
        self.if_match = Some(revision.into());
        self
    }

    setters! {
        /// `Data`: A JSON string that represents an arbitrary, schema-less object that the Sync Document stores.
        data(serde_json::Value)
        /// `Ttl`: How long, in seconds, before the Sync Document expires and is deleted (time-to-live).
        ttl(u32)
    }
}

to_form! {
    UpdateDocument {
        "Data" => data,
        "Ttl" => ttl,
    }
}

list_item!(Document => "documents");

impl Document {
    /// The document's data decoded into `T`.
    ///
    /// # Errors
    /// [`Error::Decode`] when the data does not fit `T`.
    pub fn data_as<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let data = self.data.clone().unwrap_or_default();
        serde_json::from_value(data.clone()).map_err(|source| Error::Decode {
            source: Box::new(source),
            body: data.to_string(),
        })
    }
}

/// The documents of a service: create and list.
#[derive(Debug, Clone)]
pub struct Documents {
    service: ServiceRef,
}

impl Documents {
    pub(crate) fn new(service: ServiceRef) -> Self {
        Self { service }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        self.service.path("Documents")
    }

    resource_ops! {
        Sync, self.service.client;
        /// Creates a document.
        create(CreateDocument) -> Document;
        /// Lists the documents.
        list -> Document;
    }
}

/// One document: fetch, update (optionally only at a given revision), delete.
#[derive(Debug, Clone)]
pub struct DocumentRef {
    service: ServiceRef,
    id: SyncId,
}

impl DocumentRef {
    pub(crate) fn new(service: ServiceRef, id: SyncId) -> Self {
        Self { service, id }
    }

    fn path(&self) -> String {
        self.service
            .path(&format!("Documents/{}", self.id.segment()))
    }

    resource_ops! {
        Sync, self.service.client;
        /// Fetches the document.
        fetch -> Document;
        /// Updates the document. With [`UpdateDocument::if_match`], Twilio applies the
        /// update only if the document is still at that revision (else HTTP 412).
        update = update_if_match "" (UpdateDocument) -> Document;
        /// Deletes the document.
        delete;
    }
}

impl DocumentRef {
    /// Per-identity permissions on the document.
    pub fn permissions(&self) -> super::permissions::Permissions {
        super::permissions::Permissions::new(self.service.client.clone(), self.path())
    }
}
