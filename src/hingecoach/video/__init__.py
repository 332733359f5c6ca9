"""Video files in and out: decoding, scene cuts, pose tracking, caching, annotated output.

:mod:`.decode` turns a user's file into upright RGB frames with real timestamps (or one clear
error); :mod:`.cuts` finds where an edited clip jumps to another shot; :mod:`.track` runs the
pose backend over a file into a :class:`~hingecoach.models.PoseTrack`, which :mod:`.track_cache`
keeps on disk; :mod:`.overlay` and :mod:`.writer` draw a result onto the video.
"""
