#!/bin/bash
set -e
python manage.py migrate --noinput
python manage.py loaddata fixtures/demo.json
