//! The SQLite store: durability across reopen, atomic concurrent updates.
#![cfg(feature = "sqlite")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::*;
use twilio_presence::{CallStatus, Presence, SqliteStore, Status, Store, Timestamp};

/// A fresh database path under the target dir, removed first.
fn db_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("presence-sqlite");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}-{}.db", std::process::id()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

#[tokio::test]
async fn survives_a_restart() {
    let path = db_path("restart");
    {
        let presence = Presence::start(SqliteStore::open(&path).unwrap())
            .await
            .unwrap();
        presence.apply(connect("alice", "e1", 1)).await.unwrap();
        presence.apply(connect("alice", "e2", 2)).await.unwrap();
        presence.apply(disconnect("alice", "e1", 3)).await.unwrap();
        presence
            .apply(call("bob", 7, CallStatus::Ringing, 4))
            .await
            .unwrap();
    }
    // Reopen the file: a new process would see the same.
    let store = SqliteStore::open(&path).unwrap();
    let presence = Presence::start(store).await.unwrap();
    let alice = presence.lookup("alice").unwrap();
    assert_eq!(alice.endpoints, vec![ep("e2")]);
    assert_eq!(alice.status, Status::Available);
    assert_eq!(presence.status("bob"), Some(Status::Busy));
    // The tombstone survived too: the late connect of e1 is still ignored.
    assert!(
        presence
            .apply(connect("alice", "e1", 9))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(presence.lookup("alice").unwrap().endpoints, vec![ep("e2")]);
}

#[tokio::test]
async fn uses_wal() {
    let path = db_path("wal");
    let store = SqliteStore::open(&path).unwrap();
    store.apply(&connect("alice", "e1", 1)).await.unwrap();
    assert!(PathBuf::from(format!("{}-wal", path.display())).exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_events_on_two_handles_lose_nothing() {
    let path = db_path("concurrent");
    // Two connections to one file, like two processes: only transactions keep them honest.
    let a = Arc::new(SqliteStore::open(&path).unwrap());
    let b = Arc::new(SqliteStore::open(&path).unwrap());
    let (events, remaining) = thousand_events();
    let tasks: Vec<_> = events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let store = if i % 2 == 0 {
                Arc::clone(&a)
            } else {
                Arc::clone(&b)
            };
            tokio::spawn(async move { store.apply(&e).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let fresh = SqliteStore::open(&path).unwrap();
    let mut got: Vec<(String, String)> = fresh
        .load_all()
        .await
        .unwrap()
        .into_iter()
        .flat_map(|r| {
            let user = r.identity.to_string();
            r.state
                .endpoints()
                .map(|e| (user.clone(), e.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    got.sort();
    assert_eq!(got, remaining);
}

#[tokio::test]
async fn prune_drops_old_tombstones() {
    let store = SqliteStore::open_in_memory().unwrap();
    store.apply(&disconnect("alice", "old", 1)).await.unwrap();
    store.apply(&connect("alice", "live", 2)).await.unwrap();
    let changed = store.prune(Timestamp::from_millis(10)).await.unwrap();
    assert_eq!(changed.len(), 1);
    let alice = store.load(&id("alice")).await.unwrap().unwrap();
    assert_eq!(alice.state.endpoint_marks().count(), 1);
    assert!(
        store
            .prune(Timestamp::from_millis(10))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_events_through_the_service() {
    let path = db_path("service");
    let presence = Presence::start(SqliteStore::open(&path).unwrap())
        .await
        .unwrap();
    let (events, remaining) = thousand_events();
    let tasks: Vec<_> = events
        .into_iter()
        .map(|e| {
            let p = presence.clone();
            tokio::spawn(async move { p.apply(e).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    drop(presence);
    // What a restarted app would load.
    let reopened = Presence::start(SqliteStore::open(&path).unwrap())
        .await
        .unwrap();
    let mut got: Vec<(String, String)> = reopened
        .snapshot()
        .into_iter()
        .flat_map(|u| {
            u.endpoints
                .into_iter()
                .map(move |e| (u.identity.to_string(), e.to_string()))
        })
        .collect();
    got.sort();
    assert_eq!(got, remaining);
}
