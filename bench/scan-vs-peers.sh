#!/usr/bin/env bash
# Times `infradedup scan --exact-only --no-ignore --format json` (the same job as the peers: inventory
# and exact duplicates, plus our Dockerfile parsing) side by side with jdupes and rmlint on one tree,
# checks that all three find the same duplicate groups, and prints wall-time ratios and peak memory.
# The full scan (near-duplicate families, references, dead files, directory copies) is timed too.
#
#   bench/scan-vs-peers.sh                      # generate a 1,000-service sample (~5,000 files)
#   bench/scan-vs-peers.sh --services 10000     # a bigger generated sample
#   bench/scan-vs-peers.sh --dir /some/tree     # any existing directory
#   bench/scan-vs-peers.sh --big-files 1200     # add ~1.2 GB of large files (duplicates and near-duplicates)
#   bench/scan-vs-peers.sh --runs 5             # repetitions (interleaved; the median is reported)
#   BIN=/path/to/infradedup bench/scan-vs-peers.sh   # reuse a build instead of publishing one
#
# The machine is shared and noisy: peers run interleaved in the same loop, and ratios matter more
# than absolute times. infradedup runs as a Native AOT binary when one can be published, else Release JIT.
set -euo pipefail
cd "$(dirname "$0")/.."
services=1000; dir=""; runs=5; big_mb=0; seed=7
while [ $# -gt 0 ]; do
  case "$1" in
    --services) services=$2; shift 2;;
    --dir) dir=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --big-files) big_mb=$2; shift 2;;
    --seed) seed=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need jdupes jdupes; need rmlint rmlint; need /usr/bin/time time; need python3 python3

work=$(mktemp -d /tmp/infradedup-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The tool: AOT if possible (what users should install), else the Release build.
bin="$work/aot/infradedup"
if [ -n "${BIN:-}" ]; then   # BIN=/path/to/infradedup reuses a build
  bin=$BIN; mode="given ($BIN)"
elif ! dotnet publish src/InfraDedup.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" >"$work/publish.log" 2>&1; then
  echo "(Native AOT publish failed, using the JIT Release build; see $work/publish.log)"
  dotnet build src/InfraDedup.Cli -c Release -o "$work/jit" >/dev/null
  bin="$work/jit/infradedup"
  mode=jit
else
  mode=aot
fi

if [ -z "$dir" ]; then
  dir="$work/tree"
  "$bin" sample --out "$dir" --services "$services" --seed "$seed" --quiet
fi
if [ "$big_mb" -gt 0 ]; then
  python3 - "$dir/bigfiles" "$big_mb" <<'PY'
import os, sys, random
root, total_mb = sys.argv[1], int(sys.argv[2])
os.makedirs(root, exist_ok=True)
rnd = random.Random(1)
size = 64 * 1024 * 1024
made = 0; i = 0
while made < total_mb * 1024 * 1024:
    block = rnd.randbytes(size)
    with open(f"{root}/orig{i}.bin", "wb") as f: f.write(block)
    with open(f"{root}/copy{i}.bin", "wb") as f: f.write(block)                         # exact duplicate
    with open(f"{root}/near{i}.bin", "wb") as f: f.write(block[:-1] + bytes([block[-1] ^ 1]))  # same size and head
    made += 3 * size; i += 1
PY
fi
files=$(find "$dir" -type f | wc -l); bytes=$(du -sb "$dir" | cut -f1)
echo "tree: $dir ($files files, $((bytes / 1024 / 1024)) MiB), infradedup: $mode, runs: $runs"

# Drop what each tool prints into comparable group lists: one line per group, sorted paths, tab-separated.
ours()   { "$bin" scan "$dir" --exact-only --no-ignore --format json --quiet; }
jd()     { jdupes -r -q "$dir"; }
rml()    { (cd "$work" && rmlint "$dir" -o json:"$work/rmlint.json" -T df --hidden --no-followlinks >/dev/null 2>&1 || true); }
normalise_ours() { python3 -c 'import json,sys; d=json.load(sys.stdin); [print("\t".join(sorted(g["paths"]))) for g in d["exactDuplicates"]]' | sort; }
normalise_jdupes() { python3 -c '
import sys, os
root = sys.argv[1]; groups = []; cur = []
for line in sys.stdin.read().split("\n"):
    if line == "":
        if cur: groups.append(cur); cur = []
    else: cur.append(os.path.relpath(line, root))
if cur: groups.append(cur)
for g in groups: print("\t".join(sorted(g)))' "$dir" | sort; }
normalise_rmlint() { python3 -c '
import json, sys, os, collections
root = sys.argv[1]; groups = collections.defaultdict(list)
for e in json.load(open(sys.argv[2])):
    if e.get("type") == "duplicate_file": groups[e["checksum"]].append(os.path.relpath(e["path"], root))
for g in groups.values(): print("\t".join(sorted(g)))' "$dir" "$work/rmlint.json" | sort; }

# Correctness first: all three must agree on the groups (empty files excluded from every tool).
ours | normalise_ours > "$work/ours.txt"
jd | normalise_jdupes > "$work/jdupes.txt"
rml; normalise_rmlint > "$work/rmlint.txt"
for peer in jdupes rmlint; do
  if cmp -s "$work/ours.txt" "$work/$peer.txt"; then
    echo "groups: infradedup = $peer ($(wc -l < "$work/ours.txt") groups)"
  else
    echo "groups DIFFER between infradedup and $peer:"; diff "$work/ours.txt" "$work/$peer.txt" | head -20
  fi
done

measure() { # name, command... -> appends "seconds maxrss_kb" to $work/<name>.times
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1 || true
  cat "$work/t" >> "$work/$name.times"
}
for _ in $(seq "$runs"); do
  measure infradedup "$bin" scan "$dir" --exact-only --no-ignore --format json --quiet
  measure infradedup-full "$bin" scan "$dir" --no-ignore --format json --quiet
  measure jdupes jdupes -r -q "$dir"
  measure rmlint sh -c "cd '$work' && rmlint '$dir' -o json:/dev/null -T df --hidden --no-followlinks"
done

python3 - "$work" <<'PY'
import sys, statistics
work = sys.argv[1]
rows = {}
for name in ("infradedup", "jdupes", "rmlint", "infradedup-full"):
    vals = [tuple(map(float, l.split())) for l in open(f"{work}/{name}.times") if l.strip()]
    rows[name] = (statistics.median(v[0] for v in vals), max(v[1] for v in vals) / 1024)
base = rows["infradedup"][0]
print(f"{'tool':<16} {'median s':>9} {'peak MiB':>9} {'time / infradedup':>18}")
for name, (sec, mib) in rows.items():
    print(f"{name:<16} {sec:>9.3f} {mib:>9.1f} {sec / base if base else float('nan'):>18.2f}")
jd = rows["jdupes"][0]
print(f"infradedup / jdupes wall-time ratio: {base / jd:.2f} (goal: <= 1.0 on ~4,000 files; <= 0.7 on > 1 GB)")
PY
