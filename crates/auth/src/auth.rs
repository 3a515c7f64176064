use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{
    AuthError, Session, SessionKey, Username, Users,
    limit::Limits,
    revoked::Revoked,
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
    users: Users,
    key: SessionKey,
    cookie_name: String,
    ttl: Duration,
    secure: bool,
    throttle: Throttle,
    revoked: Revoked,
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

    /// Where the throttle's counters live (default: a memory store of its own);
    /// pass the app's shared [`Limits`] so one store holds every counter.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = Some(limits);
        self
    }

    /// Finishes the builder.
    pub fn build(self) -> Auth {
        Auth {
            users: self.users,
            key: self.key,
            cookie_name: self.cookie_name,
            ttl: self.ttl,
            secure: self.secure,
            throttle: Throttle::new(self.budgets, self.limits.unwrap_or_default()),
            revoked: Revoked::default(),
        }
    }
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
    /// always gets in. This runs Argon2 (tens of ms): call it off the async executor.
    ///
    /// # Errors
    /// [`AuthError::Throttled`] for an address out of guesses for this account,
    /// [`AuthError::InvalidCredentials`] for a wrong name or password.
    pub fn login(
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
        self.throttle.check(&attempt)?;
        match self.users.verify(username, password) {
            Ok(user) => {
                self.throttle.succeeded(&attempt);
                Ok(self.issue(user, unix_now()))
            }
            Err(e) => {
                self.throttle.failed(&attempt);
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
    pub fn authenticate(&self, cookie_header: Option<&str>) -> Result<Username, AuthError> {
        self.authenticate_at(cookie_header, unix_now())
    }

    /// [`Auth::authenticate`] at a given Unix time.
    pub fn authenticate_at(
        &self,
        cookie_header: Option<&str>,
        now: u64,
    ) -> Result<Username, AuthError> {
        let value = self.session_value(cookie_header)?;
        let (user, _) = self.key.verify(value, now)?;
        if self.revoked.contains(value) {
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
    /// The record is kept in this `Auth` (this process): several instances behind a
    /// load balancer each refuse only the sessions ended through them.
    pub fn end_session(&self, cookie_header: Option<&str>) {
        self.end_session_at(cookie_header, unix_now());
    }

    /// [`Auth::end_session`] at a given Unix time.
    pub fn end_session_at(&self, cookie_header: Option<&str>, now: u64) {
        if let Ok(value) = self.session_value(cookie_header)
            && let Ok((_, expires_at)) = self.key.verify(value, now)
        {
            self.revoked.insert(value, expires_at, now);
        }
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

    #[test]
    fn login_then_authenticate() {
        let a = auth();
        let s = a.login("alice", "pw", Some("1.2.3.4")).unwrap();
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
        assert_eq!(a.authenticate(Some(&header)).unwrap().as_str(), "alice");
        assert_eq!(
            a.authenticate_at(Some(&header), s.expires_at),
            Err(AuthError::SessionExpired)
        );
        assert!(a.clear_cookie().contains("sid=; Path=/; Max-Age=0"));
        assert!(!format!("{s:?}").contains(&s.value));
    }

    #[test]
    fn missing_and_invalid() {
        let a = auth();
        assert_eq!(a.authenticate(None), Err(AuthError::MissingSession));
        assert_eq!(a.authenticate(Some("sid=")), Err(AuthError::MissingSession));
        assert_eq!(
            a.authenticate(Some("sid=alice.99999999999.AAAA")),
            Err(AuthError::InvalidSession)
        );
    }

    /// A copy of a logged-out cookie is refused; other sessions of the same user
    /// are not; an invalid or missing cookie records nothing; expired records go.
    #[test]
    fn ended_sessions_stay_ended() {
        let a = auth();
        let alice = Username::new("alice").unwrap();
        let now = unix_now();
        let first = format!("sid={}", a.issue(alice.clone(), now).value);
        let second = format!("sid={}", a.issue(alice.clone(), now + 1).value);
        a.end_session(Some(&first));
        assert_eq!(a.authenticate(Some(&first)), Err(AuthError::SessionEnded));
        assert_eq!(a.authenticate(Some(&second)), Ok(alice.clone()));
        a.end_session(None);
        a.end_session(Some("sid=alice.99999999999.AAAA"));
        assert_eq!(a.revoked.len(), 1);
        // Once over the pruning size, records of sessions past their expiry are
        // dropped (the signature check refuses those anyway).
        for i in 0..1_100u64 {
            let s = a.issue(alice.clone(), now + 10 + i);
            a.end_session_at(Some(&format!("sid={}", s.value)), now);
        }
        let later = now + 10 + 1_100 + 60;
        let s = a.issue(alice.clone(), later);
        a.end_session_at(Some(&format!("sid={}", s.value)), later);
        assert_eq!(a.revoked.len(), 1);
    }

    #[test]
    fn removed_user_loses_access() {
        let a = auth();
        let s = a.issue(Username::new("mallory").unwrap(), unix_now());
        let header = format!("sid={}", s.value);
        assert_eq!(
            a.authenticate(Some(&header)),
            Err(AuthError::InvalidSession)
        );
    }

    /// Wrong guesses are limited per account and address; the right password from an
    /// address that has not guessed wrong always gets in; unknown names lock nobody.
    #[test]
    fn throttles_guesses_never_the_user() {
        let a = auth();
        for _ in 0..2 {
            assert_eq!(
                a.login("alice", "x", Some("ip1")).unwrap_err(),
                AuthError::InvalidCredentials
            );
        }
        assert!(matches!(
            a.login("alice", "pw", Some("ip1")),
            Err(AuthError::Throttled { .. })
        ));
        // Under attack (3 failures), still: a fresh address with the right password.
        assert!(a.login("alice", "x", Some("ip2")).is_err());
        assert!(a.login("alice", "pw", Some("ip3")).is_ok());
        // Unknown names from one address do not lock alice behind it.
        for _ in 0..6 {
            let _ = a.login("ghost", "x", Some("nat"));
        }
        assert!(a.login("alice", "pw", Some("nat")).is_ok());
        assert!(matches!(
            a.login("ghost", "x", Some("nat")),
            Err(AuthError::Throttled { .. })
        ));
    }
}
