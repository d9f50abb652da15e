#!/usr/bin/env bash
# Recall and precision of near-duplicate pairs on the real corpora (issue #18 goal: ≥ 95 % at J ≥ 0.85 and J ≥ 0.7)
# against an exact-Jaccard ground truth computed here (bench/similar_truth.py: 5-shingles of the raw text's
# [A-Za-z_0-9]+ words, brute force over the Dockerfiles, shell and Python files we compare). Ours: `similar --measure text`
# (the truth's own definition, so a shortfall is LSH's or the filters') with --keep-literals,
# --include-image-sources, --linkage complete and --pairs: family co-membership and verified pairs are both scored.
#
#   BIN=artifacts/aot/infradedup bench/similar-recall-real.sh [CORPUS|DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
# The corpora: REAL, else the shared/corpora/real above the repository (bench/real-corpora.sh).
. bench/real-corpora.sh
find_real_corpora || exit 2
bin=${BIN:?BIN=/path/to/infradedup}
work=$(mktemp -d /tmp/infradedup-recall.XXXXXX)
trap 'rm -rf "$work"' EXIT
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || mapfile -t corpora < <(find "$real" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
for c in "${corpora[@]}"; do
  if [ -d "$c" ]; then tree=$(cd "$c" && pwd); c=$(basename "$tree"); else tree="$real/$c"; fi
  mkdir -p "$work/$c"
  # The truth compares the files we compare (our Dockerfiles and scripts: the scan's `references` list, one entry per
  # Dockerfile and script), so a file we do not classify as one (e.g. Dockerfile-linux.template) is not a miss.
  "$bin" scan "$tree" --format json -q | python3 -c 'import json,sys; [print(r["path"]) for r in json.load(sys.stdin)["references"]]' > "$work/$c/files.txt"
  for t in 0.85 0.7; do
    "$PWD/bench/timeit.py" "$work/$c/ours-$t.time" "$bin" similar "$tree" --threshold "$t" --keep-literals --measure text \
      --linkage complete --pairs --include-image-sources --format json -q -o "$work/$c/ours-$t.json"
  done
  echo "== $c"
  python3 bench/similar_truth.py "$tree" "$work/$c"
done
