#!/usr/bin/env bash
# Installs a real VS Code for end-to-end tests: code-server 4.100.3 (VS Code 1.100.3, the last
# release whose engines field accepts Node 20) from the npm registry, into .e2e/code-server.
# Idempotent. Works offline except for the npm registry (see docs/testing.md for the pitfalls).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CS_DIR=${CS_DIR:-$ROOT/.e2e/code-server}
CS_VERSION=4.100.3
BIN="$CS_DIR/node_modules/.bin/code-server"
if [ -x "$BIN" ]; then exit 0; fi

# @vscode/ripgrep's postinstall downloads rg from GitHub; it first looks in this cache, which we
# seed from the rg binary inside the npm package @vscode/ripgrep-linux-x64.
TMP=$(node -p 'require("os").tmpdir()')
RG_CACHE="$TMP/vscode-ripgrep-cache-1.15.11"
RG_ASSET="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_ASSET" ]; then
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent @vscode/ripgrep-linux-x64@1.18.0 >/dev/null && tar xzf vscode-ripgrep-linux-x64-1.18.0.tgz)
  mkdir -p "$RG_CACHE"
  tar czf "$RG_ASSET" -C "$work/package/bin" rg
  rm -rf "$work"
fi

# A plain folder, not `npm install -g` (its postinstall would reinstall over the folder);
# unsafe_perm for root, yes=true because node-pty's postinstall runs `npx node-gyp`.
mkdir -p "$CS_DIR"
cd "$CS_DIR"
[ -f package.json ] || echo '{"name":"peft-lab-e2e-host","version":"1.0.0","private":true,"allowScripts":{"code-server":true,"argon2":true,"node-pty":true,"kerberos":true,"@parcel/watcher":true}}' > package.json
export npm_config_unsafe_perm=true npm_config_yes=true
npm install --no-audit --no-fund "code-server@$CS_VERSION" --foreground-scripts > "$CS_DIR/install.log" 2>&1 || {
  tail -40 "$CS_DIR/install.log" >&2
  exit 1
}
x=$(mktemp -d)
XDG_CONFIG_HOME=$x XDG_DATA_HOME=$x "$BIN" --version
rm -rf "$x"
