#!/usr/bin/env bash
# Installs the VS Code server that the npm package code-server carries into a git-ignored cache,
# for running the integration suite offline (see ../shared/VSCODE-OFFLINE.md). Idempotent: a
# finished install leaves a marker and is reused.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${FERROX_VSCODE_CACHE:-$PWD/.vscode-test/code-server}"
VERSION=4.99.4
MARKER="$CACHE/.installed-$VERSION"
[ -f "$MARKER" ] && { echo "$CACHE"; exit 0; }

for tool in chromium rg; do
  command -v "$tool" >/dev/null || { echo "install-vscode-server: $tool is missing (apt-get install chromium ripgrep libkrb5-dev)" >&2; exit 1; }
done

mkdir -p "$CACHE"
cd "$CACHE"
[ -f package.json ] || echo '{ "private": true }' > package.json
# code-server's own postinstall refuses root and downloads ripgrep: skip it and do its steps here.
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >&2
npm rebuild argon2 >&2

VSC="$CACHE/node_modules/code-server/lib/vscode"
(
  cd "$VSC"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
  npm rebuild kerberos @parcel/watcher @vscode/deviceid @vscode/spdlog native-watchdog >&2
  # node-pty builds but its post-install step fails; terminals are not needed by the tests.
  npm rebuild node-pty >/dev/null 2>&1 || true
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  ln -sfn node_modules node_modules.asar
)
touch "$MARKER"
echo "$CACHE"
