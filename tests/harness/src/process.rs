//! Child processes that tests start (Prism, redis-server, our own binaries). Servers
//! bind port 0 (or a Unix socket) and report what they got; nothing waits for a guessed
//! port.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
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

/// A TCP port on 127.0.0.1 that was free a moment ago: another process may take it
/// before the caller binds it. Prefer binding port 0, or [`spawn_on_free_port`],
/// which retries when the port was taken.
///
/// # Panics
/// When no port can be bound at all (the machine is out of ports).
pub fn free_port() -> u16 {
    #[allow(clippy::expect_used)] // test support: nothing sensible to do without a port
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    #[allow(clippy::expect_used)]
    listener.local_addr().expect("local addr").port()
}

/// A socket bound to a port on 127.0.0.1 that never listens: while it lives, the port
/// is held (nobody else can take it) and every connection to it is refused. The
/// address for a service that is down.
///
/// # Panics
/// When no socket can be bound (the machine is out of ports).
pub fn closed_port() -> tokio::net::TcpSocket {
    #[allow(clippy::expect_used)] // test support: nothing sensible to do without a port
    let socket = tokio::net::TcpSocket::new_v4().expect("a TCP socket");
    #[allow(clippy::expect_used)]
    socket
        .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .expect("bind an ephemeral port");
    socket
}

/// How long a spawned server may take to report its address on a loaded machine.
const REPORT_TIMEOUT: Duration = Duration::from_secs(180);

/// The address of a `listening on [http://]ADDR` line: what our apps, the contract
/// gate and Prism print once their socket is bound (terminal colours around it are
/// ignored).
pub fn listening_addr(line: &str) -> Option<SocketAddr> {
    let (_, rest) = line.split_once("listening on ")?;
    let rest = rest.strip_prefix("http://").unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// Why [`spawn_reporting`] failed.
#[derive(Debug)]
pub enum SpawnError {
    /// The child exited before it reported an address (e.g. its port was taken).
    Exited(String),
    /// It could not be started, or did not report in time (it is stopped then).
    Failed(String),
}

impl std::fmt::Display for SpawnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpawnError::Exited(m) | SpawnError::Failed(m) => f.write_str(m),
        }
    }
}

/// Spawns `cmd` with its stdout read by the harness and waits for its `listening on
/// ADDR` line (see [`listening_addr`]): the address the child itself bound, so a
/// server that another process beat to a port is never mistaken for ours. The rest of
/// its stdout is discarded.
///
/// # Errors
/// [`SpawnError::Exited`] when the child exits before reporting,
/// [`SpawnError::Failed`] when it cannot start or does not report within 60 s.
pub fn spawn_reporting(cmd: &mut Command) -> Result<(ChildGuard, SocketAddr), SpawnError> {
    let program = format!("{:?}", cmd.get_program());
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| SpawnError::Failed(format!("cannot start {program}: {e}")))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| SpawnError::Failed("no stdout".into()))?;
    let mut guard = ChildGuard(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reported = false;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if !reported && let Some(addr) = listening_addr(&line) {
                reported = tx.send(addr).is_ok();
            }
        }
    });
    let start = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(addr) => return Ok((guard, addr)),
            Err(RecvTimeoutError::Disconnected) => {
                let status = guard.0.wait().map(|s| s.to_string()).unwrap_or_default();
                return Err(SpawnError::Exited(format!(
                    "{program} exited ({status}) before it reported where it listens"
                )));
            }
            Err(RecvTimeoutError::Timeout) => {
                if start.elapsed() > REPORT_TIMEOUT {
                    return Err(SpawnError::Failed(format!(
                        "{program} did not report where it listens within {REPORT_TIMEOUT:?}"
                    )));
                }
            }
        }
    }
}

/// Starts the server `command(port)` builds on a free port and waits for it to report
/// that port. When the child exits first (another process took the port between
/// [`free_port`] and the bind), it is retried on a new port, up to five times: for
/// servers that must know their port before they start (a public URL naming it).
///
/// # Errors
/// The last failure, or a server that reported a port it was not given.
pub fn spawn_on_free_port(
    mut command: impl FnMut(u16) -> Command,
) -> Result<(ChildGuard, SocketAddr), String> {
    let mut last = String::new();
    for _ in 0..5 {
        let port = free_port();
        match spawn_reporting(&mut command(port)) {
            Ok((guard, addr)) if addr.port() == port => return Ok((guard, addr)),
            Ok((_, addr)) => return Err(format!("asked to listen on {port}, reported {addr}")),
            Err(SpawnError::Exited(e)) => last = e,
            Err(SpawnError::Failed(e)) => return Err(e),
        }
    }
    Err(last)
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

/// Spawns `cmd` (its stdout read for the report, then discarded) and waits for it to
/// report that it listens on `127.0.0.1:port` (see [`spawn_reporting`]); the guard
/// stops it.
///
/// # Errors
/// When it cannot start, exits or does not report in time, or reports another port.
pub fn spawn_listening(cmd: &mut Command, port: u16) -> Result<ChildGuard, String> {
    let (guard, addr) = spawn_reporting(cmd).map_err(|e| e.to_string())?;
    if addr.port() != port {
        return Err(format!("asked to listen on {port}, reported {addr}"));
    }
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

/// A real `redis-server` listening on a Unix socket of its own (no TCP port that
/// another process could take), killed on drop.
#[derive(Debug)]
pub struct RedisServer {
    socket: PathBuf,
    url: String,
    _child: ChildGuard,
}

impl RedisServer {
    /// Starts one on a fresh socket path in the temp dir.
    ///
    /// # Errors
    /// When `redis-server` is missing or does not accept connections in time.
    pub fn start() -> Result<Self, String> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let socket =
            std::env::temp_dir().join(format!("twilio-redis-{}-{n}.sock", std::process::id()));
        Self::start_at(&socket)
    }

    /// Starts one on `socket` (again, after the previous one on it was dropped: a
    /// restart that clients reconnect to).
    ///
    /// # Errors
    /// When `redis-server` is missing or does not accept connections in time.
    pub fn start_at(socket: &Path) -> Result<Self, String> {
        let child = Command::new("redis-server")
            .args(["--port", "0", "--unixsocket"])
            .arg(socket)
            .args([
                "--unixsocketperm",
                "700",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .current_dir(std::env::temp_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start redis-server ({e}): install it with `apt-get install -y \
                     redis-server` (scripts/setup.sh does this)"
                )
            })?;
        let mut child = ChildGuard(child);
        // The path is ours alone, so a connection there is this server (a stale socket
        // file of a killed one refuses connections).
        crate::wait::until_blocking("redis-server accepts connections", || {
            matches!(child.0.try_wait(), Ok(None)) && UnixStream::connect(socket).is_ok()
        })?;
        if let Ok(Some(status)) = child.0.try_wait() {
            return Err(format!("redis-server exited ({status})"));
        }
        Ok(Self {
            socket: socket.to_owned(),
            url: format!("unix://{}", socket.display()),
            _child: child,
        })
    }

    /// `unix:///…/twilio-redis-….sock`, for `redis::Client::open`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket path, to start a server there again.
    pub fn socket(&self) -> &Path {
        &self.socket
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // The server goes with its guard; its socket file should not stay behind.
        let _ = std::fs::remove_file(&self.socket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    fn sh(script: &str) -> Command {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", script]).stdin(Stdio::null());
        cmd
    }

    #[test]
    fn the_listening_line_gives_the_address() {
        let addr = |line: &str| listening_addr(line).map(|a| a.to_string());
        assert_eq!(
            addr("listening on http://127.0.0.1:5000").as_deref(),
            Some("127.0.0.1:5000")
        );
        assert_eq!(
            addr("[2:53:40 AM] \u{1b}[1m[CLI]\u{1b}[0m start Prism is listening on http://127.0.0.1:44887\u{1b}[0m")
                .as_deref(),
            Some("127.0.0.1:44887")
        );
        assert_eq!(
            addr("gate listening on [::1]:8080 now").as_deref(),
            Some("[::1]:8080")
        );
        // The apps' own log line at info names the configured address, not the bound one.
        assert_eq!(addr("INFO flex-backend listening bind=127.0.0.1:0"), None);
        assert_eq!(addr("listening on http://localhost:80"), None);
    }

    #[test]
    fn a_reported_address_is_returned_and_the_child_stopped_on_drop() {
        let (guard, addr) = spawn_reporting(&mut sh(
            "echo starting; echo listening on http://127.0.0.1:4321; exec sleep 600",
        ))
        .unwrap();
        assert_eq!(addr, SocketAddr::from(([127, 0, 0, 1], 4321)));
        let pid = guard.0.id();
        drop(guard);
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "the child was killed and reaped"
        );
    }

    #[test]
    fn a_child_that_exits_before_reporting_is_an_exit() {
        let err = spawn_reporting(&mut sh("echo cannot bind; exit 3")).unwrap_err();
        assert!(
            matches!(&err, SpawnError::Exited(m) if m.contains("exit status: 3")),
            "{err}"
        );
    }

    #[test]
    fn a_taken_port_is_retried_on_another() {
        let mut attempts = Vec::new();
        let (_guard, addr) = spawn_on_free_port(|port| {
            attempts.push(port);
            if attempts.len() < 3 {
                sh("echo address in use; exit 1")
            } else {
                sh(&format!(
                    "echo listening on http://127.0.0.1:{port}; exec sleep 600"
                ))
            }
        })
        .unwrap();
        assert_eq!(attempts.len(), 3);
        assert_eq!(addr.port(), attempts[2]);
    }

    #[test]
    fn a_server_reporting_another_port_is_refused() {
        let err =
            spawn_on_free_port(|_| sh("echo listening on http://127.0.0.1:1; exec sleep 600"))
                .unwrap_err();
        assert!(err.contains("reported 127.0.0.1:1"), "{err}");
    }

    #[test]
    fn a_closed_port_refuses_connections_while_held() {
        let held = closed_port();
        let addr = held.local_addr().unwrap();
        let err = TcpStream::connect(addr).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
        // Held: nobody can listen there meanwhile.
        assert!(TcpListener::bind(addr).is_err());
    }

    fn ping(socket: &Path) -> String {
        let mut stream = UnixStream::connect(socket).unwrap();
        stream.write_all(b"PING\r\n").unwrap();
        let mut answer = [0u8; 7];
        stream.read_exact(&mut answer).unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    }

    #[test]
    fn redis_runs_on_its_own_socket_and_restarts_there() {
        let redis = RedisServer::start().unwrap();
        let socket = redis.socket().to_owned();
        assert_eq!(redis.url(), format!("unix://{}", socket.display()));
        assert_eq!(ping(&socket), "+PONG\r\n");
        drop(redis);
        assert!(
            UnixStream::connect(&socket).is_err(),
            "stopped with its guard"
        );
        let again = RedisServer::start_at(&socket).unwrap();
        assert_eq!(ping(again.socket()), "+PONG\r\n");
    }
}
