#!/bin/sh
# Wait until PostgreSQL accepts connections.
until pg_isready -h "${PGHOST:-db}" -p 5432 -U postgres; do
  echo "waiting for postgres..."
  sleep 1
done
