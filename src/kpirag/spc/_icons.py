"""The assurance icon: where the target sits against the process limits."""

from __future__ import annotations

from fractions import Fraction

from kpirag._validate import instance
from kpirag.spc._numbers import exact
from kpirag.spc._types import Assurance, Improvement

__all__ = ["assurance"]


def assurance(
    target: Fraction | None,
    lower: Fraction,
    upper: Fraction,
    improvement: Improvement,
    *,
    inclusive: bool = False,
) -> Assurance:
    """Whether a process with these limits will meet ``target`` (NHSR assurance type).

    For "increase": a target above the upper limit will consistently be
    failed, one below the lower limit consistently passed, and one between
    them hit or miss. Reversed for "decrease". No icon without a target or for
    a neutral measure.

    Args:
        target: the target, or ``None``.
        lower: the lower process limit.
        upper: the upper process limit.
        improvement: which way is better.
        inclusive: a target exactly on a limit counts as outside it (MDC
            SQL); by default it is hit or miss (NHSR, Power BI). When the
            limits meet, passing is checked first.

    ```pycon
    >>> assurance(Fraction(4), Fraction(1), Fraction(3), Improvement.INCREASE)
    <Assurance.CONSISTENT_FAIL: 'consistent_fail'>
    >>> assurance(Fraction(3), Fraction(1), Fraction(3), Improvement.INCREASE).label
    'Hit or miss target'
    >>> assurance(Fraction(3), Fraction(1), Fraction(3), Improvement.INCREASE, inclusive=True).label
    'Consistently fail target'

    ```
    """
    improvement = Improvement.parse(improvement, field="improvement")
    inclusive = instance(inclusive, bool, field="inclusive")
    if target is not None:
        target, lower, upper = exact(target, "target"), exact(lower, "lower"), exact(upper, "upper")
    if target is None or improvement is Improvement.NEUTRAL:
        return Assurance.NONE
    below = target <= lower if inclusive else target < lower
    above = target >= upper if inclusive else target > upper
    passed, failed = (below, above) if improvement is Improvement.INCREASE else (above, below)
    if passed:
        return Assurance.CONSISTENT_PASS
    if failed:
        return Assurance.CONSISTENT_FAIL
    return Assurance.INCONSISTENT
