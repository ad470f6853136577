"""Hugging Face models on the torch backend: loading (transformers), adapters (peft) and data."""

from .adapters import TrainableMismatch, attach_adapter, step_hook, trainable_summary
from .data import make_batches
from .loading import autocast, load_model
from .paths import HfSetupError

__all__ = [
    "HfSetupError",
    "TrainableMismatch",
    "attach_adapter",
    "autocast",
    "load_model",
    "make_batches",
    "step_hook",
    "trainable_summary",
]
