//! What Sync list items and map items have in common: the filter of an item listing,
//! the update parameters and the handle of one item (fetch, update and delete, optionally
//! only at a given revision). Lists address items by index, maps by key; the rest is the
//! same, so [`lists`](super::lists) and [`maps`](super::maps) both use this module.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use crate::Error;
use crate::client::{Client, Domain};
use crate::types::string_enum;

string_enum! {
    /// The order of items in a listing: by index for a list, by key for a map.
    ItemOrder {
        /// Ascending (the default): oldest list items, lowest map keys first.
        Asc => "asc",
        /// Descending.
        Desc => "desc",
    }
}

string_enum! {
    /// Whether the item named by `From` is itself part of a listing.
    ItemBound {
        /// Start with the `From` item (the default).
        Inclusive => "inclusive",
        /// Start after it.
        Exclusive => "exclusive",
    }
}

/// Parameters of `GET …/Lists/{ListSid}/Items` and `GET …/Maps/{MapSid}/Items`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListItems {
    order: Option<ItemOrder>,
    from: Option<String>,
    bounds: Option<ItemBound>,
}

impl ListItems {
    setters! {
        /// `Order`: Ascending (`asc`, the default) or descending (`desc`) by index or key.
        order(ItemOrder)
        /// `From`: The index (list) or key (map) of the item to start from.
        from(into String)
        /// `Bounds`: Whether the `From` item itself is included (default `inclusive`).
        bounds(ItemBound)
    }
}

to_form! {
    ListItems {
        "Order" => order,
        "From" => from,
        "Bounds" => bounds,
    }
}

/// Parameters of `POST …/Lists/{ListSid}/Items/{Index}` and
/// `POST …/Maps/{MapSid}/Items/{Key}`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateItem {
    pub(crate) if_match: Option<String>,
    data: Option<serde_json::Value>,
    ttl: Option<u32>,
    item_ttl: Option<u32>,
    collection_ttl: Option<u32>,
}

impl UpdateItem {
    /// Applies the update only at this revision (`If-Match`).
    pub fn if_match(mut self, revision: impl Into<String>) -> Self {
        self.if_match = Some(revision.into());
        self
    }

    setters! {
        /// `Data`: The item's new JSON object (it replaces the old one).
        data(serde_json::Value)
        /// `Ttl`: An alias for `item_ttl`.
        ttl(u32)
        /// `ItemTtl`: Seconds until the item expires and is deleted (0: never).
        item_ttl(u32)
        /// `CollectionTtl`: Seconds until the item's list or map expires and is deleted.
        collection_ttl(u32)
    }
}

to_form! {
    UpdateItem {
        "Data" => data,
        "Ttl" => ttl,
        "ItemTtl" => item_ttl,
        "CollectionTtl" => collection_ttl,
    }
}

/// One item of a Sync list or map (`T` is [`SyncListItem`](super::lists::SyncListItem)
/// or [`SyncMapItem`](super::maps::SyncMapItem)): fetch, update and delete, optionally
/// only at a given revision.
pub struct ItemRef<T> {
    client: Client,
    path: String,
    item: PhantomData<fn() -> T>,
}

impl<T> ItemRef<T> {
    /// The item at `path` (its collection's path plus `/Items/{index or key}`).
    pub(crate) fn new(client: Client, path: String) -> Self {
        Self {
            client,
            path,
            item: PhantomData,
        }
    }
}

impl<T> Clone for ItemRef<T> {
    fn clone(&self) -> Self {
        Self::new(self.client.clone(), self.path.clone())
    }
}

impl<T> fmt::Debug for ItemRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemRef").field("path", &self.path).finish()
    }
}

impl<T: DeserializeOwned> ItemRef<T> {
    /// Fetches the item.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn fetch(&self) -> Result<T, Error> {
        self.client.fetch_at(Domain::Sync, self.path.clone()).await
    }

    /// Updates the item; with [`UpdateItem::if_match`] only at that revision.
    ///
    /// # Errors
    /// Any [`Error`] of the request (HTTP 412 when the revision no longer matches).
    pub async fn update(&self, params: &UpdateItem) -> Result<T, Error> {
        let revision = params.if_match.as_deref();
        self.client
            .update_if_match_at(Domain::Sync, self.path.clone(), params, revision)
            .await
    }

    /// Deletes the item.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn delete(&self) -> Result<(), Error> {
        self.client.delete_at(Domain::Sync, self.path.clone()).await
    }

    /// Deletes the item only if it is still at `revision` (`If-Match`).
    ///
    /// # Errors
    /// Any [`Error`] of the request (HTTP 412 when the revision no longer matches).
    pub async fn delete_if_match(&self, revision: &str) -> Result<(), Error> {
        self.client
            .delete_if_match_at(Domain::Sync, self.path.clone(), revision)
            .await
    }
}
