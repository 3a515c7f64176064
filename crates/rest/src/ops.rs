//! One-line helpers for the operations every resource repeats.

use serde::de::DeserializeOwned;

use crate::Error;
use crate::client::{Client, Domain, Request};
use crate::form::ToForm;
use crate::page::{ListItem, Lister};

impl Client {
    /// `GET` one resource.
    pub(crate) async fn fetch_at<T: DeserializeOwned>(
        &self,
        domain: Domain,
        path: String,
    ) -> Result<T, Error> {
        self.send_json(&Request::get(domain, path)).await
    }

    /// `GET` one resource with `params` as its query string.
    pub(crate) async fn fetch_query_at<T: DeserializeOwned>(
        &self,
        domain: Domain,
        path: String,
        params: &impl ToForm,
    ) -> Result<T, Error> {
        self.send_json(&Request::get(domain, path).with_query(&params.to_form()))
            .await
    }

    /// `POST` a create (not idempotent).
    pub(crate) async fn create_at<T: DeserializeOwned>(
        &self,
        domain: Domain,
        path: String,
        params: &impl ToForm,
    ) -> Result<T, Error> {
        self.send_json(&Request::create(domain, path, &params.to_form()))
            .await
    }

    /// `POST` an update of an existing resource.
    pub(crate) async fn update_at<T: DeserializeOwned>(
        &self,
        domain: Domain,
        path: String,
        params: &impl ToForm,
    ) -> Result<T, Error> {
        self.send_json(&Request::update(domain, path, &params.to_form()))
            .await
    }

    /// `POST` an update, applied only while the resource is at `revision` when one is
    /// given (`If-Match`; Twilio answers 412 otherwise).
    pub(crate) async fn update_if_match_at<T: DeserializeOwned>(
        &self,
        domain: Domain,
        path: String,
        params: &impl ToForm,
        revision: Option<&str>,
    ) -> Result<T, Error> {
        let mut req = Request::update(domain, path, &params.to_form());
        if let Some(revision) = revision {
            req = req.with_header("If-Match", revision)?;
        }
        self.send_json(&req).await
    }

    /// `DELETE` a resource only while it is at `revision` (`If-Match`).
    pub(crate) async fn delete_if_match_at(
        &self,
        domain: Domain,
        path: String,
        revision: &str,
    ) -> Result<(), Error> {
        let req = Request::delete(domain, path).with_header("If-Match", revision)?;
        self.send(&req).await.map(drop)
    }

    /// `DELETE` a resource.
    pub(crate) async fn delete_at(&self, domain: Domain, path: String) -> Result<(), Error> {
        self.send(&Request::delete(domain, path)).await.map(drop)
    }

    /// A list, filtered by `filter`'s query parameters.
    pub(crate) fn list_at<T: ListItem>(
        &self,
        domain: Domain,
        path: String,
        filter: &impl ToForm,
    ) -> Lister<T> {
        Lister::new(
            self.clone(),
            Request::get(domain, path).with_query(&filter.to_form()),
        )
    }
}

/// Parameters of an operation that takes none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoParams;

impl ToForm for NoParams {
    fn write(&self, _form: &mut crate::form::Form) {}
}
