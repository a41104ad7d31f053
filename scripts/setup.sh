#!/usr/bin/env bash
# Everything Vellum's demo and tests need on a fresh Debian machine with Node 20, installed only
# where missing, so running it again is quick and changes nothing:
#   1. Debian packages the tests drive (below),
#   2. the pnpm pinned in package.json's packageManager,
#   3. the locked dependencies (pnpm install --frozen-lockfile),
#   4. npm's cache of the registry packages that `npm install` of our packed tarballs needs, so
#      the fresh-install test installs them offline (scripts/warm-npm-cache.mjs).
# The README's quick start and .ci/run both start with it; nothing may come from a developer's
# machine. Run as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, one owner: add a package here (with who needs it) rather than in a test or in
# .ci/run. Tests start their own servers from these binaries on loopback ports.
#   chromium      /usr/bin/chromium for playwright-core (catalog, audit report, browser capture)
#   redis-server  /usr/bin/redis-server for the BullMQ worker fleet
#   ccache        the fresh-install test builds better-sqlite3 from source twice per run; ccache
#                 makes the repeat (and every run after the first) a cache hit
apt_packages=(chromium redis-server ccache)

missing=()
for pkg in "${apt_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || {
      echo "setup: need root (or sudo) to install ${missing[*]}: apt-get install ${missing[*]}" >&2
      exit 1
    }
    sudo=(sudo)
  fi
  echo "setup: installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  # redis-server's post-install may start a server on 6379; no test uses it (each starts its own
  # on a free port).
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}"
fi

want=$(node -p 'require("./package.json").packageManager.split("@")[1]')
# corepack's signature check cannot reach its key server here, so pnpm comes from npm.
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  echo "setup: installing pnpm $want"
  npm install --global --no-fund --no-audit "pnpm@$want"
fi

# Native addons (better-sqlite3) build from source with the machine's g++ and Node's headers:
# prebuild-install would otherwise first try to download a binary, which this network refuses.
export npm_config_build_from_source=true
if command -v ccache >/dev/null; then export CC="ccache gcc" CXX="ccache g++"; fi
pnpm install --frozen-lockfile
echo "setup: npm cache for the fresh-install test"
node scripts/warm-npm-cache.mjs
