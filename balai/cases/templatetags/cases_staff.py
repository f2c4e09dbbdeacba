"""Template filters of the staff request pages."""

from django import template

from balai.lib import codes

register = template.Library()


@register.filter
def tracking_code(code: str) -> str:
    """A stored tracking code in its readable form: `7KQ2-M9XD-H`."""
    return codes.display(code or "")
