#!/bin/bash
set -euo pipefail
export RESTIC_REPOSITORY=s3:s3.amazonaws.com/acme-backups
restic backup /srv/data --tag nightly
restic forget --keep-daily 7 --keep-weekly 4 --prune
