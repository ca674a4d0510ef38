"""Tags for the app on a phone: who the page is for, and the red-flag notices kept offline."""

from django import template

from journal.offline import offline_notices as notices_by_tier
from journal.offline import person_tag, red_flag_answers

register = template.Library()


@register.simple_tag(takes_context=True)
def page_person(context: template.Context) -> str:
    """The signed-in person's tag (journal.offline.person_tag), "" for a visitor."""
    request = context.get("request")
    return person_tag(request.user) if request is not None else ""


@register.inclusion_tag("journal/_red_flag_answers.html")
def red_flags_on_device() -> dict:
    """Which answer of a check-in is which red flag, and how each is named, for the device:
    its notices offline and its description of a check-in waiting to be sent."""
    return {"answers": red_flag_answers()}


@register.inclusion_tag("journal/_offline_notices.html")
def offline_notices() -> dict:
    """A notice for each tier of red flag, hidden, for a check-in made offline."""
    return {"notices": notices_by_tier()}
