#!/bin/bash
df -h /
du -sh /var/lib/docker/* 2>/dev/null | sort -rh | head -n 10
docker system df
