#!/usr/bin/env bash
# Memory at scale (issue #4: "10k-service sample processed without exceeding memory proportional to the corpus").
# Generates samples of increasing size and records, for the full `scan` and for `similar`, wall time and peak RSS
# next to the corpus size (all files, and the Dockerfiles/scripts the similarity stages read). Memory that grows
# no faster than the corpus shows as a flat or falling "RSS / corpus" column.
#
#   bench/scale-memory.sh                          # 1,000, 3,000 and 10,000 services
#   bench/scale-memory.sh --services "1000 10000"
#   BIN=/path/to/infradedup bench/scale-memory.sh  # reuse a build (else an AOT publish is made)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="1000 3000 10000"
while [ $# -gt 0 ]; do
  case "$1" in
    --services) sizes=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
work=$(mktemp -d /tmp/infradedup-scale.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
  dotnet publish src/InfraDedup.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >"$work/publish.log" 2>&1
  bin="$work/aot/infradedup"
fi
printf '%-9s %7s %9s %10s | %-8s %7s %9s %12s\n' services files "corpus" "compared" command "time s" "peak RSS" "RSS/corpus"
for n in $sizes; do
  tree="$work/s$n"
  "$bin" sample --out "$tree" --services "$n" --seed 7 --quiet
  files=$(find "$tree" -type f | wc -l)
  corpus=$(du -sb "$tree" | cut -f1)
  compared=$(find "$tree" -type f \( -name 'Dockerfile*' -o -name '*.sh' -o -name '*.py' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
  for cmd in scan similar; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" "$cmd" "$tree" --no-ignore --format json -q -o /dev/null
    read -r secs kb < <(tail -1 "$work/t")
    printf '%-9s %7s %8.1fM %9.1fM | %-8s %7s %8.1fM %12.1f\n' "$n" "$files" "$(echo "$corpus / 1048576" | bc -l)" \
      "$(echo "$compared / 1048576" | bc -l)" "$cmd" "$secs" "$(echo "$kb / 1024" | bc -l)" "$(echo "$kb * 1024 / $corpus" | bc -l)"
  done
  rm -rf "$tree"
done
