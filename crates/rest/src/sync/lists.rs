//! Sync lists: `/v1/Services/{ServiceSid}/Lists` and their items.

use serde::Deserialize;

use super::items::ItemRef;
pub use super::items::{
    ItemBound as ListItemBound, ItemOrder as ListItemOrder, ListItems as ListListItems,
    UpdateItem as UpdateListItem,
};

/// One list item: fetch, update and delete, optionally only at a given revision.
pub type ListItemRef = ItemRef<SyncListItem>;

use super::{ServiceRef, SyncId};
use crate::sid::{AccountSid, SyncListSid, SyncServiceSid};
use crate::time::Timestamp;

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
        let id: String = index.to_string();
        let path = self.path() + &path!("/Items/{}", id);
        ItemRef::new(self.service.client.clone(), path)
    }
}

impl ListRef {
    /// Per-identity permissions on the list.
    pub fn permissions(&self) -> super::permissions::Permissions {
        super::permissions::Permissions::new(self.service.client.clone(), self.path())
    }
}
