//! Who is on the other end of a websocket: the Flex user token, checked with Twilio's
//! IAM endpoint before the upgrade.

use actix_web::HttpRequest;
use actix_web::http::header;
use jiff::Timestamp;
use twilio_rest::sid::WorkerSid;

use crate::Error;

/// Longest token accepted (Flex JWEs are about 1 KiB).
const MAX_TOKEN_LEN: usize = 8 * 1024;

/// The Flex user a validated token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlexUser {
    /// The user's identity (their e-mail address for SSO users).
    pub identity: String,
    /// The user's TaskRouter worker, when Twilio names one.
    pub worker_sid: Option<WorkerSid>,
    /// When the token expires, when Twilio says so in a form we can read.
    pub expires_at: Option<Timestamp>,
}

impl FlexUser {
    /// The worker `contact_uri` Flex gives this user: `client:` and the identity with
    /// every byte but ASCII letters and digits written `_XX` (upper-case hex), e.g.
    /// `jdoe@acme.com` → `client:jdoe_40acme_2Ecom`.
    pub fn contact_uri(&self) -> String {
        let mut out = String::from("client:");
        for b in self.identity.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("_{b:02X}"));
            }
        }
        out
    }
}

/// Where the client put its token: the sub-protocol (browsers) is echoed in the 101.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OfferedToken {
    /// `Sec-WebSocket-Protocol: <token>`
    Protocol(String),
    /// `token: <token>`
    Header(String),
}

impl OfferedToken {
    pub(crate) fn token(&self) -> &str {
        match self {
            OfferedToken::Protocol(t) | OfferedToken::Header(t) => t,
        }
    }
}

/// The token of the request: the first sub-protocol offered, else the `token` header.
pub(crate) fn offered_token(req: &HttpRequest) -> Result<OfferedToken, Error> {
    let protocol = req
        .headers()
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').map(str::trim).find(|p| !p.is_empty()));
    let found = match protocol {
        Some(p) => OfferedToken::Protocol(p.to_owned()),
        None => req
            .headers()
            .get("token")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| OfferedToken::Header(t.to_owned()))
            .ok_or(Error::MissingToken)?,
    };
    if found.token().len() > MAX_TOKEN_LEN {
        return Err(Error::InvalidToken);
    }
    Ok(found)
}

/// Asks Twilio whose `token` it is.
///
/// # Errors
/// [`Error::InvalidToken`] when Twilio says it is not valid (or names no identity);
/// [`Error::ValidationUnavailable`] when Twilio cannot be asked.
pub(crate) async fn validate(rest: &twilio_rest::Client, token: &str) -> Result<FlexUser, Error> {
    match rest.flex().validate_token(token).await {
        Ok(check) if check.valid => {
            let identity = check
                .identity
                .filter(|id| !id.is_empty())
                .ok_or(Error::InvalidToken)?;
            let expires_at = check.expiration.as_deref().and_then(|e| e.parse().ok());
            if expires_at.is_some_and(|at: Timestamp| at <= Timestamp::now()) {
                return Err(Error::InvalidToken);
            }
            Ok(FlexUser {
                identity,
                worker_sid: check.worker_sid,
                expires_at,
            })
        }
        Ok(_) => Err(Error::InvalidToken),
        // Twilio judged the token itself (malformed, other account); a 401/403 would be
        // about our own credentials, so it falls through to "unavailable".
        Err(twilio_rest::Error::Api {
            status: 400 | 404, ..
        }) => Err(Error::InvalidToken),
        Err(twilio_rest::Error::InvalidInput(_)) => Err(Error::InvalidToken),
        Err(other) => Err(Error::ValidationUnavailable(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_uri_escapes_like_flex() {
        let user = FlexUser {
            identity: "jdoe@acme.com".into(),
            worker_sid: None,
            expires_at: None,
        };
        assert_eq!(user.contact_uri(), "client:jdoe_40acme_2Ecom");
        let odd = FlexUser {
            identity: "a&b=c_d é".into(),
            worker_sid: None,
            expires_at: None,
        };
        assert_eq!(odd.contact_uri(), "client:a_26b_3Dc_5Fd_20_C3_A9");
    }
}
