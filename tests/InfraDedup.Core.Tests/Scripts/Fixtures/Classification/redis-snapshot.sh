#!/bin/bash
set -e
redis-cli -h 127.0.0.1 -p 6379 --rdb /srv/backups/redis/dump-$(date +%s).rdb
