#!/usr/bin/env bash
# Times `infradedup plan` on generated samples of increasing size (default 1,000 and 10,000 services) and reports
# wall time, peak memory (RSS) and the growth ratio between sizes, to check the goals of the planner:
# 10,000 services in <= 10 s and <= 1 GB, growing no faster than n log n.
#
#   bench/plan-scale.sh                       # 1,000 and 10,000 services, 3 runs each (median)
#   bench/plan-scale.sh --sizes "500 5000"    # other sizes
#   bench/plan-scale.sh --runs 5
#   BIN=out/aot/infradedup bench/plan-scale.sh  # a native build already published (else this script publishes one)
#
# The machine is shared and noisy: compare the ratio between sizes, not single timings, and repeat when other
# work is running. infradedup runs as a Native AOT binary when one can be published, else the Release JIT build.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="1000 10000"; runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
command -v /usr/bin/time >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }

work=$(mktemp -d /tmp/infradedup-plan-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -n "${BIN:-}" ]; then
  bin=$(realpath "$BIN")
else
  bin="$work/aot/infradedup"
  if ! dotnet publish src/InfraDedup.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >"$work/publish.log" 2>&1; then
    echo "(Native AOT publish failed, using the JIT Release build; see $work/publish.log)"
    dotnet build src/InfraDedup.Cli -c Release -o "$work/jit" >/dev/null
    bin="$work/jit/infradedup"
  fi
fi

printf '%-9s %-7s %-10s %-10s %-8s %s\n' services files "median s" "peak MB" actions "reduction"
prev_n=""; prev_t=""
for n in $sizes; do
  tree="$work/sample-$n"
  "$bin" sample --out-dir "$tree" --services "$n" --seed 7 >/dev/null
  files=$(find "$tree" -type f | wc -l)
  times=(); mem=0
  for r in $(seq "$runs"); do
    # A new folder per run, none deleted in between: creating thousands of files right after deleting as many makes
    # ext4's inode allocator crawl (seconds of system time on the 10,000-service plan).
    out="$work/plan-$n-$r"
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" plan "$tree" --out-dir "$out" -q >/dev/null
    read -r t m < "$work/time"
    times+=("$t"); [ "$m" -gt "$mem" ] && mem=$m
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  summary=$(python3 -c "import json,sys; p=json.load(open('$out/plan.json')); print(len(p['actions']), p['summary']['reduction'])")
  printf '%-9s %-7s %-10s %-10s %s\n' "$n" "$files" "$median" "$((mem / 1024))" "$summary"
  if [ -n "$prev_n" ]; then
    python3 - "$prev_n" "$prev_t" "$n" "$median" <<'PY'
import math, sys
n0, t0, n1, t1 = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
nlogn = (n1 * math.log(n1)) / (n0 * math.log(n0))
print(f"growth {n0} -> {n1}: time x{t1 / t0:.1f} (n log n would be x{nlogn:.1f}, linear x{n1 / n0:.1f})")
PY
  fi
  prev_n=$n; prev_t=$median
done
