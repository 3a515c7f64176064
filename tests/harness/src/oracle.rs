//! Runs Twilio's official Node helper library as an oracle.
//!
//! A script in `tests/oracle/` reads one JSON value on standard input and writes one
//! JSON value on standard output. `scripts/setup.sh` installs its `node_modules`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

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
    let mut child = Command::new("node")
        .arg(dir.join(script))
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start node: {e}"))?;
    let body = serde_json::to_vec(input).map_err(|e| e.to_string())?;
    {
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        stdin
            .write_all(&body)
            .map_err(|e| format!("writing to the oracle: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("waiting for the oracle: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "oracle {script} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "oracle {script} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}
