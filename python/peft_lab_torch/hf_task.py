"""A trial on a Hugging Face model: the model, adapter and batches come from `peft_lab_torch.hf` (load_model,
attach_adapter, make_batches); the loss is the model's own (`labels` in the batch), the loop is the shared one."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

import torch
from torch import nn

from .task import Task


def _hf_module() -> Any:
    try:
        import importlib

        hf = importlib.import_module("peft_lab_torch.hf")
    except ImportError as e:
        raise RuntimeError(
            f"the Hugging Face side of the torch backend (peft_lab_torch.hf) is not available: {e}"
        ) from e
    return hf


def _stream(batches: Any) -> Callable[[], Any]:
    if callable(batches):
        return batches  # type: ignore[no-any-return]
    it = itertools.cycle(batches) if isinstance(batches, list) else iter(batches)
    return lambda: next(it)


def make_task(config: dict[str, Any], peft_config: dict[str, Any] | None, device: torch.device) -> Task:
    hf = _hf_module()
    precision = config["model"].get("params", {}).get("precision", "fp32")
    model, tokenizer = hf.load_model(config, device, precision)
    if config["adapter"]["method"] != "full":
        if peft_config is None:
            raise ValueError("an hf model needs peftConfig (the adapter_config.json dict) in the request")
        calibration = hf.make_batches(config, tokenizer, "calibration")
        model = hf.attach_adapter(model, peft_config, config, calibration=calibration)
    train: Iterable[Any] | Callable[[], Any] = hf.make_batches(config, tokenizer, "train")
    evals = list(hf.make_batches(config, tokenizer, "eval"))

    def on_device(b: dict[str, Any]) -> dict[str, Any]:
        return {k: v.to(device) if isinstance(v, torch.Tensor) else v for k, v in b.items()}

    def loss(m: nn.Module, b: dict[str, Any]) -> torch.Tensor:
        out: torch.Tensor = m(**on_device(b)).loss
        return out

    def tokens(b: dict[str, Any]) -> int:
        mask = b.get("attention_mask")
        return int(mask.sum()) if isinstance(mask, torch.Tensor) else int(b["input_ids"].numel())

    def evaluate(m: nn.Module, batches: list[dict[str, Any]]) -> dict[str, float]:
        total, rows, correct, cls = 0.0, 0, 0, False
        for b in batches:
            bd = on_device(b)
            out = m(**bd)
            n = int(bd["labels"].shape[0]) if bd["labels"].dim() == 1 else tokens(b)
            total += float(out.loss) * n
            rows += n
            if bd["labels"].dim() == 1 and out.logits.dim() == 2:
                cls = True
                correct += int((out.logits.argmax(-1) == bd["labels"]).sum())
        res = {"eval_loss": total / rows if rows else float("nan")}
        if cls:
            res["eval_accuracy"] = correct / rows if rows else float("nan")
        return res

    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    first = evals[0] if evals else None
    per_batch = tokens(first) if first is not None else 0
    flops = per_batch * (2 * total * 2 + 6 * trainable)
    return Task(
        model=model,
        next_batch=_stream(train),
        eval_batches=evals,
        loss=loss,
        evaluate=evaluate,
        tokens_per_batch=tokens,
        flops_per_step=float(flops),
        after_step=hf.step_hook(model),
    )
