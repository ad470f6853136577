"""What the training loop needs from a model family: the model to train, batches, loss and eval."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn


@dataclass
class Task:
    model: nn.Module
    next_batch: Callable[[], Any]
    eval_batches: list[Any]
    loss: Callable[[nn.Module, Any], torch.Tensor]
    evaluate: Callable[[nn.Module, list[Any]], dict[str, float]]
    tokens_per_batch: Callable[[Any], int]
    flops_per_step: float
    after_step: Callable[[int], None] | None = None
