#!/usr/bin/env bash
# Puts the official SARIF 2.1.0 JSON schema where the SARIF output test looks for it. The schema comes from the npm
# package @microsoft/jest-sarif (MIT), which ships it as lib/schemas/sarif-2.1.0-rtm.5.json; its hash is checked.
# Without npm (or the registry) it only warns: the test then skips, or fails when INFRADEDUP_REQUIRE_SERVICES=1.
set -euo pipefail
dest="${INFRADEDUP_SARIF_SCHEMA:-${XDG_CACHE_HOME:-$HOME/.cache}/infradedup/sarif-2.1.0-rtm.5.json}"
sha=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8
if [ -f "$dest" ] && echo "$sha  $dest" | sha256sum -c --status; then
    exit 0
fi
if ! command -v npm >/dev/null; then
    echo "warning: npm not found; cannot fetch the SARIF schema (the SARIF schema test will not run)" >&2
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && timeout 120 npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null); then
    echo "warning: npm pack @microsoft/jest-sarif failed; the SARIF schema test will not run" >&2
    exit 0
fi
tar -xzf "$tmp"/microsoft-jest-sarif-1.0.0-beta.0.tgz -C "$tmp" package/lib/schemas/sarif-2.1.0-rtm.5.json
echo "$sha  $tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" | sha256sum -c --status
mkdir -p "$(dirname "$dest")"
mv "$tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$dest"
