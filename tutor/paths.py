"""tutor's per-user directories, as platformdirs names them, in plain strings.

On Linux and the BSDs the XDG rule is applied here (the rule platformdirs applies):
importing platformdirs, or even pathlib, costs about as much as starting Python, and
`tutor --help` needs neither. macOS and Windows ask platformdirs.
"""

import os
import sys

_XDG = {
    "data": ("XDG_DATA_HOME", "~/.local/share"),
    "config": ("XDG_CONFIG_HOME", "~/.config"),
    "cache": ("XDG_CACHE_HOME", "~/.cache"),
}


def user_dir(kind: str) -> str:
    """The directory of this kind ("data", "config" or "cache") for tutor."""
    if sys.platform == "darwin" or os.name == "nt":
        import platformdirs

        finder = getattr(platformdirs, f"user_{kind}_dir")
        return str(finder("tutor", appauthor=False))
    variable, default = _XDG[kind]
    base = os.environ.get(variable, "")
    return os.path.join(base if base.strip() else os.path.expanduser(default), "tutor")


def index_dir() -> str:
    """Where validated data and other derived files are kept: TUTOR_CACHE_DIR/index, else
    the user's cache directory /index."""
    override = os.environ.get("TUTOR_CACHE_DIR", "").strip()
    base = os.path.expanduser(override) if override else user_dir("cache")
    return os.path.join(base, "index")
