//! Login for the toolkit's web apps, framework-agnostic with an actix-web
//! extractor behind the `actix` feature.
//!
//! * [`Users`]: configured users, `username:$argon2id$...` per line (or `;`
//!   separated in one environment variable); make hashes with [`hash_password`].
//! * [`Auth`]: checks passwords (Argon2id, constant-time compare, dummy hash for
//!   unknown users), throttles wrong guesses without ever locking a user out
//!   ([`LoginBudgets`]), and issues sessions as HMAC-SHA256 signed cookies carrying the
//!   username and an expiry (`HttpOnly`, `SameSite=Strict`, `Secure` on https);
//!   [`Auth::end_session`] (logout) makes a session's cookie refused from then on.
//! * [`limit`]: the one store of the apps' shared state: fixed-window counters
//!   (login throttling, rate limits) and logout marks, in a [`limit::Store`]
//!   ([`limit::MemoryStore`] or, feature `redis`, `limit::RedisStore` shared by
//!   every instance) behind the cloneable [`limit::Limits`] handle.
//! * `AuthenticatedUser` (feature `actix`): an extractor that answers
//!   `401` JSON without a valid session.
//!
//! No `Debug` output or error message contains a password, hash or key: keys and
//! hashes are held in `twilio_types::Secret` (zeroised on drop).
//!
//! # Example
//!
//! ```
//! use twilio_app_auth::{Auth, SessionKey, Users, hash_password};
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//!
//! let users = Users::parse(&format!("alice:{}", hash_password("correct horse")?))?;
//! let auth = Auth::builder(users, SessionKey::new("0123456789abcdef0123456789abcdef")?)
//!     .secure(true)
//!     .build();
//!
//! let session = auth.login("alice", "correct horse", Some("203.0.113.7")).await?;
//! let set_cookie = auth.set_cookie(&session); // send as `Set-Cookie`
//! assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("Secure"));
//!
//! // Later, with the browser's `Cookie:` header:
//! let cookie = set_cookie.split(';').next().unwrap_or_default();
//! assert_eq!(auth.authenticate(Some(cookie)).await?.as_str(), "alice");
//! assert!(auth.login("alice", "wrong", None).await.is_err());
//!
//! // Logout: the session ends, and a copy of the cookie is refused.
//! auth.end_session(Some(cookie)).await?;
//! assert!(auth.authenticate(Some(cookie)).await.is_err());
//! # Ok::<(), twilio_app_auth::AuthError>(())
//! # }).unwrap();
//! ```

mod auth;
mod error;
pub mod limit;
mod password;
mod session;
mod store;
mod throttle;
mod username;

#[cfg(feature = "actix")]
mod actix;

#[cfg(feature = "actix")]
pub use actix::{AuthRejection, AuthenticatedUser};
pub use auth::{Auth, AuthBuilder};
pub use error::AuthError;
pub use password::{Users, hash_password};
pub use session::{Session, SessionKey, cookie_value};
pub use throttle::LoginBudgets;
pub use username::Username;
