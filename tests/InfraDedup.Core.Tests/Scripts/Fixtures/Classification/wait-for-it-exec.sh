#!/bin/sh
# Start the worker with the configured concurrency.
exec celery -A app worker --loglevel=info --concurrency="${WORKERS:-4}"
