"""django-q2's `qcluster` (the reminders' task queue), with a stop that cannot hang.

In django-q2 1.11.1 the main process stops the cluster from inside its SIGTERM/SIGINT handler:
it sets a multiprocessing Event that the sentinel process (which runs the workers) waits on,
then waits for the sentinel to end. Setting that Event returns only once every process waiting
on it has woken up. The sentinel and its workers ignore SIGINT but die at once of SIGTERM, so
when SIGTERM reaches the whole process group (systemd stopping the service, `kill -- -PGID` on
`make serve`), the sentinel dies while it is waiting, never wakes, and the main process waits
for it forever, until a SIGKILL. SIGTERM to the main process alone, or Ctrl-C, stopped it.
(django-q2's issue 346 reports a related hang: the same Event set from inside the handler.)

Here the handlers only note the signal. The main process then asks a sentinel that is still
alive to stop its workers in order, from a thread it never waits on, and waits for the
sentinel to end: in order after SIGINT or a SIGTERM to the main process alone; at once when the
SIGTERM reached the sentinel and its workers too, as it always has. Everything else is
django-q2's command (INSTALLED_APPS lists this app first, so this one is `manage.py qcluster`).
"""

import os
import signal
import threading
import time

from django.conf import settings
from django_q.cluster import Cluster
from django_q.conf import logger
from django_q.management.commands import qcluster


class Command(qcluster.Command):
    def handle(self, *args, **options) -> None:
        settings.SECRET_KEY  # noqa: B018 (as django-q2's: no cluster without the signing key)
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]

        cluster = Cluster()  # which sets its own handlers, replaced here
        received: list[int] = []

        def note(signum: int, frame: object) -> None:
            received.append(signum)  # nothing that takes a lock: see above

        signal.signal(signal.SIGTERM, note)
        signal.signal(signal.SIGINT, note)
        try:
            cluster.start()
        except RuntimeError:
            # The sentinel died while starting: of the stop signal (quietly), or of a fault.
            if not received:
                raise
        while cluster.sentinel.is_alive() and not received and not options.get("run_once"):
            time.sleep(0.2)
        logger.info("Q Cluster %s stopping.", cluster.name)
        if cluster.sentinel.is_alive():
            threading.Thread(target=cluster.stop_event.set, daemon=True).start()
        cluster.sentinel.join()
        logger.info("Q Cluster %s has stopped.", cluster.name)
