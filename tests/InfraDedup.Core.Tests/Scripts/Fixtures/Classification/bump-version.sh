#!/bin/bash
set -e
new="$1"
sed -i "s/^version = .*/version = \"$new\"/" pyproject.toml
git commit -am "Bump version to $new"
