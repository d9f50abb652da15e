#!/bin/bash
set -euo pipefail
helm upgrade --install web charts/web \
  --namespace prod \
  --values charts/web/values-prod.yaml \
  --set image.tag="$1" \
  --wait
