#!/usr/bin/env bash
set -euo pipefail
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=/var/backups/postgres
mkdir -p "$OUT"
docker exec db pg_dump -U app -Fc app > "$OUT/app-$STAMP.dump"
find "$OUT" -name '*.dump' -mtime +14 -delete
