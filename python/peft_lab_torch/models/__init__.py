"""Models the worker trains: the built-in byte transformer and MLP (builtin.py); Hugging Face models live in
peft_lab_torch.hf."""
