"""The web app: sign up, upload sets, watch them analysed, read the report, follow athletes.

The only package that imports FastAPI. Start it with ``hingecoach serve`` (see
:mod:`hingecoach.cli.serve`) or build it in code with :func:`hingecoach.web.app.create_app`.

Layout: ``app`` (lifespan, routers, error pages), ``settings`` (one frozen settings object),
``deps`` (the store, the job runner, the current user, the CSRF check), ``schemas`` (create and
public models), ``jobs/`` (the worker pool and what a worker runs), ``uploads`` (streamed,
size-limited, sniffed uploads), ``security`` (passwords, session tokens, CSRF), ``routes/`` (one
router per resource), ``pages`` with ``templates/`` + ``static/``. The web's own tables and their
data-access functions live in :mod:`hingecoach.store.web`: only the store imports SQLAlchemy.
"""
