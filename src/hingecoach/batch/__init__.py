"""Many videos at once: ``hingecoach batch`` on a local process pool or a Ray cluster.

- :mod:`~hingecoach.batch.inputs`: files, folders and globs → videos, each keyed by its bytes'
  sha256 and the settings (what makes a batch resumable).
- :mod:`~hingecoach.batch.work`: what a worker does with one video (``analyze``'s pipeline).
- :mod:`~hingecoach.batch.local_pool`: spawned worker processes on this machine.
- :mod:`~hingecoach.batch.ray_pool`: Ray actors on an existing cluster.
- :mod:`~hingecoach.batch.run`: the caller's side: skip what is done, write each video's
  outputs, save its set to the store (workers never write), summarise.
"""
