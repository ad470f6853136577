"""For each folder given, holding an adapter_config.json that `peft export --to peft` wrote: load it with
PeftConfig.from_pretrained, build it with get_peft_model on the matching model (the tiny Llama of
examples/models/tiny-llama, made from its config.json) and print PEFT's trainable count, one JSON line per
folder: {"dir", "ok", "trainable"} or {"dir", "ok": false, "error"}."""

from __future__ import annotations

import json
import sys

import torch
from peft import PeftConfig, get_peft_model
from transformers import AutoConfig, AutoModelForCausalLM

config_path, dirs = sys.argv[1], sys.argv[2:]
raw = json.load(open(config_path, encoding="utf-8"))
cfg = AutoConfig.for_model(raw.pop("model_type"), **raw)
for d in dirs:
    try:
        pc = PeftConfig.from_pretrained(d)
        pc.inference_mode = False  # saved configs say True; count what training would train
        torch.manual_seed(0)
        model = get_peft_model(AutoModelForCausalLM.from_config(cfg), pc)
        print(json.dumps({"dir": d, "ok": True, "type": type(pc).__name__, "trainable": model.get_nb_trainable_parameters()[0]}), flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is reported per folder
        print(json.dumps({"dir": d, "ok": False, "error": f"{type(e).__name__}: {e}"}), flush=True)
