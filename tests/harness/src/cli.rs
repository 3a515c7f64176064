//! The command line every app binary shares (feature `cli`): `--help`, `--version`,
//! unknown arguments, every wrong setting reported at once, old names read with a
//! warning, and a docs page that names every setting. One check per app's
//! `tests/cli.rs`.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use twilio_app_env::spec::Spec;

/// A value no error message or log line may echo.
const CANARY: &str = "s3cr3t-canary-value";

fn run(bin: &Path, args: &[&str], vars: &[(&str, &str)]) -> Result<Output, String> {
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .env_clear()
        .env("RUST_LOG", "warn")
        // A `.env` in the working directory would leak in: run where there is none.
        .current_dir(std::env::temp_dir());
    if let Some(path) = std::env::var_os("PATH") {
        cmd.env("PATH", path);
    }
    for (name, value) in vars {
        cmd.env(name, value);
    }
    // Every run here must end by itself (help, version, or a refused start); one
    // that serves instead is killed and reported rather than hanging the test.
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let started = Instant::now();
    while child.try_wait().map_err(|e| e.to_string())?.is_none() {
        if started.elapsed() > crate::wait::GUARD {
            let _ = child.kill();
            let output = child.wait_with_output().map_err(|e| e.to_string())?;
            return Err(format!(
                "{} {args:?} did not exit:\n{}",
                bin.display(),
                text(&output)
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().map_err(|e| e.to_string())
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Checks `bin` against its settings table `spec` and its docs page `doc`.
///
/// # Errors
/// What the binary or the page got wrong.
pub fn check(bin: &Path, spec: &Spec, doc: &Path) -> Result<(), String> {
    // --help and -h: every variable, its old names and meaning, exit 0, on stdout.
    let help = run(bin, &["--help"], &[])?;
    let shown = String::from_utf8_lossy(&help.stdout).into_owned();
    if !help.status.success() || shown != String::from_utf8_lossy(&run(bin, &["-h"], &[])?.stdout) {
        return Err(format!("--help and -h differ or fail: {}", text(&help)));
    }
    for var in spec.vars() {
        if !shown.contains(&format!("  {} ", var.name)) || !shown.contains(var.meaning) {
            return Err(format!(
                "--help does not list {} with its meaning:\n{shown}",
                var.name
            ));
        }
        if let Some(old) = var.legacy.iter().find(|old| !shown.contains(*old)) {
            return Err(format!(
                "--help does not name {old}, the old name of {}",
                var.name
            ));
        }
    }
    // --version, and an unknown argument refused with a pointer to --help.
    let version = run(bin, &["--version"], &[])?;
    let expected = format!("{} {}", spec.bin, env!("CARGO_PKG_VERSION"));
    if !version.status.success() || !text(&version).starts_with(&expected) {
        return Err(format!("--version: {}", text(&version)));
    }
    let unknown = run(bin, &["--no-such-flag"], &[])?;
    if unknown.status.code() != Some(2) || !text(&unknown).contains("--help") {
        return Err(format!(
            "an unknown argument: {:?} {}",
            unknown.status,
            text(&unknown)
        ));
    }
    // Several wrong settings: all named at once, no value echoed, a non-zero exit.
    let wrong = run(
        bin,
        &[],
        &[
            ("TWILIO_ACCOUNT_SID", "AC-not-a-sid"),
            ("TWILIO_AUTH_TOKEN", CANARY),
            ("PORT", "not-a-port"),
            ("TRUSTED_PROXIES", CANARY),
        ],
    )?;
    let said = text(&wrong);
    let named = ["TWILIO_ACCOUNT_SID:", "PORT:", "TRUSTED_PROXIES:"];
    if wrong.status.success() || named.iter().any(|n| !said.contains(n)) {
        return Err(format!(
            "not every wrong setting was reported at once:\n{said}"
        ));
    }
    if said.contains(CANARY) {
        return Err(format!("a value was echoed:\n{said}"));
    }
    // Old names: read, with a warning naming the new one (PORT fails the start).
    let mut old: Vec<(&str, &str)> = spec
        .vars()
        .flat_map(|var| var.legacy.iter().map(|name| (*name, "1")))
        .collect();
    old.push(("PORT", "not-a-port"));
    let said = text(&run(bin, &[], &old)?);
    for var in spec.vars() {
        if let Some(first) = var.legacy.first() {
            let warning = format!("{first} is an old name: use {}", var.name);
            if !said.contains(&warning) {
                return Err(format!("no warning `{warning}`:\n{said}"));
            }
        }
    }
    // The docs page names every setting.
    let page = std::fs::read_to_string(doc).map_err(|e| format!("{}: {e}", doc.display()))?;
    if let Some(var) = spec
        .vars()
        .find(|v| !page.contains(&format!("`{}`", v.name)))
    {
        return Err(format!("{} does not name `{}`", doc.display(), var.name));
    }
    Ok(())
}
