#!/bin/bash
for c in $(docker ps -q); do
  name=$(docker inspect --format '{{.Name}}' "$c")
  state=$(docker inspect --format '{{.State.Health.Status}}' "$c" 2>/dev/null || echo none)
  echo "$name $state"
done
