#!/usr/bin/env bash
# Near-duplicate detection: `infradedup similar` side by side with jscpd 5.3.2 on one generated tree.
# Ground truth: exact Jaccard of 5-gram shingles of [A-Za-z_0-9]+ tokens over every Dockerfile, shell and
# Python file (bench/similar_truth.py), at thresholds 0.85 and 0.7. Reports our pairwise recall/precision
# (pairs in one family vs pairs with J ≥ t), jscpd's file-pair recall (pairs it reports a clone between),
# and wall-time / CPU-time (user+sys) / peak-memory ratios from /usr/bin/time -f "%e %U %S %M".
#
#   bench/similar-vs-jscpd.sh                 # infradedup sample --services 460 (1,374 compared files, seed 42)
#   bench/similar-vs-jscpd.sh --services 1000
#   BIN=/path/to/infradedup bench/similar-vs-jscpd.sh   # reuse a build (else an AOT publish is made)
#   MEASURE=jaccard LINKAGE=single bench/similar-vs-jscpd.sh   # our other settings (default: text, complete)
#   RUNS=5 bench/similar-vs-jscpd.sh          # timed runs per tool, interleaved; medians reported
#
# Our side runs `similar --measure text --linkage complete`: the truth's own definition (5-word shingles of the raw
# text, exact Jaccard) and families in which every pair is within the threshold, so "two files share a family" is a
# claim about that pair. Pairwise precision over family co-membership is then a fair score. A partition into
# cliques cannot hold every similar pair when similarity does not chain (A~B, B~C, A≁C), so the pairs we verified
# (`--pairs`) are scored too: that is the pair-level answer, like jscpd's file pairs.
set -euo pipefail
cd "$(dirname "$0")/.."
services=460; seed=42
while [ $# -gt 0 ]; do
  case "$1" in
    --services) services=$2; shift 2;;
    --seed) seed=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
work=$(mktemp -d /tmp/infradedup-simbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
  dotnet publish src/InfraDedup.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >"$work/publish.log" 2>&1
  bin="$work/aot/infradedup"
fi
jscpd=${JSCPD:-}   # JSCPD=/path/to/node_modules/.bin/jscpd reuses an install of jscpd 5.3.2
if [ -z "$jscpd" ]; then
  npm install --prefix "$work/npm" jscpd@5.3.2 --no-audit --no-fund >/dev/null 2>&1
  jscpd="$work/npm/node_modules/.bin/jscpd"
fi

tree="$work/tree"
"$bin" sample --out "$tree" --services "$services" --seed "$seed" -q
rm "$tree/ground-truth.json"

measure=${MEASURE:-text}; linkage=${LINKAGE:-complete}; runs=${RUNS:-3}
echo "ours: similar --measure $measure --linkage $linkage --pairs --keep-literals --include-image-sources; $runs interleaved runs, medians"
for _ in $(seq "$runs"); do
  for t in 0.85 0.7; do
    /usr/bin/time -f "%e %U %S %M" -a -o "$work/ours-$t.time" \
      "$bin" similar "$tree" --no-ignore --threshold "$t" --keep-literals --measure "$measure" --linkage "$linkage" --pairs --include-image-sources --format json -q -o "$work/ours-$t.json"
  done
  /usr/bin/time -f "%e %U %S %M" -a -o "$work/jscpd.time" \
    "$jscpd" "$tree" --silent --no-gitignore --reporters json --output "$work/jscpd" --format "bash,python,dockerfile" \
    --formats-names "dockerfile:Dockerfile,Dockerfile.dev,Dockerfile.old" --formats-exts "dockerfile:Dockerfile;bash:sh;python:py" >/dev/null
done

python3 bench/similar_truth.py "$tree" "$work"
