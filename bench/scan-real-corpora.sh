#!/usr/bin/env bash
# Default `scan` vs `scan --exact-only` vs jscpd 5.3.2 on every corpus in ../shared/corpora/real (issue #18's goals:
# default ≤ 2× exact-only wall, ≤ 0.2× jscpd where jscpd needs ≥ 1 s, peak RSS ≤ 2× exact-only). Interleaved runs,
# medians; `bench/timeit.py` gives wall, CPU (user+sys, wait4) and peak RSS. jscpd gets the Dockerfile/bash/python formats,
# `-k 50`, and every Dockerfile name (Dockerfile.*, *.Dockerfile) and extensionless script (shebang) found in the
# corpus by name through --formats-names, so it reads what we read; the sources it reports are printed beside ours.
#
# jdupes -r -q (issue #18 item 6: exact-only ≤ 1.0× its wall), rmlint and fdupes -r -q run beside them when installed;
# JSCPD is optional. jscpd 5.3.2 calls the Dockerfile format `docker` (an unknown name such as `dockerfile` makes it
# exit without a report) and finds no Dockerfile by extension, so every Dockerfile name is passed to it.
# An argument is a corpus name under REAL or a directory path (e.g. a 5,000-file tree of real files).
#
#   BIN=artifacts/aot/infradedup [JSCPD=/path/to/jscpd] RUNS=3 bench/scan-real-corpora.sh [CORPUS|DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
# The corpora: REAL, else the shared/corpora/real above the repository (bench/real-corpora.sh).
. bench/real-corpora.sh
find_real_corpora || exit 2
bin=${BIN:?BIN=/path/to/native infradedup}
jscpd=${JSCPD:-}
jdupes=$(command -v jdupes || true)
rmlint=$(command -v rmlint || true)
fdupes=$(command -v fdupes || true)
runs=${RUNS:-3}
timeit=$PWD/bench/timeit.py
work=$(mktemp -d /tmp/infradedup-realbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || mapfile -t corpora < <(find "$real" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
med() { python3 -c 'import statistics,sys; r=[list(map(float,l.split())) for l in open(sys.argv[1]) if l[:1].isdigit()]; print("%.3f %.3f %d" % (statistics.median(x[0] for x in r), statistics.median(x[1]+x[2] for x in r), statistics.median(x[3] for x in r)/1024))' "$1"; }
row='%-34s %6s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s %8s %7s %6s %6s\n'
printf "$row" corpus files def_s def_cpu ex_s ex_cpu cpu_x wall_x def_MiB ex_MiB mem_x jdupes jd_cpu ex/jd rmlint fdupes jscpd_s def/jscpd ours jscpd_n
for c in "${corpora[@]}"; do
  if [ -d "$c" ]; then tree=$(cd "$c" && pwd); c=$(basename "$tree"); else tree="$real/$c"; fi
  # Names jscpd cannot infer from an extension: Dockerfile variants and extensionless scripts with a shebang.
  names=$(python3 - "$tree" <<'PY'
import os, re, sys
docker, bash, python = set(), set(), set()
for root, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if d != ".git"]
    for f in files:
        if re.match(r"(?i)^(dockerfile([.-].*)?|.*\.dockerfile)$", f):
            docker.add(f)
        elif "." not in f:
            try:
                first = open(os.path.join(root, f), "rb").readline(200)
            except OSError:
                continue
            if first.startswith(b"#!") and re.search(rb"\b(ba|da|z)?sh\b", first):
                bash.add(f)
            elif first.startswith(b"#!") and b"python" in first:
                python.add(f)
parts = [f"{k}:{','.join(sorted(v))}" for k, v in (("docker", docker), ("bash", bash), ("python", python)) if v]
print(";".join(parts))
PY
)
  for _ in $(seq "$runs"); do
    "$timeit" "$work/$c.default" "$bin" scan "$tree" --format json -q -o "$work/$c.scan.json"
    "$timeit" "$work/$c.exact" "$bin" scan "$tree" --exact-only --format json -q -o /dev/null
    [ -z "$jdupes" ] || "$timeit" "$work/$c.jdupes" "$jdupes" -r -q "$tree" >/dev/null 2>&1 || true
    # rmlint moves an existing output file aside (out -> out.<time>) and creates a new one, so it must never be given
    # /dev/null: as root that replaced the machine's /dev/null by a regular file. It writes into the work folder.
    [ -z "$rmlint" ] || "$timeit" "$work/$c.rmlint" sh -c "cd '$work' && rm -f rmlint.json && '$rmlint' '$tree' -o json:rmlint.json -T df --hidden --no-followlinks" >/dev/null 2>&1 || true
    [ -z "$fdupes" ] || "$timeit" "$work/$c.fdupes" "$fdupes" -r -q "$tree" >/dev/null 2>&1 || true
    [ -z "$jscpd" ] || "$timeit" "$work/$c.jscpd" "$jscpd" "$tree" --silent -k 50 --reporters json --output "$work/$c.jscpd-out" \
      --format "bash,python,docker" --formats-exts "docker:dockerfile;bash:sh,bash;python:py" ${names:+--formats-names "$names"} >/dev/null 2>&1 || true
  done
  read -r dw dc dm < <(med "$work/$c.default"); read -r ew ec em < <(med "$work/$c.exact")
  jw=-; [ -z "$jscpd" ] || read -r jw jc jm < <(med "$work/$c.jscpd")
  uw=-; uc=-; [ -z "$jdupes" ] || read -r uw uc um < <(med "$work/$c.jdupes")
  rw=-; [ -z "$rmlint" ] || read -r rw rc rm < <(med "$work/$c.rmlint")
  fw=-; [ -z "$fdupes" ] || read -r fw fc fm < <(med "$work/$c.fdupes")
  n=$(find "$tree" -type f -not -path '*/.git/*' | wc -l)
  ours=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["files"]; print(f["dockerfiles"] + f["shellScripts"] + f["pythonScripts"])' "$work/$c.scan.json" 2>/dev/null || echo -)
  src=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["statistics"]["total"]; print(d["sources"])' "$work/$c.jscpd-out/jscpd-report.json" 2>/dev/null || echo -)
  ratio() { python3 -c "import sys; a,b=sys.argv[1:]; print('-' if '-' in (a,b) else '%.2fx' % (float(a)/max(float(b),0.001)))" "$1" "$2"; }
  printf "$row" "$c" "$n" "$dw" "$dc" "$ew" "$ec" "$(ratio "$dc" "$ec")" "$(ratio "$dw" "$ew")" \
    "$dm" "$em" "$(ratio "$dm" "$em")" "$uw" "$uc" "$(ratio "$ew" "$uw")" "$rw" "$fw" "$jw" "$(ratio "$dw" "$jw")" "$ours" "$src"
done
