#!/bin/sh
set -e
tar czf /mnt/backup/uploads-$(date +%F).tar.gz -C /srv/app uploads
aws s3 cp /mnt/backup/uploads-$(date +%F).tar.gz s3://acme-backup/uploads/
