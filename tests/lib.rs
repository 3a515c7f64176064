//! Cross-crate and end-to-end tests; each `[[test]]` in Cargo.toml is one file beside this one.
