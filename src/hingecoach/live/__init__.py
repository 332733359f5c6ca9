"""Live mode: coach a set from a camera, a stream or a video file, rep by rep.

No analysis of its own: the frames go into the engine's
:class:`~hingecoach.engine.session.Session`, the one ``analyze`` uses, so a file played here
without dropped frames gives exactly ``analyze``'s result. This package holds what is only live:
the frame source (:mod:`.source`), the capture check before the set (:mod:`.capture`), the loop
(:mod:`.loop`), the spoken cue per rep (:mod:`.cues`), the window (:mod:`.window`) and the voice
(:mod:`.voice`).
"""
