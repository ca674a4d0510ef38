"""The journal's stamp, renewed by every write to a journal."""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.models import User
from django.db import transaction

from journal.models import (
    Activity,
    ActivityRating,
    ActivityScore,
    Profile,
    RedFlagReport,
    RedFlagResolution,
    RedFlagScreen,
    ReportShare,
    SessionEntry,
    ShareOpening,
    SorenessCheckin,
    StretchSession,
)

# The journal's tables: written only through this package (tests/conftest.py checks it).
JOURNAL_MODELS = (
    Profile,
    SorenessCheckin,
    StretchSession,
    SessionEntry,
    RedFlagReport,
    RedFlagScreen,
    RedFlagResolution,
    Activity,
    ActivityRating,
    ActivityScore,
    ReportShare,
    ShareOpening,
)

P = ParamSpec("P")
R = TypeVar("R")


def journal_changed(user: User) -> None:
    """Give the person's journal a new stamp, so what was cached under the old one goes unused.

    Random rather than a counter, so a restored backup cannot meet a cached value by chance.
    The person's profile loaded in this request gets the new stamp too, so the rest of the
    request never reads what was cached under the old one.
    """
    stamp = uuid.uuid4()
    Profile.objects.filter(user=user).update(journal_stamp=stamp)
    if User.profile.is_cached(user):
        user.profile.journal_stamp = stamp


def journal_write(write: Callable[Concatenate[User, P], R]) -> Callable[Concatenate[User, P], R]:
    """A write to `user`'s journal: done in one transaction with the renewal of its stamp.

    In the same transaction, a page that reads the stamp and then the rows can cache the new
    rows under the old stamp (harmless: the stamp is new by then) but never old rows under the
    new one, and a crash cannot leave changed rows under an unchanged stamp.
    """

    @wraps(write)
    def wrapper(user: User, *args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            result = write(user, *args, **kwargs)
            journal_changed(user)
        return result

    return wrapper
