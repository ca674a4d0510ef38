"""Static files for production: hashed names, compressed copies, module imports rewritten."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, also rewriting `import ... from "./timer.js";` in the app's scripts.

    guided.js is an ES module that imports timer.js by a relative name. Rewritten to
    timer.js's hashed name, the import changes guided.js's own hash whenever timer.js
    changes, so a browser never pairs a guided.js cached for a year with another version
    of timer.js.

    Django's `support_js_module_import_aggregation = True` does this for every script,
    but its patterns take the word "import" anywhere, comments included: django-htmx's
    extensions have JSDoc types like `import("../htmx")`, which then fail collectstatic
    as missing files. So the same rewrite (Django's pattern for `import ... from "...";`)
    is kept to journal's own scripts, whose comments must not read like an import.
    """

    patterns = (
        *CompressedManifestStaticFilesStorage.patterns,
        (
            "journal/*.js",
            (
                (
                    r"""(?P<matched>import(?s:(?P<import>[\s\{].*?|\*\s*as\s*\w+))"""
                    r"""\s*from\s*['"](?P<url>[./].*?)["']\s*;)""",
                    """import%(import)s from "%(url)s";""",
                ),
            ),
        ),
    )
