"""Grading (being split into modules; see tools/grading/_legacy.py)."""

from tools.grading._legacy import *  # noqa: F401,F403
from tools.grading._legacy import (  # noqa: F401
    _inspect,
    _times_per_notebook,
    main,
)
