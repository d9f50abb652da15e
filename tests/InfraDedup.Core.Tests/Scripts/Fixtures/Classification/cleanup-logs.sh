#!/usr/bin/env bash
find /var/log/shop -name '*.log.*' -mtime +7 -exec rm -f {} \;
find /tmp -maxdepth 1 -name 'shop-upload-*' -mmin +120 -delete
