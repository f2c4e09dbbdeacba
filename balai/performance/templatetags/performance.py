from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`mapping|lookup:key`, for the per-aspect scores keyed by aspect id."""
    return mapping.get(key)
