//! The escape hatch: any method and path on any domain, with the client's credentials,
//! base URL, timeout and retries, for endpoints this crate does not wrap.

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use reqwest::Method;

use crate::Error;
use crate::client::{Body, Client, Domain, Request};
use crate::form::Form;

/// A request built by [`Client::request`].
///
/// ```no_run
/// # async fn run(client: twilio_rest::Client) -> Result<(), twilio_rest::Error> {
/// use twilio_rest::{Domain, raw::Method};
/// let path = format!("/2010-04-01/Accounts/{}/Balance.json", client.account_sid());
/// let balance: serde_json::Value = client.request(Method::GET, Domain::Api, path).send_json().await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a request does nothing until sent"]
pub struct RawRequest {
    client: Client,
    req: Request,
    error: Option<Error>,
}

impl Client {
    /// Starts a request to `path` (beginning with `/`) on `domain`. `GET`, `DELETE`,
    /// `PUT` and `HEAD` count as idempotent for retries; change with
    /// [`RawRequest::idempotent`].
    pub fn request(&self, method: Method, domain: Domain, path: impl Into<String>) -> RawRequest {
        let idempotent = matches!(
            method,
            Method::GET | Method::DELETE | Method::PUT | Method::HEAD
        );
        let mut req = Request::get(domain, path.into());
        req.method = method;
        req.idempotent = idempotent;
        RawRequest {
            client: self.clone(),
            req,
            error: None,
        }
    }
}

impl RawRequest {
    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.req.query.push((key.into(), value.into()));
        self
    }

    /// Sends `form` as the urlencoded body.
    pub fn form(mut self, form: &Form) -> Self {
        self.req = self.req.with_form(form);
        self
    }

    /// Sends `value` as a JSON body.
    pub fn json<B: Serialize + ?Sized>(mut self, value: &B) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => self.req.body = Body::Json(body),
            Err(e) => self.error = Some(Error::InvalidInput(format!("JSON body: {e}"))),
        }
        self
    }

    /// Adds a header (e.g. `If-Match`).
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        match self.req.clone().with_header(name, value) {
            Ok(req) => self.req = req,
            Err(e) => self.error = Some(e),
        }
        self
    }

    /// Whether repeating the request is harmless (affects retries).
    pub fn idempotent(mut self, yes: bool) -> Self {
        self.req.idempotent = yes;
        self
    }

    /// Sends the request and returns the raw body of a success response.
    ///
    /// # Errors
    /// [`Error::Api`] for a non-success status; transport errors; input errors.
    pub async fn send(self) -> Result<Vec<u8>, Error> {
        if let Some(err) = self.error {
            return Err(err);
        }
        self.client.send(&self.req).await
    }

    /// Sends the request and decodes the JSON answer into `T`.
    ///
    /// # Errors
    /// As [`RawRequest::send`], and [`Error::Decode`] with the raw body.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let body = self.send().await?;
        Error::decode(&body)
    }
}
