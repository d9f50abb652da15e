#!/bin/bash
svc=${1:-api}
docker compose logs --since 10m "$svc" | grep -E "ERROR|FATAL" && echo "errors found in $svc"
