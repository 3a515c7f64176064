//! Login throttling: guessing stays slow, nobody can be locked out from elsewhere.
//!
//! Only *wrong* guesses are counted, under three keys of the shared [`Limits`]:
//!
//! * `pair` — one account from one address: after `pair` failures (default 5 per
//!   15 min) that address gets no more checks for that account until the window ends;
//! * `account` — an existing account from anywhere (default 10 per 15 min): past it
//!   the account is *under attack*;
//! * `address` — one address, any name (default 30 per 15 min): past it the address
//!   is *noisy*.
//!
//! For an account under attack, or from a noisy address, the pair budget drops to
//! **one** wrong guess. Nothing else is ever refused: a client that has not guessed
//! wrong for this account in the window always gets its password checked, and the
//! right password always gets in. So an attacker, from however many addresses,
//! cannot stop the user (who comes from an address that has not failed for the
//! account); unknown usernames have no account counter, so they lock nobody; and a
//! noisy address behind a NAT still lets each of its users check their own password.
//!
//! Guessing rates with the defaults: per address and account at most 5 per 15 min
//! (20 an hour), 1 per 15 min (4 an hour) once the account is under attack or the
//! address noisy; per account 10 per 15 min from anyone, then 1 per 15 min per new
//! address (40 + 4 × addresses an hour). Each guess costs an Argon2 check, which the
//! apps also cap in number at once.

use std::time::Duration;

use crate::AuthError;
use crate::limit::{Limits, Rate};

/// The budgets of wrong guesses (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginBudgets {
    /// Wrong guesses one address may make for one account per window.
    pub pair: u64,
    /// Wrong guesses for one existing account (from anywhere) before it is under attack.
    pub account: u64,
    /// Wrong guesses from one address (any name) before it is noisy.
    pub address: u64,
    /// The window of all three.
    pub window: Duration,
}

impl Default for LoginBudgets {
    fn default() -> Self {
        Self {
            pair: 5,
            account: 10,
            address: 30,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// The login throttle of one [`crate::Auth`].
#[derive(Debug, Clone)]
pub(crate) struct Throttle {
    budgets: LoginBudgets,
    limits: Limits,
}

/// The keys of one attempt. The username is a [`crate::Username`] (64 safe
/// characters at most) or `?` for anything else, so keys stay short.
pub(crate) struct Attempt {
    pair: String,
    account: Option<String>,
    address: String,
}

impl Throttle {
    pub(crate) fn new(budgets: LoginBudgets, limits: Limits) -> Self {
        Self { budgets, limits }
    }

    /// The keys of `username` (an existing account or not) from `client`.
    pub(crate) fn attempt(&self, username: Option<&str>, known: bool, client: &str) -> Attempt {
        let name = username.unwrap_or("?");
        Attempt {
            pair: format!("login:pair:{name}:{client}"),
            account: known.then(|| format!("login:account:{name}")),
            address: format!("login:address:{client}"),
        }
    }

    /// Whether the password of `attempt` may be checked now.
    pub(crate) async fn check(&self, attempt: &Attempt) -> Result<(), AuthError> {
        let b = self.budgets;
        let under_attack = match &attempt.account {
            Some(k) => self.limits.count(k).await?.count >= b.account,
            None => false,
        };
        let noisy = self.limits.count(&attempt.address).await?.count >= b.address;
        let pair = if under_attack || noisy {
            b.pair.min(1)
        } else {
            b.pair
        };
        self.limits
            .peek(&attempt.pair, Rate::new(pair, b.window))
            .await
            .map_err(AuthError::from)
    }

    /// The password was wrong. All three counts must land (else guessing would go
    /// uncounted): a store error refuses the attempt.
    pub(crate) async fn failed(&self, attempt: &Attempt) -> Result<(), AuthError> {
        let window = self.budgets.window;
        self.limits.record(&attempt.pair, window).await?;
        self.limits.record(&attempt.address, window).await?;
        if let Some(account) = &attempt.account {
            self.limits.record(account, window).await?;
        }
        Ok(())
    }

    /// The password was right: this address's wrong guesses for the account are
    /// forgiven (the account and address counts stay: they measure the attack).
    pub(crate) async fn succeeded(&self, attempt: &Attempt) -> Result<(), AuthError> {
        Ok(self.limits.clear(&attempt.pair).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle() -> Throttle {
        Throttle::new(
            LoginBudgets {
                pair: 3,
                account: 5,
                address: 8,
                window: Duration::from_secs(60),
            },
            Limits::memory(),
        )
    }

    async fn fail_n(t: &Throttle, a: &Attempt, n: usize) {
        for _ in 0..n {
            assert!(t.check(a).await.is_ok());
            t.failed(a).await.unwrap();
        }
    }

    #[tokio::test]
    async fn a_pair_gets_its_budget_then_waits() {
        let t = throttle();
        let a = t.attempt(Some("alice"), true, "ip1");
        fail_n(&t, &a, 3).await;
        assert!(matches!(
            t.check(&a).await,
            Err(AuthError::Throttled { retry_after_secs }) if (59..=60).contains(&retry_after_secs)
        ));
        // The same account from another address, another account from this one: fine.
        assert!(
            t.check(&t.attempt(Some("alice"), true, "ip2"))
                .await
                .is_ok()
        );
        assert!(t.check(&t.attempt(Some("bob"), true, "ip1")).await.is_ok());
        t.succeeded(&a).await.unwrap();
        assert!(t.check(&a).await.is_ok());
    }

    #[tokio::test]
    async fn under_attack_each_address_gets_one_guess_and_a_fresh_one_is_checked() {
        let t = throttle();
        for ip in ["a1", "a2", "a3", "a4", "a5"] {
            fail_n(&t, &t.attempt(Some("alice"), true, ip), 1).await;
        }
        // Under attack: an address that failed once is done; a new one is checked.
        assert!(
            t.check(&t.attempt(Some("alice"), true, "a1"))
                .await
                .is_err()
        );
        assert!(t.check(&t.attempt(Some("alice"), true, "a6")).await.is_ok());
    }

    #[tokio::test]
    async fn unknown_names_lock_nobody() {
        let t = throttle();
        let ghost = t.attempt(Some("ghost"), false, "nat");
        fail_n(&t, &ghost, 3).await;
        for name in ["g1", "g2", "g3", "g4", "g5"] {
            fail_n(&t, &t.attempt(Some(name), false, "nat"), 1).await;
        }
        // The NAT address is noisy now, yet alice behind it is checked.
        assert!(
            t.check(&t.attempt(Some("alice"), true, "nat"))
                .await
                .is_ok()
        );
        assert!(t.check(&ghost).await.is_err());
        // And from a noisy address one wrong guess per account is all.
        let bob = t.attempt(Some("bob"), true, "nat");
        fail_n(&t, &bob, 1).await;
        assert!(t.check(&bob).await.is_err());
    }
}
