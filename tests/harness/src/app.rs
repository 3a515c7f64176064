//! The apps' test set-up that does not depend on the app: the test users, the
//! variables a test configuration is read from, and a session cookie for a user.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use twilio_app_auth::{Auth, Username, hash_password};

/// The password of the test users `alice` and `bob`.
pub const PASSWORD: &str = "correct horse battery staple";

/// `alice` and `bob` with [`PASSWORD`] as an `APP_USERS` line; hashed once per test
/// binary (Argon2 is slow).
///
/// # Panics
/// If hashing fails (a test set-up failure).
pub fn users_text() -> &'static str {
    static USERS: OnceLock<String> = OnceLock::new();
    USERS.get_or_init(|| {
        #[allow(clippy::expect_used)] // test set-up
        let hash = hash_password(PASSWORD).expect("hash the test password");
        format!("alice:{hash};bob:{hash}")
    })
}

/// `defaults`, `APP_USERS` = [`users_text`], then `overrides` on top (an empty value
/// then reads as unset).
pub fn vars(defaults: &[(&str, &str)], overrides: &[(&str, &str)]) -> HashMap<String, String> {
    let mut vars: HashMap<String, String> = defaults
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    vars.insert("APP_USERS".to_owned(), users_text().to_owned());
    for (k, v) in overrides {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    vars
}

/// A `Cookie:` header value with a valid session for `user`.
///
/// # Panics
/// If `user` is not a valid user name or the clock is before 1970.
#[allow(clippy::expect_used)] // test set-up
pub fn session_cookie(auth: &Auth, user: &str) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    let session = auth.issue(Username::new(user).expect("a valid user name"), now);
    let set_cookie = auth.set_cookie(&session);
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vars_put_overrides_over_users_over_defaults() {
        let vars = vars(&[("A", "1"), ("APP_USERS", "x"), ("B", "2")], &[("B", "3")]);
        assert_eq!(vars["A"], "1");
        assert_eq!(vars["B"], "3");
        let users = twilio_app_auth::Users::parse(&vars["APP_USERS"]).unwrap();
        assert!(users.verify("bob", PASSWORD).is_ok());
        assert!(users.verify("alice", "wrong").is_err());
    }
}
