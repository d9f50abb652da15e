#!/usr/bin/env bash
# The one test command (README, .ci/run): restore, build (warnings are errors), check formatting,
# run every test project, after starting the services the integration tests need
# (tests/services/start.sh: PostgreSQL, Redis, Docker engine on 127.0.0.1; INFRADEDUP_NO_SERVICES=1 skips it).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore InfraDedup.slnx
dotnet build InfraDedup.slnx --no-restore -c Release
dotnet format InfraDedup.slnx --verify-no-changes --no-restore

if [ "${INFRADEDUP_NO_SERVICES:-}" != 1 ]; then
    # Exits 1 when a service cannot start and INFRADEDUP_REQUIRE_SERVICES=1 (CI); otherwise their tests skip.
    tests/services/start.sh
    set -a; . tests/services/.env; set +a
fi
# The SARIF 2.1.0 schema for the lint SARIF test (from an npm package; warns and carries on without npm).
bash tests/InfraDedup.Core.Tests/Lint/fetch-sarif-schema.sh || true

log=$(mktemp)
set +e
dotnet test --solution InfraDedup.slnx --no-build -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# A plain closing line any reader understands: 'N passed, N failed, N skipped'.
passed=$(grep -E '^\s+succeeded:' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s+failed:' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^\s+skipped:' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
rm -f "$log"
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
