#!/usr/bin/env bash
# Installs the second PyTorch anchor of test/bench/runtime-train.ts: Debian's python3-torch (1.13 +
# OpenBLAS, the anchor issue 14 names) under /usr/bin/python3. Benchmarks only: no test needs it.
# The first anchor, PyPI torch, comes with scripts/python-env.sh.
set -euo pipefail
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "python3-torch: already there"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends python3-torch
