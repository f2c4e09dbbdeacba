"""The PEKPPP arithmetic (Permenpan RB 29/2022, amended by 4/2023), free of the database.

Every indicator is scored 0–5 and weighs a share of its aspect (the shares of one aspect make
100%). An aspect contributes Σ(indicator weight × score) × aspect weight; the index is the sum
over the six aspects, again 0–5. Weights are percents, as the regulation writes them.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Band:
    """A category of the index: `low` ≤ index ≤ `high`, both at two decimals."""

    low: Decimal
    high: Decimal
    code: str
    label: str


def percent(value) -> Decimal:
    return Decimal(str(value)) / HUNDRED


def aspect_score(indicator_weights_and_scores: Iterable[tuple], aspect_weight) -> Decimal:
    """Σ(indicator weight × score) × aspect weight, weights given in percent."""
    weighted = sum(
        (percent(weight) * Decimal(str(score)) for weight, score in indicator_weights_and_scores),
        Decimal(0),
    )
    return weighted * percent(aspect_weight)


def index(aspect_scores: Iterable) -> Decimal:
    """The index is the sum of the aspects' scores, rounded to two decimals (0.00–5.00)."""
    total = sum((Decimal(str(score)) for score in aspect_scores), Decimal(0))
    return total.quantize(CENTS, rounding=ROUND_HALF_UP)


def category(value, bands: Iterable[Band]) -> Band | None:
    """The band that holds the index read at two decimals (4.505 counts as 4.51)."""
    rounded = Decimal(str(value)).quantize(CENTS, rounding=ROUND_HALF_UP)
    for band in bands:
        if band.low <= rounded <= band.high:
            return band
    return None


def check_weights(weights_by_aspect: dict[str, Iterable]) -> None:
    """Refuse an aspect whose indicator weights do not make exactly 100%."""
    errors = []
    for aspect, weights in weights_by_aspect.items():
        weights = [Decimal(str(w)) for w in weights]
        total = sum(weights, Decimal(0))
        if total != HUNDRED:
            errors.append(
                _("Bobot indikator aspek %(aspect)s berjumlah %(total)s%%, harus tepat 100%%.")
                % {"aspect": aspect, "total": f"{total.normalize():f}"}
            )
    if errors:
        raise ValidationError(errors)
