# Shared by scripts/start and scripts/test: install what the box needs on a
# fresh Debian machine (root), then build. Idempotent and quick when done.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

need_root() {
  [ "$(id -u)" = 0 ] || { echo "run as root: the Asterisk rig uses debootstrap and chroot" >&2; exit 1; }
}

install_system_packages() {
  local missing=()
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  # prompts: conversion (WAV, MP3) and Mandarin/English text-to-speech
  command -v sox >/dev/null || missing+=(sox)
  command -v socat >/dev/null || missing+=(socat) # the SMS test's modem simulator on a pty pair
  command -v nft >/dev/null || missing+=(nftables) # the appliance firewall test checks its rules (nft -c)
  dpkg -s libsox-fmt-mp3 >/dev/null 2>&1 || missing+=(libsox-fmt-mp3)
  command -v espeak-ng >/dev/null || missing+=(espeak-ng)
  # console e2e tests: Debian's headless Chromium (never a downloaded browser) and a CJK font
  command -v chromium >/dev/null || missing+=(chromium)
  dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; }
  fi
}

# npm ci only when package-lock.json changed since the last install
# (better-sqlite3 compiles from source here: about 75 s).
install_node_modules() {
  local stamp=node_modules/.hotline-lock-hash
  local want; want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "npm ci"
    npm ci --no-audit --no-fund >&2
    echo "$want" > "$stamp"
  fi
}

build() {
  say "building (tsc)"
  rm -rf dist
  npx tsc -p tsconfig.json
  build_web_ui
}

# The console (web-ui/, its own package.json and lockfile): npm ci only when its
# lockfile changed, vite build only when a source file is newer than the build.
build_web_ui() {
  local stamp=web-ui/node_modules/.hotline-lock-hash
  local want; want="$(sha256sum web-ui/package-lock.json | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "npm ci (web-ui)"
    (cd web-ui && npm ci --no-audit --no-fund >&2)
    echo "$want" > "$stamp"
  fi
  local built=web-ui/dist/index.html
  if [ -f "$built" ] && [ -z "$(find web-ui/src web-ui/index.html web-ui/vite.config.ts web-ui/tsconfig.json \
      web-ui/package-lock.json -newer "$built" -print -quit)" ]; then
    return
  fi
  say "building the web console (vite)"
  (cd web-ui && npm run --silent build >&2)
}

install_rig() {
  say "Asterisk 22 rig (cached chroot)"
  HOTLINE_RIG_ROOT="$("$REPO/scripts/rig/install")"
  export HOTLINE_RIG_ROOT
}
