"""Optimizers and learning-rate schedules of runtime/train (optimizers.ts, schedules.ts) on torch: the same
defaults (AdamW weight decay 0.01, SGD momentum 0.9, AdaGrad eps 1e-10) and the same schedule formulas, so a
trial's learning rate at every step is the engine's."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import torch


def _num(params: dict[str, Any], key: str, fallback: float) -> float:
    v = params.get(key)
    if v is None:
        return fallback
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError(f'optimizer parameter "{key}" must be a number, got {v!r}')
    return float(v)


def base_lr(opt: dict[str, Any], fallback: float = 1e-3) -> float:
    return _num(opt.get("params", {}), "lr", fallback)


def create_optimizer(opt: dict[str, Any], params: Iterable[torch.nn.Parameter]) -> torch.optim.Optimizer:
    """By catalog name (adamw, adam, sgd, adagrad); the learning rate is set per step by the schedule."""
    name = str(opt.get("name", "adamw")).lower()
    p: dict[str, Any] = dict(opt.get("params", {}))
    ps = list(params)
    lr = base_lr(opt)
    if name in ("adamw", "adam"):
        betas = p.get("betas")
        b1, b2 = (
            (float(betas[0]), float(betas[1]))
            if isinstance(betas, list)
            else (_num(p, "beta1", 0.9), _num(p, "beta2", 0.999))
        )
        wd = _num(p, "weight_decay", 0.0 if name == "adam" else 0.01)
        return torch.optim.AdamW(ps, lr=lr, betas=(b1, b2), eps=_num(p, "eps", 1e-8), weight_decay=wd)
    if name == "sgd":
        return torch.optim.SGD(ps, lr=lr, momentum=_num(p, "momentum", 0.9), weight_decay=_num(p, "weight_decay", 0.0))
    if name == "adagrad":
        return torch.optim.Adagrad(
            ps, lr=lr, eps=_num(p, "eps", 1e-10), initial_accumulator_value=_num(p, "initial_accumulator_value", 0.0)
        )
    raise ValueError(f'unknown optimizer "{opt.get("name")}"; expected adamw, adam, sgd or adagrad')


def _steps(v: Any, total: int, fallback: float) -> int:
    x = float(v) if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) else fallback
    if x < 0:
        raise ValueError(f"schedule fraction must be >= 0, got {x}")
    return math.floor(x * total + 0.5) if x < 1 else math.floor(x + 0.5)


def create_schedule(s: dict[str, Any], lr: float, total: int) -> Callable[[int], float]:
    """runtime/train/schedules.ts: the learning rate for a 0-based step."""
    p: dict[str, Any] = s.get("params", {})
    name = str(s.get("name", "constant")).lower()
    warm = _steps(p.get("warmup"), total, 0.05 if name in ("linear_warmup", "wsd") else 0)
    mr = p.get("min_lr_ratio")
    min_ratio = float(mr) if isinstance(mr, int | float) and not isinstance(mr, bool) else 0.0

    def warmup(step: int) -> float | None:
        return lr * (step + 1) / warm if step < warm else None

    if name in ("constant", "linear_warmup"):
        return lambda step: w if (w := warmup(step)) is not None else lr
    if name == "cosine":
        span = max(1, total - 1 - warm)

        def cosine(step: int) -> float:
            w = warmup(step)
            if w is not None:
                return w
            prog = min(1.0, (step - warm) / span)
            return lr * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * prog)))

        return cosine
    if name == "wsd":
        decay = _steps(p.get("decay"), total, 0.2)
        start = total - decay

        def wsd(step: int) -> float:
            w = warmup(step)
            if w is not None:
                return w
            if step < start or decay == 0:
                return lr
            return lr * (1 - (1 - min_ratio) * min(1.0, (step - start + 1) / decay))

        return wsd
    raise ValueError(f'unknown schedule "{s.get("name")}"; expected constant, cosine, linear_warmup or wsd')
