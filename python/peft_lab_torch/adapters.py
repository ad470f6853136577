"""Methods on the built-in models: `full` (every weight trains) and the LoRA family (LoRA, rsLoRA, DoRA, and
the PiSSA/OLoRA inits) built with the `peft` library itself from the adapter_config.json dict that
`peft export --to peft` writes. For init_lora_weights true/false/gaussian, lora_A (and lora_B) are then
overwritten with the engine's draws (runtime/peft/lora-init.ts, same seeded stream, sites in forward order),
so a torch trial starts from the very adapter the tfjs engine would build. IA3, LoKr, MiSS and AdaLoRA are
PEFT's own layers built from the dict as written; other methods are refused naming the runnable ones."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch
from torch import nn

from .rng import method_rng, normal, uniform

# Catalog method → what makes it LoRA in PEFT's terms; the catalog declares the same set as runnable on torch.
LORA_METHODS: dict[str, dict[str, Any]] = {
    "lora": {},
    "rslora": {"use_rslora": True},
    "dora": {"use_dora": True},
    "pissa": {"init_lora_weights": "pissa"},
    "olora": {"init_lora_weights": "olora"},
}
# Other PEFT adapter types that build on any module tree (no transformers model needed): catalog name → peft_type.
PEFT_METHODS = {"ia3": "IA3", "lokr": "LOKR", "miss": "MISS", "adalora": "ADALORA"}
TORCH_METHODS = ("full", *LORA_METHODS, *PEFT_METHODS)


def attach(model: nn.Module, method: str, peft_config: dict[str, Any] | None, seed: int) -> nn.Module:
    """Returns the model to train (a PeftModel for LoRA) with only the method's parameters trainable."""
    if method == "full":
        for p in model.parameters():
            p.requires_grad_(True)
        return model
    if method in PEFT_METHODS:
        return _attach_peft(model, method, peft_config)
    if method not in LORA_METHODS:
        raise ValueError(
            f'method "{method}" is not runnable on the torch backend for built-in models '
            f"(runnable: {', '.join(TORCH_METHODS)})"
        )
    if peft_config is None:
        raise ValueError(f'method "{method}" needs peftConfig (the adapter_config.json dict) in the request')
    from peft import get_peft_config, get_peft_model

    cfg = {**peft_config, **LORA_METHODS[method], "inference_mode": False, "task_type": None}
    if cfg.get("peft_type") != "LORA":
        raise ValueError(f"peftConfig.peft_type must be LORA for {method}, got {cfg.get('peft_type')!r}")
    if cfg.get("init_lora_weights") in ("eva", "lora_ga"):
        # Data-driven inits read calibration batches, which only the hf path collects: refuse, never fall back.
        raise ValueError(f"init_lora_weights = {cfg['init_lora_weights']} runs on the torch backend for hf models only")
    pm = get_peft_model(model, get_peft_config(cfg))
    init = cfg.get("init_lora_weights", True)
    if init in (True, False, "gaussian"):
        copy_engine_init(pm, init, seed)
    return pm


def _attach_peft(model: nn.Module, method: str, peft_config: dict[str, Any] | None) -> nn.Module:
    """IA3, LoKr, MiSS, AdaLoRA: PEFT's own layers and init, from the exported dict as written."""
    from peft import get_peft_config, get_peft_model

    if peft_config is None or peft_config.get("peft_type") != PEFT_METHODS[method]:
        got = None if peft_config is None else peft_config.get("peft_type")
        raise ValueError(f"method {method} needs a peftConfig with peft_type {PEFT_METHODS[method]}, got {got!r}")
    return get_peft_model(model, get_peft_config({**peft_config, "inference_mode": False, "task_type": None}))


def _lora_layers(model: nn.Module) -> list[tuple[str, Any]]:
    """PEFT's LoRA layers in registration (= the engine's forward) order."""
    return [
        (n, m)
        for n, m in model.named_modules()
        if hasattr(m, "lora_A") and isinstance(getattr(m, "lora_A", None), nn.ModuleDict) and "default" in m.lora_A
    ]


def copy_engine_init(model: nn.Module, init: Any, seed: int) -> None:
    """lora-init.ts: A_t [d_in, r] uniform(±1/sqrt(d_in)) (or normal(0, 1/r) for gaussian), B zero or, for
    init false, uniform(±1/sqrt(r)); drawn site by site from one stream. PEFT stores A as [r, d_in]."""
    r = method_rng(seed)
    with torch.no_grad():
        for _, m in _lora_layers(model):
            a_w: torch.Tensor = m.lora_A["default"].weight
            b_w: torch.Tensor = m.lora_B["default"].weight
            rank, d_in = a_w.shape
            d_out = b_w.shape[0]
            a = (
                normal(r, d_in * rank, 0.0, 1.0 / rank)
                if init == "gaussian"
                else uniform(r, d_in * rank, 1 / math.sqrt(d_in))
            )
            a_w.copy_(torch.from_numpy(a.reshape(d_in, rank).T.copy()))
            if init is False:
                b = uniform(r, rank * d_out, 1 / math.sqrt(rank))
                b_w.copy_(torch.from_numpy(np.ascontiguousarray(b.reshape(rank, d_out).T)))
            else:
                b_w.zero_()


def adapter_state(model: nn.Module, method: str) -> dict[str, torch.Tensor]:
    """What the trial saves: PEFT's state dict (keys `base_model.model.<site>.lora_A.weight`, ...) or, for
    `full`, every weight under the engine's names and layout."""
    if method == "full":
        from .models.builtin import engine_state

        return {k: v.detach().float().cpu().contiguous() for k, v in engine_state(model).items()}
    from peft import get_peft_model_state_dict

    return {k: v.detach().float().cpu().contiguous() for k, v in get_peft_model_state_dict(model).items()}
