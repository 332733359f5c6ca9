"""The shared templates ship with the package and render pages whose own code is not escaped."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from hingecoach.templates import TEMPLATE_DIR, environment, script, stylesheet

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_every_template_file_is_package_data() -> None:
    globs = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["hingecoach"]
    files = [
        p.relative_to(TEMPLATE_DIR.parent).as_posix()
        for p in TEMPLATE_DIR.iterdir()
        if p.is_file() and p.suffix != ".py" and not p.name.endswith(".pyc")
    ]
    assert {"templates/hingecoach.css", "templates/report.html"} <= set(files)
    missing = [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert not missing, f"add to [tool.setuptools.package-data]: {missing}"


def test_inline_code_is_not_escaped_and_closes_nowhere_early() -> None:
    css, js = stylesheet(), script("report.js")
    page = environment().from_string("<style>{{ css }}</style><script>{{ js }}</script>")
    html = page.render(css=css, js=js)
    assert ".grid>.card" in html and "&&" in html and "&amp;" not in html
    assert "</style" not in css and "</script" not in js  # would end the inline block early
    assert "url(" not in css and "@import" not in css and "http" not in css + js


def test_autoescape_is_on() -> None:
    assert environment().from_string("{{ x }}").render(x="<b>&") == "&lt;b&gt;&amp;"
