#!/bin/sh
set -e
pg_dump "$DATABASE_URL" | gzip > "backups/db-$(date +%F).sql.gz"
