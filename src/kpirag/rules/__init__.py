"""The exact rule engine: values, targets, tolerances, statuses, scales, schemes, classification.

It imports nothing else of kpirag but ``kpirag.errors``.
"""

from __future__ import annotations

from kpirag.rules import (
    _axis,
    _classification,
    _plain,
    _scheme,
    _status,
    _target,
    _tolerance,
    _trend,
    _values,
)
from kpirag.rules._axis import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._classification import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._plain import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._scheme import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._status import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._target import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._tolerance import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._trend import *  # noqa: F403 - the names its __all__ lists
from kpirag.rules._values import *  # noqa: F403 - the names its __all__ lists

# One list of the public names: each module's own.
__all__ = (
    _axis.__all__
    + _classification.__all__
    + _plain.__all__
    + _scheme.__all__
    + _status.__all__
    + _target.__all__
    + _tolerance.__all__
    + _trend.__all__
    + _values.__all__
)
