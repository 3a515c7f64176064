#!/usr/bin/env bash
# The whole test suite: unit, doc, differential (twilio-node oracle), contract (Prism)
# and end-to-end tests. Run scripts/setup.sh once first on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# `--all-targets` builds examples in test mode only, so the runnable example binaries
# that examples/tests/everyday.rs executes are built first.
cargo build --workspace --examples
cargo nextest run --workspace --all-targets --no-fail-fast "$@"
cargo test --workspace --doc
