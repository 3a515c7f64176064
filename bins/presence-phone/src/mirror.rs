//! The Sync mirror: one Sync Map item per user, updated after every change.
//!
//! The store stays the source of truth: the mirror only ever writes what the
//! presence cache holds *now* for an identity, so a retry after a failure pushes
//! the newest state, not a stale one, and bursts for one user coalesce.

use std::{collections::BTreeSet, time::Duration};

use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use twilio_presence::{Presence, UserPresence};
use twilio_rest::{Client, Domain, Error as RestError, form::Form, raw::Method};

/// Writes presence to a Sync Map.
#[derive(Debug, Clone)]
pub struct SyncMirror {
    client: Client,
    service: String,
    map: String,
}

/// Backoff between failed Sync writes: 250 ms doubling up to 30 s.
fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250u64.saturating_mul(1 << attempt.min(7))).min(Duration::from_secs(30))
}

fn is_not_found(e: &RestError) -> bool {
    e.status() == Some(404)
}

/// What browsers see of a user: status and endpoint count, never endpoint ids.
pub fn item_data(user: &UserPresence) -> serde_json::Value {
    json!({
        "identity": user.identity.as_str(),
        "state": user.status.as_str(),
        "endpoints": user.endpoints.len(),
        "updatedAt": user.updated_at,
    })
}

impl SyncMirror {
    /// A mirror writing to map `map` of Sync service `service`.
    pub fn new(client: Client, service: String, map: String) -> Self {
        Self {
            client,
            service,
            map,
        }
    }

    fn map_path(&self) -> String {
        format!("/v1/Services/{}/Maps/{}", self.service, self.map)
    }

    /// Creates the map if (and only if) fetching it says 404 (§1.9.10).
    async fn ensure_map(&self) -> Result<(), RestError> {
        let fetched = self
            .client
            .request(Method::GET, Domain::Sync, self.map_path())
            .send()
            .await;
        match fetched {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => {
                let mut form = Form::new();
                form.push("UniqueName", self.map.clone());
                let path = format!("/v1/Services/{}/Maps", self.service);
                self.client
                    .request(Method::POST, Domain::Sync, path)
                    .form(&form)
                    .send()
                    .await?;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Updates the user's item, creating it on 404.
    pub async fn upsert(&self, user: &UserPresence) -> Result<(), RestError> {
        let data = item_data(user).to_string();
        let mut form = Form::new();
        form.push("Data", data.clone());
        let path = format!("{}/Items/{}", self.map_path(), user.identity.as_str());
        let updated = self
            .client
            .request(Method::POST, Domain::Sync, path)
            .form(&form)
            .send()
            .await;
        match updated {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => {
                let mut form = Form::new();
                form.push("Key", user.identity.as_str().to_owned())
                    .push("Data", data);
                let path = format!("{}/Items", self.map_path());
                self.client
                    .request(Method::POST, Domain::Sync, path)
                    .form(&form)
                    .send()
                    .await?;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Lets `identity` read the map and nothing more (effective when the Sync
    /// service has ACLs enabled, as docs/presence-phone.md asks).
    pub async fn grant_read(&self, identity: &str) -> Result<(), RestError> {
        let mut form = Form::new();
        form.push("Read", "true")
            .push("Write", "false")
            .push("Manage", "false");
        let path = format!("{}/Permissions/{identity}", self.map_path());
        self.client
            .request(Method::POST, Domain::Sync, path)
            .form(&form)
            .send()
            .await?;
        Ok(())
    }

    /// Every item key in the map (following Twilio's paging).
    async fn item_keys(&self) -> Result<Vec<String>, RestError> {
        let mut keys = Vec::new();
        let mut path = format!("{}/Items", self.map_path());
        let mut query = vec![("PageSize".to_owned(), "100".to_owned())];
        // A bound on pages keeps a misbehaving server from looping us forever.
        for _ in 0..1000 {
            let mut req = self.client.request(Method::GET, Domain::Sync, path.clone());
            for (k, v) in &query {
                req = req.query(k.clone(), v.clone());
            }
            let page: ItemPage = req.send_json().await?;
            keys.extend(page.items.into_iter().map(|i| i.key));
            let Some(next) = page.meta.and_then(|m| m.next_page_url) else {
                break;
            };
            // `next_page_url` is absolute; keep our (possibly overridden) base URL.
            let Some(rest) = next.find("/v1/").map(|i| &next[i..]) else {
                break;
            };
            let (p, q) = rest.split_once('?').unwrap_or((rest, ""));
            path = p.to_owned();
            query = twilio_webhook::parse_form(q.as_bytes());
        }
        Ok(keys)
    }

    /// Startup reconciliation: make sure the map exists, holds every user the
    /// store knows, and nothing else.
    async fn reconcile(&self, presence: &Presence) -> Result<(), RestError> {
        self.ensure_map().await?;
        let users = presence.snapshot();
        for user in &users {
            self.upsert(user).await?;
        }
        let known: BTreeSet<&str> = users.iter().map(|u| u.identity.as_str()).collect();
        for key in self.item_keys().await? {
            if !known.contains(key.as_str()) {
                let path = format!("{}/Items/{}", self.map_path(), PathSegment(&key));
                let deleted = self
                    .client
                    .request(Method::DELETE, Domain::Sync, path)
                    .send()
                    .await;
                match deleted {
                    Ok(_) => {}
                    Err(e) if is_not_found(&e) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// Runs until the presence service closes: reconcile (retrying), then push
    /// every change, retrying with backoff.
    pub async fn run(self, presence: Presence) {
        let mut changes = presence.subscribe();
        let mut attempt = 0;
        while let Err(e) = self.reconcile(&presence).await {
            tracing::warn!(error = %e, "Sync reconcile failed; retrying");
            tokio::time::sleep(backoff(attempt)).await;
            attempt += 1;
        }
        tracing::info!(map = %self.map, "Sync mirror reconciled");
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        loop {
            if dirty.is_empty() {
                match changes.recv().await {
                    Ok(c) => {
                        dirty.insert(c.identity.as_str().to_owned());
                    }
                    Err(RecvError::Lagged(_)) => dirty.extend(all_identities(&presence)),
                    Err(RecvError::Closed) => return,
                }
            }
            // Coalesce whatever else is queued.
            loop {
                match changes.try_recv() {
                    Ok(c) => {
                        dirty.insert(c.identity.as_str().to_owned());
                    }
                    Err(tokio::sync::broadcast::error::TryRecvError::Lagged(_)) => {
                        dirty.extend(all_identities(&presence));
                    }
                    Err(_) => break,
                }
            }
            let Some(identity) = dirty.pop_first() else {
                continue;
            };
            let Some(user) = presence.lookup(&identity) else {
                continue;
            };
            if let Err(e) = self.upsert(&user).await {
                tracing::warn!(error = %e, identity = %identity, "Sync update failed; will retry");
                dirty.insert(identity);
                tokio::time::sleep(backoff(attempt)).await;
                attempt += 1;
            } else {
                attempt = 0;
            }
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct ItemPage {
    #[serde(default)]
    items: Vec<ItemKey>,
    meta: Option<PageMeta>,
}

#[derive(Debug, serde::Deserialize)]
struct ItemKey {
    key: String,
}

#[derive(Debug, serde::Deserialize)]
struct PageMeta {
    next_page_url: Option<String>,
}

/// Percent-encodes a map item key for a URL path (keys written by others may
/// hold any character).
struct PathSegment<'a>(&'a str);

impl std::fmt::Display for PathSegment<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for b in self.0.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'@') {
                write!(f, "{}", char::from(b))?;
            } else {
                write!(f, "%{b:02X}")?;
            }
        }
        Ok(())
    }
}

fn all_identities(presence: &Presence) -> Vec<String> {
    presence
        .snapshot()
        .into_iter()
        .map(|u| u.identity.as_str().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        assert_eq!(backoff(0), Duration::from_millis(250));
        assert_eq!(backoff(1), Duration::from_millis(500));
        assert_eq!(backoff(20), Duration::from_secs(30));
    }

    #[test]
    fn path_segment_escapes() {
        assert_eq!(PathSegment("a.b@c").to_string(), "a.b@c");
        assert_eq!(PathSegment("a/b c").to_string(), "a%2Fb%20c");
    }
}
