"""`model m = hf { config = "…/config.json"  weights = "DIR | pkg:… | hub id" }` → a transformers model
and its tokenizer. The architecture always comes from `config` (the file the plan checked and the
estimates counted), so weights that do not fit it fail loudly instead of training something else.
Without `weights` the model is initialised from the config (seeded) and, with a `pretrain { … }`
block, pretrained once and cached (see pretrain.py)."""

from __future__ import annotations

import contextlib
import importlib.util
import json
from typing import Any

import torch
from transformers import (
    AutoConfig,
    AutoModelForCausalLM,
    AutoModelForSequenceClassification,
    PretrainedConfig,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from .paths import HfSetupError, local_path, resolve_model_dir
from .tokenizer import load_tokenizer

TASKS = ("causal_lm", "seq_cls")


def read_config(params: dict[str, Any]) -> PretrainedConfig:
    """config.json (path relative to the .peft file) → a transformers config; num_labels applied for seq_cls."""
    written = params.get("config")
    if not isinstance(written, str):
        raise HfSetupError('hf model: set config = "path/to/config.json"')
    path = local_path(written)
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise HfSetupError(f'config "{written}": cannot read ({e})') from e
    model_type = raw.pop("model_type", None)
    if not isinstance(model_type, str):
        raise HfSetupError(f'config "{written}": "model_type" is missing')
    cfg = AutoConfig.for_model(model_type, **raw)
    if params.get("task") == "seq_cls":
        cfg.num_labels = int(params.get("num_labels", 2))
        if cfg.pad_token_id is None:
            cfg.pad_token_id = 0  # sequence classification finds each row's last token through the pad id
    return cfg


def _dtype(device: str, precision: str) -> torch.dtype:
    """Frozen base weights in 16 bits on CUDA; fp32 on the CPU and MPS (16-bit matmuls slower or unsupported)."""
    if device.startswith("cuda") and precision in ("bf16", "fp16"):
        return torch.bfloat16 if precision == "bf16" else torch.float16
    return torch.float32


def _quantization(device: str, precision: str) -> dict[str, Any]:
    if precision not in ("int8", "4bit"):
        return {}
    if importlib.util.find_spec("bitsandbytes") is None:
        raise HfSetupError(
            f'precision = "{precision}" needs the bitsandbytes package (pip install bitsandbytes) and a CUDA GPU; '
            'it is not installed. Use precision = "bf16" or "fp32".'
        )
    if not device.startswith("cuda"):
        raise HfSetupError(f'precision = "{precision}" (bitsandbytes) needs a CUDA device; this trial runs on {device}')
    from transformers import BitsAndBytesConfig

    q = (
        BitsAndBytesConfig(load_in_8bit=True)  # type: ignore[no-untyped-call]
        if precision == "int8"
        else BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_compute_dtype=torch.bfloat16, bnb_4bit_quant_type="nf4")  # type: ignore[no-untyped-call]
    )
    return {"quantization_config": q}


def load_model(
    config: dict[str, Any], device: str | torch.device, precision: str
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    """The trial's base model on `device` (frozen later by peft) and its tokenizer."""
    device = str(device)
    params: dict[str, Any] = config["model"]["params"]
    task = params.get("task", "causal_lm")
    if task not in TASKS:
        raise HfSetupError(f'hf model: task = "{task}" is not one of {", ".join(TASKS)}')
    cls = AutoModelForSequenceClassification if task == "seq_cls" else AutoModelForCausalLM
    cfg = read_config(params)
    weights = params.get("weights")
    extra = _quantization(device, precision)
    dtype = _dtype(device, precision)
    if isinstance(weights, str):
        folder = resolve_model_dir(weights, "weights")
        tokenizer = load_tokenizer(params, str(folder))
        try:
            model = cls.from_pretrained(str(folder), config=cfg, dtype=dtype, local_files_only=True, **extra)
        except (OSError, ValueError, RuntimeError) as e:
            raise HfSetupError(
                f'weights = "{weights}" do not load as config "{params["config"]}" describes: {e}'
            ) from e
    else:
        from .pretrain import base_from_config

        model, tokenizer = base_from_config(config, cls, cfg, device)
        model = model.to(dtype)  # type: ignore[arg-type]  # transformers' .to wrapper types its first argument as the model
    if not extra:
        model = model.to(device)  # type: ignore[arg-type]
    if getattr(cfg, "vocab_size", None) is not None and len(tokenizer) > cfg.vocab_size:
        raise HfSetupError(f"tokenizer has {len(tokenizer)} tokens but config vocab_size = {cfg.vocab_size}")
    if params.get("gradient_checkpointing") is True:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    return model, tokenizer


def autocast(device: str | torch.device, precision: str) -> contextlib.AbstractContextManager[Any]:
    """Mixed precision for forward passes: bf16/fp16 autocast on CUDA, nothing elsewhere."""
    if str(device).startswith("cuda") and precision in ("bf16", "fp16"):
        return torch.autocast("cuda", dtype=torch.bfloat16 if precision == "bf16" else torch.float16)
    return contextlib.nullcontext()
