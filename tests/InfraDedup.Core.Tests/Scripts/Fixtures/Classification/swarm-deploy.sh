#!/bin/sh
set -eu
docker stack deploy --with-registry-auth -c stack.yml shop
docker service ls
