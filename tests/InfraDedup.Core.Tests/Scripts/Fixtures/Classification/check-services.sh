#!/usr/bin/env bash
# Prints which containers are not running or unhealthy.
docker ps --filter "health=unhealthy" --format '{{.Names}}'
docker ps -a --filter "status=exited" --format '{{.Names}} {{.Status}}'
