//! Access control of one document, map or list: per-identity read/write/manage flags
//! (`…/Permissions`), effective when the service has `AclEnabled`.

use serde::Deserialize;

use crate::NoParams;
use crate::client::{Client, Domain};
use crate::form::{Form, ToForm, segment};
use crate::page::Lister;
use crate::sid::{AccountSid, SyncServiceSid};

/// One identity's permissions on a document, map or list.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Permission {
    /// The account.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The Sync service.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<SyncServiceSid>,
    /// The identity (as in the user's Access Token) the permissions apply to.
    pub identity: Option<String>,
    /// May read the object.
    pub read: Option<bool>,
    /// May update the object.
    pub write: Option<bool>,
    /// May delete the object.
    pub manage: Option<bool>,
    /// The absolute URL of the permission.
    pub url: Option<String>,
}

list_item!(Permission => "permissions");

/// Parameters of a permission update: all three flags are required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct UpdatePermission {
    read: bool,
    write: bool,
    manage: bool,
}

impl UpdatePermission {
    /// `Read`, `Write` and `Manage`.
    pub fn new(read: bool, write: bool, manage: bool) -> Self {
        Self {
            read,
            write,
            manage,
        }
    }
}

impl ToForm for UpdatePermission {
    fn write(&self, form: &mut Form) {
        form.push("Read", self.read.to_string())
            .push("Write", self.write.to_string())
            .push("Manage", self.manage.to_string());
    }
}

/// The permissions of one object.
#[derive(Debug, Clone)]
pub struct Permissions {
    client: Client,
    path: String,
}

impl Permissions {
    /// `path` is the object's path, e.g. `/v1/Services/IS…/Documents/ET…`.
    pub(crate) fn new(client: Client, object_path: String) -> Self {
        Self {
            client,
            path: format!("{object_path}/Permissions"),
        }
    }

    /// Lists the permissions granted on the object.
    pub fn list(&self) -> Lister<Permission> {
        self.client
            .list_at(Domain::Sync, self.path.clone(), &NoParams)
    }

    /// One identity's permissions.
    pub fn identity(&self, identity: &str) -> PermissionRef {
        PermissionRef {
            client: self.client.clone(),
            path: format!("{}/{}", self.path, segment(identity)),
        }
    }
}

/// One identity's permissions on one object: fetch, update, delete.
#[derive(Debug, Clone)]
pub struct PermissionRef {
    client: Client,
    path: String,
}

impl PermissionRef {
    /// The resource's own path.
    fn path(&self) -> String {
        self.path.clone()
    }

    resource_ops! {
        Sync, self.client;
        /// Fetches the permissions.
        fetch -> Permission;
        /// Sets the permissions.
        update(UpdatePermission) -> Permission;
        /// Removes the identity's permissions.
        delete;
    }
}
