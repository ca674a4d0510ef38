"""Static files as production serves them: hashed names, compressed, cached for a year."""

import os
import subprocess
import sys
from pathlib import Path

from django.templatetags.static import static
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent
PLOTLY = "vendor/plotly/plotly-basic.min.js"


def test_plotly_is_served_compressed_with_far_future_cache_headers(tmp_path, db, settings):
    env = {**os.environ, "STATIC_HASHED": "1", "STATIC_ROOT": str(tmp_path), "SECRET_KEY": "x"}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "vendor/plotly").iterdir()}
    assert any(n.startswith("plotly-basic.min.") and n.endswith(".js.gz") for n in names)

    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
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
