#!/bin/sh
journalctl --vacuum-time=14d
journalctl --vacuum-size=500M
