"""macOS: the fork server runs under `sandbox-exec` with a deny-default Seatbelt profile.

UNTESTED: this project's machines and CI are Linux, so this profile has never run. It is
written from the SBPL used by other tools (deny default; reads of the Python and NumPy
install and the system libraries only; no writes, network or process start other than
the fork server's own fork). Until it is tested on a Mac, `tutor doctor` says so.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

SANDBOX_EXEC = "/usr/bin/sandbox-exec"

PROFILE = """
(version 1)
(deny default)
(allow process-fork)
(allow process-exec (literal (param "PYTHON")))
(allow signal (target same-sandbox))
(allow sysctl-read)
(allow file-read-metadata)
(allow file-read* file-map-executable
    (subpath "/usr/lib")
    (subpath "/System/Library")
    (subpath "/Library/Apple")
    (subpath "/private/var/db/dyld")
    (subpath (param "PREFIX"))
    (subpath (param "BASE_PREFIX"))
    (subpath (param "STDLIB"))
    (subpath (param "PURELIB"))
    (subpath (param "PLATLIB"))
    (subpath (param "TUTOR")))
(allow file-read* file-write-data (literal "/dev/null"))
(allow file-read* (literal "/dev/urandom"))
"""


def available() -> bool:
    return sys.platform == "darwin" and os.path.exists(SANDBOX_EXEC)


def command(argv: list[str]) -> list[str]:
    """`argv` (the fork server's command) wrapped in sandbox-exec with the profile."""
    paths = sysconfig.get_paths()
    params = {
        "PYTHON": os.path.realpath(sys.executable),
        "PREFIX": os.path.realpath(sys.prefix),
        "BASE_PREFIX": os.path.realpath(sys.base_prefix),
        "STDLIB": os.path.realpath(paths["stdlib"]),
        "PURELIB": os.path.realpath(paths["purelib"]),
        "PLATLIB": os.path.realpath(paths["platlib"]),
        "TUTOR": str(Path(__file__).resolve().parent.parent),
    }
    defines = [item for key, value in params.items() for item in ("-D", f"{key}={value}")]
    return [SANDBOX_EXEC, "-p", PROFILE, *defines, *argv]
