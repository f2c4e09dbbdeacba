"""The satisfaction index (IKM) of Permenpan RB 14/2017, as pure functions (no database).

Arithmetic is done in Decimal so that sums of small integers divide exactly as far as 28
significant digits; nothing is rounded on the way. Only the figures a report prints are
rounded, half up, as published reports do:

- NRR per element = sum of the answers to that element / number of those answers;
- the unconverted value (1–4) = mean of the nine NRR, printed to 4 decimals;
- IKM = that mean × 25 (25–100), printed to 2 decimals. The rounded weight 0.11 that some
  reports use is never applied: 9 × 0.11 × 4 × 25 = 99, so a perfect score would read 99;
- the category (mutu, kinerja) is decided on the IKM rounded to 2 decimals, so a printed
  88.31 is always A and a printed 88.30 always B.

Sample size follows Krejcie & Morgan (α = 5%), rounded half up, which reproduces their
table (N 500 → 217.47 → 217; rounding up would give 218).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .constants import ELEMENTS, HIGHEST_ANSWER, KINERJA, LOWEST_ANSWER, Element, Mutu

SCALE = Decimal(25)
IKM_PLACES = Decimal("0.01")
VALUE_PLACES = Decimal("0.0001")

# Lower bound of each category on the IKM rounded to 2 decimals, best first.
CATEGORY_FLOORS = (
    (Decimal("88.31"), Mutu.A),
    (Decimal("76.61"), Mutu.B),
    (Decimal("65.00"), Mutu.C),
    (Decimal("25.00"), Mutu.D),
)

CHI_SQUARE = Decimal("3.841")  # one degree of freedom, α = 5%
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")


@dataclass(frozen=True)
class IkmResult:
    """An index and how it came about. Empty (no respondents): every figure is None."""

    nrr: dict[str, Decimal] = field(default_factory=dict)
    value_1_4: Decimal | None = None
    ikm: Decimal | None = None
    mutu: str | None = None
    kinerja: str | None = None
    respondents: int = 0

    @property
    def weakest(self) -> list[str]:
        return weakest(self.nrr)

    @property
    def rows(self) -> list[tuple[str, str, Decimal]]:
        """(element, label, NRR) in the regulation's order, for tables."""
        return [(key, Element(key).label, self.nrr[key]) for key in ELEMENTS if key in self.nrr]


def _half_up(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def nrr(answers_by_element: Mapping[str, Iterable[int]]) -> dict[str, Decimal]:
    """NRR of each element: the mean of its answers (1–4), unrounded."""
    result = {}
    for element, answers in answers_by_element.items():
        answers = list(answers)
        if not answers:
            raise ValueError(f"no answers to element {element!r}")
        if any(not LOWEST_ANSWER <= answer <= HIGHEST_ANSWER for answer in answers):
            raise ValueError(f"answers to {element!r} must lie between 1 and 4")
        result[Element(element).value] = Decimal(sum(answers)) / Decimal(len(answers))
    return result


def nrr_from_totals(sums: Mapping[str, int], count: int) -> dict[str, Decimal]:
    """NRR from the sum of each element's answers and the number of respondents."""
    return {Element(key).value: Decimal(total) / Decimal(count) for key, total in sums.items()}


def category(ikm) -> tuple[str, str]:
    """(mutu, kinerja) of an IKM (25–100), decided on its value rounded to 2 decimals."""
    printed = _half_up(Decimal(str(ikm)), IKM_PLACES)
    if not Decimal(25) <= printed <= Decimal(100):
        raise ValueError(f"an IKM lies between 25 and 100, not {ikm}")
    for floor, mutu in CATEGORY_FLOORS:
        if printed >= floor:
            return mutu.value, str(KINERJA[mutu])
    raise AssertionError("unreachable: 25.00 is the last floor")


def compute_ikm(nrr_by_element: Mapping[str, Decimal], respondents: int) -> IkmResult:
    """The index from the NRR of all nine elements (see `nrr`)."""
    if respondents == 0:
        return IkmResult()
    missing = set(ELEMENTS) - set(nrr_by_element)
    if missing:
        raise ValueError(f"the index needs all nine elements; missing: {sorted(missing)}")
    mean = sum(nrr_by_element[key] for key in ELEMENTS) / Decimal(len(ELEMENTS))
    ikm = _half_up(mean * SCALE, IKM_PLACES)
    mutu, kinerja = category(ikm)
    return IkmResult(
        nrr={key: nrr_by_element[key] for key in ELEMENTS},
        value_1_4=_half_up(mean, VALUE_PLACES),
        ikm=ikm,
        mutu=mutu,
        kinerja=kinerja,
        respondents=respondents,
    )


def ikm_from_answers(answers_by_element: Mapping[str, Iterable[int]]) -> IkmResult:
    """The index straight from the answers, one list per element (same respondents)."""
    answers = {key: list(values) for key, values in answers_by_element.items()}
    respondents = max((len(values) for values in answers.values()), default=0)
    if respondents == 0:
        return IkmResult()
    return compute_ikm(nrr(answers), respondents)


def sample_size(population: int) -> int:
    """Krejcie & Morgan: respondents needed for `population` people served (α = 5%)."""
    if population <= 0:
        return 0
    n = Decimal(population)
    spread = PROPORTION * (1 - PROPORTION)
    size = CHI_SQUARE * n * spread / (MARGIN**2 * (n - 1) + CHI_SQUARE * spread)
    return int(_half_up(size, Decimal(1)))


def weakest(nrr_by_element: Mapping[str, Decimal], count: int = 3) -> list[str]:
    """The `count` elements with the lowest NRR, lowest first; ties in regulation order."""
    order = {key: position for position, key in enumerate(ELEMENTS)}
    ranked = sorted(nrr_by_element, key=lambda key: (nrr_by_element[key], order[key]))
    return ranked[:count]
