//! What the contract tests share: test SIDs, a client aimed at Prism, and a check that
//! shows what the gate and Prism said when an operation fails.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use twilio_rest::sid::AccountSid;
use twilio_rest::{Client, Credentials, Domain, RetryPolicy};
use twilio_testkit::prism::Prism;

/// A well-formed SID with `prefix`.
pub(crate) fn sid<T: std::str::FromStr>(prefix: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    format!("{prefix}{}", "a".repeat(32)).parse().unwrap()
}

/// A client sending `domain`'s requests to Prism, without retries.
pub(crate) fn client(prism: &Prism, domain: Domain) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(sid::<AccountSid>("AC"), "token"))
        .base_url(domain, prism.base_url())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

/// Runs `f`, and on failure shows what the gate and Prism said.
pub(crate) async fn check<T, F: std::future::Future<Output = Result<T, twilio_rest::Error>>>(
    prism: &Prism,
    what: &str,
    f: F,
) -> T {
    match f.await {
        Ok(v) => v,
        Err(e) => panic!(
            "{what}: {e:?}\nviolations: {:?}\nprism log:\n{}",
            prism.violations(),
            prism.log_tail()
        ),
    }
}
