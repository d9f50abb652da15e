#!/usr/bin/env bash
set -e
NAMESPACE=${1:-staging}
kubectl --namespace "$NAMESPACE" apply -f k8s/
kubectl -n "$NAMESPACE" rollout status deployment/web --timeout=120s
