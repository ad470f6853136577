#!/usr/bin/env python3
"""SciPy anchor for core/laws: the same laws, objectives, parameterisation, start grid and bounds,
minimised with scipy.optimize (L-BFGS-B on the Huber objective; least_squares 'trf' for LM).

Reads one JSON object on stdin:
  {"cases": [{"name", "form", "x": [[..] per point], "y": [..], "w": [..], "constants": {..},
              "loss": "huber"|"lm", "delta", "residuals": "log"|"linear", "isLog": [..],
              "lo": [..], "hi": [..] (internal coordinates, null = unbounded),
              "grid": [[u..] ..] (internal coordinates), "maxStarts": K,
              "repeat": R (timing), "bootstrap": B (refits from the optimum, timed), "seed": s}]}
Writes {"results": [{"name", "objective", "u", "seconds": [...], "bootstrapSeconds"}]} on stdout.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import least_squares, minimize


def model(form, X, c):
    """Returns f(theta) -> (values, jacobian n x p) in natural units, matching core/laws."""
    if form == "power":
        lx = np.log(X[:, 0])
        def f(t):
            px = np.exp(-t[2] * lx)
            return t[0] + t[1] * px, np.stack([np.ones_like(lx), px, -t[1] * px * lx], 1)
        return f
    if form == "chinchilla":
        lN, lD = np.log(X[:, 0]), np.log(X[:, 1])
        def f(t):
            pn, pd = np.exp(-t[3] * lN), np.exp(-t[4] * lD)
            return t[0] + t[1] * pn + t[2] * pd, np.stack([np.ones_like(lN), pn, pd, -t[1] * pn * lN, -t[2] * pd * lD], 1)
        return f
    if form == "nmt":
        le, ld = np.log(X[:, 0]) - np.log(c["Ne_ref"]), np.log(X[:, 1]) - np.log(c["Nd_ref"])
        def f(t):
            q = np.exp(-t[1] * le - t[2] * ld)
            return t[0] * q + t[3], np.stack([q, -t[0] * q * le, -t[0] * q * ld, np.ones_like(q)], 1)
        return f
    if form == "exponential":
        x = X[:, 0]
        def f(t):
            q = np.exp(-t[2] * x)
            return t[0] + t[1] * q, np.stack([np.ones_like(x), q, -t[1] * x * q], 1)
        return f
    if form == "lr_annealing":
        l1, s2 = np.log(X[:, 0]), X[:, 1]
        def f(t):
            q = np.exp(-t[2] * l1)
            return t[0] + t[1] * q - t[3] * s2, np.stack([np.ones_like(l1), q, -t[1] * q * l1, -s2], 1)
        return f
    raise ValueError(f"no SciPy model for form {form}")


def batch_values(form, X, c, T):
    """f at many parameter vectors at once: T is (G, p) natural units, returns (G, n). Used to screen the grid."""
    c0 = lambda j: T[:, j][:, None]
    if form == "power":
        return c0(0) + c0(1) * np.exp(-c0(2) * np.log(X[:, 0])[None, :])
    if form == "chinchilla":
        return c0(0) + c0(1) * np.exp(-c0(3) * np.log(X[:, 0])[None, :]) + c0(2) * np.exp(-c0(4) * np.log(X[:, 1])[None, :])
    if form == "nmt":
        le = (np.log(X[:, 0]) - np.log(c["Ne_ref"]))[None, :]
        ld = (np.log(X[:, 1]) - np.log(c["Nd_ref"]))[None, :]
        return c0(0) * np.exp(-c0(1) * le - c0(2) * ld) + c0(3)
    if form == "exponential":
        return c0(0) + c0(1) * np.exp(-c0(2) * X[:, 0][None, :])
    if form == "lr_annealing":
        return c0(0) + c0(1) * np.exp(-c0(2) * np.log(X[:, 0])[None, :]) - c0(3) * X[:, 1][None, :]
    raise ValueError(f"no SciPy model for form {form}")


def problem(case):
    X = np.array(case["x"], dtype=float)
    y = np.array(case["y"], dtype=float)
    w0 = np.array(case["w"], dtype=float)
    is_log = np.array(case["isLog"], dtype=bool)
    f = model(case["form"], X, case.get("constants", {}))
    delta = case.get("delta", 1e-3)
    ly = np.log(y)

    def natural(u):
        return np.where(is_log, np.exp(u), u)

    def huber(u, w):
        t = natural(u)
        v, J = f(t)
        if np.any(~np.isfinite(v)) or np.any(v <= 0):
            return np.inf, np.zeros_like(u)
        r = np.log(v) - ly
        a = np.abs(r)
        h = np.where(a <= delta, 0.5 * r * r, delta * a - 0.5 * delta * delta)
        psi = w * np.clip(r, -delta, delta) / v
        g = (J * psi[:, None]).sum(0) * np.where(is_log, t, 1.0)
        return float((w * h).sum()), g

    def resid(u, w):
        t = natural(u)
        v, _ = f(t)
        sw = np.sqrt(w)
        with np.errstate(all="ignore"):
            return sw * (np.log(v) - ly) if case.get("residuals", "log") == "log" else sw * (v - y)

    def resid_jac(u, w):
        t = natural(u)
        v, J = f(t)
        sw = np.sqrt(w)
        scale = sw / v if case.get("residuals", "log") == "log" else sw
        return J * scale[:, None] * np.where(is_log, t, 1.0)[None, :]

    return X, y, w0, huber, resid, resid_jac


def bounds_of(case):
    lo = [(-np.inf if v is None else v) for v in case["lo"]]
    hi = [(np.inf if v is None else v) for v in case["hi"]]
    return lo, hi


def fit(case, u_starts, w, huber, resid, resid_jac):
    lo, hi = bounds_of(case)
    best = (np.inf, None)
    for u0 in u_starts:
        u0 = np.clip(np.array(u0, dtype=float), lo, hi)
        if case["loss"] == "huber":
            r = minimize(huber, u0, args=(w,), jac=True, method="L-BFGS-B", bounds=list(zip(lo, hi)),
                         options={"maxiter": 1000, "ftol": 1e-12, "gtol": 1e-10})
            val = r.fun
        else:
            try:
                r = least_squares(resid, u0, jac=resid_jac, args=(w,), bounds=(lo, hi), method="trf",
                                  ftol=1e-12, xtol=1e-12, gtol=1e-12, max_nfev=1000)
            except ValueError:
                continue
            val = float(r.cost)
        if np.isfinite(val) and val < best[0]:
            best = (val, r.x)
    return best


def screen(case, X, y, w):
    """Objective at every grid point, vectorised over the grid (one (G, n) array per chunk)."""
    grid = np.array(case["grid"], dtype=float)
    is_log = np.array(case["isLog"], dtype=bool)
    delta = case.get("delta", 1e-3)
    vals = np.empty(len(grid))
    with np.errstate(all="ignore"):
        for a in range(0, len(grid), 2048):
            U = grid[a:a + 2048]
            V = batch_values(case["form"], X, case.get("constants", {}), np.where(is_log[None, :], np.exp(U), U))
            bad = ~np.all(np.isfinite(V), 1)
            if case["loss"] == "huber" or case.get("residuals", "log") == "log":
                bad |= np.any(V <= 0, 1)
                r = np.log(V) - np.log(y)[None, :]
            else:
                r = V - y[None, :]
            if case["loss"] == "huber":
                ar = np.abs(r)
                h = np.where(ar <= delta, 0.5 * r * r, delta * ar - 0.5 * delta * delta)
                v = (h * w[None, :]).sum(1)
            else:
                v = 0.5 * (r * r * w[None, :]).sum(1)
            vals[a:a + 2048] = np.where(bad, np.inf, v)
    order = np.argsort(vals, kind="stable")
    order = [i for i in order if np.isfinite(vals[i])][: max(1, case["maxStarts"])]
    return grid[order]


def run(case):
    X, y, w, huber, resid, resid_jac = problem(case)
    seconds = []
    best = (np.inf, None)
    for _ in range(case.get("repeat", 1)):
        t0 = time.perf_counter()
        starts = screen(case, X, y, w)
        best = fit(case, starts, w, huber, resid, resid_jac)
        seconds.append(time.perf_counter() - t0)
    out = {"name": case["name"], "objective": best[0] if np.isfinite(best[0]) else None, "u": None if best[1] is None else list(best[1]), "seconds": seconds}
    if case.get("bootstrap", 0) and best[1] is not None:
        rng = np.random.default_rng(case.get("seed", 1))
        n = len(y)
        t0 = time.perf_counter()
        for _ in range(case["bootstrap"]):
            counts = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
            fit(case, [best[1]], counts * w, huber, resid, resid_jac)
        out["bootstrapSeconds"] = time.perf_counter() - t0
    return out


def main():
    req = json.load(sys.stdin)
    results = [run(c) for c in req["cases"]]
    json.dump({"results": results}, sys.stdout, default=lambda v: None if not np.isfinite(v) else float(v))


if __name__ == "__main__":
    main()
