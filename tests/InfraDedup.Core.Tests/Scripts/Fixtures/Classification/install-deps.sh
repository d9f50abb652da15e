#!/usr/bin/env bash
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends jq make gcc
pip install -r requirements-dev.txt
