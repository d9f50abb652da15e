#!/usr/bin/env bash
# Bring the local stack up for development.
cd "$(dirname "${BASH_SOURCE[0]}")"
docker-compose -f docker-compose.dev.yml up --build -d
docker-compose -f docker-compose.dev.yml logs -f --tail=20 web
