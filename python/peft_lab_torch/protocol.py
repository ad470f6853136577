"""The worker's side of the wire protocol (core/protocol.ts `TorchRequest` / `TorchMessage`, docs/protocol.md).

stdin: the first line is one `Request`; later lines are `{"type": "cancel"}`; EOF means the parent is gone.
stdout: one `Message` per line, nothing else (library prints go to stderr); the last is `outcome` or `error`."""

from __future__ import annotations

import json
import math
from typing import Any, Literal, TextIO, TypedDict

from typing_extensions import NotRequired

PROTOCOL_VERSION = 1


class Request(TypedDict):
    v: int
    id: str
    config: dict[str, Any]
    cacheDir: str
    adapterPath: str
    basePath: NotRequired[str]
    peftConfig: NotRequired[dict[str, Any]]
    expectedTrainable: NotRequired[float]
    device: Literal["auto", "cpu", "cuda", "mps"]
    threads: NotRequired[int]


class MetricMessage(TypedDict):
    type: Literal["metric"]
    record: dict[str, Any]


class InfoMessage(TypedDict):
    type: Literal["info"]
    device: str
    backend: Literal["torch-cpu", "torch-cuda", "torch-mps"]
    torch: str
    trainable: int
    total: int
    peftSummary: NotRequired[str]


class OutcomeMessage(TypedDict):
    type: Literal["outcome"]
    status: Literal["done", "diverged", "cancelled"]
    step: int
    final: dict[str, float | None]
    wallSeconds: float
    adapter: NotRequired[bool]
    peakMemoryBytes: NotRequired[int]
    peakMemoryKind: NotRequired[Literal["cuda", "mps", "rss"]]


def finite_or_none(x: float) -> float | None:
    """JSON has no NaN: a non-finite number is sent as null (what JSON.stringify does on the TS side)."""
    return x if math.isfinite(x) else None


def _clean(v: Any) -> Any:
    if isinstance(v, float):
        return finite_or_none(v)
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_clean(x) for x in v]
    return v


class Channel:
    """Writes messages as single JSON lines on the protocol stream and flushes each one."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def send(self, msg: dict[str, Any]) -> None:
        self.out.write(json.dumps(_clean(msg), allow_nan=False) + "\n")
        self.out.flush()

    def log(self, line: str) -> None:
        self.send({"type": "log", "line": line})


def parse_request(line: str) -> Request:
    """Validates the first stdin line; raises ValueError naming what is wrong."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as e:
        raise ValueError(f"request is not JSON: {e}") from e
    if not isinstance(raw, dict):
        raise ValueError("request must be a JSON object")
    if raw.get("v") != PROTOCOL_VERSION:
        raise ValueError(f"protocol version {raw.get('v')!r} is not {PROTOCOL_VERSION}")
    for key, kind in (("id", str), ("config", dict), ("cacheDir", str), ("adapterPath", str), ("device", str)):
        if not isinstance(raw.get(key), kind):
            raise ValueError(f'request field "{key}" must be a {kind.__name__}')
    if raw["device"] not in ("auto", "cpu", "cuda", "mps"):
        raise ValueError(f'request field "device" must be auto, cpu, cuda or mps, got {raw["device"]!r}')
    req: Request = raw  # type: ignore[assignment]
    return req
