"""How a coach says one check's fault: the words every surface shows, carried on the check.

Each check module gives its :class:`Words`; :mod:`hingecoach.feedback.words` turns a finding into
a sentence with them (the terminal, the HTML report, the web app, the annotated video and the
live voice all call it), so a fault is worded in one place: its check.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    """A check's fault in a coach's words, with the number as support.

    Attributes:
        topic: what the check looks at, a few lower-case words ("hips back first"): used in
            lists, column headers and "not judged" lines.
        name: the fault, in the third person, lower case ("knees slid forward before the hips
            moved back"): a title for a finding.
        said: the fault told to the lifter, past tense, lower case ("your knees slid forward
            before your hips moved back").
        fix: what to do, a few imperative words, lower case ("push the hips back first").
        measure: the number in plain words: ``{value}`` is where the measured value goes and
            ``{limit}`` the limit, both in plain units (degrees, cm, seconds).
        under: the words for a value on the other side of a two-sided limit (a back that arches
            rather than rounds, a pause too short rather than too long); None when the check has
            one side.

    Raises:
        ValueError: an empty field, or a ``measure`` without ``{value}``.
    """

    topic: str
    name: str
    said: str
    fix: str
    measure: str
    under: Words | None = None

    def __post_init__(self) -> None:
        """Refuse words a surface could not show (see Raises above)."""
        for field in ("topic", "name", "said", "fix", "measure"):
            if not getattr(self, field).strip():
                raise ValueError(f"words for {self.topic or '?'}: {field} is empty")
        if "{value}" not in self.measure:
            raise ValueError(f"words for {self.topic}: measure must hold {{value}}")

    def side(self, value: float | None, limit: float | None) -> Words:
        """The words for a reading: ``under`` when it fell below its limit and there is one.

        Args:
            value: the measured value, in the check's unit.
            limit: the limit it was compared with.
        """
        if self.under is not None and value is not None and limit is not None and value < limit:
            return self.under
        return self
