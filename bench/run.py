"""Stretchlog's benchmark: `make bench`, or `.venv/bin/python bench/run.py --help`.

Builds a realistic data set into a database of its own, serves it as `make serve` does
(gunicorn, DEBUG off, hashed and compressed static files) on a free port of 127.0.0.1, and
requests each page a fixed number of times at 1, 10 and 50 concurrent users with locust.
Then it prints, for each page and for a person with five years of history and one with a
week: latency, throughput, errors, queries per request, response size and the ratio to
/ping/ (the framework alone), and what a first-time and a returning visitor download for
the trends page. Last, it imports the largest file an import accepts while 50 other people
check in, and reports their errors and latency beside the targets (tests of issue "imports
that never block others"). Then, with the server stopped, the reminder scheduler: finding the
due reminders among 100 and 100,000 people with reminders, and a busy minute's sending
(bench/reminders.py; `--only scheduler` runs that part alone). It exits non-zero if any
request failed, the server logged an error or a reminder went out other than once.

The database is SQLite in a temporary folder, or, when DATABASE_URL names a PostgreSQL
server, a database of its own there, `stretchlog_bench`, dropped and made again each run
(`--reuse` keeps one built earlier). Only 127.0.0.1 is ever requested.
"""

import argparse
import datetime as dt
import gzip
import http.client
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "stretchlog_bench"
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)


FLOOR = Page("ping (floor)", "/ping/")
PAGES = [
    # The base layout for a signed-in person: the floor a journal page is compared with.
    Page("signed-in floor", "/ping/page/"),
    Page("trends", "/trends/"),
    Page(
        "chart partial", "/trends/?range=90", headers={"HX-Request": "true", "HX-Target": "charts"}
    ),
    Page("check-in post", "/checkins/new/", "POST", headers={"HX-Request": "true"}),
    Page("history", "/history/"),
]


@dataclass
class Result:
    page: str
    who: str  # "long", "week" or "" for the floor
    level: int
    requests: int
    p50_ms: float
    p95_ms: float
    rps: float
    errors: int
    duplicates: int
    bytes: int  # as sent (gzipped where the server compresses)
    raw_bytes: int  # uncompressed
    queries: str = ""  # "7/4": built, then from the cache (the trends page)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="per page, user and level")
    parser.add_argument("--levels", default="1,10,50", help="concurrent users, comma-separated")
    parser.add_argument("--users", type=int, default=1000, help="people besides the two measured")
    parser.add_argument("--days", type=int, default=90, help="days of history of each of them")
    parser.add_argument("--long-days", type=int, default=5 * 365 + 1)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--timeout", type=int, default=300, help="seconds allowed for each run")
    parser.add_argument("--reuse", action="store_true", help="keep a PostgreSQL data set")
    parser.add_argument(
        "--database-name",
        default=BENCH_DATABASE,
        help="the PostgreSQL database to build (dropped first), when several people share a server",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--import-people", type=int, default=50, help="people checking in during the import"
    )
    parser.add_argument(
        "--import-pause",
        type=float,
        default=5.0,
        help="mean seconds each of them waits between check-ins (0 to post back to back)",
    )
    parser.add_argument("--no-import", action="store_true", help="skip the import under load")
    parser.add_argument(
        "--only",
        choices=["scheduler"],
        help="run one part alone: 'scheduler' builds people with reminders and times the "
        "reminder scheduler (no server, no pages)",
    )
    parser.add_argument("--no-scheduler", action="store_true", help="skip the reminder scheduler")
    parser.add_argument(
        "--scheduler-runs", type=int, default=3, help="runs of the scheduler's busy minute"
    )
    parser.add_argument(
        "--reminder-people",
        type=int,
        default=100_000,
        help="people with reminders at the scheduler's larger size (the smaller is 100)",
    )
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]

    workdir = Path(tempfile.mkdtemp(prefix="stretchlog-bench-"))
    try:
        if args.only == "scheduler":
            return run_scheduler_alone(args, workdir)
        return run(args, levels, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def default_workers() -> int:
    """What `make serve` starts: WEB_CONCURRENCY, or two per core and one more."""
    return int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)


def run(args: argparse.Namespace, levels: list[int], workdir: Path) -> int:
    database_url = prepare_database(workdir, args.reuse, args.database_name)
    os.environ.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        DEBUG="0",
        HTTPS="0",  # plain http on loopback
        STATIC_HASHED="1",
        STATIC_ROOT=str(workdir / "static"),
        # testserver: the test client that counts queries in this process.
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
    )
    print(f"Database: {redact(database_url)}", flush=True)
    manage("migrate", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    started = time.monotonic()
    manage(
        "build_bench_data",
        f"--users={args.users}",
        f"--days={args.days}",
        f"--long-days={args.long_days}",
    )
    print(f"Data set ready in {time.monotonic() - started:.0f} s", flush=True)

    setup_django()
    from django.contrib.auth.models import User
    from django.db import connection

    from journal.management.commands import build_bench_data as data

    people = {
        "long": User.objects.get(username=data.LONG_USER),
        "week": User.objects.get(username=data.WEEK_USER),
    }
    queries = {
        (page.name, who): count_queries(page, user)
        for page in PAGES
        for who, user in people.items()
    }
    queries[(FLOOR.name, "")] = count_queries(FLOOR, None)
    built = {
        (page.name, who): time_built_and_cached(page, user)
        for page in PAGES
        if page.path.startswith("/trends/")
        for who, user in people.items()
    }
    imports = None if args.no_import else prepare_import(args)
    connection.close()

    port = free_port()
    base = f"http://{HOST}:{port}"
    log_path = workdir / "server.log"
    server = start_server(port, args.workers, log_path)
    results: list[Result] = []
    try:
        wait_until_ready(base, server)
        cookies = {who: log_in(base, user.username, data.PASSWORD) for who, user in people.items()}
        warm_up(base, cookies, args.workers)
        visits = {who: visitor_bytes(base, cookies[who]) for who in people}
        app = app_bytes(base)
        for level in levels:
            print(f"\n{level} concurrent users", flush=True)
            results.append(load(FLOOR, "", level, base, "", args, workdir))
            for page in PAGES:
                for who, user in people.items():
                    dates = free_dates(user, args.requests) if page.method == "POST" else None
                    results.append(load(page, who, level, base, cookies[who], args, workdir, dates))
                    if dates:
                        restore_history(user, who)
                    connection.close()
        if imports:
            imports.result = import_under_load(base, imports, args)
            print(imports.result.line(), flush=True)
    finally:
        stop_server(server)

    for result in results:
        result.queries = queries[(result.page, result.who)]
    log = log_path.read_text(errors="replace")
    locked = log.count("database is locked")
    tracebacks = log.count("Traceback")
    engine = engine_of(database_url)
    summary = report(
        results, visits, built, levels, locked, tracebacks, engine, args, imports, app=app
    )
    failed = sum(r.errors for r in results) + locked + tracebacks
    if not args.no_scheduler:
        scheduler = measure_scheduler(engine, workdir, args)
        summary["scheduler"] = scheduler.summary()
        failed += not all(r.once_each for r in scheduler.runs)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1, default=str))
    if tracebacks:
        print("\nThe server's log, errors only:\n" + "\n".join(error_lines(log)))
    if imports and imports.result:
        failed += imports.result.errors + (not imports.result.imported)
    return 1 if failed else 0


def setup_django() -> None:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stretchlog.settings")
    django.setup()


def engine_of(database_url: str) -> str:
    return "PostgreSQL" if database_url.startswith("postgres") else "SQLite"


def run_scheduler_alone(args: argparse.Namespace, workdir: Path) -> int:
    """`--only scheduler`: a database of its own as for the whole benchmark, migrated, then
    the reminder scheduler's part (bench/reminders.py) alone."""
    database_url = prepare_database(workdir, args.reuse, args.database_name)
    os.environ.update(DATABASE_URL=database_url, SECRET_KEY=secrets.token_urlsafe(50), DEBUG="0")
    print(f"Database: {redact(database_url)}", flush=True)
    manage("migrate", "-v0")
    setup_django()
    scheduler = measure_scheduler(engine_of(database_url), workdir, args)
    if args.json:
        args.json.write_text(json.dumps({"scheduler": scheduler.summary()}, indent=1, default=str))
    return 0 if all(r.once_each for r in scheduler.runs) else 1


def measure_scheduler(engine: str, workdir: Path, args: argparse.Namespace):
    """The reminder scheduler's part, printed with its targets; see bench/reminders.py."""
    from django.db import connection

    from bench import reminders

    print("\nReminders: building people with reminders", flush=True)
    sizes = (reminders.SIZES[0], args.reminder_people)
    result = reminders.measure(engine, workdir, args.scheduler_runs, sizes)
    connection.close()
    print("\n".join(result.lines()), flush=True)
    return result


# The database


def prepare_database(workdir: Path, reuse: bool, database: str = BENCH_DATABASE) -> str:
    """A database for the benchmark alone: never the one DATABASE_URL names."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(url)
    with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
        name = sql.Identifier(database)
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if exists and not reuse:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(name))
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def redact(url: str) -> str:
    return re.sub(r"://([^:@/]+):[^@/]*@", r"://\1:***@", url)


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True, timeout=1800)


def send(client, page: Page, data: dict | None = None):
    response = client.generic(
        page.method,
        page.path,
        urllib.parse.urlencode(data or {}),
        content_type="application/x-www-form-urlencoded",
        headers=page.headers,
    )
    assert response.status_code == 200, (page.path, response.status_code)
    return response


def signed_in(user):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def count_queries(page: Page, user) -> str:
    """Database queries for a request to the page, through Django's test client: "7/4" when
    the second request makes fewer (the trends page's charts come from the cache)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(user)
    data = None
    if page.method == "POST":
        day = user.profile.today() - dt.timedelta(days=1)
        user.checkins.filter(date=day).delete()
        data = {"date": day.isoformat(), "soreness": "3"}
    cache.clear()
    counts = []
    for _ in range(1 if data else 2):
        with CaptureQueriesContext(connection) as captured:
            send(client, page, data)
        counts.append(len(captured))
    return "/".join(str(n) for n in sorted(set(counts), reverse=True))


def time_built_and_cached(page: Page, user, times: int = 30) -> tuple[float, float]:
    """Median milliseconds for the page in this process (Django's test client, no server):
    with the charts built afresh (cache emptied first), and taken from the cache."""
    from django.core.cache import cache

    client = signed_in(user)
    send(client, page)  # templates loaded
    medians = []
    for empty_first in (True, False):
        timings = []
        for _ in range(times):
            if empty_first:
                cache.clear()
            started = time.perf_counter()
            send(client, page)
            timings.append(1000 * (time.perf_counter() - started))
        medians.append(statistics.median(timings))
    return medians[0], medians[1]


def free_dates(user, count: int) -> list[dt.date]:
    """`count` past days (from 30 days ago backwards) cleared of check-ins, so that each
    check-in posted is a new row. The long history loses them until the posts put them back."""
    last = user.profile.today() - dt.timedelta(days=30)
    dates = [last - dt.timedelta(days=n) for n in range(count)]
    user.checkins.filter(date__in=dates).delete()
    return dates


def restore_history(user, who: str) -> None:
    """The one-week person goes back to one week of history."""
    if who == "week":
        user.checkins.filter(date__lt=user.profile.today() - dt.timedelta(days=7)).delete()


# The server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "stretchlog.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
    ]
    print(f"Server: gunicorn, {workers} workers, on {HOST}:{port}", flush=True)
    log = log_path.open("w")
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def wait_until_ready(base: str, server: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server stopped while starting; see its log above.")
        try:
            with urllib.request.urlopen(f"{base}/ping/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer /ping/ within {seconds} s.")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


# HTTP, from this process


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def log_in(base: str, username: str, password: str) -> str:
    """Sign in through the login form; the Cookie header of that session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    try:
        opener.open(f"{base}/accounts/login/", body, timeout=30)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise SystemExit(f"Could not sign in as {username}: status {answer.code}") from None
    else:
        raise SystemExit(f"Could not sign in as {username}: the login form came back")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def fetch(base: str, path: str, cookie: str = "", **headers: str) -> http.client.HTTPResponse:
    request = urllib.request.Request(f"{base}{path}", headers={"Cookie": cookie, **headers})
    return urllib.request.build_opener(NoRedirect).open(request, timeout=60)


def warm_up(base: str, cookies: dict[str, str], workers: int) -> None:
    """A few requests per page and worker first, so no run pays for loading templates."""
    for cookie in cookies.values():
        for page in [FLOOR, *PAGES]:
            if page.method == "GET":
                for _ in range(2 * workers):
                    with fetch(base, page.path, cookie, **page.headers) as response:
                        response.read()


def header_bytes(response: http.client.HTTPResponse) -> int:
    return len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + len(
        str(response.headers).encode()
    )


def visitor_bytes(base: str, cookie: str) -> dict:
    """What a browser downloads for the trends page: the page, then every script, stylesheet
    and icon it names, compressed as the server sends them; and, coming back, the page alone
    (the static files have hashed names and are cached as immutable)."""
    with fetch(base, "/trends/", cookie, **{"Accept-Encoding": "gzip"}) as response:
        sent = response.read()
        encoding = response.headers.get("Content-Encoding", "none")
        page = {"body": len(sent), "headers": header_bytes(response), "encoding": encoding}
    html = gzip.decompress(sent) if encoding == "gzip" else sent
    text = html.decode()
    # plotly.js is named by charts.js's data-plotly and fetched as soon as a chart is in view,
    # as the trend chart is on arrival. The manifest and the home-screen icon are fetched for
    # installing, not for the page.
    urls = (
        re.findall(r'<script[^>]+src="([^"]+)"', text)
        + re.findall(r'data-plotly="([^"]+)"', text)
        + re.findall(r'<link(?![^>]+rel="(?:manifest|apple-touch-icon)")[^>]+href="([^"]+)"', text)
    )
    assets = []
    queue = list(dict.fromkeys(urls))
    while queue:
        url = queue.pop(0)
        with fetch(base, url, **{"Accept-Encoding": "gzip"}) as response:
            body = response.read()
            assets.append(
                {
                    "url": url,
                    "body": len(body),
                    "headers": header_bytes(response),
                    "encoding": response.headers.get("Content-Encoding", "none"),
                    "cache": response.headers.get("Cache-Control", ""),
                }
            )
            plain = gzip.decompress(body) if assets[-1]["encoding"] == "gzip" else body
        # A module's imports are downloaded too, named relative to it.
        if url.endswith(".js"):
            for imported in re.findall(
                r'\bfrom\s*"(\.{1,2}/[^"]+)"', plain.decode(errors="replace")
            ):
                resolved = urllib.parse.urljoin(url, imported)
                if resolved not in queue and all(a["url"] != resolved for a in assets):
                    queue.append(resolved)
    first = page["body"] + page["headers"] + sum(a["body"] + a["headers"] for a in assets)
    return {
        "page": page,
        "page_uncompressed": len(html),
        "assets": assets,
        "first_visit": first,
        "repeat_visit": page["body"] + page["headers"],
        "assets_immutable": all("immutable" in a["cache"] for a in assets),
    }


def app_bytes(base: str) -> dict:
    """What the app on a device costs, compressed as the server sends it: the service worker
    (its settings, then the Workbox runtime and its own code), the manifest, and the files it
    keeps on the device when it is installed."""

    def sent(url: str) -> tuple[int, bytes]:
        with fetch(base, url, **{"Accept-Encoding": "gzip"}) as response:
            body = response.read()
            gzipped = response.headers.get("Content-Encoding") == "gzip"
            return len(body) + header_bytes(response), gzip.decompress(body) if gzipped else body

    worker_bytes, worker = sent("/sw.js")
    text = worker.decode()
    settings = json.loads(text.split("self.STRETCHLOG = ", 1)[1].split(";\nimportScripts", 1)[0])
    imports = re.findall(r'"(/static/[^"]+)"', text.rsplit("importScripts(", 1)[1])
    imported = {url.rsplit("/", 1)[-1]: sent(url)[0] for url in imports}
    manifest_bytes, _ = sent("/manifest.webmanifest")
    kept = {entry["url"]: sent(entry["url"])[0] for entry in settings["precache"]}
    return {
        "service_worker": worker_bytes + sum(imported.values()),
        "sw_js": worker_bytes,
        "imported": imported,
        "manifest": manifest_bytes,
        "kept_at_install": sum(kept.values()),
        "kept_files": len(kept),
        "pages_kept_after_first_visit": len(settings["pages"]) + len(settings["personal"]),
    }


# The load


def load(
    page: Page,
    who: str,
    level: int,
    base: str,
    cookie: str,
    args: argparse.Namespace,
    workdir: Path,
    dates: list[dt.date] | None = None,
) -> Result:
    """One locust run: `args.requests` requests to the page from `level` users at once."""
    tag = re.sub(r"\W+", "-", f"{page.name}-{who}-{level}")
    out = workdir / f"{tag}.json"
    dates_file = workdir / f"{tag}.dates"
    dates_file.write_text("\n".join(d.isoformat() for d in dates or []))
    env = {
        **os.environ,
        "BENCH_PATH": page.path,
        "BENCH_METHOD": page.method,
        "BENCH_HEADERS": json.dumps(page.headers),
        "BENCH_COOKIE": cookie,
        "BENCH_CSRF": re.search(r"csrftoken=([^;]+)", cookie).group(1) if cookie else "",
        "BENCH_DATES": str(dates_file),
        "BENCH_REQUESTS": str(args.requests),
        "BENCH_OUT": str(out),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--loglevel=WARNING",
        f"--users={level}",
        f"--spawn-rate={level}",
        f"--run-time={args.timeout}s",
        f"--host={base}",
    ]
    locust_log = workdir / f"{tag}.log"
    with locust_log.open("w") as log:
        subprocess.run(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=args.timeout + 60
        )
    if not out.exists():
        print(locust_log.read_text()[-3000:])
        raise SystemExit(f"locust wrote no results for {page.name}")
    records = json.loads(out.read_text())
    answered = len(records)
    taken = [r[1] for r in records]
    wall = max((r[0] + r[1] for r in records), default=0)
    result = Result(
        page=page.name,
        who=who,
        level=level,
        requests=answered,
        p50_ms=1000 * statistics.median(taken) if taken else 0,
        p95_ms=1000 * statistics.quantiles(taken, n=20)[-1] if len(taken) > 1 else 0,
        rps=answered / wall if wall else 0,
        # A request never answered within the run's time counts as an error.
        errors=sum(r[4] == "error" for r in records) + args.requests - answered,
        duplicates=sum(r[4] == "duplicate" for r in records),
        bytes=int(statistics.median(r[2] for r in records)) if records else 0,
        raw_bytes=int(statistics.median(r[5] for r in records)) if records else 0,
    )
    print(
        f"  {page.name:<14} {who:<5} p50 {result.p50_ms:7.1f} ms  p95 {result.p95_ms:7.1f} ms"
        f"  {result.rps:6.1f} req/s  errors {result.errors}",
        flush=True,
    )
    return result


# An import under load


IMPORTER = "bench-importer"
IMPORT_SOURCE = "bench-import-source"
# Check-ins the people post during the import go on days their histories do not reach.
FIRST_FREE_DAY = dt.date(2010, 1, 1)


@dataclass
class ImportResult:
    status: int
    seconds: float
    imported: bool
    message: str
    posts: int
    errors: int
    duplicates: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    people: int
    pause: float
    file_bytes: int
    records: str
    baseline_posts: int
    baseline_errors: int
    baseline_p50_ms: float
    baseline_p95_ms: float

    def line(self) -> str:
        return (
            f"Import under load: {self.file_bytes / 1024 / 1024:.2f} MB ({self.records}) "
            f"answered {self.status} in {self.seconds:.1f} s"
            f"{'' if self.imported else ' NOT imported: ' + self.message}\n"
            f"  {self.people} people, each checking in about every {self.pause:g} s:\n"
            f"    during the import   {self.posts:5} check-ins, errors {self.errors}, "
            f"p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, max {self.max_ms:.0f} ms\n"
            f"    before it (no import) {self.baseline_posts:3} check-ins, errors "
            f"{self.baseline_errors}, p50 {self.baseline_p50_ms:.0f} ms, "
            f"p95 {self.baseline_p95_ms:.0f} ms"
        )

    def targets(self) -> list[tuple[str, bool, str]]:
        return [
            (
                "the largest file accepted imports within the 30 s worker timeout",
                self.imported and self.seconds < 30,
                f"{self.status} in {self.seconds:.1f} s",
            ),
            (
                f"{self.people} people checking in during the import: zero errors",
                self.errors == 0,
                f"{self.errors} errors of {self.posts}",
            ),
            (
                f"{self.people} people checking in during the import: p95 under 1 s",
                self.p95_ms < 1000,
                f"p95 {self.p95_ms:.0f} ms",
            ),
        ]


@dataclass
class ImportRun:
    content: bytes
    records: str
    people: list[str]
    result: ImportResult | None = None


def prepare_import(args: argparse.Namespace) -> ImportRun:
    """The largest file an import accepts (a realistic history cut to just under the size
    limit), an empty account to import it into, and the people who check in meanwhile."""
    import random

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone

    from journal import queries, records, transfer
    from journal.forms import ImportForm
    from journal.management.commands import build_bench_data as data
    from journal.management.commands.make_demo_history import history_for, with_entries
    from journal.models import SorenessCheckin

    User.objects.filter(username__in=[IMPORTER, IMPORT_SOURCE]).delete()
    source = User.objects.create(username=IMPORT_SOURCE)
    records.profiles.create(source)
    routine = queries.default_routine()
    rng = random.Random(7)
    today = timezone.localdate()
    plan = history_for(3000, today, routine, rng, every_day=True)
    items = list(queries.routine_items(routine))
    records.imports.replace_history(source, with_entries(plan, items, rng))
    document = transfer.export_document(source)
    records.profiles.delete_account(source)
    # Drop the oldest days until the file, written as the export writes it, fits.
    while True:
        content = json.dumps(document, indent=1).encode()
        if len(content) <= ImportForm.MAX_BYTES:
            break
        cut = document["checkins"][40]["date"]
        document["checkins"] = [c for c in document["checkins"] if c["date"] > cut]
        document["sessions"] = [s for s in document["sessions"] if s["date"] > cut]
    entries = sum(len(s["entries"]) for s in document["sessions"])
    counts = (
        f"{len(document['checkins']):,} check-ins, {len(document['sessions']):,} sessions, "
        f"{entries:,} entries"
    )
    importer = User.objects.create(username=IMPORTER, password=make_password(data.PASSWORD))
    records.profiles.create(importer)
    people = list(
        User.objects.filter(username__startswith=data.CROWD_PREFIX)
        .order_by("username")
        .values_list("username", flat=True)[: args.import_people]
    )
    if len(people) < args.import_people:
        raise SystemExit(f"--import-people {args.import_people} needs --users of at least that")
    # Days the people post on must be free (a --reuse'd database may hold an earlier run's).
    SorenessCheckin.objects.filter(
        user__username__in=people, date__range=(FIRST_FREE_DAY, FIRST_FREE_DAY.replace(year=2015))
    ).delete()
    print(f"Import file: {len(content) / 1024 / 1024:.2f} MB, {counts}", flush=True)
    return ImportRun(content=content, records=counts, people=people)


def multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), boundary


def post(base: str, path: str, cookie: str, body: bytes, content_type: str, **headers: str):
    """POST and return (status, headers, body, seconds taken); a refused connection is 0."""
    token = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    request = urllib.request.Request(
        f"{base}{path}",
        data=body,
        headers={"Cookie": cookie, "X-CSRFToken": token, "Content-Type": content_type, **headers},
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
            status, answer, text = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer, text = error.code, error.headers, b""
    except OSError:
        status, answer, text = 0, {}, b""
    return status, answer, text, time.perf_counter() - started


def import_under_load(
    base: str, run: ImportRun, args: argparse.Namespace, baseline_seconds: float = 15
) -> ImportResult:
    """The people check in, each pausing a random while (`--import-pause` on average) between
    check-ins, first for `baseline_seconds` without an import, then while one person imports
    the file, until the import is answered."""
    import random
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from journal.management.commands import build_bench_data as data

    print(f"\nImport under load: signing in {len(run.people) + 1} people", flush=True)
    with ThreadPoolExecutor(max_workers=4) as pool:
        cookies = list(pool.map(lambda name: log_in(base, name, data.PASSWORD), run.people))
    importer_cookie = log_in(base, IMPORTER, data.PASSWORD)

    done = threading.Event()
    timings: list[tuple[float, float, str]] = []  # (started, seconds, outcome)

    def check_in(cookie: str, rng: random.Random) -> None:
        day = FIRST_FREE_DAY
        time.sleep(rng.uniform(0, args.import_pause))  # people do not all arrive at once
        while not done.is_set():
            body = urllib.parse.urlencode({"date": day.isoformat(), "soreness": "4"}).encode()
            started = time.perf_counter()
            status, headers, _, taken = post(
                base,
                "/checkins/new/",
                cookie,
                body,
                "application/x-www-form-urlencoded",
                **{"HX-Request": "true"},
            )
            if status != 200:
                outcome = "error"
            elif "checkin-saved" not in (headers.get("HX-Trigger") or ""):
                outcome = "duplicate"
            else:
                outcome = "ok"
            timings.append((started, taken, outcome))
            day += dt.timedelta(days=1)
            done.wait(rng.uniform(0, 2 * args.import_pause))

    threads = [
        threading.Thread(target=check_in, args=(c, random.Random(n))) for n, c in enumerate(cookies)
    ]
    for thread in threads:
        thread.start()
    baseline_started = time.perf_counter()
    time.sleep(baseline_seconds)
    body, boundary = multipart("file", "stretchlog.json", run.content)
    import_started = time.perf_counter()
    status, headers, page, seconds = post(
        base, "/import/", importer_cookie, body, f"multipart/form-data; boundary={boundary}"
    )
    import_ended = time.perf_counter()
    done.set()
    for thread in threads:
        thread.join()

    during = [t for t in timings if t[0] + t[1] >= import_started and t[0] <= import_ended]
    taken = sorted(t[1] for t in during)
    # Before: after everyone has started (half the mean pause), until the import starts.
    before = [
        t
        for t in timings
        if baseline_started + args.import_pause / 2 <= t[0] and t[0] + t[1] < import_started
    ]
    before_taken = sorted(t[1] for t in before)
    location = headers.get("Location", "") if headers else ""
    return ImportResult(
        status=status,
        seconds=seconds,
        imported=status == 302 and location.endswith("/trends/"),
        message="" if status == 302 else errors_on(page) or f"status {status}",
        posts=len(during),
        errors=sum(t[2] == "error" for t in during),
        duplicates=sum(t[2] == "duplicate" for t in during),
        p50_ms=1000 * statistics.median(taken) if taken else 0,
        p95_ms=1000 * statistics.quantiles(taken, n=20)[-1] if len(taken) > 1 else 0,
        max_ms=1000 * max(taken, default=0),
        people=len(run.people),
        pause=args.import_pause,
        file_bytes=len(run.content),
        records=run.records,
        baseline_posts=len(before),
        baseline_errors=sum(t[2] == "error" for t in before),
        baseline_p50_ms=1000 * statistics.median(before_taken) if before_taken else 0,
        baseline_p95_ms=1000 * statistics.quantiles(before_taken, n=20)[-1]
        if len(before_taken) > 1
        else 0,
    )


def errors_on(page: bytes) -> str:
    """The form's error messages on a page the import answered with."""
    found = re.findall(r'class="errorlist"[^>]*>(.*?)</ul>', page.decode(errors="replace"), re.S)
    return re.sub(r"<[^>]+>", " ", " ".join(found)).strip()[:300]


# The report


def report(
    results: list[Result],
    visits: dict[str, dict],
    built: dict[tuple[str, str], tuple[float, float]],
    levels: list[int],
    locked: int,
    tracebacks: int,
    engine: str,
    args: argparse.Namespace,
    imports: "ImportRun | None" = None,
    app: dict | None = None,
) -> dict:
    by_key = {(r.page, r.who, r.level): r for r in results}
    lines = [
        "",
        f"Stretchlog benchmark: {engine}, {args.workers} gunicorn workers, "
        f"{os.cpu_count()} cores, {args.requests} requests per page, person and level",
        f"long = {args.long_days} days of history; week = 7 days; "
        f"{args.users} more people with {args.days} days each in the database",
    ]
    header = (
        f"{'page':<14} {'who':<5} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>7} {'errors':>6} "
        f"{'dup':>4} {'queries':>7} {'bytes':>7} {'raw':>7} {'x ping':>7} {'long/week':>9}"
    )
    table = []
    for level in levels:
        floor = by_key[(FLOOR.name, "", level)]
        lines += ["", f"{level} concurrent users", header, "-" * len(header)]
        for result in [r for r in results if r.level == level]:
            week = by_key.get((result.page, "week", level))
            versus_week = (
                f"{result.p50_ms / week.p50_ms:.2f}" if result.who == "long" and week else ""
            )
            to_floor = result.p50_ms / floor.p50_ms if floor.p50_ms else 0
            lines.append(
                f"{result.page:<14} {result.who:<5} {result.p50_ms:8.1f} {result.p95_ms:8.1f} "
                f"{result.rps:7.1f} {result.errors:6} {result.duplicates:4} "
                f"{result.queries:>7} {result.bytes:7} "
                f"{result.raw_bytes:7} "
                f"{to_floor:7.1f} {versus_week:>9}"
            )
            table.append({**result.__dict__, "x_ping": round(to_floor, 2)})

    lines += ["", "Trends page downloads (bytes on the wire, headers included)"]
    for who, visit in visits.items():
        assets = ", ".join(f"{a['url'].rsplit('/', 1)[-1]} {a['body']}" for a in visit["assets"])
        lines.append(
            f"  {who:<5} first visit {visit['first_visit']:>8}   repeat visit "
            f"{visit['repeat_visit']:>7}   (page {visit['page']['body']} bytes, "
            f"{visit['page']['encoding']}; {visit['page_uncompressed']} uncompressed)"
        )
        lines.append(
            f"        assets ({'all' if visit['assets_immutable'] else 'NOT all'} "
            f"cached as immutable): {assets}"
        )

    if app:
        lines += [
            "",
            "The app on a device (bytes on the wire, headers included)",
            f"  service worker {app['service_worker']:>7}   (sw.js {app['sw_js']}, then "
            + ", ".join(f"{name} {n}" for name, n in app["imported"].items())
            + ")",
            f"  manifest       {app['manifest']:>7}",
            f"  kept at install {app['kept_at_install']:>6}   ({app['kept_files']} files; then "
            f"{app['pages_kept_after_first_visit']} pages after the first visit)",
        ]

    lines += [
        "",
        "The trends page built afresh and from the cache (no server: Django's test client in",
        "this process, median of 30; a page is built afresh once per process after each change)",
        f"  {'page':<14} {'who':<5} {'built ms':>9} {'cached ms':>9} {'long/week built':>16}",
    ]
    for (name, who), (fresh, cached) in built.items():
        versus = f"{fresh / built[(name, 'week')][0]:.2f}" if who == "long" else ""
        lines.append(f"  {name:<14} {who:<5} {fresh:9.1f} {cached:9.1f} {versus:>16}")

    top = max(levels)
    long_trends = [by_key[("trends", "long", n)] for n in levels]
    floors = [by_key[(FLOOR.name, "", n)] for n in levels]
    signed_in = [by_key[("signed-in floor", "long", n)] for n in levels]
    growth = {}
    for page in PAGES:
        for n in levels:
            long, week = by_key[(page.name, "long", n)], by_key[(page.name, "week", n)]
            growth[(page.name, n)] = long.p50_ms / week.p50_ms
    errors_top = sum(r.errors for r in results if r.level == top)
    long_visit = visits["long"]
    targets = [
        (
            f"zero errors and zero 'database is locked' at {top} users",
            errors_top == 0 and locked == 0,
            f"{errors_top} errors at {top}, {sum(r.errors for r in results)} in all; "
            f"{locked} 'database is locked'; {tracebacks} tracebacks in the server log",
        ),
        (
            f"trends p50 within 3x of /ping/ ({args.long_days} days of history)",
            all(d.p50_ms <= 3 * f.p50_ms for d, f in zip(long_trends, floors, strict=True)),
            ", ".join(
                f"{d.p50_ms / f.p50_ms:.1f}x at {n}"
                for d, f, n in zip(long_trends, floors, levels, strict=True)
            ),
        ),
        (
            f"trends p50 within 2x of the signed-in floor ({args.long_days} days of history)",
            all(d.p50_ms <= 2 * f.p50_ms for d, f in zip(long_trends, signed_in, strict=True)),
            ", ".join(
                f"{d.p50_ms / f.p50_ms:.1f}x at {n}"
                for d, f, n in zip(long_trends, signed_in, levels, strict=True)
            ),
        ),
        (
            f"{args.long_days}-day pages within 1.5x of one-week pages (p50)",
            all(ratio <= 1.5 for ratio in growth.values()),
            f"worst {max(growth.values()):.2f}x ({max(growth, key=growth.get)[0]} at "
            f"{max(growth, key=growth.get)[1]})",
        ),
        (
            "first visit to the trends page under 700 KB",
            long_visit["first_visit"] < 700_000,
            f"{long_visit['first_visit'] / 1000:.0f} KB",
        ),
        (
            "repeat visit under 30 KB",
            long_visit["repeat_visit"] < 30_000,
            f"{long_visit['repeat_visit'] / 1000:.1f} KB",
        ),
    ]
    if imports and imports.result:
        lines += ["", imports.result.line()]
        targets += imports.result.targets()
    lines += ["", "Targets"]
    for name, met, detail in targets:
        lines.append(f"  [{'met' if met else 'MISSED'}] {name}: {detail}")
    print("\n".join(lines), flush=True)
    return {
        "engine": engine,
        "workers": args.workers,
        "cores": os.cpu_count(),
        "requests": args.requests,
        "results": table,
        "visits": visits,
        "app": app,
        "built_and_cached_ms": {f"{name} {who}": ms for (name, who), ms in built.items()},
        "locked": locked,
        "tracebacks": tracebacks,
        "targets": [{"target": t, "met": m, "detail": d} for t, m, d in targets],
        "import_under_load": imports.result.__dict__ if imports and imports.result else None,
    }


def error_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if "Error" in line or "locked" in line][:40]


if __name__ == "__main__":
    sys.exit(main())
