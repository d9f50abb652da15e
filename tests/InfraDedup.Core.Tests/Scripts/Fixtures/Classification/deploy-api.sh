#!/bin/sh
set -e
docker compose -f deploy/compose.yaml up -d --build api
