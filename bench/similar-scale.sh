#!/usr/bin/env bash
# Issue #18's reproducer: `similar --kind python` (default aligned measure) on 30 files of random statements drawn
# from 40 statement shapes (bench/gen_statement_soup.py), at 250, 500, 1,000 and 2,000 statements per file. Prints
# wall and CPU seconds, peak RSS, candidates and links, the total Python tokens, and CPU per 100k tokens: the cost
# grows about linearly with the tokens when the last column stays flat. Goal: ≤ 2 s at 2,000 statements (native).
#
#   BIN=/tmp/simscale-aot/infradedup bench/similar-scale.sh      # reuse a build (else an AOT publish is made)
#   SIZES="250 2000" RUNS=3 bench/similar-scale.sh               # medians of RUNS runs per size
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/infradedup-simscale.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
  dotnet publish src/InfraDedup.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >"$work/publish.log" 2>&1
  bin="$work/aot/infradedup"
fi
sizes=${SIZES:-250 500 1000 2000}; runs=${RUNS:-3}
printf '%-10s %8s %8s %9s %10s %6s %9s %14s\n' statements wall_s cpu_s rss_MiB candidates links tokens cpu_s/100k_tok
for n in $sizes; do
  tree="$work/soup-$n"
  python3 bench/gen_statement_soup.py "$tree" --files 30 --statements "$n" --seed 1
  tokens=$(python3 - "$tree" <<'PY'
import io, os, sys, tokenize
total = 0
for name in os.listdir(sys.argv[1]):
    with open(os.path.join(sys.argv[1], name), "rb") as f:
        total += sum(1 for t in tokenize.tokenize(f.readline)
                     if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.ENCODING, tokenize.ENDMARKER))
print(total)
PY
)
  : >"$work/time-$n"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -a -o "$work/time-$n" \
      "$bin" similar "$tree" --kind python --no-ignore --format json -q -o "$work/out-$n.json"
  done
  read -r wall cpu rss < <(python3 - "$work/time-$n" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip() and l[0].isdigit()]
print(statistics.median(r[0] for r in rows), statistics.median(r[1] + r[2] for r in rows), int(statistics.median(r[3] for r in rows) / 1024))
PY
)
  read -r cand links < <(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["stats"]; print(s["candidatePairs"], s["linkedPairs"])' "$work/out-$n.json")
  printf '%-10s %8.2f %8.2f %9s %10s %6s %9s %14.3f\n' "$n" "$wall" "$cpu" "$rss" "$cand" "$links" "$tokens" "$(python3 -c "print($cpu*100000/$tokens)")"
done
