//! Access Tokens for the logged-in user: identity, Sync (with endpoint id) and Voice.

use std::time::Duration;

use twilio_token::{
    AccessToken, AccountSid, ApiKeySid, ApplicationSid, SyncGrant, SyncServiceSid, VoiceGrant,
};

use crate::{config::Config, error::AppError};

/// Signs Access Tokens; in local mode with placeholder SIDs and a random secret
/// (the token has the real shape but Twilio would refuse it).
#[derive(Debug, Clone)]
pub struct TokenIssuer {
    account_sid: AccountSid,
    key_sid: ApiKeySid,
    secret: twilio_token::Secret,
    service_sid: SyncServiceSid,
    application_sid: ApplicationSid,
    ttl: Duration,
}

fn bad_sid(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("configured SID: {e}"))
}

impl TokenIssuer {
    /// From the checked configuration.
    pub fn from_config(config: &Config) -> Result<Self, AppError> {
        let zeros = "0".repeat(32);
        let (acc, key, secret, is, ap) = match &config.twilio {
            Some(t) => (
                t.account_sid.clone(),
                t.api_key_sid.clone(),
                t.api_key_secret.clone(),
                t.sync_service_sid.clone(),
                t.application_sid.clone(),
            ),
            None => (
                format!("AC{zeros}"),
                format!("SK{zeros}"),
                twilio_token::Secret::new(crate::config::random_hex()),
                format!("IS{zeros}"),
                format!("AP{zeros}"),
            ),
        };
        Ok(Self {
            account_sid: acc.parse().map_err(bad_sid)?,
            key_sid: key.parse().map_err(bad_sid)?,
            secret,
            service_sid: is.parse().map_err(bad_sid)?,
            application_sid: ap.parse().map_err(bad_sid)?,
            ttl: config.token_ttl,
        })
    }

    /// Token lifetime.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// One JWT for `identity`, whose Sync endpoint id is `endpoint_id`.
    pub fn issue(&self, identity: &str, endpoint_id: &str) -> Result<String, AppError> {
        AccessToken::builder(
            self.account_sid.clone(),
            self.key_sid.clone(),
            self.secret.clone(),
        )
        .identity(identity)
        .grant(
            SyncGrant::new()
                .service_sid(self.service_sid.clone())
                .endpoint_id(endpoint_id),
        )
        .grant(
            VoiceGrant::new()
                .incoming(true)
                .outgoing_application_sid(self.application_sid.clone()),
        )
        .ttl(self.ttl)
        .build()
        .and_then(|t| t.to_jwt())
        .map_err(|e| AppError::Internal(format!("token: {e}")))
    }
}
