#!/bin/bash
docker image prune -f
docker rmi $(docker images -q --filter "dangling=true") 2>/dev/null || true
