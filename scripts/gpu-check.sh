#!/usr/bin/env bash
# Runs the torch backend on this machine's GPU with this machine's own torch and records tokens/s and peak
# GPU memory (test/bench/runtime-torch-gpu.ts) in .gpu/torch-check.json; paste the printed rows into
# docs/benchmarks/torch.md. Needs `npm ci` and a Python whose torch sees the GPU:
#
#   PEFT_LAB_PYTHON=/path/to/venv/bin/python bash scripts/gpu-check.sh            # CUDA (default)
#   PEFT_LAB_PYTHON=… bash scripts/gpu-check.sh --device mps                     # Apple silicon
#   bash scripts/gpu-check.sh --device cpu --steps 10                             # the same check on CPU (reference trial only)
#
# Without PEFT_LAB_PYTHON it uses the project's environment (scripts/python-env.sh), whose pinned torch is
# the PyPI build (CUDA on Linux x86-64).
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICE=cuda
STEPS=60
while [ $# -gt 0 ]; do
  case "$1" in
    --device) DEVICE=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    *) echo "gpu-check: unknown option $1 (use --device cuda|mps|cpu, --steps N)" >&2; exit 2 ;;
  esac
done
PY=${PEFT_LAB_PYTHON:-$(bash scripts/python-env.sh --print || true)}
if [ -z "$PY" ]; then
  echo "gpu-check: no Python: set PEFT_LAB_PYTHON to an interpreter with torch, or run bash scripts/python-env.sh" >&2
  exit 1
fi
export PEFT_LAB_PYTHON=$PY
"$PY" - "$DEVICE" <<'PYEOF'
import sys, torch
dev = sys.argv[1]
ok = dev == "cpu" or (dev == "cuda" and torch.cuda.is_available()) or (dev == "mps" and torch.backends.mps.is_available())
name = torch.cuda.get_device_name(0) if dev == "cuda" and ok else dev
print(f"gpu-check: torch {torch.__version__} (CUDA build {torch.version.cuda}), device {dev}: {name if ok else 'NOT AVAILABLE'}", file=sys.stderr)
sys.exit(0 if ok else 3)
PYEOF
mkdir -p .gpu
# On a CPU only the reference trial (the large one takes minutes per step there).
SIZES=ref,large
[ "$DEVICE" = cpu ] && SIZES=ref
npx tsx test/bench/runtime-torch-gpu.ts "device=$DEVICE" "steps=$STEPS" "sizes=$SIZES" | tee .gpu/torch-check.json
