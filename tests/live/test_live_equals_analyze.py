"""``live --source FILE`` without dropped frames gives exactly the SetResult of ``analyze FILE``.

Both run MediaPipe over the same decoded frames in the same order; the live loop feeds the engine
session frame by frame (after the capture check, with the set-up frames it kept), ``analyze``
feeds it the recorded track. The results must be equal field by field, warnings included, with no
tolerance.
"""

from __future__ import annotations

import pytest

from hingecoach.live.loop import LiveOptions, run_live
from hingecoach.live.source import open_source
from hingecoach.pipeline import analyze_video
from tests.live._clips import clip_path

#: One clip per kind of path: a single pull from the floor (set-up frames before "ready"), a
#: kettlebell set whose clip cuts to a title card, a good morning filmed front-oblique.
CLIPS = ("dl_side_good", "kb_deadlift_oblique", "gm_dowel_front_oblique")


@pytest.mark.e2e
@pytest.mark.parametrize("name", CLIPS)
def test_live_file_equals_analyze(name: str) -> None:
    path = clip_path(name)
    offline = analyze_video(path).result
    outcome = run_live(open_source(source=str(path)), options=LiveOptions())
    assert outcome.dropped == 0
    assert outcome.result is not None
    live = outcome.result.model_copy(update={"source": offline.source})
    assert live.model_dump(exclude={"warnings"}) == offline.model_dump(exclude={"warnings"})
    assert live.warnings == offline.warnings
