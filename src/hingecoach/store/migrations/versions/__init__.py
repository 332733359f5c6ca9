"""One module per schema revision, oldest first (``rev_0001_*``, ``rev_0002_*``, ...)."""
