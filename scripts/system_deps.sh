#!/usr/bin/env bash
# Debian packages the test suite needs beyond Python: Chromium (browser tests of the HTML
# report) and a font for it, espeak-ng and Xvfb for live mode. PostgreSQL is installed by scripts/postgres.sh when it starts.
# Idempotent; installs only what is missing, and only when it can (root with apt-get).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)  # also the video text
command -v espeak-ng >/dev/null || need+=(espeak-ng)   # live mode's offline voice
command -v Xvfb >/dev/null || need+=(xvfb)             # live mode's window test
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "system_deps.sh: missing ${need[*]}; install them with apt-get (needs root)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q "${need[@]}" >/dev/null 2>&1 || {
    apt-get update -q >/dev/null && apt-get install -y -q "${need[@]}" >/dev/null
}
