//! Checking `X-Twilio-Signature`.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use subtle::ConstantTimeEq;

use crate::canonical::{SortSpace, SortedParams};
use crate::{Algorithm, Error, Secret, SignatureSettings, urls};

/// The header Twilio puts the signature in.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// One secret, keyed into both HMACs once when the validator is built (the inner and
/// outer pads hashed); each check clones the keyed MAC and hashes only the data. The
/// keyed states are wiped when the validator is dropped (the `zeroize` features of
/// `hmac`, `sha1` and `sha2`).
#[derive(Clone)]
struct Key {
    id: Option<String>,
    sha1: Hmac<sha1::Sha1>,
    sha256: Hmac<sha2::Sha256>,
}

impl Key {
    fn new(id: Option<String>, secret: &Secret) -> Result<Self, Error> {
        if secret.is_empty() {
            return Err(Error::EmptySecret);
        }
        let bytes = secret.expose().as_bytes();
        Ok(Self {
            id,
            // HMAC takes keys of any length, so these cannot fail.
            sha1: KeyInit::new_from_slice(bytes).map_err(|_| Error::EmptySecret)?,
            sha256: KeyInit::new_from_slice(bytes).map_err(|_| Error::EmptySecret)?,
        })
    }

    /// Whether `signature` is this key's HMAC of `url` followed by `params`,
    /// compared in constant time by the MAC's own `verify_slice`.
    fn verifies<K: AsRef<str>, V: AsRef<str>>(
        &self,
        algorithm: Algorithm,
        url: &[u8],
        params: &SortedParams<'_, K, V>,
        signature: &[u8],
    ) -> bool {
        match algorithm {
            Algorithm::HmacSha1 => verify(&self.sha1, url, params, signature),
            Algorithm::HmacSha256 => verify(&self.sha256, url, params, signature),
        }
    }
}

fn verify<M: Mac + Clone, K: AsRef<str>, V: AsRef<str>>(
    keyed: &M,
    url: &[u8],
    params: &SortedParams<'_, K, V>,
    signature: &[u8],
) -> bool {
    let mut mac = keyed.clone();
    params.feed(url, &mut mac);
    mac.verify_slice(signature).is_ok()
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// Validates Twilio webhook signatures.
///
/// Build one at startup and share it (it is `Send + Sync` and cheap to clone):
///
/// ```
/// use twilio_webhook::{Signer, Validator};
///
/// let validator = Validator::builder()
///     .auth_token("current-auth-token")
///     .auth_token("previous-auth-token") // accepted during rotation
///     .build()?;
///
/// let url = "https://example.com/voice?team=sales";
/// let params = [("CallSid", "CA123"), ("From", "+15005550006")];
/// let signature = Signer::new("previous-auth-token").sign(url, &params);
/// assert!(validator.validate(url, &params, &signature).is_ok());
/// assert!(validator.validate(url, &[("CallSid", "CA999")], &signature).is_err());
/// # Ok::<(), twilio_webhook::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Validator {
    auth_tokens: Vec<Key>,
    shared_keys: Vec<Key>,
    #[cfg(feature = "normalized-urls")]
    url_fallbacks: bool,
}

/// Settings for a [`Validator`].
#[derive(Debug, Clone)]
pub struct ValidatorBuilder {
    auth_tokens: Vec<Secret>,
    shared_keys: Vec<(String, Secret)>,
    #[cfg(feature = "normalized-urls")]
    url_fallbacks: bool,
}

// Derivable only without `normalized-urls`, whose fallbacks default to on.
#[allow(clippy::derivable_impls)]
impl Default for ValidatorBuilder {
    fn default() -> Self {
        Self {
            auth_tokens: Vec::new(),
            shared_keys: Vec::new(),
            #[cfg(feature = "normalized-urls")]
            url_fallbacks: true,
        }
    }
}

impl ValidatorBuilder {
    /// Adds an Auth Token. Add the old and the new token while rotating.
    #[must_use]
    pub fn auth_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth_tokens.push(token.into());
        self
    }

    /// Adds a SharedKey (id and secret) for webhooks that carry
    /// `X-Twilio-Webhooks-Signature-Settings: key=<id>,algorithm=...`.
    #[must_use]
    pub fn shared_key(mut self, key_id: impl Into<String>, secret: impl Into<Secret>) -> Self {
        self.shared_keys.push((key_id.into(), secret.into()));
        self
    }

    /// Whether to also try the WHATWG-normalised URL and its legacy-querystring form
    /// when the URL as received does not match, as twilio-node does (default `true`;
    /// feature `normalized-urls`, on by default).
    #[cfg(feature = "normalized-urls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "normalized-urls")))]
    #[must_use]
    pub fn normalized_url_fallbacks(mut self, enabled: bool) -> Self {
        self.url_fallbacks = enabled;
        self
    }

    /// Builds the validator.
    ///
    /// # Errors
    /// [`Error::NoAuthToken`] without any auth token or shared key,
    /// [`Error::EmptySecret`] for an empty one.
    pub fn build(self) -> Result<Validator, Error> {
        if self.auth_tokens.is_empty() && self.shared_keys.is_empty() {
            return Err(Error::NoAuthToken);
        }
        let auth_tokens = self
            .auth_tokens
            .iter()
            .map(|t| Key::new(None, t))
            .collect::<Result<_, _>>()?;
        let shared_keys = self
            .shared_keys
            .iter()
            .map(|(id, s)| Key::new(Some(id.clone()), s))
            .collect::<Result<_, _>>()?;
        Ok(Validator {
            auth_tokens,
            shared_keys,
            #[cfg(feature = "normalized-urls")]
            url_fallbacks: self.url_fallbacks,
        })
    }
}

/// Everything about one received webhook that its signature covers.
///
/// ```
/// use twilio_webhook::{Signer, Validator, WebhookRequest};
///
/// let validator = Validator::new("token")?;
/// let body = br#"{"EventType":"onMessageAdded"}"#;
/// let signed = Signer::new("token").sign_json("https://example.com/hook", body);
/// let request = WebhookRequest::new(&signed.url, Some(&signed.signature)).raw_body(body);
/// assert!(validator.validate_request(&request).is_ok());
/// # Ok::<(), twilio_webhook::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct WebhookRequest<'a> {
    url: &'a str,
    signature: Option<&'a str>,
    settings: Option<&'a str>,
    params: &'a [(String, String)],
    body: &'a [u8],
}

impl<'a> WebhookRequest<'a> {
    /// The full public URL Twilio requested (with its query) and the
    /// `X-Twilio-Signature` header, if present.
    pub fn new(url: &'a str, signature: Option<&'a str>) -> Self {
        Self {
            url,
            signature,
            settings: None,
            params: &[],
            body: &[],
        }
    }

    /// The `X-Twilio-Webhooks-Signature-Settings` header, if present.
    #[must_use]
    pub fn signature_settings(mut self, header: Option<&'a str>) -> Self {
        self.settings = header;
        self
    }

    /// The decoded form parameters of an `application/x-www-form-urlencoded` POST.
    #[must_use]
    pub fn form_params(mut self, params: &'a [(String, String)]) -> Self {
        self.params = params;
        self
    }

    /// The raw body; checked against `bodySHA256` when the URL carries one.
    #[must_use]
    pub fn raw_body(mut self, body: &'a [u8]) -> Self {
        self.body = body;
        self
    }
}

impl Validator {
    /// A validator for a single Auth Token.
    ///
    /// # Errors
    /// [`Error::EmptySecret`] for an empty token.
    pub fn new(auth_token: impl Into<Secret>) -> Result<Self, Error> {
        Self::builder().auth_token(auth_token).build()
    }

    /// Starts a builder.
    pub fn builder() -> ValidatorBuilder {
        ValidatorBuilder::default()
    }

    /// Validates a form-encoded POST (or, with no parameters, a GET) signed with
    /// HMAC-SHA1 and an Auth Token.
    ///
    /// # Errors
    /// [`Error::InvalidSignature`] when no candidate URL and token match.
    pub fn validate<K, V>(&self, url: &str, params: &[(K, V)], signature: &str) -> Result<(), Error>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut space = SortSpace::new();
        let params = SortedParams::new(params, &mut space);
        self.check(&SignatureSettings::default(), url, &params, signature)
    }

    /// Validates a JSON (or other raw-body) webhook: the signature covers the URL
    /// alone, and the URL's `bodySHA256` must be the SHA-256 of `body`.
    ///
    /// # Errors
    /// [`Error::InvalidSignature`], or [`Error::BodyHashMismatch`] when the signature
    /// is right but the body was changed (or the URL has no `bodySHA256`).
    pub fn validate_json(&self, url: &str, body: &[u8], signature: &str) -> Result<(), Error> {
        self.check_json(&SignatureSettings::default(), url, body, signature)
    }

    /// Validates a request described by a [`WebhookRequest`]: picks the algorithm from
    /// the settings header and the JSON path when the URL carries `bodySHA256`.
    ///
    /// # Errors
    /// [`Error::MissingSignature`], [`Error::UnsupportedAlgorithm`],
    /// [`Error::InvalidSignature`] or [`Error::BodyHashMismatch`].
    pub fn validate_request(&self, request: &WebhookRequest<'_>) -> Result<(), Error> {
        let signature = request.signature.ok_or(Error::MissingSignature)?;
        let settings = SignatureSettings::parse(request.settings)?;
        if crate::body_sha256_param(request.url).is_some() {
            self.check_json(&settings, request.url, request.body, signature)
        } else {
            let mut space = SortSpace::new();
            let params = SortedParams::new(request.params, &mut space);
            self.check(&settings, request.url, &params, signature)
        }
    }

    fn check_json(
        &self,
        settings: &SignatureSettings,
        url: &str,
        body: &[u8],
        signature: &str,
    ) -> Result<(), Error> {
        self.check(
            settings,
            url,
            &SortedParams::<&str, &str>::new(&[], &mut SortSpace::new()),
            signature,
        )?;
        let expected = crate::body_sha256_hex(body);
        let received = crate::body_sha256_param(url).unwrap_or_default();
        if bool::from(received.as_bytes().ct_eq(expected.as_bytes())) {
            Ok(())
        } else {
            Err(Error::BodyHashMismatch)
        }
    }

    /// The keys to try: the SharedKeys the settings header names if we know its
    /// key id, else all SharedKeys then Auth Tokens; Auth Tokens alone without the
    /// header (or with a bare `algorithm=HMAC_SHA1`).
    fn keys<'k>(&'k self, settings: &'k SignatureSettings) -> impl Iterator<Item = &'k Key> + 'k {
        let named = settings.key_id.as_deref().filter(|id| {
            self.shared_keys
                .iter()
                .any(|k| k.id.as_deref() == Some(*id))
        });
        let shared: &[Key] =
            if settings.key_id.is_some() || settings.algorithm != Algorithm::HmacSha1 {
                &self.shared_keys
            } else {
                &[]
            };
        let tokens: &[Key] = if named.is_some() {
            &[]
        } else {
            &self.auth_tokens
        };
        shared
            .iter()
            .filter(move |k| named.is_none_or(|id| k.id.as_deref() == Some(id)))
            .chain(tokens)
    }

    /// Checks `signature` against the HMAC of each candidate URL followed by
    /// `params` (the parameters' part of the signed string), under each key to try.
    fn check<K: AsRef<str>, V: AsRef<str>>(
        &self,
        settings: &SignatureSettings,
        url: &str,
        params: &SortedParams<'_, K, V>,
        signature: &str,
    ) -> Result<(), Error> {
        // Long enough for any header that could match (SHA-256: 32 bytes); longer
        // ones fail to decode into it and are rejected.
        let mut buf = [0u8; 48];
        let len = STANDARD
            .decode_slice(signature.as_bytes(), &mut buf)
            .map_err(|_| Error::InvalidSignature)?;
        let signature = buf.get(..len).ok_or(Error::InvalidSignature)?;
        let matches = |candidate: &str| {
            self.keys(settings)
                .any(|k| k.verifies(settings.algorithm, candidate.as_bytes(), params, signature))
        };
        // The URL as received, then without its port (if it has one) or with the
        // default port (if it has none): the two strings twilio-node tries first.
        if matches(url) || urls::port_variant(url).is_some_and(|c| matches(&c)) {
            return Ok(());
        }
        #[cfg(feature = "normalized-urls")]
        if self.url_fallbacks
            && let Some(candidates) = urls::fallbacks(url)
            && candidates.iter().any(|c| matches(c))
        {
            return Ok(());
        }
        Err(Error::InvalidSignature)
    }
}
