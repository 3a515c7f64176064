//! Sync lists: `/v1/Services/{ServiceSid}/Lists` and their items.

use serde::Deserialize;

use super::{ServiceRef, SyncId};
use crate::Error;
use crate::client::Domain;
use crate::sid::{AccountSid, SyncListSid, SyncServiceSid};
use crate::time::Timestamp;
use crate::types::string_enum;

/// A Sync list: an ordered collection of JSON items.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SyncList {
    /// The unique string that we created to identify the Sync List resource.
    pub sid: SyncListSid,
    /// An application-defined string that uniquely identifies the resource.
    pub unique_name: Option<String>,
    /// The SID of the Account that created the Sync List resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Sync Service the resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<SyncServiceSid>,
    /// The absolute URL of the Sync List resource.
    pub url: Option<String>,
    /// The URLs of the Sync List's nested resources.
    pub links: Option<serde_json::Value>,
    /// The current revision of the Sync List, represented as a string.
    pub revision: Option<String>,
    /// The date and time in GMT when the Sync List expires and will be deleted, specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_expires: Option<Timestamp>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The identity of the Sync List's creator.
    pub created_by: Option<String>,
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Lists`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct CreateList {
    unique_name: Option<String>,
    ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl CreateList {
    setters! {
        /// `UniqueName`: An application-defined string that uniquely identifies the resource.
        unique_name(into String)
        /// `Ttl`: Alias for collection_ttl.
        ttl(u32)
        /// `CollectionTtl`: How long, in seconds, before the Sync List expires (time-to-live) and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    CreateList {
        "UniqueName" => unique_name,
        "Ttl" => ttl,
        "CollectionTtl" => collection_ttl,
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Lists/{Sid}`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateList {
    ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl UpdateList {
    setters! {
        /// `Ttl`: An alias for `collection_ttl`.
        ttl(u32)
        /// `CollectionTtl`: How long, in seconds, before the Sync List expires (time-to-live) and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    UpdateList {
        "Ttl" => ttl,
        "CollectionTtl" => collection_ttl,
    }
}
/// One item of a Sync list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SyncListItem {
    /// The automatically generated index of the List Item.
    pub index: i64,
    /// The SID of the Account that created the List Item resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Sync Service the resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<SyncServiceSid>,
    /// The SID of the Sync List that contains the List Item.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub list_sid: Option<SyncListSid>,
    /// The absolute URL of the List Item resource.
    pub url: Option<String>,
    /// The current revision of the item, represented as a string.
    pub revision: Option<String>,
    /// An arbitrary, schema-less object that the List Item stores.
    pub data: Option<serde_json::Value>,
    /// The date and time in GMT when the List Item expires and will be deleted, specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_expires: Option<Timestamp>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The identity of the List Item's creator.
    pub created_by: Option<String>,
}
string_enum! {
    /// The order of a list's items: `asc` (oldest first) or `desc`.
    ListItemOrder {
        Asc => "asc",
        Desc => "desc",
    }
}
string_enum! {
    /// Whether the `From` index is itself included (`inclusive`) or not (`exclusive`).
    ListItemBound {
        Inclusive => "inclusive",
        Exclusive => "exclusive",
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Lists/{ListSid}/Items`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateListItem {
    data: serde_json::Value,
    ttl: Option<u32>,
    item_ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl CreateListItem {
    /// The required parameters: `Data`.
    pub fn new(data: serde_json::Value) -> Self {
        Self {
            data,
            ttl: None,
            item_ttl: None,
            collection_ttl: None,
        }
    }

    setters! {
        /// `Ttl`: An alias for `item_ttl`.
        ttl(u32)
        /// `ItemTtl`: How long, in seconds, before the List Item expires (time-to-live) and is deleted.
        item_ttl(u32)
        /// `CollectionTtl`: How long, in seconds, before the List Item's parent Sync List expires (time-to-live) and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    CreateListItem {
        "Data" => (data),
        "Ttl" => ttl,
        "ItemTtl" => item_ttl,
        "CollectionTtl" => collection_ttl,
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Lists/{ListSid}/Items/{Index}`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateListItem {
    if_match: Option<String>,
    data: Option<serde_json::Value>,
    ttl: Option<u32>,
    item_ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl UpdateListItem {
    /// Applies the update only at this revision (`If-Match`).
    pub fn if_match(mut self, revision: impl Into<String>) -> Self {
        self.if_match = Some(revision.into());
        self
    }

    setters! {
        /// `Data`: A JSON string that represents an arbitrary, schema-less object that the List Item stores.
        data(serde_json::Value)
        /// `Ttl`: An alias for `item_ttl`.
        ttl(u32)
        /// `ItemTtl`: How long, in seconds, before the List Item expires (time-to-live) and is deleted.
        item_ttl(u32)
        /// `CollectionTtl`: How long, in seconds, before the List Item's parent Sync List expires (time-to-live) and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    UpdateListItem {
        "Data" => data,
        "Ttl" => ttl,
        "ItemTtl" => item_ttl,
        "CollectionTtl" => collection_ttl,
    }
}
/// Parameters of `GET /v1/Services/{ServiceSid}/Lists/{ListSid}/Items`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListListItems {
    order: Option<ListItemOrder>,
    from: Option<String>,
    bounds: Option<ListItemBound>,
}

impl ListListItems {
    setters! {
        /// `Order`: Oldest first (`asc`, the default) or newest first (`desc`).
        order(ListItemOrder)
        /// `From`: The index of the item to start from.
        from(into String)
        /// `Bounds`: Whether the `From` item itself is included (default `inclusive`).
        bounds(ListItemBound)
    }
}

to_form! {
    ListListItems {
        "Order" => order,
        "From" => from,
        "Bounds" => bounds,
    }
}

list_item!(SyncList => "lists", SyncListItem => "items");

/// The lists of a service: create and list.
#[derive(Debug, Clone)]
pub struct Lists {
    service: ServiceRef,
}

impl Lists {
    pub(crate) fn new(service: ServiceRef) -> Self {
        Self { service }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        self.service.path("Lists")
    }

    resource_ops! {
        Sync, self.service.client;
        /// Creates a list.
        create(CreateList) -> SyncList;
        /// Lists the lists.
        list -> SyncList;
    }
}

/// One list (by SID or unique name): fetch, update, delete, and its items.
#[derive(Debug, Clone)]
pub struct ListRef {
    service: ServiceRef,
    id: SyncId,
}

impl ListRef {
    pub(crate) fn new(service: ServiceRef, id: SyncId) -> Self {
        Self { service, id }
    }

    fn path(&self) -> String {
        self.service.path(&format!("Lists/{}", self.id.segment()))
    }

    resource_ops! {
        Sync, self.service.client;
        /// Fetches the list.
        fetch -> SyncList;
        /// Updates the list's time to live.
        update(UpdateList) -> SyncList;
        /// Deletes the list and its items.
        delete;
        /// Adds an item.
        create_item = create "/Items" (CreateListItem) -> SyncListItem;
        /// Lists the items.
        items = list "/Items" (ListListItems) -> SyncListItem;
    }

    /// One item, by index.
    pub fn item(&self, index: u32) -> ListItemRef {
        ListItemRef {
            map: self.clone(),
            id: index.to_string(),
        }
    }
}

/// One list item: fetch, update and delete, optionally only at a given revision.
#[derive(Debug, Clone)]
pub struct ListItemRef {
    map: ListRef,
    id: String,
}

impl ListItemRef {
    fn path(&self) -> String {
        self.map.path() + &path!("/Items/{}", self.id)
    }

    resource_ops! {
        Sync, self.map.service.client;
        /// Fetches the item.
        fetch -> SyncListItem;
    }

    /// Updates the item; with [`UpdateListItem::if_match`] only at that revision.
    ///
    /// # Errors
    /// Any [`Error`] of the request (HTTP 412 when the revision no longer matches).
    pub async fn update(&self, params: &UpdateListItem) -> Result<SyncListItem, Error> {
        self.map
            .service
            .client
            .update_if_match_at(
                Domain::Sync,
                self.path(),
                params,
                params.if_match.as_deref(),
            )
            .await
    }

    resource_ops! {
        Sync, self.map.service.client;
        /// Deletes the item.
        delete;
    }

    /// Deletes the item only if it is still at `revision` (`If-Match`).
    ///
    /// # Errors
    /// Any [`Error`] of the request (HTTP 412 when the revision no longer matches).
    pub async fn delete_if_match(&self, revision: &str) -> Result<(), Error> {
        self.map
            .service
            .client
            .delete_if_match_at(Domain::Sync, self.path(), revision)
            .await
    }
}

impl ListRef {
    /// Per-identity permissions on the list.
    pub fn permissions(&self) -> super::permissions::Permissions {
        super::permissions::Permissions::new(self.service.client.clone(), self.path())
    }
}
