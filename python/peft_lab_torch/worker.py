"""`python -m peft_lab_torch.worker`: trains ONE trial for the TypeScript runtime (runtime/torch/bridge.ts).

The protocol stream is the process's original stdout; fd 1 is then pointed at stderr, so anything a library
prints lands in the trial's log instead of corrupting the stream. A cancel line or SIGTERM/SIGINT stops the
trial before its next step; EOF on stdin means the parent died, and the worker exits at once (no orphans)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
import traceback
from typing import Any, TextIO

from .protocol import Channel, Request, parse_request


class Control:
    """Cancellation state shared by the stdin reader, the signal handlers and the loop."""

    def __init__(self) -> None:
        self.cancel = threading.Event()

    def watch_stdin(self, stdin: TextIO) -> None:
        def read() -> None:
            for line in stdin:
                if '"cancel"' in line:
                    self.cancel.set()
            os._exit(3)  # stdin closed: the parent is gone

        threading.Thread(target=read, daemon=True, name="stdin").start()

    def on_signal(self, signum: int, frame: Any) -> None:
        self.cancel.set()


def pick_device(wanted: str) -> Any:
    import torch

    if wanted == "auto":
        wanted = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    if wanted == "cuda" and not torch.cuda.is_available():
        raise RuntimeError(f"device cuda was asked for, but this torch ({torch.__version__}) sees no CUDA GPU")
    if wanted == "mps" and not torch.backends.mps.is_available():
        raise RuntimeError("device mps was asked for, but this torch has no MPS device")
    return torch.device(wanted)


def run(req: Request, ch: Channel, ctl: Control) -> None:
    t0 = time.perf_counter()
    import torch
    from safetensors.torch import save_file

    from .optim import base_lr, create_optimizer, create_schedule
    from .train import Loop, run_loop

    if "threads" in req:
        torch.set_num_threads(max(1, int(req["threads"])))
    device = pick_device(req["device"])
    config = req["config"]
    torch.manual_seed(int(config["seed"]))
    family = config["model"]["family"]
    if family in ("transformer", "mlp"):
        from .builtin_task import make_task

        task = make_task(config, req.get("basePath"), req.get("peftConfig"), device)
    elif family == "hf":
        from .hf_task import make_task as make_hf_task

        task = make_hf_task(config, req.get("peftConfig"), device)
    else:
        raise ValueError(
            f'model family "{family}" cannot be trained on the torch backend (expected transformer, mlp or hf)'
        )
    params = [p for p in task.model.parameters() if p.requires_grad]
    trainable, total = sum(p.numel() for p in params), sum(p.numel() for p in task.model.parameters())
    pct = 100 * trainable / max(1, total)
    summary = f"trainable params: {trainable:,d} || all params: {total:,d} || trainable%: {pct:.4f}"
    ch.send(
        {
            "type": "info",
            "device": str(device),
            "backend": f"torch-{device.type}",
            "torch": torch.__version__,
            "trainable": trainable,
            "total": total,
            "peftSummary": summary,
        }
    )
    expected = req.get("expectedTrainable")
    if expected is not None and int(expected) != trainable:
        raise ValueError(
            f"the model has {trainable:,d} trainable parameters but the catalog estimates {int(expected):,d} "
            f"for {config['adapter']['method']}: the estimate or the adapter is wrong ({summary})"
        )
    lr = base_lr(config["optimizer"])
    loop = Loop(
        model=task.model,
        optimizer=create_optimizer(config["optimizer"], params),
        schedule=create_schedule(config["schedule"], lr, int(config["steps"])),
        steps=int(config["steps"]),
        clip=float(config.get("clip", 0)),
        next_batch=task.next_batch,
        eval_batches=task.eval_batches,
        eval_every=int(config.get("evalEvery", 0)),
        loss=task.loss,
        evaluate=task.evaluate,
        tokens_per_batch=task.tokens_per_batch,
        flops_per_step=task.flops_per_step,
        on_metric=lambda rec: ch.send({"type": "metric", "record": rec}),
        cancelled=ctl.cancel.is_set,
        after_step=task.after_step,
        t0=t0,
    )
    r = run_loop(loop)
    adapter = False
    if r.status == "done":
        from .adapters import adapter_state

        method = config["adapter"]["method"]
        state = adapter_state(task.model, method) if family != "hf" else _hf_state(task.model)
        save_file(state, req["adapterPath"], metadata={"method": method, "format": "pt"})
        adapter = True
    peak, kind = peak_memory(device)
    ch.send(
        {
            "type": "outcome",
            "status": r.status,
            "step": r.step,
            "final": r.final,
            "wallSeconds": time.perf_counter() - t0,
            "peakMemoryBytes": peak,
            "peakMemoryKind": kind,
            **({"adapter": True} if adapter else {}),
        }
    )


def peak_memory(device: Any) -> tuple[int, str]:
    """The trial's peak memory: the GPU allocator's peak on cuda/mps, else the process' peak RSS."""
    import resource

    import torch

    if device.type == "cuda":
        return int(torch.cuda.max_memory_allocated(device)), "cuda"
    if device.type == "mps":
        return int(torch.mps.driver_allocated_memory()), "mps"
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024, "rss"


def _hf_state(model: Any) -> dict[str, Any]:
    from peft import get_peft_model_state_dict

    try:
        state = get_peft_model_state_dict(model)
    except (AttributeError, ValueError):
        state = model.state_dict()
    return {k: v.detach().float().cpu().contiguous() for k, v in state.items()}


def main() -> int:
    proto = os.fdopen(os.dup(1), "w", encoding="utf8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    ch = Channel(proto)
    ctl = Control()
    signal.signal(signal.SIGTERM, ctl.on_signal)
    signal.signal(signal.SIGINT, ctl.on_signal)
    try:
        first = sys.stdin.readline()
        if not first:
            return 3
        req = parse_request(first)
        ctl.watch_stdin(sys.stdin)
        run(req, ch, ctl)
        return 0
    except Exception as e:
        ch.send({"type": "error", "message": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()})
        return 1


if __name__ == "__main__":
    sys.exit(main())
