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
#   bench/scan-vs-peers.sh --real5k             # a 5,000-file tree of real files (see below) instead of a sample
#   bench/scan-vs-peers.sh --corpora            # every real corpus and the 5,000-file tree, one row each (below)
#
# --real5k copies every corpus of ../shared/corpora/real (REAL=...) and then whole /usr/share/doc package folders,
# in name order, until the tree holds 5,000 regular files (~5,040 files, ~46 MiB on Debian 12).
#
# --corpora times `scan --exact-only --format json` as users run it (ignore files honoured) and with --no-ignore,
# jdupes -r -q, rmlint and fdupes -r -q, interleaved, on each corpus and the 5,000-file tree (medians of --runs,
# microsecond wall clock from bench/timeit.py), after checking that our --no-ignore groups equal jdupes'.
# OLD=/path/to/an/older/infradedup adds its exact-only scan to the rotation and checks that both builds write
# byte-identical JSON (with and without --no-ignore) on every tree.
#
# The machine is shared and noisy: peers run interleaved in the same loop, and ratios matter more
# than absolute times. infradedup runs as a Native AOT binary when one can be published, else Release JIT.
set -euo pipefail
cd "$(dirname "$0")/.."
services=1000; dir=""; runs=5; big_mb=0; seed=7; real5k=0; corpora=0
while [ $# -gt 0 ]; do
  case "$1" in
    --real5k) real5k=1; shift;;
    --corpora) corpora=1; shift;;
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
# The corpora (--corpora, --real5k): REAL, else the shared/corpora/real above the repository.
. bench/real-corpora.sh

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

# A 5,000-file tree of real files: every corpus, then whole /usr/share/doc package folders in name order.
build_real5k() { # target
  local target=$1 n d
  mkdir -p "$target/corpora" "$target/usr-share-doc"
  for d in "$real"/*/; do cp -a "$d" "$target/corpora/"; done
  n=$(find "$target" -type f | wc -l)
  for d in $(ls /usr/share/doc | LC_ALL=C sort); do
    [ "$n" -ge 5000 ] && break
    cp -a "/usr/share/doc/$d" "$target/usr-share-doc/" 2>/dev/null || true
    n=$(find "$target" -type f | wc -l)
  done
}

if [ "$corpora" = 1 ]; then
  find_real_corpora || exit 2
  need fdupes fdupes
  build_real5k "$work/real5k"
  timeit=bench/timeit.py
  trees=("$real"/*/ "$work/real5k")
  ours_groups() { "$1" scan "$2" --exact-only --no-ignore --format json --quiet | python3 -c 'import json,sys; [print("\t".join(sorted(g["paths"]))) for g in json.load(sys.stdin)["exactDuplicates"]]' | sort; }
  jdupes_groups() { jdupes -r -q "$1" | python3 -c '
import sys, os
root = sys.argv[1]; cur = []
for line in sys.stdin.read().split("\n") + [""]:
    if line == "":
        if cur: print("\t".join(sorted(os.path.relpath(p, root) for p in cur))); cur = []
    else: cur.append(line)' "$1" | sort; }
  echo "wall seconds (median); cpu = user+sys seconds (median): on a loaded machine wall mostly measures waiting for a core"
  printf "%-36s %6s %9s %9s %9s %9s %9s %9s %8s %8s %9s %9s %9s %8s\n" tree files exact_s exact_ni_s old_s jdupes_s rmlint_s fdupes_s ex/jd ex_ni/jd ex_cpu old_cpu jd_cpu cpu/jd
  for t in "${trees[@]}"; do
    t=${t%/}; name=$(basename "$t"); out="$work/$name"
    ours_groups "$bin" "$t" > "$out.ours"; jdupes_groups "$t" > "$out.jd"
    cmp -s "$out.ours" "$out.jd" || { echo "$name: groups DIFFER from jdupes' ($(diff "$out.ours" "$out.jd" | grep -c '^[<>]') lines)"; }
    if [ -n "${OLD:-}" ]; then
      for flags in "" "--no-ignore"; do
        # shellcheck disable=SC2086
        "$OLD" scan "$t" --exact-only $flags --format json -q -o "$out.old.json"
        # shellcheck disable=SC2086
        "$bin" scan "$t" --exact-only $flags --format json -q -o "$out.new.json"
        cmp -s "$out.old.json" "$out.new.json" || echo "$name: JSON of OLD and this build DIFFER (flags: ${flags:-none})"
      done
    fi
    for _ in $(seq "$runs"); do
      "$timeit" "$out.exact" "$bin" scan "$t" --exact-only --format json -q -o /dev/null
      "$timeit" "$out.exact_ni" "$bin" scan "$t" --exact-only --no-ignore --format json -q -o /dev/null
      [ -z "${OLD:-}" ] || "$timeit" "$out.old" "$OLD" scan "$t" --exact-only --format json -q -o /dev/null
      "$timeit" "$out.jdupes" jdupes -r -q "$t"
      # Never -o json:/dev/null: rmlint moves an existing output file aside and creates a new one (as root, that
      # replaced /dev/null by a regular file). Its output goes to the work folder, removed before each run.
      (cd "$work" && rm -f rmlint.json && "$OLDPWD/$timeit" "$out.rmlint" rmlint "$t" -o json:rmlint.json -T df --hidden --no-followlinks) || true
      "$timeit" "$out.fdupes" fdupes -r -q "$t" || true
    done
    python3 - "$out" "$name" "$(find "$t" -type f | wc -l)" <<'PY'
import sys, statistics, os
out, name, files = sys.argv[1:4]
def med(kind, cpu=False):
    path = f"{out}.{kind}"
    if not os.path.exists(path): return None
    rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
    return statistics.median(r[1] + r[2] if cpu else r[0] for r in rows)
ex, exni, old, jd, rm, fd = (med(k) for k in ("exact", "exact_ni", "old", "jdupes", "rmlint", "fdupes"))
exc, oldc, jdc = (med(k, cpu=True) for k in ("exact", "old", "jdupes"))
f = lambda v: "-" if v is None else f"{v:.4f}"
print(f"{name:<36} {files:>6} {f(ex):>9} {f(exni):>9} {f(old):>9} {f(jd):>9} {f(rm):>9} {f(fd):>9} {ex / jd:>7.2f}x {exni / jd:>7.2f}x"
      f" {f(exc):>9} {f(oldc):>9} {f(jdc):>9} {exc / max(jdc, 1e-4):>7.2f}x")
PY
  done
  exit 0
fi

if [ "$real5k" = 1 ] && [ -z "$dir" ]; then
  find_real_corpora || exit 2
  dir="$work/real5k"
  build_real5k "$dir"
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
