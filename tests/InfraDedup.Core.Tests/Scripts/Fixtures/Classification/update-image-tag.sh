#!/bin/bash
set -e
IMAGE="registry.internal/billing:$1"
kubectl set image deployment/billing billing="$IMAGE" -n billing
kubectl rollout status deployment/billing -n billing
curl -fsS https://billing.internal/healthz
