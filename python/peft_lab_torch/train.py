"""The training loop of runtime/train/trainer.ts and step.ts on torch: schedule, global-norm clipping (only
above the threshold, scale clip / (norm + 1e-6)), periodic eval, metric records, divergence and cancellation
(checked before every step)."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

Batch = Any
LossFn = Callable[[nn.Module, Batch], torch.Tensor]
EvalFn = Callable[[nn.Module, list[Batch]], dict[str, float]]


@dataclass
class Loop:
    model: nn.Module
    optimizer: torch.optim.Optimizer
    schedule: Callable[[int], float]
    steps: int
    clip: float
    next_batch: Callable[[], Batch]
    eval_batches: list[Batch]
    eval_every: int
    loss: LossFn
    evaluate: EvalFn
    tokens_per_batch: Callable[[Batch], int]
    flops_per_step: float
    on_metric: Callable[[dict[str, Any]], None]
    cancelled: Callable[[], bool]
    t0: float = field(default_factory=time.perf_counter)
    log_every: int = 1
    #: Called with the step number after each optimizer step, gradients still present (AdaLoRA's rank budget).
    after_step: Callable[[int], None] | None = None


@dataclass
class Result:
    status: str
    step: int
    final: dict[str, float]


def clip_gradients(params: list[nn.Parameter], clip: float) -> float:
    """Global L2 norm before clipping; scales the gradients only when it exceeds `clip` (> 0)."""
    grads = [p.grad for p in params if p.grad is not None]
    if not grads:
        return 0.0
    norm = float(torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g.float()) for g in grads])))
    if clip > 0 and norm > clip:
        s = clip / (norm + 1e-6)
        for g in grads:
            g.mul_(s)
    return norm


def run_loop(o: Loop) -> Result:
    params = [p for p in o.model.parameters() if p.requires_grad]
    if not params:
        raise ValueError("the method has no trainable parameters")
    loop_start = time.perf_counter()
    tokens = 0
    last_loss = math.nan
    last_eval: dict[str, float] = {}
    step = 0

    def wall() -> float:
        return time.perf_counter() - o.t0

    def run_eval() -> None:
        nonlocal last_eval
        o.model.eval()
        with torch.no_grad():
            last_eval = o.evaluate(o.model, o.eval_batches)
        o.model.train()
        o.on_metric(
            {
                "kind": "eval",
                "step": step,
                "tokens": tokens,
                "flops": step * o.flops_per_step,
                "wall": wall(),
                "metrics": last_eval,
            }
        )

    o.model.train()
    while step < o.steps:
        if o.cancelled():
            return Result("cancelled", step, {**last_eval, "train_loss": last_loss})
        batch = o.next_batch()
        lr = o.schedule(step)
        for g in o.optimizer.param_groups:
            g["lr"] = lr
        o.optimizer.zero_grad(set_to_none=True)
        loss_t = o.loss(o.model, batch)
        loss = float(loss_t.detach())
        step += 1
        tokens += o.tokens_per_batch(batch)
        if not math.isfinite(loss):
            o.on_metric(
                {
                    "kind": "train",
                    "step": step,
                    "loss": loss,
                    "lr": lr,
                    "tokens": tokens,
                    "flops": step * o.flops_per_step,
                    "wall": wall(),
                    "gradNorm": math.nan,
                    "tokensPerSec": 0,
                }
            )
            return Result("diverged", step, {"train_loss": loss})
        loss_t.backward()  # type: ignore[no-untyped-call]
        grad_norm = clip_gradients(params, o.clip)
        o.optimizer.step()
        if o.after_step is not None:
            o.after_step(step)
        last_loss = loss
        if step % max(1, o.log_every) == 0 or step == o.steps:
            secs = time.perf_counter() - loop_start
            o.on_metric(
                {
                    "kind": "train",
                    "step": step,
                    "loss": loss,
                    "lr": lr,
                    "tokens": tokens,
                    "flops": step * o.flops_per_step,
                    "wall": wall(),
                    "gradNorm": grad_norm,
                    "tokensPerSec": tokens / secs if secs > 0 else 0,
                }
            )
        if o.eval_batches and ((o.eval_every > 0 and step % o.eval_every == 0) or step == o.steps):
            run_eval()
    return Result("done", step, {**last_eval, "train_loss": last_loss})
