#!/usr/bin/env python3
"""PyTorch anchor for test/bench/runtime-train.ts: the same byte-level transformer (pre-norm,
causal attention, tanh-GELU MLP, width/depth/heads/context as given), trained with AdamW,
either fully or with LoRA (r=8, alpha=16 on q and v). impl=builtin uses the torch backend's own modules
(python/peft_lab_torch: the same model and PEFT LoRA the backend trains) instead of this file's. Prints one JSON line:
{"mode", "tokens_per_s": [per round], "loss_first", "gflops_matmul", "peak_rss_mb", "threads", "blas"}.
Run with the project's Python environment (scripts/python-env.sh: PyPI torch); threads = 2 as the issue asks."""
import json, math, resource, sys, time
import torch
import torch.nn as nn
import torch.nn.functional as F

args = dict(a.split("=", 1) for a in sys.argv[1:])
MODE = args.get("mode", "lora")
D, L, H, T, B = (int(args.get(k, v)) for k, v in (("width", 128), ("depth", 4), ("heads", 4), ("context", 64), ("batch", 32)))
STEPS, ROUNDS, THREADS = int(args.get("steps", 8)), int(args.get("rounds", 3)), int(args.get("threads", 2))
torch.set_num_threads(THREADS)
torch.manual_seed(0)


class LoRALinear(nn.Module):
    def __init__(self, base: nn.Linear, r=8, alpha=16):
        super().__init__()
        self.base, self.scale = base, alpha / r
        self.A = nn.Parameter(torch.randn(r, base.in_features) / math.sqrt(base.in_features))
        self.B = nn.Parameter(torch.zeros(base.out_features, r))

    def forward(self, x):
        return self.base(x) + (x @ self.A.t() @ self.B.t()) * self.scale


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.n1, self.n2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.q, self.k, self.v, self.o = (nn.Linear(D, D) for _ in range(4))
        self.up, self.down = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)

    def forward(self, x):
        b, t, _ = x.shape
        a = self.n1(x)
        split = lambda z: z.view(b, t, H, D // H).transpose(1, 2)
        q, k, v = split(self.q(a)), split(self.k(a)), split(self.v(a))
        s = (q @ k.transpose(-1, -2)) / math.sqrt(D // H)
        s = s.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
        y = (s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, D)
        x = x + self.o(y)
        return x + self.down(F.gelu(self.up(self.n2(x)), approximate="tanh"))


class LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok, self.pos = nn.Embedding(256, D), nn.Parameter(torch.randn(T, D) * 0.02)
        self.blocks = nn.ModuleList(Block() for _ in range(L))
        self.nf, self.head = nn.LayerNorm(D), nn.Linear(D, 256, bias=False)

    def forward(self, x):
        h = self.tok(x) + self.pos[: x.shape[1]]
        for blk in self.blocks:
            h = blk(h)
        return self.head(self.nf(h))


IMPL = args.get("impl", "own")
if IMPL == "builtin":
    # The torch backend's own modules (python/peft_lab_torch) in a plain loop: the bridge-overhead anchor.
    import os
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
    from peft_lab_torch.adapters import attach
    from peft_lab_torch.models.builtin import build
    base = build("transformer", {"width": D, "depth": L, "heads": H, "context": T})
    for p in base.parameters():
        p.requires_grad_(MODE != "lora")
    sites = [f"layers.{i}.attn.{s}" for i in range(L) for s in ("q", "v")]
    cfg = {"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": sites}
    model = attach(base, "lora" if MODE == "lora" else "full", cfg, 1)
else:
    model = LM()
    if MODE == "lora":
        for p in model.parameters():
            p.requires_grad_(False)
        for blk in model.blocks:
            blk.q, blk.v = LoRALinear(blk.q), LoRALinear(blk.v)
opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
g = torch.Generator().manual_seed(1)
data = torch.randint(0, 256, (B, T + 1), generator=g)


def step():
    logits = model(data[:, :-1]) if IMPL != "builtin" else model(data[:, :-1]).view(B, T, 256)
    loss = F.cross_entropy(logits.reshape(-1, 256), data[:, 1:].reshape(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()


loss_first = step()
step()
rates = []
for _ in range(ROUNDS):
    t0 = time.perf_counter()
    for _ in range(STEPS):
        step()
    rates.append(STEPS * B * T / (time.perf_counter() - t0))

n = 1024
a, b = torch.randn(n, n), torch.randn(n, n)
for _ in range(2):
    a @ b
reps, t0 = 10, time.perf_counter()
for _ in range(reps):
    a @ b
gflops = 2 * n**3 * reps / (time.perf_counter() - t0) / 1e9
cfg = torch.__config__.show()
blas = "openblas" if "OpenBLAS" in cfg or "openblas" in cfg else "other"
print(json.dumps({"mode": MODE, "impl": IMPL, "tokens_per_s": rates, "loss_first": loss_first, "gflops_matmul": gflops,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "threads": THREADS, "blas": blas}))
