#!/usr/bin/env bash
set -euo pipefail
for f in proto/*.proto; do
  protoc -I proto --python_out=gen/python --go_out=gen/go "$f"
done
