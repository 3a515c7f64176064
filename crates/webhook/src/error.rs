//! The crate's single error type.

/// Why a webhook was not accepted, or a validator could not be built.
///
/// Messages never contain auth tokens, signatures or request bodies, so they are
/// safe to log. Handlers should still answer callers with a bare status code.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The request carried no `X-Twilio-Signature` header.
    #[error("the request has no X-Twilio-Signature header")]
    MissingSignature,
    /// No candidate URL and no configured secret produced the received signature.
    #[error("the X-Twilio-Signature does not match the request")]
    InvalidSignature,
    /// The URL's `bodySHA256` does not match the SHA-256 of the received body.
    #[error("the request body does not match the bodySHA256 in its URL")]
    BodyHashMismatch,
    /// `X-Twilio-Webhooks-Signature-Settings` names an algorithm this crate does not know.
    #[error("unsupported webhook signature algorithm `{0}`")]
    UnsupportedAlgorithm(String),
    /// A validator was built without any auth token.
    #[error("a validator needs at least one auth token")]
    NoAuthToken,
    /// An environment variable that `actix::WebhookConfig::from_env` (feature
    /// `actix`) needs is unset or empty (the error names the variable).
    #[error("the environment variable {0} is not set")]
    MissingVariable(&'static str),
    /// An auth token or shared key was empty.
    #[error("an auth token or shared key must not be empty")]
    EmptySecret,
    /// A configured base URL is not an absolute `http(s)://` URL.
    #[error("invalid public base URL: {0}")]
    InvalidBaseUrl(String),
    /// The body was valid and signed, but does not fit the requested payload type.
    #[error("the webhook payload does not fit the expected type: {0}")]
    Payload(String),
}

/// So `?` works in the `std::io::Result` `main` that actix-web servers usually have
/// (e.g. on `actix::WebhookConfig::from_env`, feature `actix`): the
/// error becomes `io::ErrorKind::InvalidInput` with this error as its source.
impl From<Error> for std::io::Error {
    fn from(error: Error) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}
