//! Child processes that tests start (Prism, redis-server, our own binaries).

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Child;
use std::time::{Duration, Instant};

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
