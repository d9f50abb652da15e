#!/bin/bash
journalctl -u shop-api --since "1 hour ago" -p err --no-pager
systemctl is-active shop-api shop-worker
