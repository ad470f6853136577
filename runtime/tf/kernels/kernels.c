// Fused training kernels for the embedded wasm runtime, compiled to wasm SIMD by
// scripts/build-kernels.mjs (clang --target=wasm32 -msimd128, no libc). The module imports tfjs'
// own wasm memory and works on its tensors in place (pointers are tfjs heap offsets), so it must
// never touch memory it was not handed: no static data, no C stack (the build checks both), and
// no write past an operand's end (lengths that are not a multiple of 4 get scalar tails).
// Ranged kernels take the slice [lo, hi) of their outer loop, so two threads can share a call.
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

static f32 hsum(v128_t s) {
  return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
}

#define GELU_C 0.7978845608f
#define GELU_K 0.044715f

// Lanes 0 … r−1 of p (r in 1 … 3; the rest 0), and their store: tails of unpadded operands.
static v128_t load_n(const f32 *p, int r) { return wasm_f32x4_make(p[0], r > 1 ? p[1] : 0, r > 2 ? p[2] : 0, 0); }
static void store_n(f32 *p, v128_t v, int r) {
  p[0] = wasm_f32x4_extract_lane(v, 0);
  if (r > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (r > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
}

// y = 0.5·x·(1 + tanh(c·(x + k·x³))).
static v128_t gelu4(v128_t v) {
  v128_t u = wasm_f32x4_mul(wasm_f32x4_mul(v, wasm_f32x4_splat(GELU_C)),
                            wasm_f32x4_add(wasm_f32x4_splat(1.0f), wasm_f32x4_mul(wasm_f32x4_splat(GELU_K), wasm_f32x4_mul(v, v))));
  return wasm_f32x4_mul(wasm_f32x4_mul(v, wasm_f32x4_splat(0.5f)), wasm_f32x4_add(tanh4(u), wasm_f32x4_splat(1.0f)));
}

__attribute__((export_name("gelu_fwd"))) void gelu_fwd(const f32 *x, f32 *y, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(y + i, gelu4(wasm_v128_load(x + i)));
  if (i < n) store_n(y + i, gelu4(load_n(x + i, n - i)), n - i);
}

// dx = dy · (0.5·(1+t) + 0.5·x·(1−t²)·c·(1 + 3k·x²)), t recomputed from x.
static v128_t gelu_grad4(v128_t v, v128_t dy) {
  v128_t half = wasm_f32x4_splat(0.5f), one = wasm_f32x4_splat(1.0f), v2 = wasm_f32x4_mul(v, v);
  v128_t t = tanh4(wasm_f32x4_mul(wasm_f32x4_mul(v, wasm_f32x4_splat(GELU_C)), wasm_f32x4_add(one, wasm_f32x4_mul(wasm_f32x4_splat(GELU_K), v2))));
  v128_t sech2 = wasm_f32x4_sub(one, wasm_f32x4_mul(t, t));
  v128_t inner = wasm_f32x4_mul(wasm_f32x4_splat(GELU_C), wasm_f32x4_add(one, wasm_f32x4_mul(wasm_f32x4_splat(3 * GELU_K), v2)));
  v128_t g = wasm_f32x4_add(wasm_f32x4_mul(half, wasm_f32x4_add(t, one)), wasm_f32x4_mul(wasm_f32x4_mul(half, v), wasm_f32x4_mul(sech2, inner)));
  return wasm_f32x4_mul(dy, g);
}

__attribute__((export_name("gelu_bwd"))) void gelu_bwd(const f32 *x, const f32 *dy, f32 *dx, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(dx + i, gelu_grad4(wasm_v128_load(x + i), wasm_v128_load(dy + i)));
  if (i < n) store_n(dx + i, gelu_grad4(load_n(x + i, n - i), load_n(dy + i, n - i)), n - i);
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

// Causal multi-head attention, one (batch, head) pair at a time (pairs b·H + h in [lo, hi)). q, k, v, o: [B·T, H·dh] row-major
// (head h owns columns h·dh … h·dh+dh−1); p: [B, H, T, T] softmax probabilities, zero above the
// diagonal (kept for the backward). dh must be a multiple of 4 (any T). Scores are computed
// against a transposed copy of the head's keys (kt: [dh, T4], T4 = T rounded up to 4) so every
// inner loop runs over 4 keys per SIMD lane group with no horizontal sums, and the softmax's exp
// runs 4 lanes at a time. Scratch: dh·T4 + T4 floats.
#define T4(t) (((t) + 3) & ~3)

// dst[c·T4 + j] = src[j·d + c] for j < T, c < dh; columns T … T4−1 zeroed.
static void head_t(const f32 *src, f32 *dst, int T, int d, int dh) {
  int t4 = T4(T);
  for (int j = 0; j < T; j++)
    for (int c = 0; c < dh; c++) dst[c * t4 + j] = src[(long)j * d + c];
  for (int c = 0; c < dh; c++)
    for (int j = T; j < t4; j++) dst[c * t4 + j] = 0;
}

// row[0 … n4) = Σ_c a[c] · mt[c·t4 + …]: one row of a·mᵀ over the first n4 keys.
static void row_scores(const f32 *a, const f32 *mt, f32 *row, int n4, int t4, int dh) {
  for (int j = 0; j < n4; j += 4) wasm_v128_store(row + j, wasm_f32x4_splat(0));
  for (int c = 0; c < dh; c++) {
    v128_t ac = wasm_f32x4_splat(a[c]);
    const f32 *m = mt + c * t4;
    for (int j = 0; j < n4; j += 4)
      wasm_v128_store(row + j, wasm_f32x4_add(wasm_v128_load(row + j), wasm_f32x4_mul(ac, wasm_v128_load(m + j))));
  }
}

// out[0 … dh) = Σ_{j < n} w[j·ws] · rows[j·d + …], accumulated in registers 8 floats at a time.
static void weighted_rows(const f32 *w, int ws, const f32 *rows, int d, int n, f32 *out, int dh) {
  for (int c = 0; c < dh; c += 8) {
    v128_t a0 = wasm_f32x4_splat(0), a1 = a0;
    if (c + 8 <= dh) {
      for (int j = 0; j < n; j++) {
        v128_t s = wasm_f32x4_splat(w[(long)j * ws]);
        const f32 *r = rows + (long)j * d + c;
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(s, wasm_v128_load(r)));
        a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(s, wasm_v128_load(r + 4)));
      }
      wasm_v128_store(out + c, a0);
      wasm_v128_store(out + c + 4, a1);
    } else {
      for (int j = 0; j < n; j++)
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(w[(long)j * ws]), wasm_v128_load(rows + (long)j * d + c)));
      wasm_v128_store(out + c, a0);
    }
  }
}

__attribute__((export_name("attn_fwd")))
void attn_fwd(const f32 *q, const f32 *k, const f32 *v, f32 *o, f32 *p, f32 *scratch, int T, int H, int dh, f32 scale,
              int lo, int hi) {
  int d = H * dh, t4 = T4(T);
  f32 *kt = scratch, *row = scratch + dh * t4;
  v128_t lane = wasm_i32x4_make(0, 1, 2, 3);
  for (int bh = lo; bh < hi; bh++) {
    int b = bh / H, h = bh % H;
      long base = (long)b * T * d + h * dh;
      f32 *pb = p + ((long)(b * H + h)) * T * T;
      head_t(k + base, kt, T, d, dh);
      for (int i = 0; i < T; i++) {
        int n4 = T4(i + 1);
        row_scores(q + base + (long)i * d, kt, row, n4, t4, dh);
        v128_t sc = wasm_f32x4_splat(scale), mx = wasm_f32x4_splat(-3.4e38f), lim = wasm_i32x4_splat(i);
        for (int j = 0; j < n4; j += 4) {
          // Keys after i are masked to −∞ before the max, and to 0 after the exp.
          v128_t keep = wasm_i32x4_le(wasm_i32x4_add(lane, wasm_i32x4_splat(j)), lim);
          v128_t s = wasm_v128_bitselect(wasm_f32x4_mul(wasm_v128_load(row + j), sc), wasm_f32x4_splat(-3.4e38f), keep);
          wasm_v128_store(row + j, s);
          mx = wasm_f32x4_max(mx, s);
        }
        mx = wasm_f32x4_max(mx, wasm_i32x4_shuffle(mx, mx, 2, 3, 0, 1));
        mx = wasm_f32x4_max(mx, wasm_i32x4_shuffle(mx, mx, 1, 0, 3, 2));
        v128_t mv = mx, sum = wasm_f32x4_splat(0);
        for (int j = 0; j < n4; j += 4) {
          v128_t keep = wasm_i32x4_le(wasm_i32x4_add(lane, wasm_i32x4_splat(j)), lim);
          v128_t e = wasm_v128_and(exp4(wasm_f32x4_sub(wasm_v128_load(row + j), mv)), keep);
          wasm_v128_store(row + j, e);
          sum = wasm_f32x4_add(sum, e);
        }
        v128_t inv = wasm_f32x4_splat(1.0f / hsum(sum));
        for (int j = 0; j < n4; j += 4) wasm_v128_store(row + j, wasm_f32x4_mul(wasm_v128_load(row + j), inv));
        f32 *pr = pb + (long)i * T;
        for (int j = 0; j <= i; j++) pr[j] = row[j];
        for (int j = i + 1; j < T; j++) pr[j] = 0;
        weighted_rows(row, 1, v + base, d, i + 1, o + base + (long)i * d, dh);
      }
    }
}

// Backward of attn_fwd given do_ (= dL/do) and the saved p: writes dq, dk, dv (same layout as q).
// dS = p ⊙ (dP − rowsum(dP ⊙ p)), dP = do·vᵀ; dq = scale·dS·k; dk = scale·dSᵀ·q; dv = pᵀ·do.
// dS is formed for the whole head first (scratch: dh·T4 + T·T4 floats), then each output row is
// one register-accumulated weighted sum of rows.
__attribute__((export_name("attn_bwd")))
void attn_bwd(const f32 *q, const f32 *k, const f32 *v, const f32 *p, const f32 *do_, f32 *dq, f32 *dk, f32 *dv,
              f32 *scratch, int T, int H, int dh, f32 scale, int lo, int hi) {
  int d = H * dh, t4 = T4(T);
  f32 *vt = scratch, *ds = scratch + dh * t4;
  for (int bh = lo; bh < hi; bh++) {
    int b = bh / H, h = bh % H;
      long base = (long)b * T * d + h * dh;
      const f32 *pb = p + ((long)(b * H + h)) * T * T;
      head_t(v + base, vt, T, d, dh);
      for (int i = 0; i < T; i++) {
        f32 *dr = ds + (long)i * t4;
        const f32 *pr = pb + (long)i * T;
        int n = i + 1;
        row_scores(do_ + base + (long)i * d, vt, dr, T4(n), t4, dh);
        f32 acc = 0;
        for (int j = 0; j < n; j++) acc += dr[j] * pr[j];
        for (int j = 0; j < n; j++) dr[j] = scale * pr[j] * (dr[j] - acc);
        for (int j = n; j < t4; j++) dr[j] = 0;
      }
      for (int i = 0; i < T; i++) weighted_rows(ds + (long)i * t4, 1, k + base, d, i + 1, dq + base + (long)i * d, dh);
      for (int j = 0; j < T; j++) {
        // Column j of dS and p over rows i ≥ j (both are zero above the diagonal).
        weighted_rows(ds + (long)j * t4 + j, t4, q + base + (long)j * d, d, T - j, dk + base + (long)j * d, dh);
        weighted_rows(pb + (long)j * T + j, T, do_ + base + (long)j * d, d, T - j, dv + base + (long)j * d, dh);
      }
    }
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
// when ta, B is [n, k] when tb; ta and tb together are not supported). lda is A's row stride
// (k, or m when ta; larger when the call covers a block of C's rows). For shapes with a dimension
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
void mm_small(const f32 *A, const f32 *B, f32 *C, int m, int k, int n, int ta, int tb, int lda) {
  if (tb) {
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) C[(long)i * n + j] = dot_any(A + (long)i * lda, B + (long)j * k, k);
    return;
  }
  for (long c = 0; c < (long)m * n; c++) C[c] = 0;
  if (ta) {
    for (int kk = 0; kk < k; kk++)
      for (int i = 0; i < m; i++) axpy_any(C + (long)i * n, A[(long)kk * lda + i], B + (long)kk * n, n);
  } else {
    for (int i = 0; i < m; i++)
      for (int kk = 0; kk < k; kk++) axpy_any(C + (long)i * n, A[(long)i * lda + kk], B + (long)kk * n, n);
  }
}

// y[n, m] = x[m, n]ᵀ (y's rows ldy floats apart, so a call may fill a column block) in 4×4 SIMD blocks, walked in 32-row strips so source and destination lines
// stay in cache; scalar edges. tfjs-wasm's Transpose indexes element by element (~6 ns a float),
// and full fine-tuning transposes every layer input for its weight gradient Xᵀ·dY.
__attribute__((export_name("transpose2d")))
void transpose2d(const f32 *x, f32 *y, int m, int n, int ldy) {
  int m4 = m & ~3, n4 = n & ~3;
  for (int i0 = 0; i0 < m4; i0 += 32) {
    int i1 = i0 + 32 < m4 ? i0 + 32 : m4;
    for (int j = 0; j < n4; j += 4)
      for (int i = i0; i < i1; i += 4) {
        v128_t r0 = wasm_v128_load(x + (long)i * n + j), r1 = wasm_v128_load(x + (long)(i + 1) * n + j);
        v128_t r2 = wasm_v128_load(x + (long)(i + 2) * n + j), r3 = wasm_v128_load(x + (long)(i + 3) * n + j);
        v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
        v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
        wasm_v128_store(y + (long)j * ldy + i, wasm_i32x4_shuffle(t0, t1, 0, 1, 4, 5));
        wasm_v128_store(y + (long)(j + 1) * ldy + i, wasm_i32x4_shuffle(t0, t1, 2, 3, 6, 7));
        wasm_v128_store(y + (long)(j + 2) * ldy + i, wasm_i32x4_shuffle(t2, t3, 0, 1, 4, 5));
        wasm_v128_store(y + (long)(j + 3) * ldy + i, wasm_i32x4_shuffle(t2, t3, 2, 3, 6, 7));
      }
  }
  for (int i = 0; i < m; i++)
    for (int j = (i < m4 ? n4 : 0); j < n; j++) y[(long)j * ldy + i] = x[(long)i * n + j];
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

// One AdamW step over n floats, as runtime/train/optimizers.ts:
// m' = b1·m + (1−b1)·g; s' = b2·s + (1−b2)·g²; v' = v·decay − lr·(m'/c1) / (√(s'/c2) + eps).
// 1 − b1 and 1 − b2 come from JS (computed in double, then rounded, as the tfjs-ops path does).
typedef struct { v128_t b1, b1c, b2, b2c, c1, c2, eps, lr, decay; } adam_k;

static inline __attribute__((always_inline)) void adam4(const adam_k *a, v128_t v, v128_t g, v128_t m, v128_t s, v128_t *vo, v128_t *mo, v128_t *so) {
  *mo = wasm_f32x4_add(wasm_f32x4_mul(m, a->b1), wasm_f32x4_mul(g, a->b1c));
  *so = wasm_f32x4_add(wasm_f32x4_mul(s, a->b2), wasm_f32x4_mul(wasm_f32x4_mul(g, g), a->b2c));
  // Divisions (not reciprocal multiplies) so the rounding matches the tfjs-ops path.
  v128_t upd = wasm_f32x4_div(wasm_f32x4_div(*mo, a->c1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(*so, a->c2)), a->eps));
  *vo = wasm_f32x4_sub(wasm_f32x4_mul(v, a->decay), wasm_f32x4_mul(upd, a->lr));
}

__attribute__((export_name("adamw")))
void adamw(const f32 *v, const f32 *g, const f32 *m, const f32 *s, f32 *vo, f32 *mo, f32 *so, int n,
           f32 b1, f32 b1c, f32 b2, f32 b2c, f32 c1, f32 c2, f32 eps, f32 lr, f32 decay) {
  adam_k a = {wasm_f32x4_splat(b1), wasm_f32x4_splat(b1c), wasm_f32x4_splat(b2), wasm_f32x4_splat(b2c), wasm_f32x4_splat(c1),
              wasm_f32x4_splat(c2), wasm_f32x4_splat(eps), wasm_f32x4_splat(lr), wasm_f32x4_splat(decay)};
  v128_t x, y, z;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    adam4(&a, wasm_v128_load(v + i), wasm_v128_load(g + i), wasm_v128_load(m + i), wasm_v128_load(s + i), &x, &y, &z);
    wasm_v128_store(vo + i, x);
    wasm_v128_store(mo + i, y);
    wasm_v128_store(so + i, z);
  }
  if (i < n) {
    int r = n - i;
    adam4(&a, load_n(v + i, r), load_n(g + i, r), load_n(m + i, r), load_n(s + i, r), &x, &y, &z);
    store_n(vo + i, x, r);
    store_n(mo + i, y, r);
    store_n(so + i, z, r);
  }
}

// ---- GEMM: C = op(A)·op(B) (+ bias), for every matmul of a linear layer, forward and backward.
// Why: XNNPACK repacks its weights on every call whose "weight" changes (every full fine-tuning
// step, every weight gradient dW = Xᵀ·dY) and reaches only half its speed on those K-long shapes;
// its transposed operands also had to be materialised first. Here both operands are packed per
// block (BLIS-style: A in MC×KC blocks of 4-row micro panels, B in KC×8 micro panels), which
// folds any transpose into the packing, and the 4×8 micro-kernel keeps 8 accumulators, so
// V8's x64 code has registers to spare (a 6×8 kernel spills and runs 30 % slower). With relaxed
// SIMD (the PEFT_FMA build) each multiply-add is one fused instruction.
#ifdef PEFT_FMA
#define MADD(a, b, c) __builtin_wasm_relaxed_madd_f32x4(a, b, c)
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul(a, b), c)
#endif
#define GEMM_KC 256
#define GEMM_MC 128
#define GEMM_NC 256
#define GEMM_MR 4
#define GEMM_NR 8

// Stores one accumulator row pair: the first `cols` (4 or 8) columns, plus what C holds (acc) or
// the bias (first K block).
static inline __attribute__((always_inline)) void gemm_store(f32 *c, v128_t r0, v128_t r1, const f32 *bias, int acc, int cols) {
  if (acc) {
    r0 = wasm_f32x4_add(r0, wasm_v128_load(c));
    if (cols > 4) r1 = wasm_f32x4_add(r1, wasm_v128_load(c + 4));
  } else if (bias) {
    r0 = wasm_f32x4_add(r0, wasm_v128_load(bias));
    if (cols > 4) r1 = wasm_f32x4_add(r1, wasm_v128_load(bias + 4));
  }
  wasm_v128_store(c, r0);
  if (cols > 4) wasm_v128_store(c + 4, r1);
}

// C[rows ≤ 4, cols ∈ {4, 8}] (+)= packed A micro panel [kc][4] · packed B micro panel [kc][8].
static void gemm_micro(const f32 *pa, const f32 *pb, f32 *c, int ldc, int kc, const f32 *bias, int acc, int rows, int cols) {
  v128_t z = wasm_f32x4_splat(0.0f), c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
  for (int p = 0; p < kc; p++) {
    v128_t b0 = wasm_v128_load(pb), b1 = wasm_v128_load(pb + 4), x;
    x = wasm_v128_load32_splat(pa); c00 = MADD(x, b0, c00); c01 = MADD(x, b1, c01);
    x = wasm_v128_load32_splat(pa + 1); c10 = MADD(x, b0, c10); c11 = MADD(x, b1, c11);
    x = wasm_v128_load32_splat(pa + 2); c20 = MADD(x, b0, c20); c21 = MADD(x, b1, c21);
    x = wasm_v128_load32_splat(pa + 3); c30 = MADD(x, b0, c30); c31 = MADD(x, b1, c31);
    pa += GEMM_MR;
    pb += GEMM_NR;
  }
  gemm_store(c, c00, c01, bias, acc, cols);
  if (rows > 1) gemm_store(c + ldc, c10, c11, bias, acc, cols);
  if (rows > 2) gemm_store(c + 2 * ldc, c20, c21, bias, acc, cols);
  if (rows > 3) gemm_store(c + 3 * ldc, c30, c31, bias, acc, cols);
}

// Floats of scratch one gemm call packs into (the caller allocates it).
__attribute__((export_name("gemm_scratch"))) int gemm_scratch(void) { return GEMM_KC * (GEMM_MC + GEMM_NC); }

// The block C[i0:i1, j0:j1] of C [·, ldc] = op(A)·op(B) (+ bias[j]), with k the inner dimension.
// op(A)(i, p) = a[i·sai + p·sap] and op(B)(p, j) = b[p·sbk + j·sbn]: a transpose is a swap of the
// strides. j0 and j1 − j0 must be multiples of 4. scratch: gemm_scratch() floats, this call's own. Two calls on disjoint blocks can run at once.
__attribute__((export_name("gemm")))
void gemm(const f32 *a, const f32 *b, const f32 *bias, f32 *c, f32 *scratch, int i0, int i1, int j0, int j1, int k,
          int ldc, int sai, int sap, int sbk, int sbn) {
  f32 *pa = scratch, *pb = scratch + GEMM_KC * GEMM_MC;
  for (int jc = j0; jc < j1; jc += GEMM_NC) {
    int nc = j1 - jc < GEMM_NC ? j1 - jc : GEMM_NC;
    for (int p0 = 0; p0 < k; p0 += GEMM_KC) {
      int kc = k - p0 < GEMM_KC ? k - p0 : GEMM_KC;
      // B [kc × nc] as micro panels [kc][8], zero-padded past nc.
      for (int jr = 0; jr < nc; jr += GEMM_NR) {
        f32 *dst = pb + jr * kc;
        const f32 *src = b + p0 * sbk + (jc + jr) * sbn;
        int w = nc - jr < GEMM_NR ? nc - jr : GEMM_NR;
        if (sbn == 1 && w == GEMM_NR) {
          for (int p = 0; p < kc; p++, src += sbk, dst += GEMM_NR) {
            wasm_v128_store(dst, wasm_v128_load(src));
            wasm_v128_store(dst + 4, wasm_v128_load(src + 4));
          }
        } else {
          for (int p = 0; p < kc; p++, dst += GEMM_NR)
            for (int q = 0; q < GEMM_NR; q++) dst[q] = q < w ? src[p * sbk + q * sbn] : 0.0f;
        }
      }
      for (int ic = i0; ic < i1; ic += GEMM_MC) {
        int mc = i1 - ic < GEMM_MC ? i1 - ic : GEMM_MC;
        // A [mc × kc] as micro panels [kc][4], zero-padded past mc.
        for (int ir = 0; ir < mc; ir += GEMM_MR) {
          f32 *dst = pa + ir * kc;
          int h = mc - ir < GEMM_MR ? mc - ir : GEMM_MR;
          const f32 *src = a + (ic + ir) * sai + p0 * sap;
          if (sap == 1 && h == GEMM_MR) {
            // Rows of A: a 4×4 transpose per 4 k.
            int p = 0;
            for (; p + 4 <= kc; p += 4, dst += 16) {
              v128_t r0 = wasm_v128_load(src + p), r1 = wasm_v128_load(src + sai + p);
              v128_t r2 = wasm_v128_load(src + 2 * sai + p), r3 = wasm_v128_load(src + 3 * sai + p);
              v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
              v128_t t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
              wasm_v128_store(dst, wasm_i64x2_shuffle(t0, t1, 0, 2));
              wasm_v128_store(dst + 4, wasm_i64x2_shuffle(t0, t1, 1, 3));
              wasm_v128_store(dst + 8, wasm_i64x2_shuffle(t2, t3, 0, 2));
              wasm_v128_store(dst + 12, wasm_i64x2_shuffle(t2, t3, 1, 3));
            }
            for (; p < kc; p++, dst += GEMM_MR)
              for (int r = 0; r < GEMM_MR; r++) dst[r] = src[r * sai + p];
          } else if (sai == 1 && h == GEMM_MR) {
            // Columns of A (op(A) = Xᵀ): 4 adjacent floats per k.
            for (int p = 0; p < kc; p++, src += sap, dst += GEMM_MR) wasm_v128_store(dst, wasm_v128_load(src));
          } else {
            for (int p = 0; p < kc; p++, dst += GEMM_MR)
              for (int r = 0; r < GEMM_MR; r++) dst[r] = r < h ? src[r * sai + p * sap] : 0.0f;
          }
        }
        for (int jr = 0; jr < nc; jr += GEMM_NR) {
          int w = nc - jr < GEMM_NR ? nc - jr : GEMM_NR;
          const f32 *bb = bias ? bias + jc + jr : 0;
          for (int ir = 0; ir < mc; ir += GEMM_MR) {
            int h = mc - ir < GEMM_MR ? mc - ir : GEMM_MR;
            gemm_micro(pa + ir * kc, pb + jr * kc, c + (ic + ir) * ldc + jc + jr, ldc, kc, bb, p0 > 0, h, w);
          }
        }
      }
    }
  }
}

// y[j0:j1] = Σᵢ x[i, j] over the n rows of x [n, d] (a bias gradient). j0 and j1 − j0 are multiples
// of 4 except at j1 = d. Why: as a [1, n]·x matmul XNNPACK repacks all of x on every call.
__attribute__((export_name("colsum")))
void colsum(const f32 *x, f32 *y, int n, int d, int j0, int j1) {
  int j = j0;
  for (; j + 16 <= j1; j += 16) {
    v128_t s0 = wasm_f32x4_splat(0.0f), s1 = s0, s2 = s0, s3 = s0;
    for (const f32 *p = x + j, *e = x + (long)n * d + j; p < e; p += d) {
      s0 = wasm_f32x4_add(s0, wasm_v128_load(p));
      s1 = wasm_f32x4_add(s1, wasm_v128_load(p + 4));
      s2 = wasm_f32x4_add(s2, wasm_v128_load(p + 8));
      s3 = wasm_f32x4_add(s3, wasm_v128_load(p + 12));
    }
    wasm_v128_store(y + j, s0);
    wasm_v128_store(y + j + 4, s1);
    wasm_v128_store(y + j + 8, s2);
    wasm_v128_store(y + j + 12, s3);
  }
  for (; j + 4 <= j1; j += 4) {
    v128_t s = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < n; i++) s = wasm_f32x4_add(s, wasm_v128_load(x + i * d + j));
    wasm_v128_store(y + j, s);
  }
  for (; j < j1; j++) {
    f32 s = 0.0f;
    for (int i = 0; i < n; i++) s += x[i * d + j];
    y[j] = s;
  }
}
