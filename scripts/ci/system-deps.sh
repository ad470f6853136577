#!/usr/bin/env bash
# Debian packages the test suite needs (anchors and real components, never runtime deps of the
# extension). Idempotent: skips apt entirely when everything is already installed.
set -euo pipefail
packages=(python3-scipy chromium slurmctld slurmd slurm-client munge)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
