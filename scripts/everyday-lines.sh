#!/usr/bin/env bash
# Line counts of the everyday jobs (docs/everyday.md): ours in examples/*.rs, twilio-node's
# in examples/node/*.mjs. Counted: non-blank lines, imports included. Not counted in the
# Rust files: `//` comments and the `#![allow(clippy::print_stdout)]` line (a workspace
# lint, not needed in a user's crate). "w/o main" also leaves out the `main` wrapper Node
# has no equivalent for: `#[tokio::main]`/`#[actix_web::main]`, the `fn main() -> … {`
# line, `Ok(())` and main's closing `}` (main is the last item of each file).
set -euo pipefail
cd "$(dirname "$0")/../examples"

rust_lines() {
    grep -v -E '^\s*$|^\s*//|^#!\[allow' "$1" | wc -l
}

rust_wrapper() {
    local wrapper
    wrapper=$(grep -c -E '^#\[(tokio|actix_web)::main\]$|^(async )?fn main\(|^    Ok\(\(\)\)$' "$1" || true)
    echo $((wrapper + 1)) # main's closing brace
}

node_lines() {
    grep -c -v -E '^\s*$' "$1"
}

printf '%-14s %6s %9s %6s %7s %11s\n' job rust "w/o main" node ratio "ratio w/o"
for pair in send_sms:send_sms place_call:place_call answer_call:answer_call \
    webhook_actix:webhook_express access_token:access_token workers:workers; do
    rs=${pair%%:*} js=${pair##*:}
    total=$(rust_lines "$rs.rs")
    bare=$((total - $(rust_wrapper "$rs.rs")))
    node=$(node_lines "node/$js.mjs")
    printf '%-14s %6d %9d %6d %7.2f %11.2f\n' "$rs" "$total" "$bare" "$node" \
        "$(echo "$total / $node" | bc -l)" "$(echo "$bare / $node" | bc -l)"
done
