#!/bin/sh
# Called from the CI job after the image is published.
ssh deploy@app01 'cd /srv/app && docker compose pull worker && docker compose up -d worker'
