"""The built-in models of runtime/model on torch: the same architecture (pre-norm blocks, causal attention,
tanh-GELU MLP; the MLP classifier), the same module names (`layers.0.attn.q`, `head`, ...) so PEFT's
target_modules and state-dict keys are the engine's, and weights loaded from the engine's safetensors
(names like `layers.0.attn.q.kernel`, kernels stored [d_in, d_out])."""

from __future__ import annotations

import itertools
import math
from typing import Any

import torch
import torch.nn.functional as F
from safetensors.torch import load_file
from torch import nn

EPS = 1e-5


def _num(p: dict[str, Any], key: str, fallback: float | None = None) -> float:
    v = p.get(key)
    if v is None:
        if fallback is None:
            raise ValueError(f'model parameter "{key}" is missing')
        return fallback
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise ValueError(f'model parameter "{key}" must be a number, got {v!r}')
    return float(v)


def js_round(x: float) -> int:
    """Math.round (half up), which the engine uses for the MLP width."""
    return math.floor(x + 0.5)


class Block(nn.Module):
    def __init__(self, d: int, ff: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(d, eps=EPS)
        self.attn = nn.Module()
        for s in ("q", "k", "v", "o"):
            self.attn.add_module(s, nn.Linear(d, d))
        self.norm2 = nn.LayerNorm(d, eps=EPS)
        self.mlp = nn.Module()
        self.mlp.add_module("up", nn.Linear(d, ff))
        self.mlp.add_module("down", nn.Linear(ff, d))

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        b, t, d = h.shape
        a = self.norm1(h)
        attn: Any = self.attn

        def split(z: torch.Tensor) -> torch.Tensor:
            return z.view(b, t, self.heads, d // self.heads).transpose(1, 2)

        y = F.scaled_dot_product_attention(split(attn.q(a)), split(attn.k(a)), split(attn.v(a)), is_causal=True)
        h = h + attn.o(y.transpose(1, 2).reshape(b, t, d))
        mlp: Any = self.mlp
        out: torch.Tensor = h + mlp.down(F.gelu(mlp.up(self.norm2(h)), approximate="tanh"))
        return out


class ByteTransformer(nn.Module):
    """runtime/model/transformer.ts: logits [batch * time, vocab] for ids [batch, time]."""

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__()
        vocab = params.get("vocab")
        self.vocab = 256 if vocab in (None, "bytes") else int(_num(params, "vocab"))
        d, depth = int(_num(params, "width")), int(_num(params, "depth"))
        heads, self.context = int(_num(params, "heads", 4)), int(_num(params, "context"))
        if d % heads:
            raise ValueError(f"width {d} is not divisible by heads {heads}")
        ff = js_round(_num(params, "mlp_ratio", 4) * d)
        self.embed = nn.Module()
        self.embed.add_module("tokens", nn.Embedding(self.vocab, d))
        self.embed.register_parameter("positions", nn.Parameter(torch.zeros(self.context, d)))
        self.layers = nn.ModuleList(Block(d, ff, heads) for _ in range(depth))
        self.norm_f = nn.LayerNorm(d, eps=EPS)
        self.head = nn.Linear(d, self.vocab, bias=False)
        self.tokens_per_example = self.context
        self.forward_flops_per_token = (
            depth * 2 * (4 * d * d + 2 * d * ff) + 2 * d * self.vocab + depth * 4 * self.context * d
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = x.shape[1]
        if t > self.context:
            raise ValueError(f"batch time {t} exceeds the model context {self.context}")
        emb: Any = self.embed
        h = emb.tokens(x) + emb.positions[:t]
        for layer in self.layers:
            h = layer(h)
        out: torch.Tensor = self.head(self.norm_f(h))
        return out.reshape(-1, self.vocab)


class Mlp(nn.Module):
    """runtime/model/mlp.ts: sites `layers.i` and `head`, all with bias, GELU between."""

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__()
        h = params.get("hidden")
        hidden = [int(v) for v in h] if isinstance(h, list) else [128] if h is None else [int(h)]
        if any(v <= 0 for v in hidden):
            raise ValueError(f'model parameter "hidden" must be positive integers, got {h!r}')
        self.n_in, self.classes = int(_num(params, "n_in", 1024)), int(_num(params, "classes", 2))
        dims = [self.n_in, *hidden]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in itertools.pairwise(dims))
        self.head = nn.Linear(dims[-1], self.classes)
        self.tokens_per_example = 1
        n = sum(p.numel() for p in self.parameters())
        self.forward_flops_per_token = 2 * n

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = F.gelu(layer(x), approximate="tanh")
        out: torch.Tensor = self.head(x)
        return out


def build(family: str, params: dict[str, Any]) -> ByteTransformer | Mlp:
    if family == "transformer":
        return ByteTransformer(params)
    if family == "mlp":
        return Mlp(params)
    raise ValueError(f'model family "{family}" is not a built-in model (expected transformer or mlp)')


def torch_name(engine: str) -> tuple[str, bool]:
    """Engine variable name → (state-dict key, transposed?): `x.kernel` → `x.weight` (transposed),
    `x.gain` → `x.weight`, `embed.tokens` → `embed.tokens.weight`."""
    if engine.endswith(".kernel"):
        return engine[: -len(".kernel")] + ".weight", True
    if engine.endswith(".gain"):
        return engine[: -len(".gain")] + ".weight", False
    if engine == "embed.tokens":
        return "embed.tokens.weight", False
    return engine, False


def load_engine_weights(model: nn.Module, path: str) -> None:
    """Loads a base saved by the engine (runtime/model/build.ts `saveWeights`); every weight must be there."""
    tensors = load_file(path)
    state = model.state_dict()
    seen: set[str] = set()
    for name, t in tensors.items():
        key, transpose = torch_name(name)
        if key not in state:
            raise ValueError(f'{path}: "{name}" has no place in the torch model')
        v = t.t() if transpose else t
        if tuple(v.shape) != tuple(state[key].shape):
            raise ValueError(f'{path}: "{name}" has shape {list(t.shape)}, the model expects {list(state[key].shape)}')
        state[key] = v.contiguous()
        seen.add(key)
    missing = sorted(set(state) - seen)
    if missing:
        raise ValueError(f"{path} lacks {', '.join(missing[:5])}")
    model.load_state_dict(state)


def engine_state(model: nn.Module) -> dict[str, torch.Tensor]:
    """The model's weights under the engine's names and layout (what `full` saves as its adapter)."""
    out: dict[str, torch.Tensor] = {}
    for key, v in model.state_dict().items():
        if key == "embed.tokens.weight":
            out["embed.tokens"] = v
        elif key.endswith(".weight") and v.dim() == 2 and not key.startswith("embed."):
            out[key[: -len(".weight")] + ".kernel"] = v.t().contiguous()
        elif key.endswith(".weight") and v.dim() == 1:
            out[key[: -len(".weight")] + ".gain"] = v
        else:
            out[key] = v
    return out
