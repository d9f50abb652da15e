#!/usr/bin/env bash
if [ "$(redis-cli -h "${REDIS_HOST:-127.0.0.1}" ping)" != "PONG" ]; then
  echo "redis is not answering" >&2
  exit 2
fi
