"""hingecoach: watches a person hip-hinge and coaches the movement rep by rep."""

__version__ = "0.1.0"
