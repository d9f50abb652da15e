# Sourced by the bench scripts (not run). find_real_corpora sets `real` to the folder holding the real corpora: REAL
# when given, else the first shared/corpora/real found walking up from the current folder (the scripts cd to the
# repository first), the way the tests find it. It fails with a message when there is none.
find_real_corpora() {
  real=${REAL:-}
  if [ -z "$real" ]; then
    local d=$PWD
    while [ "$d" != / ] && [ ! -d "$d/shared/corpora/real" ]; do d=$(dirname "$d"); done
    real="$d/shared/corpora/real"
  fi
  [ -d "$real" ] || { echo "no real corpora at $real: set REAL=/path/to/shared/corpora/real" >&2; return 1; }
}
