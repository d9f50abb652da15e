#!/usr/bin/env bash
set -e
cd web
npm ci
npm run build
cp -r dist ../static/
