#!/usr/bin/env bash
# Roll out the production stack on this host.
set -euo pipefail
cd "$(dirname "$0")/.."
docker compose -f docker-compose.yml -f docker-compose.prod.yml pull
docker compose -f docker-compose.yml -f docker-compose.prod.yml up -d --remove-orphans
echo "deployed $(git rev-parse --short HEAD)"
