#!/bin/sh
# Creates .env from the template for a new checkout.
[ -f .env ] || cp .env.example .env
echo "edit .env and set the API keys"
