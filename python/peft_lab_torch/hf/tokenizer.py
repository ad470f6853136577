"""Tokenizers: the model's own (from its weights folder, a package or the local hub cache) or
`tokenizer = "bytes"`, a byte-level tokenizer with exactly 256 ids (one per byte) for models made from
a config.json, like the built-in byte transformer. It is a real `PreTrainedTokenizerFast`, so batching,
padding and saving go through the same transformers code as any checkpoint's tokenizer."""

from __future__ import annotations

from typing import Any

from tokenizers import Tokenizer, decoders, models, pre_tokenizers
from transformers import AutoTokenizer, PreTrainedTokenizerBase, PreTrainedTokenizerFast

from .paths import HfSetupError, resolve_model_dir


def _byte_chars() -> list[str]:
    """ByteLevel's printable stand-in for each byte value: printable Latin-1 bytes stand for
    themselves, the others are moved past U+0100 in byte order (the GPT-2 byte alphabet)."""
    keep = [b for b in range(256) if 33 <= b <= 126 or 161 <= b <= 172 or 174 <= b <= 255]
    out: dict[int, str] = {b: chr(b) for b in keep}
    extra = 0
    for b in range(256):
        if b not in out:
            out[b] = chr(256 + extra)
            extra += 1
    return [out[b] for b in range(256)]


def byte_tokenizer() -> PreTrainedTokenizerFast:
    """256 ids, id = byte value (ByteLevel's printable alphabet, no merges); byte 0 doubles as padding."""
    chars = _byte_chars()
    if set(chars) != set(pre_tokenizers.ByteLevel.alphabet()):
        raise RuntimeError("tokenizers' ByteLevel alphabet changed; the byte tokenizer needs updating")
    tok = Tokenizer(models.BPE(vocab={c: b for b, c in enumerate(chars)}, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tok.decoder = decoders.ByteLevel()
    out = PreTrainedTokenizerFast(tokenizer_object=tok)  # type: ignore[no-untyped-call]
    out.pad_token = chars[0]
    return out


def load_tokenizer(params: dict[str, Any], weights_dir: str | None) -> PreTrainedTokenizerBase:
    """The tokenizer the model params name: `tokenizer` (bytes | folder | pkg: | hub id), else the weights' own."""
    written = params.get("tokenizer")
    if written == "bytes":
        return byte_tokenizer()
    source = written if isinstance(written, str) else weights_dir
    if source is None:
        raise HfSetupError(
            'hf model without weights: set tokenizer = "bytes" (or a folder / hub id holding tokenizer.json)'
        )
    folder = resolve_model_dir(source, "tokenizer") if isinstance(written, str) else source
    tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    if tok.pad_token is None:
        # Decoder-only checkpoints ship without a pad token; padding positions are masked anyway.
        tok.pad_token = tok.eos_token if tok.eos_token is not None else tok.convert_ids_to_tokens(0)
    return tok
