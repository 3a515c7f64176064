//! The binary's command line: `--help` lists every setting of its table, every
//! wrong setting is reported at once, old names still work with a warning, and
//! docs/presence-phone.md names every setting.

#[test]
fn help_version_all_errors_at_once_and_old_names() {
    let doc = twilio_testkit::workspace_root().join("docs/presence-phone.md");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_presence-phone"));
    if let Err(problem) = twilio_testkit::cli::check(bin, &presence_phone::config::SPEC, &doc) {
        panic!("{problem}");
    }
}
