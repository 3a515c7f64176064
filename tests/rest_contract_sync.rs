//! Contract test: every Sync v1 operation the client wraps (Services, Documents, Maps
//! and Map Items, Lists and List Items), called against Prism serving Twilio's
//! published `twilio_sync_v1.json` behind the strict gate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use twilio_rest::sid::{SyncDocumentSid, SyncListSid, SyncMapSid, SyncServiceSid};
use twilio_rest::sync::documents::{CreateDocument, UpdateDocument};
use twilio_rest::sync::lists::{
    CreateList, CreateListItem, ListItemOrder, ListListItems, UpdateList, UpdateListItem,
};
use twilio_rest::sync::maps::{
    CreateMap, CreateMapItem, ListMapItems, MapItemBound, MapItemOrder, UpdateMap, UpdateMapItem,
};
use twilio_rest::sync::permissions::UpdatePermission;
use twilio_rest::sync::services::{CreateService, UpdateService};
use twilio_rest::{Client, Domain};
use twilio_testkit::prism::{Prism, Spec};

#[path = "rest_common/mod.rs"]
mod common;
use common::{check, sid};

fn client(prism: &Prism) -> Client {
    common::client(prism, Domain::Sync)
}

const OPERATIONS: &[&str] = &[
    "GET /v1/Services",
    "POST /v1/Services",
    "GET /v1/Services/{Sid}",
    "POST /v1/Services/{Sid}",
    "DELETE /v1/Services/{Sid}",
    "GET /v1/Services/{ServiceSid}/Documents",
    "POST /v1/Services/{ServiceSid}/Documents",
    "GET /v1/Services/{ServiceSid}/Documents/{Sid}",
    "POST /v1/Services/{ServiceSid}/Documents/{Sid}",
    "DELETE /v1/Services/{ServiceSid}/Documents/{Sid}",
    "GET /v1/Services/{ServiceSid}/Maps",
    "POST /v1/Services/{ServiceSid}/Maps",
    "GET /v1/Services/{ServiceSid}/Maps/{Sid}",
    "POST /v1/Services/{ServiceSid}/Maps/{Sid}",
    "DELETE /v1/Services/{ServiceSid}/Maps/{Sid}",
    "GET /v1/Services/{ServiceSid}/Maps/{MapSid}/Items",
    "POST /v1/Services/{ServiceSid}/Maps/{MapSid}/Items",
    "GET /v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}",
    "POST /v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}",
    "DELETE /v1/Services/{ServiceSid}/Maps/{MapSid}/Items/{Key}",
    "GET /v1/Services/{ServiceSid}/Lists",
    "POST /v1/Services/{ServiceSid}/Lists",
    "GET /v1/Services/{ServiceSid}/Lists/{Sid}",
    "POST /v1/Services/{ServiceSid}/Lists/{Sid}",
    "DELETE /v1/Services/{ServiceSid}/Lists/{Sid}",
    "GET /v1/Services/{ServiceSid}/Lists/{ListSid}/Items",
    "POST /v1/Services/{ServiceSid}/Lists/{ListSid}/Items",
    "GET /v1/Services/{ServiceSid}/Lists/{ListSid}/Items/{Index}",
    "POST /v1/Services/{ServiceSid}/Lists/{ListSid}/Items/{Index}",
    "DELETE /v1/Services/{ServiceSid}/Lists/{ListSid}/Items/{Index}",
    "GET /v1/Services/{ServiceSid}/Documents/{DocumentSid}/Permissions",
    "GET /v1/Services/{ServiceSid}/Documents/{DocumentSid}/Permissions/{Identity}",
    "POST /v1/Services/{ServiceSid}/Documents/{DocumentSid}/Permissions/{Identity}",
    "DELETE /v1/Services/{ServiceSid}/Documents/{DocumentSid}/Permissions/{Identity}",
    "GET /v1/Services/{ServiceSid}/Maps/{MapSid}/Permissions",
    "GET /v1/Services/{ServiceSid}/Maps/{MapSid}/Permissions/{Identity}",
    "POST /v1/Services/{ServiceSid}/Maps/{MapSid}/Permissions/{Identity}",
    "DELETE /v1/Services/{ServiceSid}/Maps/{MapSid}/Permissions/{Identity}",
    "GET /v1/Services/{ServiceSid}/Lists/{ListSid}/Permissions",
    "GET /v1/Services/{ServiceSid}/Lists/{ListSid}/Permissions/{Identity}",
    "POST /v1/Services/{ServiceSid}/Lists/{ListSid}/Permissions/{Identity}",
    "DELETE /v1/Services/{ServiceSid}/Lists/{ListSid}/Permissions/{Identity}",
];

#[tokio::test]
async fn every_wrapped_sync_operation_keeps_the_contract() {
    let prism = Prism::start(Spec::Sync).unwrap();
    let sync = client(&prism).sync();
    let is: SyncServiceSid = sid("IS");
    let et: SyncDocumentSid = sid("ET");
    let mp: SyncMapSid = sid("MP");
    let es: SyncListSid = sid("ES");

    // Services, with reachability webhooks and debouncing.
    let create = CreateService::default()
        .friendly_name("presence")
        .webhook_url("https://example.com/sync")
        .reachability_webhooks_enabled(true)
        .reachability_debouncing_enabled(true)
        .reachability_debouncing_window(5000)
        .acl_enabled(false)
        .webhooks_from_rest_enabled(true);
    let service = check(&prism, "create service", sync.services().create(&create)).await;
    assert!(service.sid.as_str().starts_with("IS"));
    check(
        &prism,
        "list services",
        sync.services().list().page_size(10).first_page(),
    )
    .await;
    check(&prism, "fetch service", sync.service(is.clone()).fetch()).await;
    let update = UpdateService::default()
        .reachability_debouncing_window(10_000)
        .friendly_name("p2");
    check(
        &prism,
        "update service",
        sync.service(is.clone()).update(&update),
    )
    .await;

    let service = sync.service(is.clone());
    // Documents, by SID and by unique name, with If-Match.
    let doc = CreateDocument::default()
        .unique_name("presence")
        .data(json!({"online": ["alice"]}))
        .ttl(3600);
    let created = check(&prism, "create document", service.documents().create(&doc)).await;
    assert!(created.data.is_some());
    check(
        &prism,
        "list documents",
        service.documents().list().first_page(),
    )
    .await;
    check(&prism, "fetch document", service.document(&et).fetch()).await;
    check(
        &prism,
        "fetch document by name",
        service.document("presence").fetch(),
    )
    .await;
    let update = UpdateDocument::default()
        .data(json!({"online": []}))
        .if_match("1");
    check(
        &prism,
        "update document",
        service.document(&et).update(&update),
    )
    .await;
    check(&prism, "delete document", service.document(&et).delete()).await;

    // Maps and items.
    check(
        &prism,
        "create map",
        service
            .maps()
            .create(&CreateMap::default().unique_name("users").ttl(0)),
    )
    .await;
    check(&prism, "list maps", service.maps().list().first_page()).await;
    check(&prism, "fetch map", service.map(&mp).fetch()).await;
    check(
        &prism,
        "update map",
        service.map(&mp).update(&UpdateMap::default().ttl(60)),
    )
    .await;
    let map = service.map(&mp);
    let item = CreateMapItem::new("alice", json!({"status": "online"})).item_ttl(30);
    let created = check(&prism, "create map item", map.create_item(&item)).await;
    assert!(!created.key.is_empty());
    let filter = ListMapItems::default()
        .order(MapItemOrder::Asc)
        .from("a")
        .bounds(MapItemBound::Inclusive);
    check(&prism, "list map items", map.items(filter).first_page()).await;
    check(&prism, "fetch map item", map.item("alice").fetch()).await;
    let update = UpdateMapItem::default()
        .data(json!({"status": "away"}))
        .if_match("2");
    check(&prism, "update map item", map.item("alice").update(&update)).await;
    check(
        &prism,
        "delete map item",
        map.item("alice").delete_if_match("3"),
    )
    .await;
    check(&prism, "delete map", map.delete()).await;

    // Lists and items.
    check(
        &prism,
        "create list",
        service
            .lists()
            .create(&CreateList::default().unique_name("log")),
    )
    .await;
    check(&prism, "list lists", service.lists().list().first_page()).await;
    check(&prism, "fetch list", service.list(&es).fetch()).await;
    check(
        &prism,
        "update list",
        service
            .list(&es)
            .update(&UpdateList::default().collection_ttl(600)),
    )
    .await;
    let list = service.list(&es);
    check(
        &prism,
        "create list item",
        list.create_item(&CreateListItem::new(json!({"event": "login"}))),
    )
    .await;
    check(
        &prism,
        "list list items",
        list.items(ListListItems::default().order(ListItemOrder::Desc))
            .first_page(),
    )
    .await;
    check(&prism, "fetch list item", list.item(0).fetch()).await;
    let update = UpdateListItem::default().data(json!({"event": "logout"}));
    check(&prism, "update list item", list.item(0).update(&update)).await;
    check(&prism, "delete list item", list.item(0).delete()).await;
    check(&prism, "delete list", list.delete()).await;

    // Permissions of each kind of object.
    let grant = UpdatePermission::new(true, true, false);
    for (what, perms) in [
        ("document", service.document(&et).permissions()),
        ("map", service.map(&mp).permissions()),
        ("list", service.list(&es).permissions()),
    ] {
        check(
            &prism,
            &format!("list {what} permissions"),
            perms.list().first_page(),
        )
        .await;
        let alice = perms.identity("alice");
        check(&prism, &format!("fetch {what} permission"), alice.fetch()).await;
        check(
            &prism,
            &format!("update {what} permission"),
            alice.update(&grant),
        )
        .await;
        check(&prism, &format!("delete {what} permission"), alice.delete()).await;
    }

    check(&prism, "delete service", sync.service(is.clone()).delete()).await;

    prism.assert_clean().unwrap();
    let called = prism.operations_called();
    let missing: Vec<&&str> = OPERATIONS
        .iter()
        .filter(|op| !called.iter().any(|c| c == *op))
        .collect();
    assert!(
        missing.is_empty(),
        "not reached cleanly: {missing:?}\ncalled: {called:?}"
    );
    prism.assert_called_every_wrapped().unwrap();
}
