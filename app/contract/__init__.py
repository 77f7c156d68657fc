"""The contract between the PHP shim and the bridge, as data: one row per function (functions.py), the
buttons that offer them (buttons.py), the additional-field prefill rules (prefill.py) and the payloads
the response envelope carries (payloads.py: Result, Effects, ...).

The bottom of the bridge: imports nothing from the rest of `app`. The dispatcher and the operations read
it; the shim's PHP tables and docs/contract.md are generated from it (generate.py).
"""

from app.contract.functions import FUNCTIONS, FunctionContract, IdempotencyKey, function
from app.contract.kinds import (
    Answer,
    Caller,
    Completion,
    ErrorMode,
    KeyExtra,
    ResultKind,
    TimeoutClass,
)

__all__ = [
    "FUNCTIONS",
    "Answer",
    "Caller",
    "Completion",
    "ErrorMode",
    "FunctionContract",
    "IdempotencyKey",
    "KeyExtra",
    "ResultKind",
    "TimeoutClass",
    "function",
]
