#!/bin/sh
for port in 5432 6379 8080; do
  nc -z 127.0.0.1 "$port" && echo "$port open" || echo "$port CLOSED"
done
