"""Caps on every field a child reports: applied in the child, checked again in the parent.

Only constants: the fork server and the parent's pydantic models share them.
"""

MAX_STDOUT = 20_000
MAX_REPR = 4_000
MAX_VARIABLE_REPR = 200
MAX_VARIABLES = 20
MAX_NAME = 64
MAX_TYPE = 64
MAX_DTYPE = 64
MAX_DIMS = 32
MAX_WARNINGS = 10
MAX_WARNING = 300
MAX_ERROR = 2_000
# Every field at its cap, each character escaped, still fits.
MAX_FRAME = 256 * 1024
MAX_REQUEST = 64 * 1024
