//! TaskRouter Activities: `/v1/Workspaces/{WorkspaceSid}/Activities`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::sid::{AccountSid, ActivitySid, WorkspaceSid};
use crate::time::Timestamp;

/// An Activity: a state a Worker can be in (e.g. available, offline).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Activity {
    /// The SID of the Account that created the Activity resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// Whether the Worker is eligible to receive a Task when it occupies the Activity.
    pub available: Option<bool>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The string that you assigned to describe the Activity resource.
    pub friendly_name: Option<String>,
    /// The unique string that we created to identify the Activity resource.
    pub sid: ActivitySid,
    /// The SID of the Workspace that contains the Activity.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the Activity resource.
    pub url: Option<String>,
    /// The URLs of related resources, by name.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Activity => "activities");
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Activities`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateActivity {
    friendly_name: String,
    available: Option<bool>,
}

impl CreateActivity {
    /// The required `FriendlyName`.
    pub fn new(friendly_name: impl Into<String>) -> Self {
        Self {
            friendly_name: friendly_name.into(),
            available: None,
        }
    }

    setters! {
        /// `Available`: Whether the Worker should be eligible to receive a Task when it occupies the Activity.
        available(bool)
    }
}

to_form! {
    CreateActivity {
        "FriendlyName" => (friendly_name),
        "Available" => available,
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Activities/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateActivity {
    friendly_name: Option<String>,
}

impl UpdateActivity {
    setters! {
        /// `FriendlyName`: A descriptive string that you create to describe the Activity resource.
        friendly_name(into String)
    }
}

to_form! {
    UpdateActivity {
        "FriendlyName" => friendly_name,
    }
}
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Activities`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListActivities {
    friendly_name: Option<String>,
    available: Option<bool>,
}

impl ListActivities {
    setters! {
        /// `FriendlyName`: The `friendly_name` of the Activity resources to read.
        friendly_name(into String)
        /// `Available`: Whether return only Activity resources that are available or unavailable.
        available(bool)
    }
}

to_form! {
    ListActivities {
        "FriendlyName" => friendly_name,
        "Available" => available,
    }
}
/// A Workspace's Activities: create and list.
#[derive(Debug, Clone)]
pub struct Activities {
    client: Client,
    workspace_sid: WorkspaceSid,
}

impl Activities {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid) -> Self {
        Self {
            client,
            workspace_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/Activities", self.workspace_sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Creates an Activity.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Activities`
        create(CreateActivity) -> Activity;
        /// Lists the Activities.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Activities`
        list(ListActivities) -> Activity;
    }
}
/// One Activity: fetch, update, delete.
#[derive(Debug, Clone)]
pub struct ActivityRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    sid: ActivitySid,
}

impl ActivityRef {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, sid: ActivitySid) -> Self {
        Self {
            client,
            workspace_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Workspaces/{}/Activities/{}",
            self.workspace_sid,
            self.sid
        )
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the Activity.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Activities/{Sid}`
        fetch -> Activity;
        /// Renames the Activity.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Activities/{Sid}`
        update(UpdateActivity) -> Activity;
        /// Deletes the Activity.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/Activities/{Sid}`
        delete;
    }
}
