"""The FastAPI app: lifespan (store + worker pool), routers, error pages, security headers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from hingecoach.store import open_store
from hingecoach.templates import STYLESHEET, TEMPLATE_DIR
from hingecoach.web.deps import NotAuthenticated
from hingecoach.web.folder_lock import FolderLock, lock_data_folder
from hingecoach.web.jobs.analysis import Analyzer, analyze_upload
from hingecoach.web.jobs.ray_analysis import with_ray
from hingecoach.web.jobs.runner import ExecutorFactory, JobRunner, process_pool, server_identity
from hingecoach.web.jobs.worker import WorkerConfig
from hingecoach.web.pages import HERE, render, wants_html
from hingecoach.web.routes import athletes, auth, home, jobs, selftest, sets, uploads
from hingecoach.web.security import HashSlots, LoginThrottle
from hingecoach.web.settings import Settings

#: Pages may load only this server's scripts and styles; reports carry inline CSS and images.
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; media-src 'self'; object-src 'none'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)


def create_app(
    settings: Settings,
    *,
    analyzer: Analyzer = analyze_upload,
    make_executor: ExecutorFactory | None = None,
    folder_lock: FolderLock | None = None,
) -> FastAPI:
    """Build the app. The lifespan takes the data folder, opens the store, starts the pool.

    Args:
        settings: see :mod:`hingecoach.web.settings`.
        analyzer: what a worker runs on an upload (tests pass a fast fake).
        make_executor: the pool; default a spawned process pool of ``settings.workers``.
        folder_lock: the data folder, already locked by the caller (``serve`` takes it before
            binding its port); None: the lifespan takes it, and refuses to start without it.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        lock = folder_lock or lock_data_folder(settings.data_dir)
        try:
            async with _running(app):
                yield
        finally:
            if folder_lock is None:
                lock.release()

    @asynccontextmanager
    async def _running(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings.db_url)
        config = WorkerConfig(
            db_url=settings.db_url,
            uploads_dir=settings.uploads_dir,
            results_dir=settings.results_dir,
            analyzer=with_ray(analyzer, settings.ray_address),
            owner=server_identity(),
            lease_s=settings.job_lease_s,
            video_limits=settings.video_limits,
            job_time_limit_s=settings.job_time_limit_s,
        )
        runner = JobRunner(
            store=store,
            config=config,
            make_executor=make_executor or process_pool(settings.workers),
        )
        app.state.store, app.state.runner = store, runner
        runner.start()
        try:
            yield
        finally:
            runner.shutdown()
            store.close()

    app = FastAPI(title="hingecoach", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.throttle = LoginThrottle()
    app.state.hash_slots = HashSlots(settings.max_hashing)
    for module in (auth, home, athletes, uploads, jobs, selftest, sets):
        app.include_router(module.router)
    app.add_api_route("/static/hingecoach.css", _stylesheet, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _add_handlers(app)
    return app


def _stylesheet() -> FileResponse:
    """The one stylesheet of every hingecoach page, shared with the report and progress files."""
    return FileResponse(TEMPLATE_DIR / STYLESHEET, media_type="text/css")


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotAuthenticated)
    async def _login_first(request: Request, _exc: NotAuthenticated) -> Response:
        if request.method == "GET" and wants_html(request):
            return RedirectResponse("/login", status_code=303)
        return JSONResponse({"detail": "log in first"}, status_code=401)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request):
            return render(
                request, "error.html", {"message": exc.detail}, status_code=exc.status_code
            )
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    @app.middleware("http")
    async def _headers(request: Request, call_next: object) -> Response:
        response: Response = await call_next(request)  # type: ignore[operator]
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
