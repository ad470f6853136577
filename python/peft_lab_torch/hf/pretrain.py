"""A base made from a config.json: initialised with the trial's seed, or — with `pretrain { … }` —
pretrained once on its corpus and cached under `.peft/cache/hf-<hash>` (next to the run store,
like the tfjs runtime's pretrained bases), keyed by the model params and the pretrain block, so
every trial and every later run loads the same weights. The cache is written to a temporary folder
and renamed, so a killed pretraining never leaves a half-written base behind; a lock file makes
parallel trials wait for one pretraining instead of each running their own."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import torch
from transformers import PretrainedConfig, PreTrainedModel, PreTrainedTokenizerBase

from .data import make_batches
from .paths import HfSetupError, base_dir
from .tokenizer import load_tokenizer


def cache_dir(config: dict[str, Any]) -> Path:
    m = config["model"]
    key = json.dumps({"params": m["params"], "pretrain": m.get("pretrain")}, sort_keys=True, separators=(",", ":"))
    root = Path(os.environ.get("PEFT_LAB_CACHE") or base_dir() / ".peft" / "cache")
    return root / f"hf-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def base_from_config(
    config: dict[str, Any], cls: Any, cfg: PretrainedConfig, device: str
) -> tuple[PreTrainedModel, PreTrainedTokenizerBase]:
    params = config["model"]["params"]
    pre = config["model"].get("pretrain")
    tokenizer = load_tokenizer(params, None)
    if not pre:
        torch.manual_seed(int(config["seed"]))
        return cls.from_config(cfg), tokenizer
    where = cache_dir(config)
    where.parent.mkdir(parents=True, exist_ok=True)
    # Parallel trials share one base: the first pretrains under the lock, the others wait and load it.
    with open(where.with_name(f"{where.name}.lock"), "w") as lock:
        if sys.platform != "win32":  # Windows has no flock: parallel trials there may each pretrain
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        if not (where / "config.json").is_file():
            _pretrain(config, pre, cfg, tokenizer, device, where)
    try:
        return cls.from_pretrained(str(where), config=cfg, local_files_only=True), tokenizer
    except (OSError, ValueError, RuntimeError) as e:
        raise HfSetupError(
            f"cached pretrained base {where} does not load ({e}); delete the folder to pretrain again"
        ) from e


def _pretrain(
    config: dict[str, Any],
    pre: dict[str, Any],
    cfg: PretrainedConfig,
    tokenizer: PreTrainedTokenizerBase,
    device: str,
    where: Path,
) -> None:
    """Causal-LM pretraining with AdamW at a constant lr (the pretrain block's steps, lr, batch, seed)."""
    from transformers import AutoModelForCausalLM

    torch.manual_seed(int(pre["seed"]))
    model = AutoModelForCausalLM.from_config(cfg).to(device)  # type: ignore[no-untyped-call]
    sub = {
        **config,
        "data": pre["data"],
        "batch": pre["batch"],
        "seed": pre["seed"],
        "model": {**config["model"], "params": {**config["model"]["params"], "task": "causal_lm"}},
    }
    batches = make_batches(sub, tokenizer, "train")
    opt = torch.optim.AdamW(model.parameters(), lr=float(pre["lr"]))
    model.train()
    t0 = time.time()
    for step in range(int(pre["steps"])):
        b = {k: v.to(device) for k, v in next(batches).items()}
        loss = model(**b).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        if step % 50 == 0 or step == int(pre["steps"]) - 1:
            print(
                f"pretrain {where.name}: step {step + 1}/{pre['steps']} loss {loss.item():.4f} "
                f"({time.time() - t0:.0f}s)",
                file=sys.stderr,
                flush=True,
            )
    tmp = where.with_name(f"{where.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    try:
        os.replace(tmp, where)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another process finished first: keep its copy
