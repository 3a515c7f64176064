#!/usr/bin/env bash
# Checks the published set as crates.io would serve it: packages the six crates from a
# clean checkout of HEAD, unpacks every .crate, and builds and tests each one on its
# own, offline, outside the workspace (no Node, Prism, redis-server or workspace
# files). The unpacked crates depend on each other through `[patch.crates-io]`, so a
# crate is tested against the packaged twilio-types, not the workspace's.
#
#   scripts/publish-check.sh            # all six
#   scripts/publish-check.sh twilio-twiml   # test a subset (all six are still packaged)
#
# Build output goes to the workspace's target/ (shared by the six crates and with the
# workspace build, so unchanged dependencies are not rebuilt); the rest to a temporary
# directory removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# In dependency order: each crate's path dependencies come before it.
all=(twilio-types twilio-twiml twilio-token twilio-webhook twilio-rest twilio-presence)
crates=("${@:-${all[@]}}")

scratch=$(mktemp -d "${TMPDIR:-/tmp}/publish-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export CARGO_TERM_COLOR=never

# 1. A clean checkout: what is committed at HEAD, nothing else (no target/, no
#    node_modules, no uncommitted edits).
echo "publish-check: checkout of $(git rev-parse --short HEAD)"
mkdir "$scratch/src"
git archive --format=tar HEAD | tar -x -C "$scratch/src"

# 2. Package the set together (cargo resolves their path dependencies among
#    themselves; each names a version). --no-verify: step 4 builds each one.
package_args=()
for c in "${all[@]}"; do package_args+=(-p "$c"); done
(cd "$scratch/src" && cargo package --offline --no-verify --quiet "${package_args[@]}" \
    --target-dir "$scratch/package")

# 3. Unpack, and print the sizes.
mkdir "$scratch/crates"
echo "publish-check: package sizes"
for c in "${all[@]}"; do
    file=$(echo "$scratch/package/package/$c"-[0-9]*.crate)
    tar -xzf "$file" -C "$scratch/crates"
    listing=$(tar -tzf "$file")
    printf '  %-16s %8s bytes compressed, %3d files\n' "$c" "$(stat -c %s "$file")" \
        "$(wc -l <<<"$listing")"
    for license in LICENSE-MIT LICENSE-APACHE README.md CHANGELOG.md; do
        grep -qx "[^/]*/$license" <<<"$listing" || {
            echo "publish-check: $c's package lacks $license" >&2
            exit 1
        }
    done
done

# 4. Build and test each crate alone, all features, offline, against the unpacked
#    siblings.
patches=()
for dir in "$scratch"/crates/*/; do
    dir=${dir%/}
    name=$(basename "$dir" | sed 's/-[0-9][0-9.]*$//')
    patches+=(--config "patch.crates-io.$name.path=\"$dir\"")
done
for c in "${crates[@]}"; do
    dir=$(echo "$scratch"/crates/"$c"-[0-9]*)
    echo "publish-check: cargo test $c (unpacked, all features, offline)"
    # An empty [workspace] keeps cargo from looking for one above the scratch dir.
    printf '\n[workspace]\n' >>"$dir/Cargo.toml"
    log="$scratch/$c.log"
    if (cd "$dir" && cargo test --offline --all-features "${patches[@]}" >"$log" 2>&1); then
        grep -E '^test result:' "$log" | awk '{p += $4; f += $6; i += $8} END {
            printf "  %d passed, %d failed, %d ignored\n", p, f, i }'
    else
        tail -n 60 "$log" >&2
        echo "publish-check: $c failed" >&2
        exit 1
    fi
done
echo "publish-check: ok (${crates[*]})"
