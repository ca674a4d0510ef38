"""gunicorn settings for the benchmark's server, on top of `make serve`'s command line.

With DEBUG off Django sends a failed request's traceback only to ADMINS by email, so nothing
would reach the server's log; the benchmark greps that log for "database is locked".
"""

import logging


def post_worker_init(worker) -> None:
    logging.getLogger("django.request").addHandler(logging.StreamHandler())
