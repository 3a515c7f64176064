//! Sync services: `/v1/Services`, with reachability webhooks and debouncing settings.

use serde::Deserialize;

use super::Sync;
use crate::Error;
use crate::client::Domain;
use crate::sid::{AccountSid, SyncServiceSid};
use crate::time::Timestamp;

/// A Sync service: the container of documents, lists and maps an app uses.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct SyncService {
    /// The unique string that we created to identify the Service resource.
    pub sid: SyncServiceSid,
    /// An application-defined string that uniquely identifies the resource.
    pub unique_name: Option<String>,
    /// The SID of the Account that created the Service resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The string that you assigned to describe the resource.
    pub friendly_name: Option<String>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The absolute URL of the Service resource.
    pub url: Option<String>,
    /// The URL we call when Sync objects are manipulated.
    pub webhook_url: Option<String>,
    /// Whether the Service instance should call `webhook_url` when the REST API is used to update Sync objects.
    pub webhooks_from_rest_enabled: Option<bool>,
    /// Whether the service instance calls `webhook_url` when client endpoints connect to Sync.
    pub reachability_webhooks_enabled: Option<bool>,
    /// Whether token identities in the Service must be granted access to Sync objects by using the Permissions resource.
    pub acl_enabled: Option<bool>,
    /// Whether every `endpoint_disconnected` event should occur after a configurable delay.
    pub reachability_debouncing_enabled: Option<bool>,
    /// The reachability event delay in milliseconds if `reachability_debouncing_enabled` = `true`.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub reachability_debouncing_window: Option<i64>,
    /// The URLs of related resources.
    pub links: Option<serde_json::Value>,
}
/// Parameters of `POST /v1/Services`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct CreateService {
    friendly_name: Option<String>,
    webhook_url: Option<String>,
    reachability_webhooks_enabled: Option<bool>,
    acl_enabled: Option<bool>,
    reachability_debouncing_enabled: Option<bool>,
    reachability_debouncing_window: Option<u32>,
    webhooks_from_rest_enabled: Option<bool>,
}

impl CreateService {
    setters! {
        /// `FriendlyName`: A string that you assign to describe the resource.
        friendly_name(into String)
        /// `WebhookUrl`: The URL we should call when Sync objects are manipulated.
        webhook_url(into String)
        /// `ReachabilityWebhooksEnabled`: Whether the service instance should call `webhook_url` when client endpoints connect to Sync.
        reachability_webhooks_enabled(bool)
        /// `AclEnabled`: Whether token identities in the Service must be granted access to Sync objects by using the Permissions resource.
        acl_enabled(bool)
        /// `ReachabilityDebouncingEnabled`: Whether every `endpoint_disconnected` event should occur after a configurable delay.
        reachability_debouncing_enabled(bool)
        /// `ReachabilityDebouncingWindow`: The reachability event delay in milliseconds if `reachability_debouncing_enabled` = `true`.
        reachability_debouncing_window(u32)
        /// `WebhooksFromRestEnabled`: Whether the Service instance should call `webhook_url` when the REST API is used to update Sync objects.
        webhooks_from_rest_enabled(bool)
    }
}

to_form! {
    CreateService {
        "FriendlyName" => friendly_name,
        "WebhookUrl" => webhook_url,
        "ReachabilityWebhooksEnabled" => reachability_webhooks_enabled,
        "AclEnabled" => acl_enabled,
        "ReachabilityDebouncingEnabled" => reachability_debouncing_enabled,
        "ReachabilityDebouncingWindow" => reachability_debouncing_window,
        "WebhooksFromRestEnabled" => webhooks_from_rest_enabled,
    }
}
/// Parameters of `POST /v1/Services/{Sid}`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateService {
    webhook_url: Option<String>,
    friendly_name: Option<String>,
    reachability_webhooks_enabled: Option<bool>,
    acl_enabled: Option<bool>,
    reachability_debouncing_enabled: Option<bool>,
    reachability_debouncing_window: Option<u32>,
    webhooks_from_rest_enabled: Option<bool>,
}

impl UpdateService {
    setters! {
        /// `WebhookUrl`: The URL we should call when Sync objects are manipulated.
        webhook_url(into String)
        /// `FriendlyName`: A string that you assign to describe the resource.
        friendly_name(into String)
        /// `ReachabilityWebhooksEnabled`: Whether the service instance should call `webhook_url` when client endpoints connect to Sync.
        reachability_webhooks_enabled(bool)
        /// `AclEnabled`: Whether token identities in the Service must be granted access to Sync objects by using the Permissions resource.
        acl_enabled(bool)
        /// `ReachabilityDebouncingEnabled`: Whether every `endpoint_disconnected` event should occur after a configurable delay.
        reachability_debouncing_enabled(bool)
        /// `ReachabilityDebouncingWindow`: The reachability event delay in milliseconds if `reachability_debouncing_enabled` = `true`.
        reachability_debouncing_window(u32)
        /// `WebhooksFromRestEnabled`: Whether the Service instance should call `webhook_url` when the REST API is used to update Sync objects.
        webhooks_from_rest_enabled(bool)
    }
}

to_form! {
    UpdateService {
        "WebhookUrl" => webhook_url,
        "FriendlyName" => friendly_name,
        "ReachabilityWebhooksEnabled" => reachability_webhooks_enabled,
        "AclEnabled" => acl_enabled,
        "ReachabilityDebouncingEnabled" => reachability_debouncing_enabled,
        "ReachabilityDebouncingWindow" => reachability_debouncing_window,
        "WebhooksFromRestEnabled" => webhooks_from_rest_enabled,
    }
}

list_item!(SyncService => "services");

/// Sync services: create and list.
#[derive(Debug, Clone)]
pub struct Services {
    sync: Sync,
}

impl Services {
    pub(crate) fn new(sync: Sync) -> Self {
        Self { sync }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        "/v1/Services".to_owned()
    }

    resource_ops! {
        Sync, self.sync.client;
        /// Creates a service.
        create(CreateService) -> SyncService;
        /// Lists services.
        list -> SyncService;
    }
}

impl super::ServiceRef {
    fn service_path(&self) -> String {
        path!("/v1/Services/{}", self.sid)
    }

    /// Fetches the service.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn fetch(&self) -> Result<SyncService, Error> {
        self.client
            .fetch_at(Domain::Sync, self.service_path())
            .await
    }

    /// Updates the service's settings.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn update(&self, params: &UpdateService) -> Result<SyncService, Error> {
        self.client
            .update_at(Domain::Sync, self.service_path(), params)
            .await
    }

    /// Deletes the service and everything in it.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn delete(&self) -> Result<(), Error> {
        self.client
            .delete_at(Domain::Sync, self.service_path())
            .await
    }
}
