#!/usr/bin/env bash
set -u
status=0
for url in http://127.0.0.1:8001/healthz http://127.0.0.1:8002/healthz http://127.0.0.1:8003/readyz; do
  if ! curl -fs --max-time 3 "$url" > /dev/null; then
    echo "DOWN $url"
    status=1
  fi
done
exit $status
