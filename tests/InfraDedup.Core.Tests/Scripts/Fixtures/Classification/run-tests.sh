#!/bin/bash
set -e
cd "$(dirname "$0")/.."
python -m pytest -q tests/
npm test --prefix web
