//! `twilio-load`: fan-out measurement of flex-backend's statistics websockets and
//! presence-phone's Server-Sent Events (issue 15; `scripts/fanout.sh` runs it).
//!
//! * `twilio-load flex --app URL --app URL --fake-port P --clients N`: serves the
//!   Twilio endpoints the instances were pointed at (IAM token checks and TaskRouter
//!   statistics, on `127.0.0.1:P`), opens N `/websocket/realtimeStats` sockets spread
//!   over the instances, then times rounds: from the moment the fake wrote the last
//!   statistics response of a poll to the moment each socket read the array that
//!   poll published.
//! * `twilio-load presence --app URL --user U --password P --auth-token T --clients N`:
//!   logs in once, opens N `/api/presence/events` streams with that session, then
//!   times rounds: from just before a signed `endpoint_connected` webhook is sent to
//!   the moment each stream read the change.
//!
//! Memory per client: the summed RSS of `--pid`s after all clients got their first
//! message minus before the first connected, divided by N. Prints one line per round
//! and a `RESULT` line (pooled p50/p99 of every client in every round, the median
//! and worst per-round time to the last client).
#![allow(clippy::print_stdout)] // a command-line tool: its results go to stdout

mod clients;
mod fake;
mod floor;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use clients::{Arrivals, Refused};
use futures_util_lite::buffered;

/// Fan-out load tool (see the crate docs).
#[derive(Debug, Parser)]
struct Cli {
    #[command(subcommand)]
    app: App,
}

#[derive(Debug, Subcommand)]
enum App {
    /// flex-backend's stats websockets (instances with REDIS_URL, TaskRouter and IAM
    /// base URLs at the fake's port).
    Flex {
        #[command(flatten)]
        common: Common,
        /// Where to serve the fake TaskRouter and IAM.
        #[arg(long)]
        fake_port: u16,
        /// Queues in the statistics array.
        #[arg(long, default_value_t = 3)]
        queues: usize,
    },
    /// presence-phone's presence event streams (local mode).
    Presence {
        #[command(flatten)]
        common: Common,
        /// The user every stream logs in as (one session, shared).
        #[arg(long)]
        user: String,
        /// Their password.
        #[arg(long)]
        password: String,
        /// The token webhooks are signed with (LOCAL_AUTH_TOKEN).
        #[arg(long)]
        auth_token: String,
        /// The app's PUBLIC_BASE_URL (default: the app's URL).
        #[arg(long)]
        public_url: Option<String>,
    },
    /// The floor's server (see `floor.rs`): answers any websocket handshake and writes
    /// each round's frame to every socket; `GET /round/N` publishes round N.
    FloorServer {
        /// Where to listen (127.0.0.1).
        #[arg(long)]
        port: u16,
        /// Payload bytes of each frame (flex-backend's three-queue array: 10,180).
        #[arg(long, default_value_t = 10_180)]
        bytes: usize,
        /// Runtime worker threads (actix's default is one per core).
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
    /// The floor's clients: websockets as for `flex`, over `floor-server`s.
    Floor {
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Debug, Args)]
struct Common {
    /// An instance, e.g. `127.0.0.1:8081`; clients are spread over all of them.
    #[arg(long = "app", required = true)]
    apps: Vec<SocketAddr>,
    /// Clients to open.
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// Rounds measured.
    #[arg(long, default_value_t = 5)]
    rounds: u32,
    /// Processes whose RSS is measured (the app instances).
    #[arg(long = "pid")]
    pids: Vec<u32>,
    /// Connection attempts in flight at once.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Loopback source addresses used, 127.0.0.10 onwards (ephemeral ports are per
    /// address).
    #[arg(long, default_value_t = 16)]
    sources: u8,
}

/// Small helper: run futures with bounded concurrency (no extra dependency).
mod futures_util_lite {
    use std::future::Future;

    /// Runs `make(i)` for `0..n`, at most `limit` at once; returns the outputs.
    pub(crate) async fn buffered<F, T>(n: usize, limit: usize, make: impl Fn(usize) -> F) -> Vec<T>
    where
        F: Future<Output = T> + Send + 'static,
        T: Send + 'static,
    {
        let mut out = Vec::with_capacity(n);
        let mut set = tokio::task::JoinSet::new();
        for i in 0..n {
            if set.len() >= limit.max(1)
                && let Some(Ok(done)) = set.join_next().await
            {
                out.push(done);
            }
            set.spawn(make(i));
        }
        while let Some(done) = set.join_next().await {
            if let Ok(done) = done {
                out.push(done);
            }
        }
        out
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if let App::FloorServer { threads, .. } = cli.app {
        builder.worker_threads(threads.max(1));
    }
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("twilio-load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.app {
        App::Flex {
            common,
            fake_port,
            queues,
        } => flex(common, fake_port, queues).await,
        App::Presence {
            common,
            user,
            password,
            auth_token,
            public_url,
        } => presence(common, user, password, auth_token, public_url).await,
        App::FloorServer { port, bytes, .. } => floor::serve(port, bytes).await,
        App::Floor { common } => floor::measure(common).await,
    }
}

/// The source address of client `i`.
fn source(common: &Common, i: usize) -> IpAddr {
    let k = u8::try_from(i % usize::from(common.sources.max(1))).unwrap_or(0);
    IpAddr::V4(Ipv4Addr::new(127, 0, 0, 10 + k))
}

/// Opens `common.clients` clients with `connect` (retrying 429/503 and refused
/// connections), each then running on its own; returns the refusals left.
async fn open_all<F, C>(common: &Common, connect: F) -> Vec<String>
where
    F: Fn(SocketAddr, IpAddr) -> C + Send + Sync + 'static,
    C: std::future::Future<Output = Result<(), Refused>> + Send + 'static,
{
    let connect = Arc::new(connect);
    let apps = common.apps.clone();
    let sources: Vec<IpAddr> = (0..common.clients).map(|i| source(common, i)).collect();
    let sources = Arc::new(sources);
    let results = buffered(common.clients, common.concurrency, |i| {
        let (connect, apps, sources) = (connect.clone(), apps.clone(), sources.clone());
        async move {
            let server = apps[i % apps.len()];
            let mut last = String::new();
            for attempt in 0..30u64 {
                match connect(server, sources[i]).await {
                    Ok(()) => return None,
                    Err(Refused::Status(s)) if s != 429 && s != 503 => {
                        return Some(format!("HTTP {s}"));
                    }
                    Err(e) => last = e.to_string(),
                }
                tokio::time::sleep(Duration::from_millis(50 * (attempt + 1))).await;
            }
            Some(last)
        }
    })
    .await;
    results.into_iter().flatten().collect()
}

/// Summed `VmRSS` of `pids`, in KiB.
fn rss_kib(pids: &[u32]) -> u64 {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .filter_map(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .sum()
}

/// CPU time (user + system) `pids` used so far, in clock ticks (`/proc/PID/stat`).
fn cpu_ticks(pids: &[u32]) -> u64 {
    pids.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok())
        .filter_map(|stat| {
            // Fields after the command (which may hold spaces), from field 3 on.
            let rest = stat.rsplit_once(')')?.1;
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let utime: u64 = fields.get(11)?.parse().ok()?;
            let stime: u64 = fields.get(12)?.parse().ok()?;
            Some(utime + stime)
        })
        .sum()
}

/// Milliseconds per clock tick (`_SC_CLK_TCK` is 100 on Linux).
const TICK_MS: f64 = 10.0;

/// Busy and total jiffies of the whole machine (`/proc/stat`).
fn cpu_jiffies() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let fields: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .skip(1)
        .filter_map(|f| f.parse().ok())
        .collect();
    let total: u64 = fields.iter().take(8).sum();
    let idle = fields.get(3).copied().unwrap_or(0) + fields.get(4).copied().unwrap_or(0);
    (total.saturating_sub(idle), total)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Waits until `done` holds or `limit` passed; `true` when it held.
async fn wait_for(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while !done() {
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    true
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `q` quantile (0..=1) of sorted `values` (nearest rank).
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Per-round and overall results.
#[derive(Debug, Default)]
struct Results {
    all: Vec<Duration>,
    lasts: Vec<Duration>,
    missing: usize,
}

impl Results {
    /// Adds one round: arrival times relative to `t0`; `expected` clients.
    fn round(&mut self, round: u32, t0: Instant, times: &[Instant], expected: usize) {
        let mut lat: Vec<Duration> = times
            .iter()
            .map(|t| t.saturating_duration_since(t0))
            .collect();
        lat.sort();
        let missing = expected.saturating_sub(lat.len());
        let last = lat.last().copied().unwrap_or_default();
        println!(
            "  round {round:>3}: {:>6} clients  p50 {:>7.1} ms  p99 {:>7.1} ms  last {:>7.1} ms{}  (load {})",
            lat.len(),
            ms(quantile(&lat, 0.5)),
            ms(quantile(&lat, 0.99)),
            ms(last),
            if missing > 0 {
                format!("  MISSING {missing}")
            } else {
                String::new()
            },
            loadavg(),
        );
        self.missing += missing;
        self.lasts.push(last);
        self.all.extend(lat);
    }

    fn print(
        mut self,
        app: &str,
        clients: usize,
        mem_kib: f64,
        busy: f64,
        cpu_ms: (f64, f64),
        message_bytes: usize,
    ) {
        self.all.sort();
        self.lasts.sort();
        let median_last = quantile(&self.lasts, 0.5);
        let worst_last = self.lasts.last().copied().unwrap_or_default();
        println!(
            "RESULT app={app} clients={clients} rounds={} p50_ms={:.1} p99_ms={:.1} last_median_ms={:.1} last_worst_ms={:.1} mem_per_client_kib={mem_kib:.1} cpu_busy_pct={busy:.0} app_cpu_ms_per_round={:.0} tool_cpu_ms_per_round={:.0} message_bytes={message_bytes} missing={}",
            self.lasts.len(),
            ms(quantile(&self.all, 0.5)),
            ms(quantile(&self.all, 0.99)),
            ms(median_last),
            ms(worst_last),
            cpu_ms.0,
            cpu_ms.1,
            self.missing,
        );
    }
}

/// The clients opened with `connect`, each with its first message; returns the apps'
/// RSS before (KiB), the baseline of the memory per client that [`Meter::finish`]
/// reports once every round has reached every client.
async fn connect_clients<F, C>(
    common: &Common,
    arrivals: &Arrivals,
    connect: F,
) -> Result<u64, String>
where
    F: Fn(SocketAddr, IpAddr) -> C + Send + Sync + 'static,
    C: std::future::Future<Output = Result<(), Refused>> + Send + 'static,
{
    let before = rss_kib(&common.pids);
    let started = Instant::now();
    let refused = open_all(common, connect).await;
    if let Some(first) = refused.first() {
        return Err(format!(
            "{} clients refused (first: {first})",
            refused.len()
        ));
    }
    let n = common.clients;
    if !wait_for(Duration::from_secs(120), || {
        arrivals.ready.load(Ordering::SeqCst) >= n
    })
    .await
    {
        return Err(format!(
            "only {} of {n} clients got their first message",
            arrivals.ready.load(Ordering::SeqCst)
        ));
    }
    let after = rss_kib(&common.pids);
    println!(
        "{n} clients connected in {:.1} s over {} instance(s); RSS {before} KiB -> {after} KiB (load {})",
        started.elapsed().as_secs_f64(),
        common.apps.len(),
        loadavg(),
    );
    Ok(before)
}

async fn flex(common: Common, fake_port: u16, queues: usize) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", fake_port))
        .await
        .map_err(|e| format!("cannot serve the fake on port {fake_port}: {e}"))?;
    let fake = fake::Fake::start(listener, queues);
    let arrivals = Arc::new(Arrivals::default());
    const TOKEN: &str = concat!(
        "eyJ6aXAiOiJERUYiLCJraWQiOiJTQVNfUzNfX19LTVNfdjEiLCJjdHkiOiJ0d2lsaW8tZnBhO3Y9MSIsImVuYyI6IkEyNTZHQ00iLCJhbGciOiJkaXIifQ",
        "..BwcHBwcHBwcHBwcH.ZmFub3V0LWxvYWQ.CQkJCQkJCQkJCQkJCQkJCQ"
    );
    let connecting = arrivals.clone();
    let connect = move |server, from| {
        let arrivals = connecting.clone();
        async move {
            let client =
                clients::websocket(server, from, "/websocket/realtimeStats", TOKEN).await?;
            tokio::spawn(client.run(arrivals));
            Ok(())
        }
    };
    // One socket first: the token's first check is the only one the gate budgets.
    let first = Common {
        clients: 1,
        ..common.clone_settings()
    };
    connect_clients(&first, &arrivals, connect.clone()).await?;
    arrivals.ready.store(0, Ordering::SeqCst);
    let rest = Common {
        clients: common.clients - 1,
        ..common.clone_settings()
    };
    let baseline = connect_clients(&rest, &arrivals, connect).await?;
    let n = common.clients;
    let start = fake.round();
    let meter = Meter::start(&common.pids);
    let mut results = Results::default();
    println!(
        "flex-backend stats fan-out: {n} websockets, {queues} queues, {} token checks",
        fake.iam_checks.load(Ordering::Relaxed)
    );
    for round in start + 1..=start + common.rounds {
        // The round's poll has started (its list was answered) and each client has
        // read its array, or the time is up.
        wait_for(Duration::from_secs(30), || fake.round() >= round).await;
        let all = wait_for(Duration::from_secs(15), || arrivals.count(round) >= n).await;
        if !all {
            println!("  round {round}: not every client got it within 15 s");
        }
        let Some(t0) = fake.result_at(round) else {
            return Err(format!("round {round}: no statistics request seen"));
        };
        results.round(round, t0, &arrivals.times(round), n);
    }
    meter.finish("flex", &common, &arrivals, results, baseline);
    Ok(())
}

/// The machine's and the processes' CPU from the first measured round on.
struct Meter {
    jiffies: (u64, u64),
    /// CPU ticks of the apps and of this tool.
    ticks: (u64, u64),
}

impl Meter {
    fn start(pids: &[u32]) -> Self {
        Self {
            jiffies: cpu_jiffies(),
            ticks: (cpu_ticks(pids), cpu_ticks(&[std::process::id()])),
        }
    }

    /// Prints the `RESULT` line of `app`'s rounds (and any client that closed).
    /// Memory per client is the apps' RSS now, after every round, less `baseline`
    /// (before the clients connected): a client's first message can be smaller than
    /// the rounds' (flex-backend's array is `[]` until its first poll), and buffers
    /// grow to the largest message they carried.
    fn finish(
        self,
        app: &str,
        common: &Common,
        arrivals: &Arrivals,
        results: Results,
        baseline: u64,
    ) {
        let mem =
            rss_kib(&common.pids).saturating_sub(baseline) as f64 / common.clients.max(1) as f64;
        let (busy1, total1) = cpu_jiffies();
        let total = total1.saturating_sub(self.jiffies.1).max(1);
        let busy = 100.0 * busy1.saturating_sub(self.jiffies.0) as f64 / total as f64;
        let rounds = f64::from(common.rounds.max(1));
        let per = |now: u64, then: u64| now.saturating_sub(then) as f64 * TICK_MS / rounds;
        let cpu_ms = (
            per(cpu_ticks(&common.pids), self.ticks.0),
            per(cpu_ticks(&[std::process::id()]), self.ticks.1),
        );
        let closed = arrivals.closed.load(Ordering::SeqCst);
        if closed > 0 {
            println!("  {closed} clients closed during the run");
        }
        results.print(
            app,
            common.clients,
            mem,
            busy,
            cpu_ms,
            arrivals.message_bytes.load(Ordering::Relaxed),
        );
    }
}

impl Common {
    fn clone_settings(&self) -> Self {
        Self {
            apps: self.apps.clone(),
            clients: self.clients,
            rounds: self.rounds,
            pids: self.pids.clone(),
            concurrency: self.concurrency,
            sources: self.sources,
        }
    }
}

async fn presence(
    common: Common,
    user: String,
    password: String,
    auth_token: String,
    public_url: Option<String>,
) -> Result<(), String> {
    let app = *common.apps.first().ok_or("no --app")?;
    let base = format!("http://{app}");
    let public = public_url.unwrap_or_else(|| base.clone());
    let http = reqwest::Client::new();
    let login = http
        .post(format!("{base}/api/login"))
        .json(&serde_json::json!({"username": user, "password": password}))
        .send()
        .await
        .map_err(|e| format!("login: {e}"))?;
    if !login.status().is_success() {
        return Err(format!("login: HTTP {}", login.status()));
    }
    let cookie = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.split(';').next().filter(|c| c.starts_with("pp_session=")))
        .map(str::to_owned)
        .ok_or("login set no pp_session cookie")?;
    let arrivals = Arc::new(Arrivals::default());
    let connecting = arrivals.clone();
    let cookie = Arc::new(cookie);
    let baseline = connect_clients(&common, &arrivals, move |server, from| {
        let (arrivals, cookie) = (connecting.clone(), cookie.clone());
        async move {
            let client = clients::sse(server, from, "/api/presence/events", &cookie).await?;
            tokio::spawn(client.run(arrivals));
            Ok(())
        }
    })
    .await?;
    let n = common.clients;
    let signer = twilio_webhook::Signer::new(auth_token);
    let url = format!("{public}/api/sync-callback");
    let meter = Meter::start(&common.pids);
    let mut results = Results::default();
    println!("presence-phone SSE fan-out: {n} streams, one session");
    for round in 1..=common.rounds {
        let identity = format!("fanout-{round}");
        let endpoint = format!("EP-fanout-{round}");
        let params = [
            ("AccountSid", fake::ACCOUNT),
            ("EndpointId", endpoint.as_str()),
            ("EventType", "endpoint_connected"),
            ("Identity", identity.as_str()),
        ];
        let signature = signer.sign(&url, &params);
        let request = http
            .post(format!("{base}/api/sync-callback"))
            .header("X-Twilio-Signature", signature)
            .form(&params);
        let t0 = Instant::now();
        let response = request.send().await.map_err(|e| format!("webhook: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("webhook: HTTP {}", response.status()));
        }
        let all = wait_for(Duration::from_secs(15), || arrivals.count(round) >= n).await;
        if !all {
            println!("  round {round}: not every stream got it within 15 s");
        }
        results.round(round, t0, &arrivals.times(round), n);
        // Let the machine settle before the next webhook.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    meter.finish("presence", &common, &arrivals, results, baseline);
    Ok(())
}
