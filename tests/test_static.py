"""Static files as production serves them: hashed names, compressed, cached for a year."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.templatetags.static import static
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
PLOTLY = "vendor/plotly/plotly-basic.min.js"


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    """STATIC_ROOT after `collectstatic` with the production settings (STATIC_HASHED=1)."""
    static_root = tmp_path_factory.mktemp("static")
    env = {**os.environ, "STATIC_HASHED": "1", "STATIC_ROOT": str(static_root), "SECRET_KEY": "x"}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return static_root


def test_plotly_is_served_compressed_with_far_future_cache_headers(collected, db, settings):
    names = {p.name for p in (collected / "vendor/plotly").iterdir()}
    assert any(n.startswith("plotly-basic.min.") and n.endswith(".js.gz") for n in names)

    with override_settings(
        STATIC_ROOT=collected,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "stretchlog.storage.StaticFilesStorage"},
        },
        MIDDLEWARE=["whitenoise.middleware.WhiteNoiseMiddleware", *settings.MIDDLEWARE],
    ):
        url = static(PLOTLY)
        assert url != f"/static/{PLOTLY}"  # a hashed name, so it can be cached for ever
        response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200
        assert response["Content-Encoding"] == "gzip"
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
        size = int(response["Content-Length"])
        assert size < 450_000, size  # the basic bundle, gzipped, not the full 4.5 MB plotly.js
        response.close()


def test_the_hashed_guided_script_imports_the_hashed_timer(collected):
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]
    timer = paths["journal/timer.js"]
    assert re.fullmatch(r"journal/timer\.[0-9a-f]{12}\.js", timer)
    guided = (collected / paths["journal/guided.js"]).read_text()
    imports = re.findall(r'^import .* from "(.*)";$', guided, re.MULTILINE)
    assert imports == [f"./{timer.removeprefix('journal/')}"]
