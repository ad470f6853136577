"""TrialConfig dicts (core/types/plan.ts) for the hf tests, and a small training loop that does
what the worker's loop does with the hf module's batches (`model(**batch).loss`, AdamW, clipping)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

REPO = Path(__file__).resolve().parents[2]
TINY_LLAMA = str(REPO / "examples" / "models" / "tiny-llama" / "config.json")
MINILM = str(REPO / "examples" / "models" / "all-MiniLM-L6-v2" / "config.json")


def trial(
    model: dict[str, Any],
    data: dict[str, Any],
    *,
    method: str = "lora",
    steps: int = 20,
    batch: int = 8,
    lr: float = 1e-3,
    seed: int = 0,
) -> dict[str, Any]:
    return {
        "experiment": "test",
        "run": "r",
        "model": {"name": "m", "family": "hf", **model},
        "data": {"name": "d", "holdout": 0.1, "params": {}, **data},
        "adapter": {"name": "a", "method": method, "params": {}},
        "optimizer": {"name": "adamw", "params": {"lr": lr}},
        "schedule": {"name": "constant", "params": {}},
        "batch": batch,
        "steps": steps,
        "seed": seed,
        "evalEvery": steps,
        "metric": "eval_loss",
        "clip": 1.0,
    }


def lora_dict(targets: list[str], r: int, task: str = "CAUSAL_LM", **extra: Any) -> dict[str, Any]:
    """The fields `peft export --to peft` writes for a LoRA adapter (core/interop/peft-config.ts)."""
    return {
        "alpha_pattern": {},
        "auto_mapping": None,
        "base_model_name_or_path": None,
        "bias": "none",
        "exclude_modules": None,
        "fan_in_fan_out": False,
        "inference_mode": True,
        "init_lora_weights": True,
        "layer_replication": None,
        "layers_pattern": None,
        "layers_to_transform": None,
        "loftq_config": {},
        "lora_alpha": 2 * r,
        "lora_bias": False,
        "lora_dropout": 0.0,
        "megatron_config": None,
        "megatron_core": "megatron.core",
        "modules_to_save": None,
        "peft_type": "LORA",
        "r": r,
        "rank_pattern": {},
        "revision": None,
        "target_modules": targets,
        "task_type": task,
        "use_dora": False,
        "use_rslora": False,
        **extra,
    }


def train(model: torch.nn.Module, batches: Any, steps: int, lr: float) -> float:
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr)
    model.train()
    loss = torch.tensor(0.0)
    for _ in range(steps):
        loss = model(**next(batches)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
    return float(loss.detach())


@torch.no_grad()
def evaluate(model: torch.nn.Module, batches: list[dict[str, torch.Tensor]]) -> tuple[float, float]:
    """(mean loss, accuracy of argmax logits; accuracy is 0 for language models)."""
    model.eval()
    losses, right, n = [], 0, 0
    for b in batches:
        out = model(**b)
        losses.append(float(out.loss))
        if out.logits.dim() == 2:
            right += int((out.logits.argmax(-1) == b["labels"]).sum())
            n += len(b["labels"])
    model.train()
    return sum(losses) / len(losses), right / n if n else 0.0
