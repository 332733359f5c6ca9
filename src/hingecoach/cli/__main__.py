"""``python -m hingecoach.cli``: the same CLI as the ``hingecoach`` script."""

from hingecoach.cli import main

main()
