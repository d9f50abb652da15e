#!/usr/bin/env bash
set -euo pipefail
file=${1:?backup file}
docker compose exec -T db pg_restore --clean --if-exists -U app -d app < "$file"
