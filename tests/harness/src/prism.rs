//! Twilio's published API contract, served by Prism for contract tests.
//!
//! `scripts/setup.sh` installs Prism (`tests/contract/node_modules`) and writes patched
//! copies of Twilio's OpenAPI specs (`tests/contract/fetch-specs.sh`). [`Prism::start`]
//! serves one spec on a port the system chose behind a strict gate (`tests/contract/gate.js`):
//! Prism checks auth, path, method, types and required fields; the gate also rejects
//! query and form keys the spec does not declare and turns every request violation
//! into a 422. So a client call that succeeds against [`Prism::base_url`] kept to the
//! contract, and [`Prism::violations`] lists every call that did not.
//!
//! ```no_run
//! use twilio_testkit::prism::{Prism, Spec};
//! let prism = Prism::start(Spec::Proxy).unwrap();
//! // Point the client's Proxy base URL at `prism.base_url()`, make calls, then:
//! prism.assert_clean().unwrap();
//! ```

use std::fs::{self, File};
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::process::{ChildGuard, listening_addr, spawn_reporting};

/// How long Prism may take to load a spec on a busy machine (Twilio's API spec takes
/// Node tens of seconds of CPU; with `stress-ng --cpu 4` beside two tests it took over 60 s).
const START_TIMEOUT: Duration = Duration::from_secs(300);

/// Numbers the log files of the Prisms this process starts.
static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One of Twilio's OpenAPI specs that the contract tests serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Spec {
    /// `twilio_api_v2010.json`: Calls, Messages, Recordings, Conferences (api.twilio.com).
    Api,
    /// `twilio_sync_v1.json` (sync.twilio.com).
    Sync,
    /// `twilio_proxy_v1.json` (proxy.twilio.com).
    Proxy,
    /// `twilio_taskrouter_v1.json` (taskrouter.twilio.com).
    TaskRouter,
}

impl Spec {
    /// Every spec, in a stable order.
    pub const ALL: [Spec; 4] = [Spec::Api, Spec::Sync, Spec::Proxy, Spec::TaskRouter];

    /// The short name used in `tests/contract/wrapped.txt` and `docs/rest-coverage.md`.
    pub fn key(self) -> &'static str {
        match self {
            Spec::Api => "api",
            Spec::Sync => "sync",
            Spec::Proxy => "proxy",
            Spec::TaskRouter => "taskrouter",
        }
    }

    /// The inverse of [`Spec::key`].
    pub fn from_key(key: &str) -> Option<Spec> {
        Spec::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The spec's file name, as published in `twilio-oai`.
    pub fn file_name(self) -> &'static str {
        match self {
            Spec::Api => "twilio_api_v2010.json",
            Spec::Sync => "twilio_sync_v1.json",
            Spec::Proxy => "twilio_proxy_v1.json",
            Spec::TaskRouter => "twilio_taskrouter_v1.json",
        }
    }

    /// The patched copy that Prism serves.
    pub fn patched_path(self) -> PathBuf {
        contract_dir().join(".specs/patched").join(self.file_name())
    }

    /// The spec exactly as Twilio published it.
    pub fn raw_path(self) -> PathBuf {
        contract_dir().join(".specs/raw").join(self.file_name())
    }

    /// Reads and parses the patched spec.
    ///
    /// # Errors
    /// When the specs are not installed or the file is not JSON.
    pub fn load(self) -> Result<Value, String> {
        let path = self.patched_path();
        let text = fs::read_to_string(&path).map_err(|e| not_installed(&path, &e))?;
        serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
    }
}

/// `tests/contract`: Prism's `node_modules`, the spec cache and the gate script.
pub fn contract_dir() -> PathBuf {
    crate::workspace_root().join("tests/contract")
}

fn not_installed(path: &std::path::Path, err: &dyn std::fmt::Display) -> String {
    format!(
        "the contract mock is not installed ({}: {err}): run scripts/setup.sh \
         (or `npm ci && ./fetch-specs.sh` in tests/contract)",
        path.display()
    )
}

/// One operation of a spec that `twilio-rest` claims to wrap (a line of
/// `tests/contract/wrapped.txt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    /// The spec holding the operation.
    pub spec: Spec,
    /// `GET`, `POST` or `DELETE`.
    pub method: String,
    /// The spec's path template, e.g. `/v1/Services/{Sid}`.
    pub path: String,
    /// The client method that performs it, e.g. `proxy().service(sid).fetch()`.
    pub by: String,
}

impl Wrapped {
    /// `METHOD path`, the form [`Prism::operations_called`] uses.
    pub fn operation(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// The table of wrapped operations, `tests/contract/wrapped.txt`.
pub fn wrapped_path() -> PathBuf {
    contract_dir().join("wrapped.txt")
}

/// Parses `tests/contract/wrapped.txt`: `spec METHOD path client-method...` per line,
/// `#` comments and blank lines ignored.
///
/// # Errors
/// When the file cannot be read or a line is malformed.
pub fn wrapped_operations() -> Result<Vec<Wrapped>, String> {
    let path = wrapped_path();
    let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let bad = || {
            format!(
                "{}:{}: expected `spec METHOD path client-method`: {line}",
                path.display(),
                n + 1
            )
        };
        let spec = parts.next().and_then(Spec::from_key).ok_or_else(bad)?;
        let method = parts.next().ok_or_else(bad)?.to_owned();
        let op_path = parts.next().ok_or_else(bad)?.to_owned();
        let by = parts.collect::<Vec<_>>().join(" ");
        if by.is_empty() || !["GET", "POST", "DELETE"].contains(&method.as_str()) {
            return Err(bad());
        }
        out.push(Wrapped {
            spec,
            method,
            path: op_path,
            by,
        });
    }
    Ok(out)
}

/// A running Prism mock of one spec behind the strict gate; both stop on drop.
#[derive(Debug)]
pub struct Prism {
    spec: Spec,
    base_url: String,
    request_log: PathBuf,
    prism_log: PathBuf,
    // Field order matters: the gate goes first, then Prism.
    _gate: ChildGuard,
    _prism: ChildGuard,
}

impl Prism {
    /// Starts Prism and the gate, each on a port the system chooses, and waits until
    /// both report where they listen.
    ///
    /// # Errors
    /// A readable message when Prism or the specs are not installed (run
    /// `scripts/setup.sh`), or when a process exits or does not listen in time.
    pub fn start(spec: Spec) -> Result<Prism, String> {
        let dir = contract_dir();
        let bin = dir.join("node_modules/.bin/prism");
        if !bin.exists() {
            return Err(not_installed(&bin, &"missing"));
        }
        let spec_path = spec.patched_path();
        if !spec_path.is_file() {
            return Err(not_installed(&spec_path, &"missing"));
        }
        Self::start_once(spec, &dir, &bin, &spec_path)
    }

    fn start_once(
        spec: Spec,
        dir: &std::path::Path,
        bin: &std::path::Path,
        spec_path: &std::path::Path,
    ) -> Result<Prism, String> {
        // Both bind port 0 and report the port they got: no port is ever guessed.
        let tag = format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let prism_log = std::env::temp_dir().join(format!("twilio-prism-{tag}.log"));
        let request_log = std::env::temp_dir().join(format!("twilio-gate-{tag}.jsonl"));
        File::create(&request_log)
            .map_err(|e| format!("creating {}: {e}", request_log.display()))?;

        let log_file = File::create(&prism_log)
            .map_err(|e| format!("creating {}: {e}", prism_log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let prism = Command::new(bin)
            .args(["mock", "-h", "127.0.0.1", "-p", "0"])
            .arg(spec_path)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let mut prism = ChildGuard(prism);
        let cleanup = |e: String| {
            let _ = fs::remove_file(&request_log);
            let _ = fs::remove_file(&prism_log);
            e
        };
        let prism_addr = reported_in_log(&mut prism, &prism_log).map_err(cleanup)?;

        let (gate, gate_addr) = spawn_reporting(
            Command::new("node")
                .arg(dir.join("gate.js"))
                .arg(spec_path)
                .args(["0".to_owned(), prism_addr.port().to_string()])
                .arg(&request_log)
                .current_dir(dir)
                .stdin(Stdio::null())
                .stderr(Stdio::inherit()),
        )
        .map_err(|e| cleanup(format!("gate: {e}")))?;

        Ok(Prism {
            spec,
            base_url: format!("http://{gate_addr}"),
            request_log,
            prism_log,
            _gate: gate,
            _prism: prism,
        })
    }

    /// The spec being served.
    pub fn spec(&self) -> Spec {
        self.spec
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash: the base URL to give the client.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request served so far, one JSON object each:
    /// `{method, path, operation (the spec's path template or null), status, violations}`.
    pub fn requests(&self) -> Vec<Value> {
        let text = fs::read_to_string(&self.request_log).unwrap_or_default();
        text.lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }

    /// The requests that broke the contract or drew a 4xx/5xx answer.
    pub fn violations(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| {
                let status = r["status"].as_u64().unwrap_or(0);
                status >= 400 || r["violations"].as_array().is_some_and(|v| !v.is_empty())
            })
            .collect()
    }

    /// The distinct `METHOD template` pairs that were called and answered without a violation.
    pub fn operations_called(&self) -> Vec<String> {
        let mut ops: Vec<String> = self
            .requests()
            .iter()
            .filter(|r| r["status"].as_u64().is_some_and(|s| s < 400))
            .filter_map(|r| {
                Some(format!(
                    "{} {}",
                    r["method"].as_str()?,
                    r["operation"].as_str()?
                ))
            })
            .collect();
        ops.sort();
        ops.dedup();
        ops
    }

    /// `Ok` when no request so far broke the contract.
    ///
    /// # Errors
    /// Every offending request with Prism's or the gate's explanation.
    pub fn assert_clean(&self) -> Result<(), String> {
        let bad = self.violations();
        if bad.is_empty() {
            return Ok(());
        }
        let lines: Vec<String> = bad.iter().map(Value::to_string).collect();
        Err(format!(
            "{} request(s) broke the {} contract:\n{}",
            bad.len(),
            self.spec.file_name(),
            lines.join("\n")
        ))
    }

    /// `Ok` when every operation `wrapped.txt` lists for this spec was called and
    /// answered without a violation: a contract test ends with this, so the table of
    /// wrapped operations cannot claim more than the tests exercise.
    ///
    /// # Errors
    /// The wrapped operations that were not called, or an unreadable table.
    pub fn assert_called_every_wrapped(&self) -> Result<(), String> {
        let called = self.operations_called();
        let missing: Vec<String> = wrapped_operations()?
            .into_iter()
            .filter(|w| w.spec == self.spec && !called.contains(&w.operation()))
            .map(|w| format!("{}  ({})", w.operation(), w.by))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(format!(
            "wrapped.txt claims {} operation(s) of {} that no call reached cleanly:\n{}",
            missing.len(),
            self.spec.file_name(),
            missing.join("\n")
        ))
    }

    /// The last lines of Prism's own log, for failure messages.
    pub fn log_tail(&self) -> String {
        tail(&self.prism_log, 40)
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.request_log);
        let _ = fs::remove_file(&self.prism_log);
    }
}

/// Waits for Prism's `Prism is listening on http://ADDR` line in its log.
fn reported_in_log(child: &mut ChildGuard, log: &std::path::Path) -> Result<SocketAddr, String> {
    let start = Instant::now();
    while start.elapsed() < START_TIMEOUT {
        let text = fs::read_to_string(log).unwrap_or_default();
        if let Some(addr) = text.lines().find_map(listening_addr) {
            return Ok(addr);
        }
        if let Ok(Some(status)) = child.0.try_wait() {
            return Err(format!(
                "prism exited ({status}) before listening:\n{}",
                tail(log, 40)
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!(
        "prism did not report where it listens within {START_TIMEOUT:?}:\n{}",
        tail(log, 40)
    ))
}

fn tail(path: &std::path::Path, lines: usize) -> String {
    let mut text = String::new();
    if let Ok(mut f) = File::open(path) {
        let _ = f.read_to_string(&mut text);
    }
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::net::TcpStream;

    /// A bare HTTP/1.1 exchange, so the harness needs no HTTP client crate.
    fn send(base: &str, method: &str, path: &str, auth: bool, form: &str) -> (u16, String) {
        let addr = base.trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
        if auth {
            // base64("ACx:token")
            head.push_str("Authorization: Basic QUN4OnRva2Vu\r\n");
        }
        if !form.is_empty() {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n{form}", form.len()));
        stream.write_all(head.as_bytes()).unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer[9..12].parse().unwrap();
        (status, answer)
    }

    #[test]
    fn gate_passes_valid_calls_and_rejects_what_prism_would_let_through() {
        let prism = Prism::start(Spec::Proxy).unwrap();
        let base = prism.base_url();

        let (status, body) = send(base, "POST", "/v1/Services", true, "UniqueName=My+Service");
        assert_eq!(status, 201, "{body}");
        assert!(body.contains("\"sid\":\"KS"), "{body}");
        prism.assert_clean().unwrap();

        // Prism alone answers 201 to an undeclared (misspelt) form key: the gate must not.
        let (status, body) = send(
            base,
            "POST",
            "/v1/Services",
            true,
            "UniqueName=x&Uniquename=y",
        );
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("Uniquename"), "{body}");
        let (status, _) = send(base, "GET", "/v1/Services?PageSize=5&Pagesize=5", true, "");
        assert_eq!(status, 422);
        // Prism's own checks still apply: auth, required body, types.
        let (status, _) = send(base, "GET", "/v1/Services", false, "");
        assert_eq!(status, 401);
        let (status, _) = send(base, "POST", "/v1/Services", true, "");
        assert_eq!(status, 422);
        let (status, _) = send(base, "GET", "/v1/Services?PageSize=many", true, "");
        assert_eq!(status, 422);

        assert_eq!(prism.violations().len(), 5);
        assert!(prism.assert_clean().is_err());
        assert_eq!(
            prism.operations_called(),
            vec!["POST /v1/Services".to_owned()]
        );
    }

    #[test]
    fn repeated_form_keys_pass_for_array_fields() {
        // Patch 1 of fetch-specs.sh: without it Prism answers 422 "must be array".
        let prism = Prism::start(Spec::Proxy).unwrap();
        let path = "/v1/Services/KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Sessions";
        let (status, body) = send(
            prism.base_url(),
            "POST",
            path,
            true,
            "UniqueName=s&Participants=a&Participants=b",
        );
        assert_eq!(status, 201, "{body}");
        prism.assert_clean().unwrap();
    }

    #[test]
    fn one_valid_request_to_every_operation_of_every_spec_passes() {
        // The patched specs and the gate must not reject requests that keep the
        // contract: `sweep.js` sends each operation its required parameters only.
        let mut counts = Vec::new();
        for spec in Spec::ALL {
            let prism = Prism::start(spec).unwrap();
            let out = std::process::Command::new("node")
                .arg(contract_dir().join("sweep.js"))
                .arg(spec.patched_path())
                .arg(prism.base_url())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["failures"], serde_json::json!([]), "{spec:?}");
            counts.push(report["operations"].as_u64().unwrap());
            assert_eq!(prism.violations(), Vec::<Value>::new(), "{spec:?}");
        }
        assert_eq!(counts, [197, 48, 25, 61]);
    }

    #[test]
    fn wrapped_table_parses() {
        for w in wrapped_operations().unwrap() {
            assert!(w.path.starts_with('/'), "{w:?}");
        }
    }

    #[test]
    fn every_spec_loads() {
        for spec in Spec::ALL {
            let doc = spec.load().unwrap();
            assert!(
                doc["paths"].as_object().is_some_and(|p| !p.is_empty()),
                "{spec:?}"
            );
        }
    }
}
