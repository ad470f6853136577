"""Mulberry32, bit for bit the generator of core/random.ts, and the draws built on it (runtime/model/init.ts,
runtime/peft/common.ts), so data windows and adapter inits match the TypeScript engine exactly.

The state after k draws is `seed + k * 0x6D2B79F5 (mod 2^32)`, so a whole block of draws is computed at once
with numpy's wrapping uint32 arithmetic instead of a Python loop."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

GOLDEN = 0x6D2B79F5
MASK = 0xFFFFFFFF


def _imul(a: npt.NDArray[np.uint32], b: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """Math.imul: the low 32 bits of the product."""
    out: npt.NDArray[np.uint32] = ((a.astype(np.uint64) * b.astype(np.uint64)) & np.uint64(MASK)).astype(np.uint32)
    return out


def _hash(a: npt.NDArray[np.uint32]) -> npt.NDArray[np.float64]:
    t = a
    t = _imul(t ^ (t >> np.uint32(15)), t | np.uint32(1))
    t = t ^ ((t + _imul(t ^ (t >> np.uint32(7)), t | np.uint32(61))) & np.uint32(MASK))
    out: npt.NDArray[np.float64] = (t ^ (t >> np.uint32(14))).astype(np.float64) / 4294967296.0
    return out


class Mulberry32:
    """A stream of uniforms in [0, 1): `next()` one at a time, `take(n)` a block (same sequence)."""

    def __init__(self, state: int) -> None:
        self.state = state & MASK

    def take(self, n: int) -> npt.NDArray[np.float64]:
        k = np.arange(1, n + 1, dtype=np.uint64)
        states = ((np.uint64(self.state) + k * np.uint64(GOLDEN)) & np.uint64(MASK)).astype(np.uint32)
        self.state = (self.state + n * GOLDEN) & MASK
        return _hash(states)

    def next(self) -> float:
        return float(self.take(1)[0])


def mulberry32(state: int) -> Callable[[], float]:
    """Same contract as core/random.ts: a function returning the next uniform."""
    return Mulberry32(state).next


def engine_rng(seed: int) -> Mulberry32:
    """runtime/model/init.ts `rng`: data windows and weight init (seed 0 becomes 0x9E3779B9)."""
    s = seed & MASK
    return Mulberry32(s if s != 0 else 0x9E3779B9)


def method_rng(seed: int) -> Mulberry32:
    """runtime/peft/common.ts `rng`: adapter inits."""
    return Mulberry32((seed & MASK) + GOLDEN)


def uniform(r: Mulberry32, n: int, bound: float) -> npt.NDArray[np.float32]:
    """runtime/peft/common.ts `uniform`: (2u - 1) * bound, stored as float32."""
    return ((2.0 * r.take(n) - 1.0) * bound).astype(np.float32)


def normal(r: Mulberry32, n: int, mean: float, std: float) -> npt.NDArray[np.float32]:
    """runtime/peft/common.ts `normal`: one Box-Muller cosine per pair of draws."""
    u = r.take(2 * n).reshape(n, 2)
    z = np.sqrt(-2.0 * np.log(np.maximum(u[:, 0], 1e-12))) * np.cos(2.0 * np.pi * u[:, 1])
    return (mean + std * z).astype(np.float32)
