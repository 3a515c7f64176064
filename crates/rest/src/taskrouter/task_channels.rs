//! TaskRouter TaskChannels: `/v1/Workspaces/{WorkspaceSid}/TaskChannels`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::sid::{AccountSid, TaskChannelSid, WorkspaceSid};
use crate::time::Timestamp;

/// A TaskChannel: a kind of work (voice, chat, sms, …) with its own Worker capacity.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TaskChannel {
    /// The SID of the Account that created the Task Channel resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The string that you assigned to describe the resource.
    pub friendly_name: Option<String>,
    /// The unique string that we created to identify the Task Channel resource.
    pub sid: TaskChannelSid,
    /// An application-defined string that uniquely identifies the Task Channel, such as `voice` or `sms`.
    pub unique_name: Option<String>,
    /// The SID of the Workspace that contains the Task Channel.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// Whether the Task Channel will prioritize Workers that have been idle.
    pub channel_optimized_routing: Option<bool>,
    /// The absolute URL of the Task Channel resource.
    pub url: Option<String>,
    /// The URLs of related resources.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(TaskChannel => "channels");
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/TaskChannels`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateTaskChannel {
    friendly_name: String,
    unique_name: String,
    channel_optimized_routing: Option<bool>,
}

impl CreateTaskChannel {
    /// The required `FriendlyName`, `UniqueName`.
    pub fn new(friendly_name: impl Into<String>, unique_name: impl Into<String>) -> Self {
        Self {
            friendly_name: friendly_name.into(),
            unique_name: unique_name.into(),
            channel_optimized_routing: None,
        }
    }

    setters! {
        /// `ChannelOptimizedRouting`: Whether the Task Channel should prioritize Workers that have been idle.
        channel_optimized_routing(bool)
    }
}

to_form! {
    CreateTaskChannel {
        "FriendlyName" => (friendly_name),
        "UniqueName" => (unique_name),
        "ChannelOptimizedRouting" => channel_optimized_routing,
    }
}
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/TaskChannels/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateTaskChannel {
    friendly_name: Option<String>,
    channel_optimized_routing: Option<bool>,
}

impl UpdateTaskChannel {
    setters! {
        /// `FriendlyName`: A descriptive string that you create to describe the Task Channel.
        friendly_name(into String)
        /// `ChannelOptimizedRouting`: Whether the TaskChannel should prioritize Workers that have been idle.
        channel_optimized_routing(bool)
    }
}

to_form! {
    UpdateTaskChannel {
        "FriendlyName" => friendly_name,
        "ChannelOptimizedRouting" => channel_optimized_routing,
    }
}
/// A Workspace's TaskChannels: create and list.
#[derive(Debug, Clone)]
pub struct TaskChannels {
    client: Client,
    workspace_sid: WorkspaceSid,
}

impl TaskChannels {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid) -> Self {
        Self {
            client,
            workspace_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Workspaces/{}/TaskChannels", self.workspace_sid)
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Creates a TaskChannel.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/TaskChannels`
        create(CreateTaskChannel) -> TaskChannel;
        /// Lists the TaskChannels.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskChannels`
        list -> TaskChannel;
    }
}
/// One TaskChannel, by SID (`TC…`) or unique name: fetch, update, delete.
#[derive(Debug, Clone)]
pub struct TaskChannelRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    sid: String,
}

impl TaskChannelRef {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, sid: String) -> Self {
        Self {
            client,
            workspace_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Workspaces/{}/TaskChannels/{}",
            self.workspace_sid,
            self.sid
        )
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the TaskChannel.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/TaskChannels/{Sid}`
        fetch -> TaskChannel;
        /// Updates the TaskChannel.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/TaskChannels/{Sid}`
        update(UpdateTaskChannel) -> TaskChannel;
        /// Deletes the TaskChannel.
        ///
        /// `DELETE /v1/Workspaces/{WorkspaceSid}/TaskChannels/{Sid}`
        delete;
    }
}
