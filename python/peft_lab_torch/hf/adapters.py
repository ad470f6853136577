"""Adapters built by the `peft` library itself from the very dict `peft export --to peft` writes
(core/interop/peft-config.ts): the dict becomes PEFT's own config class for its `peft_type`, and
`get_peft_model` wraps the model. Unknown fields are an error, not silently dropped: a field PEFT
does not know means the export and this PEFT disagree about the method. The trainable parameter
count PEFT reports is compared with the catalog's estimate, and a difference stops the trial."""

from __future__ import annotations

import contextlib
import dataclasses
import io
from collections.abc import Callable, Iterable
from typing import Any

import torch
from peft import PeftConfig, PeftModel, get_peft_model
from peft.mapping import PEFT_TYPE_TO_CONFIG_MAPPING

from .paths import HfSetupError

TASK_TYPES = {"causal_lm": "CAUSAL_LM", "seq_cls": "SEQ_CLS"}
#: Batches EVA's SVD init reads before training (runtime/train/run-trial.ts uses the same count).
CALIBRATION_BATCHES = 4


class TrainableMismatch(Exception):
    """PEFT built a different number of trainable parameters than the catalog estimated."""


def peft_config_of(peft_config: dict[str, Any], config: dict[str, Any]) -> PeftConfig:
    """PEFT's config object for the exported dict, set up for training this trial's model."""
    d = dict(peft_config)
    ptype = d.get("peft_type")
    known = {str(k.value if hasattr(k, "value") else k): v for k, v in PEFT_TYPE_TO_CONFIG_MAPPING.items()}
    if ptype not in known:
        raise HfSetupError(f'adapter "{config["adapter"]["name"]}": PEFT {_peft_version()} has no peft_type {ptype!r}')
    cls = known[str(ptype)]
    fields = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(d) - fields)
    if unknown:
        raise HfSetupError(
            f'adapter "{config["adapter"]["name"]}": PEFT {_peft_version()} {cls.__name__} '
            f"has no field(s) {', '.join(unknown)}"
        )
    d["inference_mode"] = False  # the export says true (as PEFT saves it); training needs the adapter trainable
    d["task_type"] = TASK_TYPES[config["model"]["params"].get("task", "causal_lm")]
    if ptype == "ADALORA" and not d.get("total_step"):
        d["total_step"] = int(config["steps"])  # AdaLoRA's budget schedule needs the step count
    d.pop("peft_type")
    return cls(**d)  # type: ignore[no-any-return]


def _peft_version() -> str:
    import peft

    return str(peft.__version__)


def trainable_summary(model: PeftModel) -> str:
    """PEFT's own `print_trainable_parameters()` line (captured: the worker's stdout carries the protocol)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.print_trainable_parameters()
    return buf.getvalue().strip()


def attach_adapter(
    model: torch.nn.Module,
    peft_config: dict[str, Any],
    config: dict[str, Any],
    expected_trainable: int | None = None,
    calibration: Iterable[dict[str, torch.Tensor]] | None = None,
) -> PeftModel:
    """get_peft_model with the exported config; EVA's data-driven init reads `calibration` batches.
    Raises TrainableMismatch naming both numbers when PEFT's count differs from `expected_trainable`."""
    cfg = peft_config_of(peft_config, config)
    init = getattr(cfg, "init_lora_weights", None)
    if init in ("eva", "lora_ga") and calibration is None:
        raise HfSetupError(f"init_lora_weights = {init} needs calibration batches")
    batches: list[dict[str, torch.Tensor]] = []
    if calibration is not None and init in ("eva", "lora_ga"):
        import itertools

        device = next(model.parameters()).device
        batches = [{k: v.to(device) for k, v in b.items()} for b in itertools.islice(calibration, CALIBRATION_BATCHES)]
    if init == "lora_ga":
        _lora_ga_gradients(model, cfg, batches)
    wrapped = get_peft_model(model, cfg)  # type: ignore[arg-type]
    if init == "eva":
        from peft import initialize_lora_eva_weights

        initialize_lora_eva_weights(wrapped, dataloader=batches, show_progress_bar=False)
    trainable, _ = wrapped.get_nb_trainable_parameters()
    if expected_trainable is not None and trainable != expected_trainable:
        raise TrainableMismatch(
            f'adapter "{config["adapter"]["name"]}" ({config["adapter"]["method"]}): '
            f"PEFT built {trainable:,} trainable parameters, the catalog estimated {expected_trainable:,} "
            f"({trainable - expected_trainable:+,}); the estimate or the export is wrong for this model"
        )
    return wrapped  # type: ignore[return-value]


def _lora_ga_gradients(model: torch.nn.Module, cfg: PeftConfig, batches: list[dict[str, torch.Tensor]]) -> None:
    """LoRA-GA initialises A and B from the SVD of the full gradient: PEFT's preprocess_loraga estimates it
    from the calibration batches before get_peft_model (without it PEFT would quietly fall back to the default init)."""
    from peft.tuners.lora import LoraGAConfig
    from peft.tuners.lora.loraga import preprocess_loraga

    if getattr(cfg, "lora_ga_config", None) is None:
        cfg.lora_ga_config = LoraGAConfig()  # type: ignore[attr-defined]

    def train_step() -> None:
        for b in batches:
            model(**b).loss.backward()

    preprocess_loraga(model, cfg, train_step)  # type: ignore[arg-type]


def step_hook(model: torch.nn.Module) -> Callable[[int], None] | None:
    """What the training loop calls after each optimizer step, gradients still present, or None.
    AdaLoRA reallocates its rank budget there."""
    inner = getattr(model, "base_model", None)
    update = getattr(inner, "update_and_allocate", None)
    if update is None:
        return None
    return lambda step: update(step)
