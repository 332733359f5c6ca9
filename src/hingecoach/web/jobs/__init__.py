"""Analysis outside the request: the worker pool (``runner``) and what a worker runs."""
