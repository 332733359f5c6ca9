"""Live mode: coach a set from a camera, a stream or a file played at its real pace."""
