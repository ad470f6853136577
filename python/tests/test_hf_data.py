"""Data for real models: the splits match runtime/data (same chunks and ids), user files are read with
line-numbered errors, prompt/completion records put the loss on the completion only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hf_trials import TINY_LLAMA, trial

from peft_lab_torch.hf import HfSetupError, make_batches
from peft_lab_torch.hf.sources import id_hash, split_bytes
from peft_lab_torch.hf.tokenizer import byte_tokenizer


def test_hashes_equal_the_typescript_ones() -> None:
    # Values printed by runtime/data's hashId / chunkHash for the same inputs.
    assert id_hash("spam-1/00001.txt") == pytest.approx(0.6591758197173476, abs=0)
    assert id_hash("é€x") == pytest.approx(0.7699150890111923, abs=0)
    train, hold = split_bytes(bytes(range(256)) * 100, 0.1)
    assert len(train) + len(hold) == 25_600 and 0 < len(hold) < len(train)


def test_byte_tokenizer_is_one_id_per_byte() -> None:
    tok = byte_tokenizer()
    text = "Héllo\x00 world"
    ids = tok(text)["input_ids"]
    assert ids == list(text.encode("utf-8"))
    assert tok.decode(ids) == text and len(tok) == 256 and tok.pad_token_id == 0


def _file_trial(tmp_path: Path, name: str, body: str, **model: Any) -> dict[str, Any]:
    (tmp_path / name).write_text(body, "utf-8")
    return trial(
        {"params": {"config": TINY_LLAMA, "tokenizer": "bytes", "context": 16, **model}},
        {"corpus": "file", "holdout": 0.5, "params": {"path": str(tmp_path / name)}},
        batch=2,
    )


def test_a_bad_line_is_an_error_with_its_line_number(tmp_path: Path) -> None:
    config = _file_trial(tmp_path, "bad.jsonl", '{"text": "fine"}\n\n{"text": 3}\n')
    with pytest.raises(HfSetupError, match=r"bad\.jsonl:3: needs a string \"text\" field"):
        next(make_batches(config, byte_tokenizer(), "train"))


def test_prompt_completion_records_train_only_the_completion(tmp_path: Path) -> None:
    rows = "".join(f'{{"prompt": "Q{i}: ", "completion": "A{i}"}}\n' for i in range(40))
    config = _file_trial(tmp_path, "qa.jsonl", rows)
    b = next(make_batches(config, byte_tokenizer(), "train"))
    for ids, labels, mask in zip(
        b["input_ids"].tolist(), b["labels"].tolist(), b["attention_mask"].tolist(), strict=True
    ):
        n = sum(mask)
        text = bytes(ids[:n]).decode()
        cut = text.index(": ") + 2
        assert labels[:cut] == [-100] * cut
        assert bytes(labels[cut:n]).decode() == text[cut:]
        assert labels[n:] == [-100] * (len(labels) - n)


def test_plain_text_files_become_windows_of_context_tokens(tmp_path: Path) -> None:
    config = _file_trial(tmp_path, "book.txt", "Call me Ishmael. " * 400)
    evals = list(make_batches(config, byte_tokenizer(), "eval"))
    assert evals and all(b["input_ids"].shape[1] == 16 for b in evals)
    assert all(bool((b["labels"] == b["input_ids"]).all()) for b in evals)


def test_seq_cls_on_unlabelled_text_is_refused(tmp_path: Path) -> None:
    config = _file_trial(tmp_path, "book.txt", "text " * 100, task="seq_cls")
    with pytest.raises(HfSetupError, match="needs labelled data"):
        make_batches(config, byte_tokenizer(), "train")
