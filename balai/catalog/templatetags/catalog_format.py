"""Template filters for amounts and durations: `{{ amount|rupiah }}`, `{{ days|working_days }}`."""

from django import template

from balai.catalog import formatting

register = template.Library()


@register.filter
def rupiah(amount):
    return formatting.rupiah(amount or 0)


@register.filter
def working_days(days):
    return formatting.working_days(days or 0)
