#!/bin/bash
set -euo pipefail
REGISTRY=${REGISTRY:-registry.example.com/shop}
TAG=$(git rev-parse --short HEAD)
for svc in cart checkout payments; do
  docker build -t "$REGISTRY/$svc:$TAG" "services/$svc"
  docker push "$REGISTRY/$svc:$TAG"
done
