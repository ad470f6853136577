"""The raw data of a trial, read as runtime/data reads it so both engines train on the same text:
the built-in corpora from the npm data packages (bytes, limit applied before the split), the
SpamAssassin messages (body after the first blank line, Latin-1), and user files
(`corpus "notes.jsonl"` / `corpus "book.txt"`). The train/holdout splits reproduce
runtime/data/split.ts (2,048-byte chunks chosen by an integer hash) and classification.ts (FNV-1a
of each example's id), so a split never depends on the seed or on the engine."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import HfSetupError, local_path

CHUNK = 2048
#: User data files larger than this are refused (the check-time reader applies the same cap).
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass
class Example:
    """One record: free text, a prompt/completion pair, or a labelled text."""

    id: str
    text: str
    completion: str | None = None
    label: int | None = None


def repo_root() -> Path:
    """The folder holding node_modules/@stdlib (PEFT_LAB_ROOT, else above this file or the cwd)."""
    env = os.environ.get("PEFT_LAB_ROOT")
    if env:
        return Path(env)
    for start in (Path(__file__).resolve(), Path.cwd()):
        for d in [start, *start.parents]:
            if (d / "node_modules" / "@stdlib").is_dir():
                return d
    raise HfSetupError("node_modules/@stdlib not found above the worker or the cwd; run `npm ci` or set PEFT_LAB_ROOT")


def _stdlib(pkg: str) -> Path:
    return repo_root() / "node_modules" / "@stdlib" / pkg / "data"


def _fixture(name: str) -> Path:
    env = os.environ.get("PEFT_FIXTURES")
    return Path(env) / name if env else repo_root() / "test" / "fixtures" / "corpora" / name


def corpus_bytes(name: str, limit: int | None) -> bytes:
    """A built-in LM corpus' bytes, truncated to `limit` (as runtime/data/corpora.ts)."""
    if name == "sotu":
        d = _stdlib("datasets-sotu")
        raw = b"".join((d / f).read_bytes() for f in sorted(os.listdir(d)) if f.endswith(".txt"))
    elif name == "moby-dick":
        raw = (_stdlib("datasets-moby-dick") / "data.txt").read_bytes()
    elif name == "tiny":
        raw = _fixture("sotu-1790s.txt").read_bytes()
    elif name == "tiny-moby":
        raw = _fixture("moby-dick-1-3.txt").read_bytes()
    else:
        raise HfSetupError(
            f'unknown corpus "{name}"; expected sotu, moby-dick, spam-assassin, tiny, tiny-moby, tiny-spam or a file'
        )
    return raw[:limit] if limit and 0 < limit < len(raw) else raw


def _imul(a: int, b: int) -> int:
    return (a * b) & 0xFFFFFFFF


def chunk_hash(i: int) -> float:
    """split.ts' chunkHash (32-bit integer mixing, Math.imul semantics)."""
    h = _imul(i + 1, 0x9E3779B1)
    h ^= h >> 16
    h = _imul(h, 0x85EBCA6B)
    h ^= h >> 13
    return h / 4294967296


def id_hash(s: str) -> float:
    """classification.ts' hashId: FNV-1a over UTF-16 code units."""
    h = 0x811C9DC5
    data = s.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = _imul(h ^ (data[i] | data[i + 1] << 8), 16777619)
    return h / 4294967296


def split_bytes(raw: bytes, holdout: float) -> tuple[bytes, bytes]:
    """split.ts' splitCorpus: (train, holdout) bytes."""
    n = -(-len(raw) // CHUNK)
    hold = [chunk_hash(i) < holdout for i in range(n)]
    if holdout > 0 and n >= 2:
        if not any(hold):
            hold[-1] = True
        if all(hold):
            hold[0] = False
    parts: tuple[list[bytes], list[bytes]] = ([], [])
    for i in range(n):
        parts[1 if hold[i] else 0].append(raw[i * CHUNK : (i + 1) * CHUNK])
    return b"".join(parts[0]), b"".join(parts[1])


def split_examples(xs: list[Example], holdout: float) -> tuple[list[Example], list[Example]]:
    """classification.ts' splitExamples."""
    train = [x for x in xs if id_hash(x.id) >= holdout]
    hold = [x for x in xs if id_hash(x.id) < holdout]
    if holdout > 0 and not hold and len(train) > 1:
        hold.append(train.pop())
    return train, hold


def spam_examples(name: str, limit: int | None) -> list[Example]:
    """SpamAssassin (or its 400-message fixture). With `limit`: the first examples in id-hash order,
    so a slice keeps both classes (runtime/data's file order would give only ham)."""
    out: list[Example] = []
    if name == "tiny-spam":
        for i, line in enumerate(_fixture("spam-400.jsonl").read_text("utf-8").splitlines()):
            if line:
                o = json.loads(line)
                out.append(Example(f"{o['group']}/{i}", o["text"], label=int(o["label"])))
    else:
        d = _stdlib("datasets-spam-assassin")
        for group in sorted(g for g in os.listdir(d) if (d / g).is_dir()):
            for f in sorted(x for x in os.listdir(d / group) if x.endswith(".txt")):
                raw = (d / group / f).read_bytes()
                i = raw.find(b"\n\n")
                body = raw[i + 2 :] if i >= 0 else raw
                out.append(Example(f"{group}/{f}", body.decode("latin-1"), label=1 if group.startswith("spam") else 0))
    if limit and limit > 0:
        out = sorted(out, key=lambda x: id_hash(x.id + "#order"))[:limit]
    return out


def file_examples(written: str, params: dict[str, Any], limit: int | None) -> tuple[list[Example] | None, bytes | None]:
    """A user file: .jsonl → examples (text | prompt+completion | text+label), else plain text bytes.
    Raises HfSetupError naming the file and line for anything malformed."""
    path = local_path(written)
    if not path.is_file():
        raise HfSetupError(f'data file "{written}" not found ({path})')
    if path.stat().st_size > MAX_FILE_BYTES:
        raise HfSetupError(f'data file "{written}" is larger than {MAX_FILE_BYTES >> 20} MiB')
    raw = path.read_bytes()
    if not written.endswith(".jsonl"):
        return None, raw[:limit] if limit and 0 < limit < len(raw) else raw
    text_f = str(params.get("text_field", "text"))
    prompt_f, completion_f = (
        str(params.get("prompt_field", "prompt")),
        str(params.get("completion_field", "completion")),
    )
    label_f = str(params.get("label_field", "label"))
    out: list[Example] = []
    for n, line in enumerate(raw.decode("utf-8", errors="strict").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{written}:{n}"
        try:
            o = json.loads(line)
        except json.JSONDecodeError as e:
            raise HfSetupError(f"{where}: not valid JSON ({e.msg} at column {e.colno})") from e
        if not isinstance(o, dict):
            raise HfSetupError(f"{where}: each line must be a JSON object")
        if isinstance(o.get(prompt_f), str) and isinstance(o.get(completion_f), str):
            out.append(Example(str(n), o[prompt_f], completion=o[completion_f]))
        elif isinstance(o.get(text_f), str):
            lab = o.get(label_f)
            if lab is not None and not (isinstance(lab, int) and not isinstance(lab, bool) and lab >= 0):
                raise HfSetupError(f'{where}: "{label_f}" must be a class index (0, 1, …), got {json.dumps(lab)}')
            out.append(Example(str(n), o[text_f], label=lab))
        else:
            raise HfSetupError(
                f'{where}: needs a string "{text_f}" field or string "{prompt_f}" and "{completion_f}" fields'
            )
        if limit and len(out) >= limit:
            break
    if not out:
        raise HfSetupError(f'data file "{written}" has no records')
    return out, None
