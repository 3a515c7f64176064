use std::{collections::HashMap, fmt};

use argon2::{
    Argon2,
    password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash},
};

use twilio_types::Secret;

use crate::{AuthError, Username};

/// Hashes a password with Argon2id (default parameters, random salt) into a PHC
/// string (`$argon2id$v=19$...`) for the users file.
pub fn hash_password(password: &str) -> Result<String, AuthError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|_| AuthError::Hash)
}

/// The configured users: username → Argon2 PHC hash (each in a [`Secret`]).
///
/// Parsed from text with one `username:$argon2id$...` entry per line (or
/// separated by `;`, for a single environment variable). Blank lines and lines
/// starting with `#` are skipped. `Debug` shows usernames only.
#[derive(Clone, Default)]
pub struct Users {
    hashes: HashMap<Username, Secret>,
}

impl Users {
    /// Parses a users file (see the type docs). Every hash is checked to be a
    /// valid PHC string now, so a typo fails at startup, not at first login.
    pub fn parse(text: &str) -> Result<Self, AuthError> {
        let mut hashes = HashMap::new();
        let entries = text.split(['\n', ';']).map(str::trim);
        for (i, entry) in entries.enumerate() {
            if entry.is_empty() || entry.starts_with('#') {
                continue;
            }
            let line = i + 1;
            let bad = |reason| AuthError::InvalidUsersFile { line, reason };
            let (name, hash) = entry
                .split_once(':')
                .ok_or_else(|| bad("expected username:hash"))?;
            let name = Username::new(name.trim()).map_err(|_| bad("invalid username"))?;
            let hash = hash.trim();
            PasswordHash::new(hash).map_err(|_| bad("not a PHC password hash"))?;
            if hashes.insert(name, Secret::new(hash)).is_some() {
                return Err(bad("duplicate username"));
            }
        }
        Ok(Self { hashes })
    }

    /// Adds or replaces one user with an already computed PHC hash.
    pub fn insert(&mut self, name: Username, phc_hash: &str) -> Result<(), AuthError> {
        PasswordHash::new(phc_hash).map_err(|_| AuthError::InvalidUsersFile {
            line: 0,
            reason: "not a PHC password hash",
        })?;
        self.hashes.insert(name, Secret::new(phc_hash));
        Ok(())
    }

    /// Number of configured users.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// True when no user is configured (nobody can log in).
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// True when `name` is a configured user.
    pub fn contains(&self, name: &Username) -> bool {
        self.hashes.contains_key(name)
    }

    /// Checks a password. Unknown users are checked against a dummy hash so
    /// that the answer takes as long as for a known user.
    pub fn verify(&self, name: &str, password: &str) -> Result<Username, AuthError> {
        let user = Username::new(name)
            .ok()
            .filter(|u| self.hashes.contains_key(u));
        let stored = user
            .as_ref()
            .and_then(|u| self.hashes.get(u))
            .map(Secret::expose);
        let ok = check(stored.unwrap_or(DUMMY_HASH), password);
        match (user, ok) {
            (Some(user), true) => Ok(user),
            _ => Err(AuthError::InvalidCredentials),
        }
    }
}

/// The Argon2id hash of a random string nobody knows; equalises timing for
/// unknown usernames.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$yQ5mB6a0c+1vYkU3m0wzJ0Q5rYz9JrC7HnVnJ0b8m4Q";

fn check(phc: &str, password: &str) -> bool {
    // argon2 compares the final tags in constant time.
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

impl fmt::Debug for Users {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&str> = self.hashes.keys().map(Username::as_str).collect();
        names.sort_unstable();
        f.debug_struct("Users")
            .field("names", &names)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify() {
        let hash = hash_password("s3cret").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        let users = Users::parse(&format!("# users\nalice:{hash}\n\n")).unwrap();
        assert_eq!(users.len(), 1);
        assert_eq!(users.verify("alice", "s3cret").unwrap().as_str(), "alice");
        assert_eq!(
            users.verify("alice", "wrong"),
            Err(AuthError::InvalidCredentials)
        );
        assert_eq!(
            users.verify("bob", "s3cret"),
            Err(AuthError::InvalidCredentials)
        );
        assert_eq!(
            users.verify("bad name", "s3cret"),
            Err(AuthError::InvalidCredentials)
        );
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn parse_rejects_bad_entries() {
        let err = |t: &str| Users::parse(t).unwrap_err();
        assert!(matches!(
            err("alice"),
            AuthError::InvalidUsersFile { line: 1, .. }
        ));
        assert!(matches!(
            err("\nal ice:$argon2id$x"),
            AuthError::InvalidUsersFile { line: 2, .. }
        ));
        assert!(matches!(
            err("alice:plaintext"),
            AuthError::InvalidUsersFile { .. }
        ));
        let h = hash_password("x").unwrap();
        assert!(matches!(
            err(&format!("a:{h};a:{h}")),
            AuthError::InvalidUsersFile {
                reason: "duplicate username",
                ..
            }
        ));
        assert_eq!(Users::parse(&format!("a:{h};b:{h}")).unwrap().len(), 2);
    }

    #[test]
    fn debug_hides_hashes() {
        let h = hash_password("x").unwrap();
        let users = Users::parse(&format!("alice:{h}")).unwrap();
        let dbg = format!("{users:?}");
        assert!(dbg.contains("alice") && !dbg.contains("argon2"));
    }
}
