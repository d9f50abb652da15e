#!/bin/bash
set -euo pipefail
NEW=${1:?blue or green}
docker compose -p "shop-$NEW" up -d
until curl -fs "http://127.0.0.1:8080/ready"; do sleep 2; done
sed -i "s/server shop-[a-z]*/server shop-$NEW/" /etc/nginx/conf.d/shop.conf
nginx -s reload
