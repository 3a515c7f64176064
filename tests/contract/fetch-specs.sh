#!/usr/bin/env bash
# Fetches Twilio's published OpenAPI specs (pinned, checksummed) and writes the patched
# copies that Prism serves to the contract tests. Idempotent: a second run only checks.
#
#   tests/contract/.specs/twilio-alpha-mcp-0.7.0.tgz   the pinned tarball
#   tests/contract/.specs/raw/<spec>.json              as published
#   tests/contract/.specs/patched/<spec>.json          what Prism serves
set -euo pipefail
cd "$(dirname "$0")"

PKG="@twilio-alpha/mcp@0.7.0"
TARBALL="twilio-alpha-mcp-0.7.0.tgz"
SHA1="90ca1c8c71ebfefc43d24c2a1240cedcbec183c9"
SPECS=(twilio_api_v2010 twilio_sync_v1 twilio_proxy_v1 twilio_taskrouter_v1)
CACHE=.specs

mkdir -p "$CACHE/raw" "$CACHE/patched"

if [ ! -f "$CACHE/$TARBALL" ]; then
  echo "fetch-specs: npm pack $PKG"
  (cd "$CACHE" && npm pack "$PKG" --silent --loglevel=error >/dev/null)
fi

actual=$(sha1sum "$CACHE/$TARBALL" | cut -d' ' -f1)
if [ "$actual" != "$SHA1" ]; then
  echo "fetch-specs: ERROR: $CACHE/$TARBALL has sha1 $actual, expected $SHA1" >&2
  echo "fetch-specs: refusing to use an unpinned contract; delete the file and retry" >&2
  exit 1
fi

for spec in "${SPECS[@]}"; do
  raw="$CACHE/raw/$spec.json"
  patched="$CACHE/patched/$spec.json"
  if [ ! -f "$raw" ] || [ "$CACHE/$TARBALL" -nt "$raw" ]; then
    tar -xzf "$CACHE/$TARBALL" -O "package/twilio-oai/spec/json/$spec.json" >"$raw.tmp"
    mv "$raw.tmp" "$raw"
  fi
  if [ ! -f "$patched" ] || [ "$raw" -nt "$patched" ] || [ patch-spec.js -nt "$patched" ]; then
    node patch-spec.js "$raw" "$patched.tmp"
    mv "$patched.tmp" "$patched"
    echo "fetch-specs: wrote $patched"
  fi
done
echo "fetch-specs: specs ready in tests/contract/$CACHE/patched"
