//! The binary's command line: `--help` lists every setting of its table, every
//! wrong setting is reported at once, old names still work with a warning, and
//! docs/browser-phone.md names every setting.

#[test]
fn help_version_all_errors_at_once_and_old_names() {
    let doc = twilio_testkit::workspace_root().join("docs/browser-phone.md");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_browser-phone"));
    if let Err(problem) = twilio_testkit::cli::check(bin, &browser_phone::SPEC, &doc) {
        panic!("{problem}");
    }
}
