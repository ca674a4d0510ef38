"""Tags for the app on a phone: who the page is for, and the emergency notice kept offline."""

from django import template

from journal.offline import emergency_notice, person_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def page_person(context: template.Context) -> str:
    """The signed-in person's tag (journal.offline.person_tag), "" for a visitor."""
    request = context.get("request")
    return person_tag(request.user) if request is not None else ""


@register.inclusion_tag("journal/_emergency_offline.html")
def emergency_offline() -> dict:
    """The emergency notice, hidden, and which answers show it, for a check-in made offline."""
    return {"emergency": emergency_notice()}
