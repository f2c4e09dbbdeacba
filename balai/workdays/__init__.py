"""The working-day calendar: `add_working_days`, `working_days_between`, `is_working_day`."""

from .calendar import add_working_days, is_working_day, working_days_between

__all__ = ["add_working_days", "is_working_day", "working_days_between"]
