//! Who an incoming call to a Twilio number rings.

use std::collections::HashMap;

use crate::Error;
use crate::phone::parse_e164;

/// Routing for `/hooks/voice`: the called number picks a user, else the default user,
/// else nobody (the caller hears an apology). Only that user's browser rings, never
/// every open tab.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallRouting {
    default_user: Option<String>,
    by_number: HashMap<String, String>,
}

impl CallRouting {
    /// Routing that rings nobody.
    pub fn new() -> Self {
        Self::default()
    }

    /// Rings `user` for numbers without a route of their own.
    #[must_use]
    pub fn default_user(mut self, user: impl Into<String>) -> Self {
        self.default_user = Some(user.into());
        self
    }

    /// Rings `user` for calls to `number` (E.164).
    ///
    /// # Errors
    /// [`Error::Config`] when `number` is not E.164 or `user` is empty.
    pub fn route(mut self, number: &str, user: impl Into<String>) -> Result<Self, Error> {
        let number = parse_e164("number", Some(number)).map_err(|_| Error::Config {
            var: "INCOMING_CALL_ROUTES",
            reason: format!("`{number}` is not an E.164 number"),
        })?;
        let user = user.into();
        if user.is_empty() {
            return Err(Error::Config {
                var: "INCOMING_CALL_ROUTES",
                reason: format!("no user for {number}"),
            });
        }
        self.by_number.insert(number.as_str().to_owned(), user);
        Ok(self)
    }

    /// Parses `+15551230001=alice,+15551230002=bob`.
    ///
    /// # Errors
    /// [`Error::Config`] for an entry without `=`, a bad number or an empty user.
    pub fn parse_routes(mut self, text: &str) -> Result<Self, Error> {
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((number, user)) = entry.split_once('=') else {
                return Err(Error::Config {
                    var: "INCOMING_CALL_ROUTES",
                    reason: format!("`{entry}` is not NUMBER=USER"),
                });
            };
            self = self.route(number.trim(), user.trim())?;
        }
        Ok(self)
    }

    /// The user a call to `called` should ring, if any.
    pub fn user_for(&self, called: Option<&str>) -> Option<&str> {
        called
            .and_then(|n| self.by_number.get(n.trim()))
            .or(self.default_user.as_ref())
            .map(String::as_str)
    }

    /// Every user named by the routing (to check they exist at startup).
    pub fn users(&self) -> impl Iterator<Item = &str> {
        self.default_user
            .iter()
            .chain(self.by_number.values())
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_then_default() {
        let routing = CallRouting::new()
            .default_user("alice")
            .parse_routes(" +15551230002=bob , +15551230003 = carol,")
            .unwrap();
        assert_eq!(routing.user_for(Some("+15551230002")), Some("bob"));
        assert_eq!(routing.user_for(Some("+15551230003")), Some("carol"));
        assert_eq!(routing.user_for(Some("+15551230009")), Some("alice"));
        assert_eq!(routing.user_for(None), Some("alice"));
        let mut users: Vec<_> = routing.users().collect();
        users.sort_unstable();
        assert_eq!(users, ["alice", "bob", "carol"]);
    }

    #[test]
    fn nobody_without_default() {
        let routing = CallRouting::new().parse_routes("+15551230002=bob").unwrap();
        assert_eq!(routing.user_for(Some("+15551230009")), None);
    }

    #[test]
    fn bad_routes() {
        for bad in ["+1555", "5551230002=bob", "+15551230002=", "+15551230002"] {
            let r = CallRouting::new().parse_routes(bad);
            assert!(r.is_err(), "{bad}");
        }
    }
}
