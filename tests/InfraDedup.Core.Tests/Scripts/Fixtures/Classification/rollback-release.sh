#!/bin/sh
set -e
helm rollback web "${1:?revision}" -n prod
helm history web -n prod | tail -n 5
