"""One module per checkpoint of the hinge, a registry, and per-exercise profiles."""
