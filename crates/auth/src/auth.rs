use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use crate::{
    AuthError, Session, SessionKey, Username, Users,
    limit::Limits,
    session::cookie_value,
    throttle::{LoginBudgets, Throttle},
};

/// Login and session checks for one app: configured [`Users`], a
/// [`SessionKey`] for signed cookies, and throttling of wrong guesses that locks
/// nobody out (see [`LoginBudgets`]).
///
/// Build it with [`Auth::builder`]; share it (it is `Send + Sync`).
#[derive(Debug)]
pub struct Auth {
    users: Arc<Users>,
    key: SessionKey,
    cookie_name: String,
    ttl: Duration,
    secure: bool,
    throttle: Throttle,
    /// The same store as the throttle's: logouts are marks in it.
    limits: Limits,
}

/// Builder for [`Auth`]: every setting but the users and the key is optional.
#[derive(Debug)]
pub struct AuthBuilder {
    users: Users,
    key: SessionKey,
    cookie_name: String,
    ttl: Duration,
    secure: bool,
    budgets: LoginBudgets,
    limits: Option<Limits>,
}

impl AuthBuilder {
    /// Cookie name (default `session`).
    pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
        self.cookie_name = name.into();
        self
    }

    /// Session lifetime (default 12 hours).
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// Adds `Secure` to the cookie; set it when the public base URL is https.
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = secure;
        self
    }

    /// The budgets of wrong guesses (default [`LoginBudgets::default`]: 5 per
    /// account and address, 10 per account, 30 per address, per 15 minutes).
    pub fn throttle(mut self, budgets: LoginBudgets) -> Self {
        self.budgets = budgets;
        self
    }

    /// Where the throttle's counters and the logouts live (default: a memory store
    /// of its own); pass the app's shared [`Limits`] so one store holds every
    /// counter, and a Redis one so every instance shares them.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Some(limits);
        self
    }

    /// Finishes the builder.
    pub fn build(self) -> Auth {
        let limits = self.limits.unwrap_or_default();
        Auth {
            users: Arc::new(self.users),
            key: self.key,
            cookie_name: self.cookie_name,
            ttl: self.ttl,
            secure: self.secure,
            throttle: Throttle::new(self.budgets, limits.clone()),
            limits,
        }
    }
}

/// The store key of an ended session: a hash of the cookie value, so the store
/// never holds a session token (even an ended one).
fn revoked_key(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("revoked:{hex}")
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Auth {
    /// Starts a builder with the two required parts.
    pub fn builder(users: Users, key: SessionKey) -> AuthBuilder {
        AuthBuilder {
            users,
            key,
            cookie_name: "session".to_owned(),
            ttl: Duration::from_secs(12 * 3600),
            secure: false,
            budgets: LoginBudgets::default(),
            limits: None,
        }
    }

    /// The configured users.
    pub fn users(&self) -> &Users {
        &self.users
    }

    /// The session cookie's name.
    pub fn cookie_name(&self) -> &str {
        &self.cookie_name
    }

    /// Checks a username and password and issues a session.
    ///
    /// `client` is the client's address (the peer IP, or the one a trusted proxy
    /// saw). Only wrong guesses are throttled ([`LoginBudgets`]): an address that
    /// has used up its guesses for this account is refused before the (slow)
    /// password hash; every other attempt is checked, and the right password
    /// always gets in. Argon2 (tens of ms) runs on Tokio's blocking pool, so this
    /// must run inside a Tokio runtime (actix-web's is one).
    ///
    /// # Errors
    /// [`AuthError::Throttled`] for an address out of guesses for this account,
    /// [`AuthError::InvalidCredentials`] for a wrong name or password,
    /// [`AuthError::Unavailable`] when the throttle's store cannot answer (the
    /// password is then not checked: guessing never goes uncounted).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        client: Option<&str>,
    ) -> Result<Session, AuthError> {
        let name = Username::new(username).ok();
        let known = name.as_ref().is_some_and(|n| self.users.contains(n));
        let attempt = self.throttle.attempt(
            name.as_ref().map(Username::as_str),
            known,
            client.unwrap_or("-"),
        );
        self.throttle.check(&attempt).await?;
        let users = Arc::clone(&self.users);
        let (username, password) = (username.to_owned(), twilio_types::Secret::new(password));
        let verified =
            tokio::task::spawn_blocking(move || users.verify(&username, password.expose()))
                .await
                .map_err(|_| AuthError::Hash)?;
        match verified {
            Ok(user) => {
                self.throttle.succeeded(&attempt).await?;
                Ok(self.issue(user, unix_now()))
            }
            Err(e) => {
                self.throttle.failed(&attempt).await?;
                Err(e)
            }
        }
    }

    /// Issues a session for `user` at Unix time `now` without a password
    /// check (for tests and for apps with their own login step).
    pub fn issue(&self, user: Username, now: u64) -> Session {
        let expires_at = now.saturating_add(self.ttl.as_secs());
        let value = self.key.sign(&user, expires_at);
        Session {
            username: user,
            expires_at,
            value,
        }
    }

    /// Checks the session cookie in a `Cookie:` request header.
    ///
    /// # Errors
    /// Why the session is refused; [`AuthError::Unavailable`] when the store of
    /// logouts cannot answer (refused: a logged-out copy must not get in).
    pub async fn authenticate(&self, cookie_header: Option<&str>) -> Result<Username, AuthError> {
        self.authenticate_at(cookie_header, unix_now()).await
    }

    /// [`Auth::authenticate`] at a given Unix time.
    ///
    /// # Errors
    /// As [`Auth::authenticate`].
    pub async fn authenticate_at(
        &self,
        cookie_header: Option<&str>,
        now: u64,
    ) -> Result<Username, AuthError> {
        let value = self.session_value(cookie_header)?;
        let (user, _) = self.key.verify(value, now)?;
        if self.limits.is_marked(&revoked_key(value)).await? {
            return Err(AuthError::SessionEnded);
        }
        // A user removed from the configuration loses access at once.
        if self.users.contains(&user) {
            Ok(user)
        } else {
            Err(AuthError::InvalidSession)
        }
    }

    /// Ends the session in a `Cookie:` request header, if it is a valid one: from
    /// now on it is refused even if a copy of the cookie is replayed, until it would
    /// have expired anyway. Call it on logout, beside [`Auth::clear_cookie`].
    ///
    /// The record is a mark in the [`Limits`] store (a hash of the cookie, expiring
    /// with the session): with a Redis store every instance refuses the cookie, and
    /// the logout survives restarts; with the memory store, only this process.
    ///
    /// # Errors
    /// [`AuthError::Unavailable`] when the store cannot record it (the caller should
    /// say so: the cookie would otherwise stay valid elsewhere).
    pub async fn end_session(&self, cookie_header: Option<&str>) -> Result<(), AuthError> {
        self.end_session_at(cookie_header, unix_now()).await
    }

    /// [`Auth::end_session`] at a given Unix time.
    ///
    /// # Errors
    /// As [`Auth::end_session`].
    pub async fn end_session_at(
        &self,
        cookie_header: Option<&str>,
        now: u64,
    ) -> Result<(), AuthError> {
        if let Ok(value) = self.session_value(cookie_header)
            && let Ok((_, expires_at)) = self.key.verify(value, now)
        {
            let remaining = Duration::from_secs(expires_at.saturating_sub(now));
            self.limits.mark(&revoked_key(value), remaining).await?;
        }
        Ok(())
    }

    fn session_value<'h>(&self, cookie_header: Option<&'h str>) -> Result<&'h str, AuthError> {
        cookie_header
            .and_then(|h| cookie_value(h, &self.cookie_name))
            .filter(|v| !v.is_empty())
            .ok_or(AuthError::MissingSession)
    }

    /// The `Set-Cookie` header value that stores `session` in the browser:
    /// `HttpOnly`, `SameSite=Strict`, `Path=/`, `Max-Age`, and `Secure` if set.
    pub fn set_cookie(&self, session: &Session) -> String {
        self.cookie_header(&session.value, self.ttl.as_secs())
    }

    /// The `Set-Cookie` header value that deletes the session cookie.
    pub fn clear_cookie(&self) -> String {
        self.cookie_header("", 0)
    }

    fn cookie_header(&self, value: &str, max_age: u64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
            self.cookie_name
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash_password;

    fn auth() -> Auth {
        let h = hash_password("pw").unwrap();
        let users = Users::parse(&format!("alice:{h}")).unwrap();
        Auth::builder(users, SessionKey::new("3".repeat(32)).unwrap())
            .cookie_name("sid")
            .ttl(Duration::from_secs(60))
            .secure(true)
            .throttle(LoginBudgets {
                pair: 2,
                account: 3,
                address: 4,
                window: Duration::from_secs(60),
            })
            .build()
    }

    #[tokio::test]
    async fn login_then_authenticate() {
        let a = auth();
        let s = a.login("alice", "pw", Some("1.2.3.4")).await.unwrap();
        let set = a.set_cookie(&s);
        assert!(set.starts_with("sid=alice."));
        for attr in [
            "HttpOnly",
            "SameSite=Strict",
            "Secure",
            "Path=/",
            "Max-Age=60",
        ] {
            assert!(set.contains(attr), "{attr}");
        }
        let header = format!("x=1; {}", set.split(';').next().unwrap());
        assert_eq!(
            a.authenticate(Some(&header)).await.unwrap().as_str(),
            "alice"
        );
        assert_eq!(
            a.authenticate_at(Some(&header), s.expires_at).await,
            Err(AuthError::SessionExpired)
        );
        assert!(a.clear_cookie().contains("sid=; Path=/; Max-Age=0"));
        assert!(!format!("{s:?}").contains(&s.value));
    }

    #[tokio::test]
    async fn missing_and_invalid() {
        let a = auth();
        assert_eq!(a.authenticate(None).await, Err(AuthError::MissingSession));
        assert_eq!(
            a.authenticate(Some("sid=")).await,
            Err(AuthError::MissingSession)
        );
        assert_eq!(
            a.authenticate(Some("sid=alice.99999999999.AAAA")).await,
            Err(AuthError::InvalidSession)
        );
    }

    /// A copy of a logged-out cookie is refused; other sessions of the same user
    /// are not; an invalid or missing cookie records nothing; expired records go.
    #[tokio::test]
    async fn ended_sessions_stay_ended() {
        let a = auth();
        let alice = Username::new("alice").unwrap();
        let now = unix_now();
        let first = format!("sid={}", a.issue(alice.clone(), now).value);
        let second = format!("sid={}", a.issue(alice.clone(), now + 1).value);
        a.end_session(Some(&first)).await.unwrap();
        assert_eq!(
            a.authenticate(Some(&first)).await,
            Err(AuthError::SessionEnded)
        );
        assert_eq!(a.authenticate(Some(&second)).await, Ok(alice.clone()));
        // Nothing to record for a missing or invalid cookie.
        a.end_session(None).await.unwrap();
        a.end_session(Some("sid=alice.99999999999.AAAA"))
            .await
            .unwrap();
        assert_eq!(a.authenticate(Some(&second)).await, Ok(alice.clone()));
    }

    #[tokio::test]
    async fn removed_user_loses_access() {
        let a = auth();
        let s = a.issue(Username::new("mallory").unwrap(), unix_now());
        let header = format!("sid={}", s.value);
        assert_eq!(
            a.authenticate(Some(&header)).await,
            Err(AuthError::InvalidSession)
        );
    }

    /// Wrong guesses are limited per account and address; the right password from an
    /// address that has not guessed wrong always gets in; unknown names lock nobody.
    #[tokio::test]
    async fn throttles_guesses_never_the_user() {
        let a = auth();
        for _ in 0..2 {
            assert_eq!(
                a.login("alice", "x", Some("ip1")).await.unwrap_err(),
                AuthError::InvalidCredentials
            );
        }
        assert!(matches!(
            a.login("alice", "pw", Some("ip1")).await,
            Err(AuthError::Throttled { .. })
        ));
        // Under attack (3 failures), still: a fresh address with the right password.
        assert!(a.login("alice", "x", Some("ip2")).await.is_err());
        assert!(a.login("alice", "pw", Some("ip3")).await.is_ok());
        // Unknown names from one address do not lock alice behind it.
        for _ in 0..6 {
            let _ = a.login("ghost", "x", Some("nat")).await;
        }
        assert!(a.login("alice", "pw", Some("nat")).await.is_ok());
        assert!(matches!(
            a.login("ghost", "x", Some("nat")).await,
            Err(AuthError::Throttled { .. })
        ));
    }
}
