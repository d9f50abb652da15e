#!/usr/bin/env bash
# Times `infradedup lint` over every Dockerfile of a generated sample monorepo (default: 10,000 services,
# ~11,500 Dockerfiles), with all rules and without the costliest one (ID2001, dead instructions, which
# recomputes the effective image once per candidate instruction). Reports the median wall time, CPU time
# (user+sys, less sensitive to a busy shared machine) and peak memory, and files per second.
# hadolint itself is not installable here (no Debian or npm package), so there is no side-by-side ratio.
#
#   bench/lint-sample.sh                    # 10,000 services, 3 runs
#   bench/lint-sample.sh --services 1000    # smaller sample
#   bench/lint-sample.sh --dir /some/tree   # an existing tree
set -euo pipefail
cd "$(dirname "$0")/.."
services=10000; dir=""; runs=3; seed=7
while [ $# -gt 0 ]; do
  case "$1" in
    --services) services=$2; shift 2;;
    --dir) dir=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --seed) seed=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
command -v /usr/bin/time >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

work=$(mktemp -d /tmp/infradedup-lint-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin="$work/aot/infradedup"; mode=aot
if ! dotnet publish src/InfraDedup.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >"$work/publish.log" 2>&1; then
  echo "(Native AOT publish failed, using the JIT Release build; see $work/publish.log)"
  dotnet build src/InfraDedup.Cli -c Release -o "$work/jit" >/dev/null
  bin="$work/jit/infradedup"; mode=jit
fi
if [ -z "$dir" ]; then
  dir="$work/tree"
  "$bin" sample --out "$dir" --services "$services" --seed "$seed" --quiet
fi
dockerfiles=$("$bin" lint "$dir" --failure-threshold none | tail -1 | grep -oE '^[0-9]+')
echo "tree: $dir ($dockerfiles Dockerfiles), infradedup: $mode, runs: $runs, load: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # label, extra args...
  local label=$1; shift
  local walls=() line
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/t" -f "%e %U %S %M" "$bin" lint "$dir" -q --failure-threshold none "$@" >"$work/out.txt"
    walls+=("$(cat "$work/t")")
  done
  line=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  read -r wall user sys rss <<<"$line"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v n="$dockerfiles" -v m="$rss" -v f="$(wc -l <"$work/out.txt")" \
    'BEGIN { printf "%-16s %7.2f s wall  %7.2f s cpu  %6d files/s  %4d MB peak  %d findings\n", l, w, u + s, n / w, m / 1024, f }'
}
measure "all rules"
measure "without ID2001" --ignore ID2001
