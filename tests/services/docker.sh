#!/usr/bin/env bash
# Starts a Docker engine for the integration tests and makes the local base image they build FROM.
# Source it (functions only) or run it: `tests/services/docker.sh` starts the engine and prints
# what it made as KEY=VALUE lines.
#
#   infradedup_docker_start   installs docker.io when dockerd is missing, starts dockerd when no
#                             engine answers on /var/run/docker.sock (vfs storage, no iptables, no
#                             bridge: containers must use --network none), waits until it answers.
#   infradedup_busybox_image  makes infradedup-test/busybox:1 (a rootfs holding busybox-static and
#                             its applet links, `docker import`ed; no registry is needed) unless present.
#
# Outputs (exported): INFRADEDUP_TEST_DOCKER_HOST, INFRADEDUP_TEST_BUSYBOX_IMAGE.
# Logs: $INFRADEDUP_SERVICES_DIR/dockerd.log (default /tmp/infradedup-services).
set -uo pipefail

: "${INFRADEDUP_SERVICES_DIR:=/tmp/infradedup-services}"
INFRADEDUP_BUSYBOX_IMAGE_NAME=infradedup-test/busybox:1

_idd_log() { echo "services: $*" >&2; }

_idd_apt() {
    if [ "$(id -u)" != 0 ]; then
        _idd_log "need root to install $*"; return 1
    fi
    if [ ! -f "$INFRADEDUP_SERVICES_DIR/.apt-updated" ]; then
        apt-get update -qq >/dev/null 2>&1 && touch "$INFRADEDUP_SERVICES_DIR/.apt-updated"
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$INFRADEDUP_SERVICES_DIR/apt.log" 2>&1 \
        || { _idd_log "apt-get install $* failed (see $INFRADEDUP_SERVICES_DIR/apt.log)"; return 1; }
}

infradedup_docker_start() {
    mkdir -p "$INFRADEDUP_SERVICES_DIR"
    export DOCKER_HOST=unix:///var/run/docker.sock
    if ! docker version >/dev/null 2>&1; then
        if ! command -v dockerd >/dev/null 2>&1; then
            _idd_log "installing docker.io"; _idd_apt docker.io || return 1
        fi
        if ! command -v docker >/dev/null 2>&1; then
            _idd_apt docker.io || return 1
        fi
        _idd_log "starting dockerd (vfs, no iptables, no bridge)"
        nohup dockerd --storage-driver=vfs --iptables=false --ip6tables=false --bridge=none \
            --host=unix:///var/run/docker.sock >"$INFRADEDUP_SERVICES_DIR/dockerd.log" 2>&1 9>&- &
        local i
        for i in $(seq 1 60); do
            docker version >/dev/null 2>&1 && break
            sleep 1
        done
        if ! docker version >/dev/null 2>&1; then
            _idd_log "dockerd did not answer within 60 s; last log lines:"
            tail -n 20 "$INFRADEDUP_SERVICES_DIR/dockerd.log" >&2
            return 1
        fi
    fi
    export INFRADEDUP_TEST_DOCKER_HOST=unix:///var/run/docker.sock
}

infradedup_busybox_image() {
    export INFRADEDUP_TEST_BUSYBOX_IMAGE=$INFRADEDUP_BUSYBOX_IMAGE_NAME
    if docker image inspect "$INFRADEDUP_BUSYBOX_IMAGE_NAME" >/dev/null 2>&1; then
        return 0
    fi
    local busybox
    busybox=$(command -v busybox || true)
    if [ -z "$busybox" ] || ! file_is_static "$busybox"; then
        _idd_apt busybox-static || return 1
        busybox=/bin/busybox
    fi
    local root
    root=$(mktemp -d)
    mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/www"
    cp "$busybox" "$root/bin/busybox"
    local applet
    for applet in $("$root/bin/busybox" --list); do
        [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
    done
    echo 'root:x:0:0:root:/:/bin/sh' >"$root/etc/passwd"
    echo 'root:x:0:' >"$root/etc/group"
    tar -C "$root" -c . | docker import --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' - "$INFRADEDUP_BUSYBOX_IMAGE_NAME" >/dev/null
    local status=$?
    rm -rf "$root"
    [ $status = 0 ] || { _idd_log "docker import of the busybox rootfs failed"; return 1; }
}

# A statically linked busybox works in an image without libc.
file_is_static() {
    ! ldd "$1" >/dev/null 2>&1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -e
    infradedup_docker_start
    infradedup_busybox_image
    echo "INFRADEDUP_TEST_DOCKER_HOST=$INFRADEDUP_TEST_DOCKER_HOST"
    echo "INFRADEDUP_TEST_BUSYBOX_IMAGE=$INFRADEDUP_TEST_BUSYBOX_IMAGE"
fi
