"""Batches for real models, tokenised with the model's tokenizer. A batch is the dict a transformers
model takes as keyword arguments — `input_ids`, `attention_mask`, `labels` (long tensors on the CPU;
the training loop moves them) — so `model(**batch).loss` is the training loss for both tasks:
- language modelling: windows of `context` tokens from the tokenised text; labels = input_ids
  (transformers shifts them), prompt tokens and padding set to -100 for prompt/completion records;
- classification (`task = seq_cls`): texts truncated to `context`, padded, labels = class ids.
Training batches are an endless seeded stream; eval batches are fixed (evenly spaced windows, at most
EVAL_BATCHES; every held-out example for classification), as runtime/train/run-trial.ts does."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import torch
from transformers import PreTrainedTokenizerBase

from .paths import HfSetupError, local_path
from .sources import Example, corpus_bytes, file_examples, spam_examples, split_bytes, split_examples

Batch = dict[str, torch.Tensor]
EVAL_BATCHES = 8
CLS_CORPORA = ("spam-assassin", "tiny-spam")


def context_length(config: dict[str, Any]) -> int:
    """The `context` param, else min(max_position_embeddings, 2048) from config.json (as core/hf's hfContext)."""
    p = config["model"]["params"]
    if isinstance(p.get("context"), int):
        return int(p["context"])
    cfg = json.loads(local_path(str(p["config"])).read_text("utf-8"))
    return min(int(cfg.get("max_position_embeddings") or cfg.get("n_positions") or 2048), 2048)


def is_classification(config: dict[str, Any]) -> bool:
    return bool(config["model"]["params"].get("task") == "seq_cls")


def _examples_or_text(config: dict[str, Any]) -> tuple[list[Example] | None, bytes | None]:
    d = config["data"]
    limit = d.get("limit")
    if d["corpus"] == "file":
        return file_examples(str(d["params"]["path"]), d["params"], limit)
    if d["corpus"] in CLS_CORPORA:
        return spam_examples(d["corpus"], limit), None
    return None, corpus_bytes(d["corpus"], limit)


def make_batches(config: dict[str, Any], tokenizer: PreTrainedTokenizerBase, split: str) -> Iterator[Batch]:
    """split = "train" (endless, seeded by config.seed), "eval" (fixed, finite) or "calibration"
    (a separate seeded stream for data-driven inits such as EVA)."""
    if split not in ("train", "eval", "calibration"):
        raise ValueError(f"split must be train, eval or calibration, got {split!r}")
    d = config["data"]
    T, B = context_length(config), int(config["batch"])
    seed = int(config["seed"]) ^ (0xCA11 if split == "calibration" else 0)
    examples, raw = _examples_or_text(config)
    cls = is_classification(config)
    if examples is None:
        assert raw is not None
        if cls:
            raise HfSetupError(
                'task = seq_cls needs labelled data (spam-assassin or a .jsonl with "label"); '
                f'"{d["corpus"]}" is plain text'
            )
        train, hold = split_bytes(raw, d["holdout"] if d["holdout"] > 0 else 0.1)
        text = (hold if split == "eval" else train).decode("utf-8", errors="replace")
        return _lm_windows(tokenizer(text)["input_ids"], T, B, seed, split == "eval", str(d["corpus"]))
    train_x, hold_x = split_examples(examples, d["holdout"] if d["holdout"] > 0 else (0.2 if cls else 0.1))
    xs = hold_x if split == "eval" else train_x
    if not xs:
        raise HfSetupError(
            f'data "{d["name"]}": no {"held-out" if split == "eval" else "training"} examples; '
            "use more data or another holdout"
        )
    if cls:
        if any(x.label is None for x in xs):
            raise HfSetupError(f'data "{d["name"]}": task = seq_cls needs a "label" on every record')
        return _cls_batches(xs, tokenizer, T, B, seed, split == "eval")
    if all(x.completion is None for x in xs):
        eos = tokenizer.eos_token or "\n"
        ids = tokenizer(eos.join(x.text for x in xs))["input_ids"]
        return _lm_windows(ids, T, B, seed, split == "eval", str(d["name"]))
    return _pair_batches(xs, tokenizer, T, B, seed, split == "eval")


def _lm_windows(ids: list[int], T: int, B: int, seed: int, fixed: bool, name: str) -> Iterator[Batch]:
    if len(ids) < T + 1:
        raise HfSetupError(f'data "{name}": {len(ids)} tokens, fewer than context {T} + 1')
    t = torch.tensor(ids, dtype=torch.long)
    span = len(ids) - T

    def batch(starts: list[int]) -> Batch:
        x = torch.stack([t[s : s + T] for s in starts])
        return {"input_ids": x, "attention_mask": torch.ones_like(x), "labels": x.clone()}

    if fixed:
        n = min(EVAL_BATCHES * B, max(1, len(ids) // T))
        stride = span / max(1, n - 1)
        starts = [int(i * stride) for i in range(n)]
        return iter([batch(starts[i : i + B]) for i in range(0, n, B)])
    rng = random.Random(seed)

    def endless() -> Iterator[Batch]:
        while True:
            yield batch([rng.randrange(span + 1) for _ in range(B)])

    return endless()


def _pad(rows: list[list[int]], pad: int, T: int) -> torch.Tensor:
    return torch.tensor([r[:T] + [pad] * (T - len(r[:T])) for r in rows], dtype=torch.long)


def _pair_batches(
    xs: list[Example], tok: PreTrainedTokenizerBase, T: int, B: int, seed: int, fixed: bool
) -> Iterator[Batch]:
    eos = [tok.eos_token_id] if tok.eos_token_id is not None else []
    enc: list[tuple[list[int], list[int]]] = []
    for x in xs:
        p = tok(x.text, add_special_tokens=False)["input_ids"]
        c = tok(x.completion or "", add_special_tokens=False)["input_ids"] + eos
        enc.append((p + c, [-100] * len(p) + c))
    L = min(T, max(len(ids) for ids, _ in enc))
    pad = int(tok.pad_token_id or 0)

    def batch(sel: list[tuple[list[int], list[int]]]) -> Batch:
        ids = _pad([s[0] for s in sel], pad, L)
        mask = _pad([[1] * len(s[0]) for s in sel], 0, L)
        return {"input_ids": ids, "attention_mask": mask, "labels": _pad([s[1] for s in sel], -100, L)}

    return _select(enc, B, seed, fixed, batch)


def _cls_batches(
    xs: list[Example], tok: PreTrainedTokenizerBase, T: int, B: int, seed: int, fixed: bool
) -> Iterator[Batch]:
    def batch(sel: list[Example]) -> Batch:
        enc = tok([x.text for x in sel], truncation=True, max_length=T, padding=True, return_tensors="pt")
        return {
            "input_ids": enc["input_ids"],
            "attention_mask": enc["attention_mask"],
            "labels": torch.tensor([x.label for x in sel], dtype=torch.long),
        }

    return _select(xs, B, seed, fixed, batch)


def _select(xs: list[Any], B: int, seed: int, fixed: bool, batch: Any) -> Iterator[Batch]:
    """Fixed: every item once, in order. Else: an endless stream sampled with replacement (seeded)."""
    if fixed:
        return iter([batch(xs[i : i + B]) for i in range(0, len(xs), B)])
    rng = random.Random(seed)

    def endless() -> Iterator[Batch]:
        while True:
            yield batch([xs[rng.randrange(len(xs))] for _ in range(B)])

    return endless()
