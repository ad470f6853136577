#!/usr/bin/env bash
# End-to-end test in a real VS Code: packages the .vsix, installs it into code-server (installed
# by scripts/e2e/install-code-server.sh), starts code-server on 127.0.0.1, drives it with headless
# Chromium through test/e2e/scenario.mjs, and stops everything it started. Exit code = scenario.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
bash scripts/e2e/install-code-server.sh >/dev/null
CS_BIN="$ROOT/.e2e/code-server/node_modules/.bin/code-server"
VSIX="$ROOT/.e2e/peft-lab.vsix"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/peft-e2e-XXXXXX")
OUT=${E2E_OUT:-$ROOT/.e2e/out}
PORT=${E2E_PORT:-$((20000 + RANDOM % 20000))}

[ -s "$VSIX" ] && [ "$VSIX" -nt dist/extension.js ] || npm run --silent package -- --out "$VSIX" >/dev/null

mkdir -p "$DATA"/{user/User,ext,ws,xdg-config,xdg-data,tmp} "$OUT"
export XDG_CONFIG_HOME="$DATA/xdg-config" XDG_DATA_HOME="$DATA/xdg-data"
cat > "$DATA/user/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "update.mode": "none",
  "workbench.enableExperiments": false,
  "editor.hover.delay": 100,
  "peftLab.workers": 1
}
JSON
cp test/e2e/fixtures/e2e.peft "$DATA/ws/e2e.peft"

"$CS_BIN" --user-data-dir "$DATA/user" --extensions-dir "$DATA/ext" --install-extension "$VSIX" >/dev/null
TMPDIR="$DATA/tmp" "$CS_BIN" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  --user-data-dir "$DATA/user" --extensions-dir "$DATA/ext" > "$OUT/code-server.log" 2>&1 &
CS_PID=$!
descendants() { local c; for c in $(pgrep -P "$1" || true); do echo "$c"; descendants "$c"; done; }
cleanup() {
  local kids; kids=$(descendants "$CS_PID")
  kill "$CS_PID" 2>/dev/null || true
  wait "$CS_PID" 2>/dev/null || true
  for k in $kids; do kill -9 "$k" 2>/dev/null || true; done
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.1; done
node test/e2e/scenario.mjs "http://127.0.0.1:$PORT" "$DATA/ws" "$OUT"
