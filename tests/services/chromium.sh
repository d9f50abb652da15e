#!/usr/bin/env bash
# Headless Chromium for the HTML report's rendering test. Source it (functions only) or run it:
# `tests/services/chromium.sh` installs Chromium when missing and prints INFRADEDUP_TEST_CHROMIUM=PATH.
#
#   infradedup_chromium_start   installs Debian's chromium when no chromium binary is found, checks that it
#                               starts (--version), exports INFRADEDUP_TEST_CHROMIUM.
#
# Uses _idd_log/_idd_apt from docker.sh (sourced by start.sh; sourced here when run alone).
set -uo pipefail

if ! declare -F _idd_apt >/dev/null; then
    # shellcheck source=docker.sh
    . "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/docker.sh"
fi

infradedup_chromium_start() {
    local bin
    bin=$(command -v chromium || command -v chromium-browser || true)
    if [ -z "$bin" ]; then
        _idd_log "installing chromium"; _idd_apt chromium || return 1
        bin=$(command -v chromium) || return 1
    fi
    if ! "$bin" --version >/dev/null 2>&1; then
        _idd_log "$bin does not start"; return 1
    fi
    export INFRADEDUP_TEST_CHROMIUM="$bin"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    mkdir -p "${INFRADEDUP_SERVICES_DIR:=/tmp/infradedup-services}"
    infradedup_chromium_start || exit 1
    echo "INFRADEDUP_TEST_CHROMIUM=$INFRADEDUP_TEST_CHROMIUM"
fi
