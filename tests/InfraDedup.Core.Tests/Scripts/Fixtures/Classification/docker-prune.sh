#!/bin/sh
# Weekly clean-up of the build host (cron).
docker system prune -af --filter "until=168h"
docker volume prune -f
docker builder prune -af
