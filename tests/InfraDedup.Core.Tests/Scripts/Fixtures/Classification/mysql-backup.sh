#!/usr/bin/env bash
set -o pipefail
mysqldump --single-transaction -h "$DB_HOST" -u backup "$DB_NAME" | gzip > "/backups/$DB_NAME-$(date +%F).sql.gz"
