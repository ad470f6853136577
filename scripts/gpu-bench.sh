#!/usr/bin/env bash
# Prepares .gpu/ for a GPU machine without npm access: the GPU benchmark bundled with esbuild
# (tfjs packages external) and a trimmed node_modules holding tfjs-core/cpu/wasm, the WebGPU
# backend and the `webgpu` Dawn binding (linux-x64 only). On that machine:
#   ln -s .gpu/node_modules node_modules && node .gpu/runtime-gpu.js 3 webgpu,wasm
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
STAGE=$(mktemp -d)
(cd "$STAGE" && echo '{"name":"gpu-stage","version":"1.0.0","private":true}' > package.json &&
  npm install --no-audit --no-fund --ignore-scripts webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0 \
    @tensorflow/tfjs-core@4.22.0 @tensorflow/tfjs-backend-cpu@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 >/dev/null)
rm -rf .gpu && mkdir -p .gpu/node_modules/@tensorflow
nm="$STAGE/node_modules"
for p in seedrandom long; do cp -r "$nm/$p" .gpu/node_modules/; done
mkdir -p .gpu/node_modules/webgpu/dist
cp "$nm/webgpu/package.json" "$nm/webgpu/index.js" .gpu/node_modules/webgpu/
cp -r "$nm/webgpu/dist/linux-x64" .gpu/node_modules/webgpu/dist/
[ -d "$nm/webgpu/node_modules" ] && cp -r "$nm/webgpu/node_modules" .gpu/node_modules/webgpu/
for p in tfjs-core tfjs-backend-cpu tfjs-backend-wasm tfjs-backend-webgpu; do
  d=.gpu/node_modules/@tensorflow/$p
  mkdir -p "$d/dist"
  cp "$nm/@tensorflow/$p/package.json" "$d/"
  main=$(node -p "require('$nm/@tensorflow/$p/package.json').main")
  cp "$nm/@tensorflow/$p/$main" "$d/$main"
  cp "$nm/@tensorflow/$p/dist/"*.wasm "$d/dist/" 2>/dev/null || true
done
node -e "
require('esbuild').build({ entryPoints: ['test/bench/runtime-gpu.ts'], outfile: '.gpu/runtime-gpu.js', bundle: true,
  platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning',
  plugins: [{ name: 'ext', setup(b) { b.onResolve({ filter: /^(@tensorflow\/|webgpu$)/ }, (a) =>
    /^@tensorflow\/tfjs-core\/dist\//.test(a.path) ? undefined : { path: a.path, external: true }); } }] })"
rm -rf "$STAGE"
du -sh .gpu
