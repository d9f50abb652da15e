#!/usr/bin/env bash
# Default `scan` vs `scan --exact-only` vs jscpd 5.3.2 on every corpus in ../shared/corpora/real (issue #18's goals:
# default ≤ 2× exact-only wall, ≤ 0.2× jscpd where jscpd needs ≥ 1 s, peak RSS ≤ 2× exact-only). Interleaved runs,
# medians; `/usr/bin/time` gives wall, CPU (user+sys) and peak RSS. jscpd gets the Dockerfile/bash/python formats,
# `-k 50`, and every Dockerfile name (Dockerfile.*, *.Dockerfile) and extensionless script (shebang) found in the
# corpus by name through --formats-names, so it reads what we read; the sources it reports are printed beside ours.
#
# jdupes -r -q (issue #18 item 6: exact-only ≤ 1.0× its wall) runs beside them when installed; JSCPD is optional.
#
#   BIN=/tmp/simscale-aot/infradedup [JSCPD=/path/to/jscpd] RUNS=3 bench/scan-real-corpora.sh [CORPUS...]
set -euo pipefail
cd "$(dirname "$0")/.."
real=${REAL:-../shared/corpora/real}
bin=${BIN:?BIN=/path/to/native infradedup}
jscpd=${JSCPD:-}
jdupes=$(command -v jdupes || true)
runs=${RUNS:-3}
work=$(mktemp -d /tmp/infradedup-realbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
corpora=("$@")
[ ${#corpora[@]} -gt 0 ] || mapfile -t corpora < <(find "$real" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
med() { python3 -c 'import statistics,sys; r=[list(map(float,l.split())) for l in open(sys.argv[1]) if l[:1].isdigit()]; print("%.2f %.2f %d" % (statistics.median(x[0] for x in r), statistics.median(x[1]+x[2] for x in r), statistics.median(x[3] for x in r)/1024))' "$1"; }
printf '%-36s %9s %9s %9s %9s %8s %8s %8s %8s %9s %9s %8s %7s %7s\n' corpus def_s def_cpu exact_s exact_cpu cpu_ratio def_MiB exact_MiB mem_ratio jdupes_s ex/jdupes jscpd_s ours jscpd_src
for c in "${corpora[@]}"; do
  tree="$real/$c"
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
parts = [f"{k}:{','.join(sorted(v))}" for k, v in (("dockerfile", docker), ("bash", bash), ("python", python)) if v]
print(";".join(parts))
PY
)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -a -o "$work/$c.default" "$bin" scan "$tree" --format json -q -o "$work/$c.scan.json"
    /usr/bin/time -f "%e %U %S %M" -a -o "$work/$c.exact" "$bin" scan "$tree" --exact-only --format json -q -o /dev/null
    [ -z "$jdupes" ] || /usr/bin/time -f "%e %U %S %M" -a -o "$work/$c.jdupes" "$jdupes" -r -q "$tree" >/dev/null 2>&1 || true
    [ -z "$jscpd" ] || /usr/bin/time -f "%e %U %S %M" -a -o "$work/$c.jscpd" "$jscpd" "$tree" --silent -k 50 --reporters json --output "$work/$c.jscpd-out" \
      --format "bash,python,dockerfile" --formats-exts "dockerfile:dockerfile;bash:sh,bash;python:py" ${names:+--formats-names "$names"} >/dev/null 2>&1 || true
  done
  read -r dw dc dm < <(med "$work/$c.default"); read -r ew ec em < <(med "$work/$c.exact")
  jw=-; [ -z "$jscpd" ] || read -r jw jc jm < <(med "$work/$c.jscpd")
  uw=-; [ -z "$jdupes" ] || read -r uw uc um < <(med "$work/$c.jdupes")
  ours=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["files"]; print(f["dockerfiles"] + f["shellScripts"] + f["pythonScripts"])' "$work/$c.scan.json" 2>/dev/null || echo -)
  src=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["statistics"]["total"]; print(d["sources"])' "$work/$c.jscpd-out/jscpd-report.json" 2>/dev/null || echo -)
  ratio() { python3 -c "import sys; a,b=sys.argv[1:]; print('-' if '-' in (a,b) else '%.2fx' % (float(a)/max(float(b),0.001)))" "$1" "$2"; }
  printf '%-36s %9s %9s %9s %9s %8s %8s %8s %8s %9s %9s %8s %7s %7s\n' "$c" "$dw" "$dc" "$ew" "$ec" "$(ratio "$dc" "$ec")" \
    "$dm" "$em" "$(ratio "$dm" "$em")" "$uw" "$(ratio "$ew" "$uw")" "$jw" "$ours" "$src"
done
