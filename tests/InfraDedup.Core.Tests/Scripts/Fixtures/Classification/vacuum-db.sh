#!/usr/bin/env bash
set -e
psql "$DATABASE_URL" -c "VACUUM (ANALYZE, VERBOSE);"
vacuumdb --all --analyze-in-stages -h db -U postgres
