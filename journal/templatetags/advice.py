"""Template helpers for the advice notices."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def emergency_number() -> str:
    """The deployment's emergency number (settings.EMERGENCY_NUMBER), for the tap-to-call link."""
    return settings.EMERGENCY_NUMBER
