//! Flex: validating a Flex user's token (`POST https://iam.twilio.com/v1/Accounts/{AC}/Tokens/validate`).
//!
//! This endpoint is not in Twilio's public OpenAPI specs; the request is JSON
//! `{"token": …}` and the answer describes the token.
//!
//! ```no_run
//! # async fn run(client: twilio_rest::Client, token: &str) -> Result<(), twilio_rest::Error> {
//! let check = client.flex().validate_token(token).await?;
//! if check.valid {
//!     println!("{:?} is a Flex user with roles {:?}", check.identity, check.roles);
//! }
//! # Ok(()) }
//! ```

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::client::{Client, Domain, Request};
use crate::sid::{AccountSid, WorkerSid};

/// The result of validating a Flex token.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct TokenValidation {
    /// Whether the token is valid.
    pub valid: bool,
    /// Twilio's result code (e.g. `0` when valid).
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub code: Option<i64>,
    /// Twilio's message, e.g. why the token is invalid.
    pub message: Option<String>,
    /// When the token expires.
    pub expiration: Option<String>,
    /// The user's ID in the identity provider's realm; `null` for some users.
    pub realm_user_id: Option<String>,
    /// The user's identity.
    pub identity: Option<String>,
    /// The user's Flex roles (e.g. `agent`, `supervisor`, `admin`).
    #[serde(default)]
    pub roles: Vec<String>,
    /// The TaskRouter worker of the user.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub worker_sid: Option<WorkerSid>,
}

/// Flex operations of one account.
#[derive(Debug, Clone)]
pub struct Flex {
    client: Client,
    account: AccountSid,
}

impl Client {
    /// Flex operations for the client's account.
    pub fn flex(&self) -> Flex {
        Flex {
            client: self.clone(),
            account: self.account_sid().clone(),
        }
    }
}

#[derive(Serialize)]
struct ValidateBody<'a> {
    token: &'a str,
}

impl Flex {
    /// The same operations for another account.
    #[must_use]
    pub fn account(mut self, sid: AccountSid) -> Self {
        self.account = sid;
        self
    }

    /// Asks Twilio whether `token` (a Flex user's JWE token) is valid, and whose it is.
    /// The request is read-only, so it is retried like a `GET`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for an empty token; any [`Error`] of the request.
    pub async fn validate_token(&self, token: &str) -> Result<TokenValidation, Error> {
        if token.is_empty() {
            return Err(Error::InvalidInput("empty Flex token".into()));
        }
        let body = serde_json::to_vec(&ValidateBody { token })
            .map_err(|e| Error::InvalidInput(format!("token body: {e}")))?;
        let path = path!("/v1/Accounts/{}/Tokens/validate", self.account);
        let mut req = Request::create(Domain::Iam, path, &crate::form::Form::new()).with_json(body);
        req.idempotent = true;
        self.client.send_json(&req).await
    }
}
