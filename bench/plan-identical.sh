#!/usr/bin/env bash
# Plans the real corpora and the demo samples with two infradedup builds and checks that the plan folders are
# byte-identical (plan.json, service-mapping.json, summary.md and every proposed file), printing both timings.
# Use it to prove a speed change changes no output:
#
#   bench/plan-identical.sh OLD_BIN NEW_BIN                # 7 corpora + samples (default 120/42, 400/7)
#   bench/plan-identical.sh OLD_BIN NEW_BIN php golang     # only corpora whose name contains these words
#
# OLD_BIN/NEW_BIN: paths to `infradedup` executables (e.g. a copy of main's bin/Release/net10.0 and this branch's).
# Times are wall seconds and CPU seconds (user + sys) of one run each, on a shared machine: compare, don't quote alone.
# Exit 1 when any plan folder differs.
set -euo pipefail
old=${1:?old infradedup binary}; new=${2:?new infradedup binary}; shift 2
filters=("$@")
# The binaries as given from the caller's folder, before moving to the repository.
old=$(realpath "$old"); new=$(realpath "$new")
cd "$(dirname "$0")/.."
# The corpora: REAL (or the older INFRADEDUP_CORPORA), else the shared/corpora/real above the repository.
. bench/real-corpora.sh
REAL=${REAL:-${INFRADEDUP_CORPORA:-}} find_real_corpora || exit 2
corpora_root=$real
corpora=(docker-library-php docker-library-postgres docker-library-golang nodejs-docker-node bitnami-docker-legacy
  jupyter-docker-stacks open-telemetry-opentelemetry-demo)
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d /tmp/infradedup-plan-identical.XXXXXX)
trap 'rm -rf "$work"' EXIT

wanted() {
  [ ${#filters[@]} -eq 0 ] && return 0
  local f; for f in "${filters[@]}"; do [[ $1 == *"$f"* ]] && return 0; done
  return 1
}

git_init() {
  git -C "$1" init -q && git -C "$1" -c user.email=bench@example.invalid -c user.name=bench add -A \
    && git -C "$1" -c user.email=bench@example.invalid -c user.name=bench commit -qm corpus
}

# plan BIN TREE OUT → prints "wall cpu". Both builds write to the same folder (summary.md names it), then it moves.
plan() {
  rm -rf "$3" "$work/plan"
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$1" plan "$2" --out-dir "$work/plan" -q >/dev/null 2>"$work/stderr" || {
    echo "plan failed: $1 $2" >&2; cat "$work/stderr" >&2; return 1; }
  mv "$work/plan" "$3"
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$work/time"
}

status=0
printf '%-36s %9s %9s %9s %9s  %s\n' tree "old wall" "old cpu" "new wall" "new cpu" outputs
check() {
  local name=$1 tree=$2
  read -r ow oc < <(plan "$old" "$tree" "$work/old")
  read -r nw nc < <(plan "$new" "$tree" "$work/new")
  local verdict=identical
  if ! diff -r "$work/old" "$work/new" >"$work/diff-$name" 2>&1; then
    verdict="DIFFERENT ($(wc -l <"$work/diff-$name") diff lines; first: $(head -1 "$work/diff-$name" | cut -c1-120))"
    status=1
  fi
  printf '%-36s %9s %9s %9s %9s  %s\n' "$name" "$ow" "$oc" "$nw" "$nc" "$verdict"
}

for c in "${corpora[@]}"; do
  wanted "$c" || continue
  cp -r "$corpora_root/$c" "$work/$c"
  git_init "$work/$c"
  check "$c" "$work/$c"
  rm -rf "$work/$c"
done

for args in "" "--services 400 --seed 7"; do
  name="sample${args:+ $args}"
  wanted "$name" || continue
  # shellcheck disable=SC2086
  "$old" sample --out-dir "$work/sample" $args >/dev/null
  git_init "$work/sample"
  check "$name" "$work/sample"
  rm -rf "$work/sample"
done
exit $status
