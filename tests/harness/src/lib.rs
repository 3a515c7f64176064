//! Test support shared by the workspace's crates and end-to-end tests.
//!
//! * [`oracle`]: runs a script of `tests/oracle/` with Node.js and Twilio's
//!   official helper library (npm `twilio`), the oracle of our differential tests.
//! * [`process`]: a guard that kills a spawned service (Prism, redis-server, an app)
//!   when the test ends, helpers to find a free port and wait for it to listen, to
//!   start an app binary with only the environment a test gives it, and to run a
//!   Node script (e.g. playwright-core driving Chromium) that speaks JSON.
//!
//! * `app` (feature `auth`): the apps' test users, configuration variables and
//!   session cookies.
//!
//! ```no_run
//! let echoed = twilio_testkit::oracle::run("echo.js", &serde_json::json!([1, 2])).unwrap();
//! assert_eq!(echoed, serde_json::json!([1, 2]));
//! ```

#[cfg(feature = "auth")]
pub mod app;
pub mod oracle;
pub mod prism;
pub mod process;

use std::path::PathBuf;

/// The workspace root (the folder holding the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    // This crate sits at `<root>/tests/harness`.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
}
