#!/bin/sh
# Keep the newest 10 backups.
cd /var/backups/app || exit 1
ls -1t | tail -n +11 | xargs -r rm -rf --
