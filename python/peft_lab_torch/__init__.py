"""PEFT Lab's PyTorch backend. The TypeScript runtime starts `python -m peft_lab_torch.worker` once per
trial and talks to it over the JSON-lines protocol in `protocol.py` (docs/protocol.md)."""

__version__ = "0.1.0"
