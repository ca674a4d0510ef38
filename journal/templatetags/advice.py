"""Template helpers for the advice notices."""

from django import template
from django.conf import settings

from journal import queries

register = template.Library()


@register.inclusion_tag("journal/_health_caution.html", takes_context=True)
def health_caution(context) -> dict:
    """The guides' caution, for a signed-in person who reported surgery, an injury or a health
    problem and has not been cleared, with the way to say they have been."""
    request = context.get("request")
    user = getattr(request, "user", None)
    profile = getattr(user, "profile", None) if user and user.is_authenticated else None
    return {
        "show": bool(profile and profile.needs_caution),
        "next": request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def stretching_offered(context) -> bool:
    """False while a red flag is open for the signed-in person, or a clinician comes first."""
    user = getattr(context.get("request"), "user", None)
    if not user or not user.is_authenticated:
        return True
    profile = user.profile
    advice = queries.advice_on(user, profile, profile.today())
    return advice.stretching_offered


@register.simple_tag
def emergency_number() -> str:
    """The deployment's emergency number (settings.EMERGENCY_NUMBER), for the tap-to-call link."""
    return settings.EMERGENCY_NUMBER
