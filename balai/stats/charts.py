"""Small charts drawn on the server as inline SVG: no script, readable without colour.

Each chart carries a <title> and a <desc> named by `aria-labelledby`, prints its values as
text and gives every bar a tooltip title. Every text passes through `format_html`, so a
label such as an office name can never inject markup. Coordinates are written with a dot
whatever the language, as SVG requires; only the printed values follow the locale.
"""

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

COLORS = ("#2563eb", "#16a34a", "#d97706")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 28, 26
# Up to this many days a series is drawn as bars; beyond it (a year) as lines.
MOST_BARS = 31
LABEL_WIDTH, BAR_AREA, ROW = 210, 330, 26
LONGEST_LABEL = 32


def _n(value: float) -> str:
    return f"{value:.1f}"


def _svg(ident: str, title: str, description: str, height: int, body: str) -> SafeString:
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{0}-title {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMinYMin meet">'
        '<title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        ident,
        WIDTH,
        height,
        title,
        description,
        mark_safe(body),  # noqa: S308 - every piece of `body` comes from format_html
    )


def _join(pieces) -> str:
    return "".join(str(piece) for piece in pieces)


def series_chart(
    ident: str, title: str, description: str, days, series, monthly: bool = False
) -> SafeString:
    """Counts per day: `series` is [(name, [value per day]), …] in the order of `days`.

    With `monthly`, each point is a month (named by its first day): bars labelled by month.
    """
    days = list(days)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    highest = max([1, *(value for _name, values in series for value in values)])
    slot = plot_width / max(len(days), 1)

    def y_of(value):
        return TOP + plot_height - plot_height * value / highest

    pieces = [_legend(series), _y_axis(highest, y_of)]
    if len(days) <= MOST_BARS:
        pieces.append(_bars(days, series, slot, y_of, "F Y" if monthly else "j F Y"))
    else:
        pieces.append(_lines(days, series, slot, y_of))
    pieces.append(_x_labels(days, slot, monthly))
    return _svg(ident, title, description, HEIGHT, _join(pieces))


def _legend(series) -> str:
    pieces = []
    for position, (name, _values) in enumerate(series):
        x = LEFT + position * 180
        pieces.append(
            format_html(
                '<rect x="{}" y="6" width="12" height="12" fill="{}"></rect>'
                '<text x="{}" y="16" font-size="12">{}</text>',
                x,
                COLORS[position % len(COLORS)],
                x + 16,
                name,
            )
        )
    return _join(pieces)


def _y_axis(highest, y_of) -> str:
    pieces = []
    for value in sorted({0, round(highest / 2), highest}):
        y = y_of(value)
        pieces.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d1d5db"></line>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _n(y),
                _n(y),
                LEFT - 4,
                _n(y + 4),
                number_format(value),
            )
        )
    return _join(pieces)


def _bars(days, series, slot, y_of, day_format) -> str:
    width = slot * 0.8 / max(len(series), 1)
    pieces = []
    for index, day in enumerate(days):
        for position, (name, values) in enumerate(series):
            value = values[index]
            y = y_of(value)
            pieces.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}, {}: {}</title></rect>",
                    _n(LEFT + index * slot + slot * 0.1 + position * width),
                    _n(y),
                    _n(width),
                    _n(y_of(0) - y),
                    COLORS[position % len(COLORS)],
                    name,
                    date_format(day, day_format),
                    number_format(value),
                )
            )
    return _join(pieces)


def _lines(days, series, slot, y_of) -> str:
    pieces = []
    for position, (name, values) in enumerate(series):
        points = " ".join(
            f"{_n(LEFT + (index + 0.5) * slot)},{_n(y_of(value))}"
            for index, value in enumerate(values)
        )
        pieces.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5">'
                "<title>{}: {}</title></polyline>",
                points,
                COLORS[position % len(COLORS)],
                name,
                number_format(sum(values)),
            )
        )
    return _join(pieces)


def _x_labels(days, slot, monthly=False) -> str:
    """A label per week for a month; per month (its first day) for longer periods."""
    pieces = []
    for index, day in enumerate(days):
        if monthly:
            text = date_format(day, "M")
        elif len(days) <= MOST_BARS:
            text = date_format(day, "j") if index % 7 == 0 else None
        else:
            text = date_format(day, "M") if day.day == 1 else None
        if text:
            pieces.append(
                format_html(
                    '<text x="{}" y="{}" font-size="11">{}</text>',
                    _n(LEFT + index * slot),
                    HEIGHT - 8,
                    text,
                )
            )
    return _join(pieces)


def bar_chart(ident: str, title: str, description: str, items, highest=100, unit="%"):
    """Horizontal bars: `items` is [(label, value or None), …]; None reads "no data"."""
    pieces = []
    for position, (label, value) in enumerate(items):
        y = position * ROW
        shown = str(label)
        if len(shown) > LONGEST_LABEL:
            shown = shown[: LONGEST_LABEL - 1] + "…"
        pieces.append(format_html('<text x="0" y="{}" font-size="12">{}</text>', y + 17, shown))
        if value is None:
            pieces.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" fill="#6b7280">{}</text>',
                    LABEL_WIDTH,
                    y + 17,
                    _("tidak ada data"),
                )
            )
            continue
        width = BAR_AREA * min(float(value), highest) / highest
        printed = f"{number_format(value, 1)}{unit}"
        pieces.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="18" fill="{}"><title>{}: {}</title>'
                '</rect><text x="{}" y="{}" font-size="12">{}</text>',
                LABEL_WIDTH,
                y + 4,
                _n(width),
                COLORS[0],
                label,
                printed,
                _n(LABEL_WIDTH + width + 6),
                y + 17,
                printed,
            )
        )
    return _svg(ident, title, description, max(len(items), 1) * ROW + 4, _join(pieces))
