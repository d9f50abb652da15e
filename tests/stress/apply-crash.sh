#!/usr/bin/env bash
# The long variant of the crash trials: N real SIGKILLs of 'infradedup apply' (default 1,000), each followed by
# 'rollback --last' on one copy of the tree and 'apply --resume' on another; every file (content + mode) must
# match. Usage: tests/stress/apply-crash.sh [TRIALS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export INFRADEDUP_CRASH_TRIALS="${1:-1000}"
[ -n "${2:-}" ] && export INFRADEDUP_CRASH_SEED="$2"
dotnet build tests/InfraDedup.Cli.Tests -c Release
start=$(date +%s)
dotnet test --project tests/InfraDedup.Cli.Tests -c Release --no-build \
  --filter-class 'InfraDedup.Cli.Tests.Commands.CrashTrialTests' --timeout 6h
echo "apply-crash: ${INFRADEDUP_CRASH_TRIALS} trials passed in $(( $(date +%s) - start )) s"
