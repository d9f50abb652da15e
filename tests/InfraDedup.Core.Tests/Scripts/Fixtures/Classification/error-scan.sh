#!/bin/sh
# Count errors in the last hour of application logs.
LOG=/var/log/app/app.log
grep -c "ERROR" "$LOG"
tail -n 200 /var/log/app/app.log | grep -i exception || true
