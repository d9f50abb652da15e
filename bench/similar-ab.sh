#!/usr/bin/env bash
# Two builds of `infradedup similar` and jscpd 5.3.2, interleaved in one loop on one generated tree, so load on a
# shared machine hits all three alike. Prints per run: tool, threshold, wall s, CPU s (user+sys), peak RSS KB, and
# the 1-minute load average; then medians. Run bench/similar-vs-jscpd.sh for recall/precision.
#
#   BASE=/tmp/base-aot/infradedup NEW=/tmp/new-aot/infradedup JSCPD=/path/to/.bin/jscpd bench/similar-ab.sh [runs] [services]
set -euo pipefail
runs=${1:-5}; services=${2:-460}
work=$(mktemp -d /tmp/infradedup-simab.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$NEW" sample --out "$work/tree" --services "$services" --seed 42 -q
rm "$work/tree/ground-truth.json"
load() { cut -d' ' -f1 /proc/loadavg; }
ours() { # bin label threshold
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$1" similar "$work/tree" --no-ignore --threshold "$3" --keep-literals \
    --measure text --linkage complete --pairs --include-image-sources --format json -q -o "$work/$2-$3.json"
  read -r wall user sys rss <"$work/t"
  echo "$2 $3 $wall $(echo "$user + $sys" | bc) $rss $(load)" | tee -a "$work/rows"
}
for _ in $(seq "$runs"); do
  for t in 0.85 0.7; do
    ours "$BASE" base "$t"
    ours "$NEW" new "$t"
  done
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$JSCPD" "$work/tree" --silent --no-gitignore --reporters json \
    --output "$work/jscpd" --format "bash,python,dockerfile" \
    --formats-names "dockerfile:Dockerfile,Dockerfile.dev,Dockerfile.old" --formats-exts "dockerfile:Dockerfile;bash:sh;python:py" >/dev/null
  read -r wall user sys rss <"$work/t"
  echo "jscpd - $wall $(echo "$user + $sys" | bc) $rss $(load)" | tee -a "$work/rows"
done
for t in 0.85 0.7; do
  cmp -s "$work/base-$t.json" "$work/new-$t.json" && echo "J>=$t: base and new JSON identical" || echo "J>=$t: base and new JSON DIFFER"
done
echo "median: tool threshold wall cpu rss load"
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
for key in "base 0.85" "new 0.85" "base 0.7" "new 0.7" "jscpd -"; do
  rows=$(grep "^$key " "$work/rows")
  echo "$key $(for f in 3 4 5 6; do echo "$rows" | cut -d' ' -f$f | median; done | tr '\n' ' ')"
done
