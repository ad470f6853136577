"""A trial on a built-in model: the engine's base weights, the method, the engine's batches and losses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from . import data, vision
from .adapters import attach
from .models.builtin import ByteTransformer, Mlp, build, load_engine_weights
from .task import Task

EVAL_BATCHES = 8


def _holdout(config: dict[str, Any], fallback: float) -> float:
    h = float(config["data"].get("holdout", 0))
    return h if h > 0 else fallback


def make_task(
    config: dict[str, Any], base_path: str | None, peft_config: dict[str, Any] | None, device: torch.device
) -> Task:
    mc = config["model"]
    base = build(mc["family"], mc.get("params", {}))
    if base_path is None:
        raise ValueError("a built-in model needs basePath (the engine's safetensors of the base) in the request")
    load_engine_weights(base, base_path)
    d = config["data"]
    limit = d.get("limit")
    batch, seed = int(config["batch"]), int(config["seed"])
    if isinstance(base, ByteTransformer):
        train, hold = data.split_corpus(data.load_corpus(d["corpus"], limit), _holdout(config, 0.1))
        next_batch = data.lm_batches(train, batch, base.context, seed)
        evals = data.lm_eval_batches(hold, batch, base.context, EVAL_BATCHES)
    else:
        assert isinstance(base, Mlp)
        if vision.is_vision_corpus(d["corpus"]):
            images = vision.load_images(d["corpus"], limit, base.classes)
            itr, iho = vision.split_images(images, _holdout(config, 0.2))
            next_batch = vision.image_batches(images, itr, batch, base.n_in, seed)
            evals = vision.image_eval_batches(images, iho, batch, base.n_in, 1 << 30)
        else:
            tr, ho = data.split_examples(data.load_examples(d["corpus"], limit), _holdout(config, 0.2))
            next_batch = data.cls_batches(tr, batch, base.n_in, seed)
            evals = data.cls_eval_batches(ho, batch, base.n_in, 1 << 30)
    tokens_per_example = base.tokens_per_example
    fwd = base.forward_flops_per_token
    base.to(device)
    for p in base.parameters():
        p.requires_grad_(False)
    model = attach(base, config["adapter"]["method"], peft_config, seed)
    model.to(device)
    is_lm = isinstance(base, ByteTransformer)

    def tensors(b: data.Batch) -> tuple[torch.Tensor, torch.Tensor]:
        return torch.from_numpy(b.x).to(device, non_blocking=True), torch.from_numpy(b.y).to(device, non_blocking=True)

    def loss(m: nn.Module, b: data.Batch) -> torch.Tensor:
        x, y = tensors(b)
        return F.cross_entropy(m(x), y.reshape(-1))

    def evaluate(m: nn.Module, batches: list[data.Batch]) -> dict[str, float]:
        loss_sum, rows, correct = 0.0, 0, 0
        for b in batches:
            x, y = tensors(b)
            lg = m(x)
            yy = y.reshape(-1)
            loss_sum += float(F.cross_entropy(lg.float(), yy, reduction="sum"))
            rows += yy.numel()
            if not is_lm:
                correct += int((lg.argmax(1) == yy).sum())
        out = {"eval_loss": loss_sum / rows if rows else float("nan")}
        if not is_lm:
            out["eval_accuracy"] = correct / rows if rows else float("nan")
        return out

    full = config["adapter"]["method"] == "full"
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    flops = batch * tokens_per_example * (fwd * (3 if full else 2) + 6 * trainable)
    return Task(
        model=model,
        next_batch=next_batch,
        eval_batches=evals,
        loss=loss,
        evaluate=evaluate,
        tokens_per_batch=lambda b: int(b.x.shape[0]) * tokens_per_example,
        flops_per_step=flops,
        after_step=_rank_budget(model),
    )


def _rank_budget(model: nn.Module) -> Callable[[int], None] | None:
    """AdaLoRA reallocates its rank budget after each optimizer step (PEFT's update_and_allocate)."""
    update = getattr(getattr(model, "base_model", None), "update_and_allocate", None)
    return (lambda step: update(step)) if callable(update) else None
