#!/bin/sh
shellcheck scripts/*.sh
hadolint services/*/Dockerfile
ruff check .
