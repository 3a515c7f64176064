//! Sync maps: `/v1/Services/{ServiceSid}/Maps` and their items.

use serde::Deserialize;

use super::items::ItemRef;
pub use super::items::{
    ItemBound as MapItemBound, ItemOrder as MapItemOrder, ListItems as ListMapItems,
    UpdateItem as UpdateMapItem,
};

/// One map item: fetch, update and delete, optionally only at a given revision.
pub type MapItemRef = ItemRef<SyncMapItem>;

use super::{ServiceRef, SyncId};
use crate::sid::{AccountSid, SyncMapSid, SyncServiceSid};
use crate::time::Timestamp;

/// A Sync map: a collection of JSON items by key.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SyncMap {
    /// The unique string that we created to identify the Sync Map resource.
    pub sid: SyncMapSid,
    /// An application-defined string that uniquely identifies the resource.
    pub unique_name: Option<String>,
    /// The SID of the Account that created the Sync Map resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Sync Service the resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<SyncServiceSid>,
    /// The absolute URL of the Sync Map resource.
    pub url: Option<String>,
    /// The URLs of the Sync Map's nested resources.
    pub links: Option<serde_json::Value>,
    /// The current revision of the Sync Map, represented as a string.
    pub revision: Option<String>,
    /// The date and time in GMT when the Sync Map expires and will be deleted, specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_expires: Option<Timestamp>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The identity of the Sync Map's creator.
    pub created_by: Option<String>,
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Maps`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct CreateMap {
    unique_name: Option<String>,
    ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl CreateMap {
    setters! {
        /// `UniqueName`: An application-defined string that uniquely identifies the resource.
        unique_name(into String)
        /// `Ttl`: An alias for `collection_ttl`.
        ttl(u32)
        /// `CollectionTtl`: How long, in seconds, before the Sync Map expires (time-to-live) and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    CreateMap {
        "UniqueName" => unique_name,
        "Ttl" => ttl,
        "CollectionTtl" => collection_ttl,
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Maps/{Sid}`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateMap {
    ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl UpdateMap {
    setters! {
        /// `Ttl`: An alias for `collection_ttl`.
        ttl(u32)
        /// `CollectionTtl`: How long, in seconds, before the Sync Map expires (time-to-live) and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    UpdateMap {
        "Ttl" => ttl,
        "CollectionTtl" => collection_ttl,
    }
}
/// One item of a Sync map.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SyncMapItem {
    /// The unique, user-defined key for the Map Item.
    pub key: String,
    /// The SID of the Account that created the Map Item resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Sync Service the resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<SyncServiceSid>,
    /// The SID of the Sync Map that contains the Map Item.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub map_sid: Option<SyncMapSid>,
    /// The absolute URL of the Map Item resource.
    pub url: Option<String>,
    /// The current revision of the Map Item, represented as a string.
    pub revision: Option<String>,
    /// An arbitrary, schema-less object that the Map Item stores.
    pub data: Option<serde_json::Value>,
    /// The date and time in GMT when the Map Item expires and will be deleted, specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_expires: Option<Timestamp>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The identity of the Map Item's creator.
    pub created_by: Option<String>,
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Maps/{MapSid}/Items`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateMapItem {
    key: String,
    data: serde_json::Value,
    ttl: Option<u32>,
    item_ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl CreateMapItem {
    /// The required parameters: `Key`, `Data`.
    pub fn new(key: impl Into<String>, data: serde_json::Value) -> Self {
        Self {
            key: key.into(),
            data,
            ttl: None,
            item_ttl: None,
            collection_ttl: None,
        }
    }

    setters! {
        /// `Ttl`: An alias for `item_ttl`.
        ttl(u32)
        /// `ItemTtl`: How long, in seconds, before the Map Item expires (time-to-live) and is deleted.
        item_ttl(u32)
        /// `CollectionTtl`: How long, in seconds, before the Map Item's parent Sync Map expires (time-to-live) and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    CreateMapItem {
        "Key" => (key),
        "Data" => (data),
        "Ttl" => ttl,
        "ItemTtl" => item_ttl,
        "CollectionTtl" => collection_ttl,
    }
}

list_item!(SyncMap => "maps", SyncMapItem => "items");

/// The maps of a service: create and list.
#[derive(Debug, Clone)]
pub struct Maps {
    service: ServiceRef,
}

impl Maps {
    pub(crate) fn new(service: ServiceRef) -> Self {
        Self { service }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        self.service.path("Maps")
    }

    resource_ops! {
        Sync, self.service.client;
        /// Creates a map.
        create(CreateMap) -> SyncMap;
        /// Lists the maps.
        list -> SyncMap;
    }
}

/// One map (by SID or unique name): fetch, update, delete, and its items.
#[derive(Debug, Clone)]
pub struct MapRef {
    service: ServiceRef,
    id: SyncId,
}

impl MapRef {
    pub(crate) fn new(service: ServiceRef, id: SyncId) -> Self {
        Self { service, id }
    }

    fn path(&self) -> String {
        self.service.path(&format!("Maps/{}", self.id.segment()))
    }

    resource_ops! {
        Sync, self.service.client;
        /// Fetches the map.
        fetch -> SyncMap;
        /// Updates the map's time to live.
        update(UpdateMap) -> SyncMap;
        /// Deletes the map and its items.
        delete;
        /// Adds an item.
        create_item = create "/Items" (CreateMapItem) -> SyncMapItem;
        /// Lists the items.
        items = list "/Items" (ListMapItems) -> SyncMapItem;
    }

    /// One item, by key.
    pub fn item(&self, key: impl Into<String>) -> MapItemRef {
        let id: String = key.into();
        let path = self.path() + &path!("/Items/{}", id);
        ItemRef::new(self.service.client.clone(), path)
    }
}

impl MapRef {
    /// Per-identity permissions on the map.
    pub fn permissions(&self) -> super::permissions::Permissions {
        super::permissions::Permissions::new(self.service.client.clone(), self.path())
    }
}
