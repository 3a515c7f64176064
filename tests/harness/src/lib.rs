//! Test support shared by the workspace's crates and end-to-end tests.
//!
//! * [`oracle`]: runs a script of `tests/oracle/` with Node.js and Twilio's
//!   official helper library (npm `twilio`), the oracle of our differential tests.
//! * [`process`]: a guard that kills a spawned service (Prism, redis-server, an app)
//!   when the test ends; starting a server that reports the address it bound (port 0,
//!   or a port retried when taken), redis-server on its own Unix socket, an app binary
//!   with only the environment a test gives it, and a Node script (e.g.
//!   playwright-core driving Chromium) that speaks JSON.
//! * [`wait`]: waiting for a condition (with a generous failure guard), never for a
//!   fixed time.
//!
//! * `app` (feature `auth`): the apps' test users, configuration variables and
//!   session cookies.
//! * `cli` (feature `cli`): the check of an app binary's command line and settings.
//!
//! ```no_run
//! let echoed = twilio_testkit::oracle::run("echo.js", &serde_json::json!([1, 2])).unwrap();
//! assert_eq!(echoed, serde_json::json!([1, 2]));
//! ```

#[cfg(feature = "auth")]
pub mod app;
#[cfg(feature = "cli")]
pub mod cli;
pub mod oracle;
pub mod prism;
pub mod process;
pub mod wait;

use std::path::PathBuf;

/// The workspace root (the folder holding the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    // This crate sits at `<root>/tests/harness`.
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
}
