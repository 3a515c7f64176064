//! Runs Twilio's official Node helper library as an oracle.
//!
//! A script in `tests/oracle/` reads one JSON value on standard input and writes one
//! JSON value on standard output. `scripts/setup.sh` installs its `node_modules`.

use std::path::PathBuf;

use serde_json::Value;

/// The folder holding the oracle scripts and their `package.json`.
pub fn dir() -> PathBuf {
    crate::workspace_root().join("tests/oracle")
}

/// Runs `tests/oracle/<script>` with `input` as JSON on stdin and parses its stdout.
///
/// # Errors
/// A readable message when Node or the npm packages are missing, when the script
/// fails, or when it prints something that is not JSON.
pub fn run(script: &str, input: &Value) -> Result<Value, String> {
    let dir = dir();
    if !dir.join("node_modules/twilio").is_dir() {
        return Err(format!(
            "the twilio-node oracle is not installed in {}: run scripts/setup.sh (or `npm ci` there)",
            dir.display()
        ));
    }
    crate::process::node_json(&dir.join(script), &dir, input)
}
