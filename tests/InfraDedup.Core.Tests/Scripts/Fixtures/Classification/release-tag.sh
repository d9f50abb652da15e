#!/usr/bin/env bash
set -euo pipefail
version="$1"
docker tag shop/web:latest "shop/web:${version}"
docker push "shop/web:${version}"
git tag -a "v${version}" -m "release ${version}"
git push origin "v${version}"
