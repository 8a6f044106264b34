#!/usr/bin/env bash
# Set-up on a fresh machine: a Chromium for the renderer and ffmpeg for walkthrough videos (Debian's
# packages when none is found), then the npm packages (which also builds the CLI and the renderer page).
set -euo pipefail
cd "$(dirname "$0")/.."

find_browser() {
  # The same places, in the same order, as render/browser.ts looks (on Linux).
  for b in "${SIM_CHROME:-}" "${PUPPETEER_EXECUTABLE_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser \
    /usr/bin/google-chrome /usr/bin/google-chrome-stable /opt/google/chrome/chrome /snap/bin/chromium; do
    if [ -n "$b" ] && [ -x "$b" ]; then echo "$b"; return 0; fi
  done
  return 1
}

if ! find_browser >/dev/null; then
  if command -v apt-get >/dev/null; then
    echo "setup: no Chromium found; installing Debian's chromium package"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "setup: no Chromium found; install Chromium or Chrome, or set SIM_CHROME=/path/to/chrome" >&2
    exit 1
  fi
fi
echo "setup: browser $(find_browser)"

# ffmpeg encodes walkthrough videos and ffprobe checks them (render/video.ts; SIM_FFMPEG overrides).
if [ -z "${SIM_FFMPEG:-}" ] && ! command -v ffmpeg >/dev/null; then
  if command -v apt-get >/dev/null; then
    echo "setup: no ffmpeg found; installing Debian's ffmpeg package"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null
  else
    echo "setup: no ffmpeg found; install ffmpeg (walkthrough scenes need it), or set SIM_FFMPEG=/path/to/ffmpeg" >&2
    exit 1
  fi
fi
echo "setup: ffmpeg ${SIM_FFMPEG:-$(command -v ffmpeg)}"

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
