// Fused training kernels for the embedded wasm runtime, compiled to wasm SIMD by
// scripts/build-kernels.mjs (clang --target=wasm32 -msimd128, no libc). They run in their own
// wasm module: JS copies operands in from tfjs' heap, calls one function, copies results back.
// Why: tfjs-wasm runs causal attention as thousands of tiny matmuls, slices and softmax ops per
// step, and GELU's tanh as a slow scalar loop (docs/benchmarks/runtime.md, "Where the time goes").
#include <wasm_simd128.h>

typedef float f32;

// exp(x) for 4 lanes: 2^n · p(r), r = x − n·ln2 in [−ln2/2, ln2/2], degree-6 polynomial
// (relative error ~2e-7). Inputs are clamped to [−87, 88] so the result stays finite.
static v128_t exp4(v128_t x) {
  x = wasm_f32x4_pmax(wasm_f32x4_pmin(x, wasm_f32x4_splat(88.0f)), wasm_f32x4_splat(-87.0f));
  v128_t n = wasm_f32x4_nearest(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504089f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_add(r, wasm_f32x4_mul(n, wasm_f32x4_splat(2.12194440e-4f)));
  v128_t p = wasm_f32x4_splat(1.0f / 720);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f / 120));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f / 24));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f / 6));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.5f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(1.0f));
  v128_t pow2 = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, pow2);
}

static f32 exp1(f32 x) { return wasm_f32x4_extract_lane(exp4(wasm_f32x4_splat(x)), 0); }

// tanh(u) = 1 − 2 / (1 + e^{2u}); exp4's clamp keeps e^{2u} finite, so ±large u give ±1.
static v128_t tanh4(v128_t u) {
  v128_t e = exp4(wasm_f32x4_add(u, u));
  v128_t one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_sub(one, wasm_f32x4_div(wasm_f32x4_splat(2.0f), wasm_f32x4_add(one, e)));
}

#define GELU_C 0.7978845608f
#define GELU_K 0.044715f

// y = 0.5·x·(1 + tanh(c·(x + k·x³))); n must be a multiple of 4.
__attribute__((export_name("gelu_fwd"))) void gelu_fwd(const f32 *x, f32 *y, int n) {
  for (int i = 0; i < n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    v128_t u = wasm_f32x4_mul(wasm_f32x4_mul(v, wasm_f32x4_splat(GELU_C)),
                              wasm_f32x4_add(wasm_f32x4_splat(1.0f), wasm_f32x4_mul(wasm_f32x4_splat(GELU_K), wasm_f32x4_mul(v, v))));
    v128_t t = tanh4(u);
    wasm_v128_store(y + i, wasm_f32x4_mul(wasm_f32x4_mul(v, wasm_f32x4_splat(0.5f)), wasm_f32x4_add(t, wasm_f32x4_splat(1.0f))));
  }
}

// dx = dy · (0.5·(1+t) + 0.5·x·(1−t²)·c·(1 + 3k·x²)), t recomputed from x.
__attribute__((export_name("gelu_bwd"))) void gelu_bwd(const f32 *x, const f32 *dy, f32 *dx, int n) {
  v128_t half = wasm_f32x4_splat(0.5f), one = wasm_f32x4_splat(1.0f);
  for (int i = 0; i < n; i += 4) {
    v128_t v = wasm_v128_load(x + i), v2 = wasm_f32x4_mul(v, v);
    v128_t t = tanh4(wasm_f32x4_mul(wasm_f32x4_mul(v, wasm_f32x4_splat(GELU_C)), wasm_f32x4_add(one, wasm_f32x4_mul(wasm_f32x4_splat(GELU_K), v2))));
    v128_t sech2 = wasm_f32x4_sub(one, wasm_f32x4_mul(t, t));
    v128_t inner = wasm_f32x4_mul(wasm_f32x4_splat(GELU_C), wasm_f32x4_add(one, wasm_f32x4_mul(wasm_f32x4_splat(3 * GELU_K), v2)));
    v128_t g = wasm_f32x4_add(wasm_f32x4_mul(half, wasm_f32x4_add(t, one)), wasm_f32x4_mul(wasm_f32x4_mul(half, v), wasm_f32x4_mul(sech2, inner)));
    wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_v128_load(dy + i), g));
  }
}

static f32 dot(const f32 *a, const f32 *b, int n) {
  v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
  int c = 0;
  for (; c + 8 <= n; c += 8) {
    s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + c), wasm_v128_load(b + c)));
    s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + c + 4), wasm_v128_load(b + c + 4)));
  }
  for (; c < n; c += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + c), wasm_v128_load(b + c)));
  s0 = wasm_f32x4_add(s0, s1);
  return wasm_f32x4_extract_lane(s0, 0) + wasm_f32x4_extract_lane(s0, 1) + wasm_f32x4_extract_lane(s0, 2) + wasm_f32x4_extract_lane(s0, 3);
}

// y += a·x over n floats (n a multiple of 4).
static void axpy(f32 *y, f32 a, const f32 *x, int n) {
  v128_t av = wasm_f32x4_splat(a);
  for (int c = 0; c < n; c += 4) wasm_v128_store(y + c, wasm_f32x4_add(wasm_v128_load(y + c), wasm_f32x4_mul(av, wasm_v128_load(x + c))));
}

// Causal multi-head attention forward. q, k, v, o: [B·T, H·dh] row-major (head h owns columns
// h·dh … h·dh+dh−1); p: [B, H, T, T] softmax probabilities, zero above the diagonal (kept for
// the backward). dh must be a multiple of 4. o = softmax(scale·q·kᵀ + causal mask) · v.
__attribute__((export_name("attn_fwd")))
void attn_fwd(const f32 *q, const f32 *k, const f32 *v, f32 *o, f32 *p, int B, int T, int H, int dh, f32 scale) {
  int d = H * dh;
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++) {
      int base = b * T * d + h * dh;
      f32 *pb = p + ((long)(b * H + h)) * T * T;
      for (int i = 0; i < T; i++) {
        f32 *row = pb + i * T, mx = -3.4e38f, sum = 0;
        const f32 *qi = q + base + i * d;
        for (int j = 0; j <= i; j++) {
          row[j] = scale * dot(qi, k + base + j * d, dh);
          if (row[j] > mx) mx = row[j];
        }
        for (int j = 0; j <= i; j++) sum += (row[j] = exp1(row[j] - mx));
        f32 inv = 1.0f / sum, *oi = o + base + i * d;
        for (int c = 0; c < dh; c++) oi[c] = 0;
        for (int j = 0; j <= i; j++) axpy(oi, row[j] *= inv, v + base + j * d, dh);
        for (int j = i + 1; j < T; j++) row[j] = 0;
      }
    }
}

// Backward of attn_fwd given do_ (= dL/do) and the saved p: writes dq, dk, dv (same layout as q).
// dS = p ⊙ (dP − rowsum(dP ⊙ p)), dP = do·vᵀ; dq = scale·dS·k; dk = scale·dSᵀ·q; dv = pᵀ·do.
__attribute__((export_name("attn_bwd")))
void attn_bwd(const f32 *q, const f32 *k, const f32 *v, const f32 *p, const f32 *do_, f32 *dq, f32 *dk, f32 *dv,
              f32 *scratch, int B, int T, int H, int dh, f32 scale) {
  int d = H * dh;
  for (long c = 0; c < (long)B * T * d; c++) dq[c] = dk[c] = dv[c] = 0;
  for (int b = 0; b < B; b++)
    for (int h = 0; h < H; h++) {
      int base = b * T * d + h * dh;
      const f32 *pb = p + ((long)(b * H + h)) * T * T;
      for (int i = 0; i < T; i++) {
        const f32 *row = pb + i * T, *doi = do_ + base + i * d, *qi = q + base + i * d;
        f32 acc = 0, *qgrad = dq + base + i * d;
        for (int j = 0; j <= i; j++) {
          scratch[j] = dot(doi, v + base + j * d, dh);
          acc += scratch[j] * row[j];
          axpy(dv + base + j * d, row[j], doi, dh);
        }
        for (int j = 0; j <= i; j++) {
          f32 ds = scale * row[j] * (scratch[j] - acc);
          axpy(qgrad, ds, k + base + j * d, dh);
          axpy(dk + base + j * d, ds, qi, dh);
        }
      }
    }
}

static f32 hsum(v128_t s) {
  return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
}

// LayerNorm over rows of x [n, d] (d a multiple of 4): y = (x − mean)·rstd·g + b, with
// rstd = 1/sqrt(var + eps) (biased variance, as PyTorch). Writes mean and rstd [n] for the backward.
__attribute__((export_name("ln_fwd")))
void ln_fwd(const f32 *x, const f32 *g, const f32 *bias, f32 *y, f32 *mean, f32 *rstd, int n, int d, f32 eps) {
  for (int r = 0; r < n; r++) {
    const f32 *xr = x + (long)r * d;
    v128_t s = wasm_f32x4_splat(0);
    for (int c = 0; c < d; c += 4) s = wasm_f32x4_add(s, wasm_v128_load(xr + c));
    f32 mu = hsum(s) / d;
    v128_t muv = wasm_f32x4_splat(mu), s2 = wasm_f32x4_splat(0);
    for (int c = 0; c < d; c += 4) {
      v128_t xc = wasm_f32x4_sub(wasm_v128_load(xr + c), muv);
      s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(xc, xc));
    }
    f32 rs = 1.0f / __builtin_sqrtf(hsum(s2) / d + eps);
    v128_t rsv = wasm_f32x4_splat(rs);
    for (int c = 0; c < d; c += 4) {
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), muv), rsv);
      wasm_v128_store(y + (long)r * d + c, wasm_f32x4_add(wasm_f32x4_mul(xh, wasm_v128_load(g + c)), wasm_v128_load(bias + c)));
    }
    mean[r] = mu;
    rstd[r] = rs;
  }
}

// Backward of ln_fwd: dx = rstd·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·g;
// dg = Σ_rows dy·x̂, db = Σ_rows dy.
__attribute__((export_name("ln_bwd")))
void ln_bwd(const f32 *x, const f32 *g, const f32 *mean, const f32 *rstd, const f32 *dy, f32 *dx, f32 *dg, f32 *db, int n, int d) {
  for (int c = 0; c < d; c++) dg[c] = db[c] = 0;
  for (int r = 0; r < n; r++) {
    const f32 *xr = x + (long)r * d, *dyr = dy + (long)r * d;
    v128_t muv = wasm_f32x4_splat(mean[r]), rsv = wasm_f32x4_splat(rstd[r]);
    v128_t s1 = wasm_f32x4_splat(0), s2 = s1;
    for (int c = 0; c < d; c += 4) {
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), muv), rsv), dyv = wasm_v128_load(dyr + c);
      v128_t dxh = wasm_f32x4_mul(dyv, wasm_v128_load(g + c));
      s1 = wasm_f32x4_add(s1, dxh);
      s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(dxh, xh));
      wasm_v128_store(dg + c, wasm_f32x4_add(wasm_v128_load(dg + c), wasm_f32x4_mul(dyv, xh)));
      wasm_v128_store(db + c, wasm_f32x4_add(wasm_v128_load(db + c), dyv));
    }
    v128_t m1 = wasm_f32x4_splat(hsum(s1) / d), m2 = wasm_f32x4_splat(hsum(s2) / d);
    for (int c = 0; c < d; c += 4) {
      v128_t xh = wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(xr + c), muv), rsv);
      v128_t dxh = wasm_f32x4_mul(wasm_v128_load(dyr + c), wasm_v128_load(g + c));
      wasm_v128_store(dx + (long)r * d + c, wasm_f32x4_mul(rsv, wasm_f32x4_sub(wasm_f32x4_sub(dxh, m1), wasm_f32x4_mul(xh, m2))));
    }
  }
}

// Small or skinny matmul C[m, n] = op(A)·op(B), op = transpose when ta / tb is set (A is [k, m]
// when ta, B is [n, k] when tb; ta and tb together are not supported). For shapes with a dimension
// of a few units (LoRA's x·A, its gradients), where XNNPACK pays more in packing and thread
// hand-offs than the arithmetic costs. Any sizes; SIMD over the contiguous axis, scalar tails.
static f32 dot_any(const f32 *a, const f32 *b, int n) {
  int n4 = n & ~3;
  f32 s = n4 ? dot(a, b, n4) : 0;
  for (int c = n4; c < n; c++) s += a[c] * b[c];
  return s;
}

static void axpy_any(f32 *y, f32 a, const f32 *x, int n) {
  int n4 = n & ~3;
  axpy(y, a, x, n4);
  for (int c = n4; c < n; c++) y[c] += a * x[c];
}

__attribute__((export_name("mm_small")))
void mm_small(const f32 *A, const f32 *B, f32 *C, int m, int k, int n, int ta, int tb) {
  if (tb) {
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) C[(long)i * n + j] = dot_any(A + (long)i * k, B + (long)j * k, k);
    return;
  }
  for (long c = 0; c < (long)m * n; c++) C[c] = 0;
  if (ta) {
    for (int kk = 0; kk < k; kk++)
      for (int i = 0; i < m; i++) axpy_any(C + (long)i * n, A[(long)kk * m + i], B + (long)kk * n, n);
  } else {
    for (int i = 0; i < m; i++)
      for (int kk = 0; kk < k; kk++) axpy_any(C + (long)i * n, A[(long)i * k + kk], B + (long)kk * n, n);
  }
}

// ln(x) for x > 0 (no libm): x = m·2^e with m in [√½, √2), ln m = 2·atanh(z), z = (m−1)/(m+1),
// |z| ≤ 0.172, series to z⁹ (error < 1e-8).
static f32 log1(f32 x) {
  union { f32 f; unsigned u; } v = {x};
  int e = (int)((v.u >> 23) & 255) - 127;
  v.u = (v.u & 0x7fffff) | 0x3f800000;
  if (v.f > 1.41421356f) { v.f *= 0.5f; e++; }
  f32 z = (v.f - 1) / (v.f + 1), z2 = z * z;
  return e * 0.69314718056f + 2 * z * (1 + z2 * (1.0f / 3 + z2 * (1.0f / 5 + z2 * (1.0f / 7 + z2 / 9))));
}

// Mean softmax cross-entropy of logits [n, C] against class ids (given as floats, exact below
// 2^24). Writes the loss (1 float) and the softmax probabilities [n, C] for the backward.
__attribute__((export_name("ce_fwd")))
void ce_fwd(const f32 *logits, const f32 *ids, f32 *loss, f32 *prob, int n, int C) {
  f32 total = 0;
  for (int r = 0; r < n; r++) {
    const f32 *l = logits + (long)r * C;
    f32 *p = prob + (long)r * C, mx = -3.4e38f, sum = 0;
    for (int c = 0; c < C; c++) mx = l[c] > mx ? l[c] : mx;
    for (int c = 0; c < C; c++) sum += (p[c] = exp1(l[c] - mx));
    f32 inv = 1.0f / sum;
    for (int c = 0; c < C; c++) p[c] *= inv;
    total += mx + log1(sum) - l[(int)ids[r]];
  }
  loss[0] = total / n;
}

// Backward of ce_fwd: dlogits = (prob − onehot(ids)) · dy / n.
__attribute__((export_name("ce_bwd")))
void ce_bwd(const f32 *prob, const f32 *ids, const f32 *dy, f32 *dl, int n, int C) {
  f32 s = dy[0] / n;
  for (long c = 0; c < (long)n * C; c++) dl[c] = prob[c] * s;
  for (int r = 0; r < n; r++) dl[(long)r * C + (int)ids[r]] -= s;
}

// One AdamW step over n floats (n a multiple of 4), as runtime/train/optimizers.ts:
// m' = b1·m + (1−b1)·g; s' = b2·s + (1−b2)·g²; v' = v·decay − lr·(m'/c1) / (√(s'/c2) + eps).
__attribute__((export_name("adamw")))
void adamw(const f32 *v, const f32 *g, const f32 *m, const f32 *s, f32 *vo, f32 *mo, f32 *so, int n,
           f32 b1, f32 b1c, f32 b2, f32 b2c, f32 c1, f32 c2, f32 eps, f32 lr, f32 decay) {
  // 1 − b1 and 1 − b2 come from JS (computed in double, then rounded, as the tfjs-ops path does).
  v128_t B1 = wasm_f32x4_splat(b1), B1c = wasm_f32x4_splat(b1c), B2 = wasm_f32x4_splat(b2), B2c = wasm_f32x4_splat(b2c);
  v128_t C1 = wasm_f32x4_splat(c1), C2 = wasm_f32x4_splat(c2), E = wasm_f32x4_splat(eps), LR = wasm_f32x4_splat(lr), D = wasm_f32x4_splat(decay);
  for (int i = 0; i < n; i += 4) {
    v128_t gv = wasm_v128_load(g + i);
    v128_t mv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), B1), wasm_f32x4_mul(gv, B1c));
    v128_t sv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(s + i), B2), wasm_f32x4_mul(wasm_f32x4_mul(gv, gv), B2c));
    // Divisions (not reciprocal multiplies) so the rounding matches the tfjs-ops path.
    v128_t upd = wasm_f32x4_div(wasm_f32x4_div(mv, C1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(sv, C2)), E));
    wasm_v128_store(vo + i, wasm_f32x4_sub(wasm_f32x4_mul(wasm_v128_load(v + i), D), wasm_f32x4_mul(upd, LR)));
    wasm_v128_store(mo + i, mv);
    wasm_v128_store(so + i, sv);
  }
}

// Memory for operands: JS grows the exported memory and places buffers from here on.
extern unsigned char __heap_base;
__attribute__((export_name("heap_base"))) unsigned long heap_base(void) { return (unsigned long)&__heap_base; }
