"""One page, requested a fixed number of times by N simulated people at once.

bench/run.py starts this once per page and level, as
`locust -f bench/locustfile.py --headless -u N -r N --host http://127.0.0.1:PORT`, and sets:

BENCH_PATH      the page, e.g. /trends/
BENCH_METHOD    GET, or POST for a check-in
BENCH_HEADERS   JSON object of extra headers (htmx's, say)
BENCH_COOKIE    the Cookie header of a signed-in session ("" for /ping/)
BENCH_CSRF      the CSRF token, for POST
BENCH_DATES     for POST: a file with one free date a line, one for each check-in posted
BENCH_REQUESTS  how many requests in all; the run stops once they have all been answered
BENCH_OUT       where to write each request's timing, size and outcome (JSON)
"""

import json
import os
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

PATH = os.environ["BENCH_PATH"]
METHOD = os.environ.get("BENCH_METHOD", "GET")
HEADERS = {**json.loads(os.environ.get("BENCH_HEADERS") or "{}")}
if os.environ.get("BENCH_COOKIE"):
    HEADERS["Cookie"] = os.environ["BENCH_COOKIE"]
if METHOD == "POST":
    HEADERS["X-CSRFToken"] = os.environ["BENCH_CSRF"]
DATES = Path(os.environ["BENCH_DATES"]).read_text().split() if METHOD == "POST" else []
BUDGET = int(os.environ["BENCH_REQUESTS"])
OUT = Path(os.environ["BENCH_OUT"])

issued = 0
# [seconds since the first request started, seconds taken, bytes as sent, status, outcome,
#  bytes uncompressed]
records: list[list] = []
first_start: float | None = None


class Visitor(FastHttpUser):
    wait_time = constant(0)

    @task
    def visit(self) -> None:
        global issued, first_start
        if issued >= BUDGET:
            raise StopUser()
        number = issued
        issued += 1
        data = None
        if METHOD == "POST":
            data = {"date": DATES[number], "soreness": str(number % 11)}
        started = time.perf_counter()
        first_start = first_start or started
        with self.client.request(
            METHOD,
            PATH,
            data=data,
            headers=HEADERS,
            allow_redirects=False,  # a redirect (to the login page, say) is a failure
            catch_response=True,
        ) as response:
            taken = time.perf_counter() - started
            outcome = "ok"
            if response.status_code != 200:
                outcome = "error"
                response.failure(f"status {response.status_code}")
            elif METHOD == "POST" and "checkin-saved" not in response.headers.get("HX-Trigger", ""):
                # The form again, saying that day has a check-in already: answered, not saved.
                outcome = "duplicate"
            body = len(response.content or b"")
            records.append(
                [
                    started - first_start,
                    taken,
                    int(response.headers.get("Content-Length") or body),  # as sent
                    response.status_code or 0,
                    outcome,
                    body,  # uncompressed
                ]
            )
        if len(records) >= BUDGET:
            # Every request answered: end the run (from its own greenlet, not this user's).
            gevent.spawn(self.environment.runner.quit)
            raise StopUser()


@events.quitting.add_listener
def write_records(environment, **kwargs) -> None:
    OUT.write_text(json.dumps(records))
