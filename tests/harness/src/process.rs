//! Child processes that tests start (Prism, redis-server, our own binaries).

use std::io::Write as _;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Kills and reaps the child when dropped, so a failing test leaves no server behind.
#[derive(Debug)]
pub struct ChildGuard(pub Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
///
/// # Panics
/// When no port can be bound at all (the machine is out of ports).
pub fn free_port() -> u16 {
    #[allow(clippy::expect_used)] // test support: nothing sensible to do without a port
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    #[allow(clippy::expect_used)]
    listener.local_addr().expect("local addr").port()
}

/// Waits until something accepts TCP connections on `127.0.0.1:port`.
///
/// # Errors
/// When nothing listens before `timeout`.
pub fn wait_for_port(port: u16, timeout: Duration) -> Result<(), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!(
        "nothing listened on port {port} within {timeout:?}"
    ))
}

/// A command for one of our app binaries (`env!("CARGO_BIN_EXE_<app>")`) that sees
/// only `vars`: no `TWILIO_*` from the developer's shell, and no `.env` (it runs in
/// the temp dir). Logs at `warn`.
pub fn app_command(exe: &str, vars: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(exe);
    cmd.env_clear()
        .current_dir(std::env::temp_dir())
        .env("RUST_LOG", "warn");
    for (name, value) in vars {
        cmd.env(name, value);
    }
    cmd
}

/// Spawns `cmd` (its stdout discarded) and waits up to 30 s for it to listen on
/// `127.0.0.1:port`; the guard stops it.
///
/// # Errors
/// When it cannot start, or nothing listens in time (the child is stopped then).
pub fn spawn_listening(cmd: &mut Command, port: u16) -> Result<ChildGuard, String> {
    let child = cmd
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let guard = ChildGuard(child);
    wait_for_port(port, Duration::from_secs(30))?;
    Ok(guard)
}

/// Runs `node <script>` in `cwd` with `input` as JSON on stdin and parses its stdout
/// as one JSON value (how the oracle and the browser tests talk to Node).
///
/// # Errors
/// Node missing, the script failing (its stderr is in the message), or stdout that is
/// not JSON.
pub fn node_json(script: &Path, cwd: &Path, input: &Value) -> Result<Value, String> {
    let name = script.display();
    let mut child = Command::new("node")
        .arg(script)
        .current_dir(cwd)
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
            .map_err(|e| format!("writing to {name}: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("waiting for {name}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{name} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "{name} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}
