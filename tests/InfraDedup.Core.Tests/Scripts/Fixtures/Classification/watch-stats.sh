#!/bin/bash
while true; do
  clear
  docker stats --no-stream --format 'table {{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}'
  sleep 5
done
