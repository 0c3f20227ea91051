"""Records and loaders: the only layer that reads and writes files."""

from __future__ import annotations

from kpirag.io import (
    _header,
    _ipr,
    _ipr_records,
    _limits,
    _loaders,
    _records,
    _rules,
    _series,
    _series_records,
    _stream,
    _tidy,
)
from kpirag.io._header import *  # noqa: F403 - each module's public names, as its __all__ lists them
from kpirag.io._ipr import *  # noqa: F403
from kpirag.io._ipr_records import *  # noqa: F403
from kpirag.io._limits import *  # noqa: F403
from kpirag.io._loaders import *  # noqa: F403
from kpirag.io._records import *  # noqa: F403
from kpirag.io._rules import *  # noqa: F403
from kpirag.io._series import *  # noqa: F403
from kpirag.io._series_records import *  # noqa: F403
from kpirag.io._stream import *  # noqa: F403
from kpirag.io._tidy import *  # noqa: F403

_MODULES = (
    _header,
    _ipr,
    _ipr_records,
    _limits,
    _loaders,
    _records,
    _rules,
    _series,
    _series_records,
    _stream,
    _tidy,
)

__all__ = sorted(  # noqa: PLE0605 - one list of the public names: the modules' own
    name for module in _MODULES for name in module.__all__
)
