//! The binary's command line: `--help` lists every setting of its table, every
//! wrong setting is reported at once, old names still work with a warning, and
//! docs/proxy-admin.md names every setting.

#[test]
fn help_version_all_errors_at_once_and_old_names() {
    let doc = twilio_testkit::workspace_root().join("docs/proxy-admin.md");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_proxy-admin"));
    if let Err(problem) = twilio_testkit::cli::check(bin, &proxy_admin::SPEC, &doc) {
        panic!("{problem}");
    }
}
