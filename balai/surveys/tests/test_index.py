"""The index of Permenpan RB 14/2017: NRR, IKM (× 25, never the 0.11 weight), categories
decided on the IKM printed to 2 decimals, and the Krejcie–Morgan sample size."""

from decimal import Decimal

import pytest

from balai.surveys.constants import ELEMENTS
from balai.surveys.index import (
    IkmResult,
    category,
    compute_ikm,
    ikm_from_answers,
    nrr,
    sample_size,
    weakest,
)

# Three respondents (columns R1 R2 R3), answers by element:
#   persyaratan 4 3 3 → 10/3    prosedur   3 3 3 → 9/3     waktu     2 3 2 → 7/3
#   biaya       4 4 4 → 12/3    produk     3 4 3 → 10/3    kompetensi 3 3 4 → 10/3
#   perilaku    4 4 3 → 11/3    pengaduan  2 2 3 → 7/3     sarana    3 2 3 → 8/3
# Σ NRR = 84/3 = 28; mean = 28/9 = 3.1111…; IKM = 28/9 × 25 = 700/9 = 77.777… → 77.78 (B).
# With the rounded weight: 28 × 0.11 × 25 = 77.00, almost a point too low.
EXAMPLE = {
    "persyaratan": [4, 3, 3],
    "prosedur": [3, 3, 3],
    "waktu": [2, 3, 2],
    "biaya": [4, 4, 4],
    "produk": [3, 4, 3],
    "kompetensi": [3, 3, 4],
    "perilaku": [4, 4, 3],
    "pengaduan": [2, 2, 3],
    "sarana": [3, 2, 3],
}


@pytest.mark.parametrize(
    ("ikm", "mutu", "kinerja"),
    [
        ("100", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25", "D", "Tidak Baik"),
    ],
)
def test_every_category_boundary(ikm, mutu, kinerja):
    assert category(Decimal(ikm)) == (mutu, kinerja)


@pytest.mark.parametrize(
    ("ikm", "mutu"),
    [("88.305", "A"), ("88.3049", "B"), ("76.605", "B"), ("64.995", "C"), ("64.9949", "D")],
)
def test_category_is_decided_on_the_ikm_printed_to_two_decimals(ikm, mutu):
    assert category(Decimal(ikm))[0] == mutu


@pytest.mark.parametrize("ikm", ["24.99", "100.01", "0"])
def test_an_ikm_outside_25_to_100_has_no_category(ikm):
    with pytest.raises(ValueError):
        category(Decimal(ikm))


@pytest.mark.parametrize(
    ("population", "sample"),
    [(10, 10), (100, 80), (500, 217), (1200, 291), (6000, 361), (10000, 370), (1000000, 384)],
)
def test_sample_size_reproduces_the_krejcie_morgan_table(population, sample):
    assert sample_size(population) == sample


def test_sample_size_rounds_half_up_not_up():
    # 500 gives 217.47: the table says 217, so the size is rounded, not raised.
    assert sample_size(500) == 217
    assert sample_size(0) == 0


def test_hand_computed_example_gives_nrr_and_ikm():
    result = ikm_from_answers(EXAMPLE)

    assert result.respondents == 3
    assert result.nrr["persyaratan"] == Decimal(10) / 3
    assert result.nrr["prosedur"] == 3
    assert result.nrr["biaya"] == 4
    assert result.nrr["sarana"] == Decimal(8) / 3
    assert result.value_1_4 == Decimal("3.1111")
    assert result.ikm == Decimal("77.78")
    assert (result.mutu, result.kinerja) == ("B", "Baik")


def test_ikm_is_mean_nrr_times_25_never_the_rounded_weight():
    all_fours = {key: [4, 4] for key in ELEMENTS}
    result = ikm_from_answers(all_fours)

    assert result.ikm == Decimal("100.00")
    assert result.value_1_4 == Decimal("4.0000")
    assert result.mutu == "A"
    # What the 0.11 weight would have printed: one point short of a perfect score.
    assert sum(result.nrr.values()) * Decimal("0.11") * 25 == Decimal(99)


def test_all_ones_give_the_lowest_ikm():
    result = ikm_from_answers({key: [1] for key in ELEMENTS})
    assert (result.ikm, result.mutu) == (Decimal("25.00"), "D")


def test_weakest_elements_have_the_lowest_nrr_ties_in_regulation_order():
    values = nrr(EXAMPLE)
    assert weakest(values) == ["waktu", "pengaduan", "sarana"]
    assert weakest(values, count=1) == ["waktu"]
    assert ikm_from_answers(EXAMPLE).weakest == ["waktu", "pengaduan", "sarana"]


def test_nrr_refuses_answers_outside_1_to_4():
    with pytest.raises(ValueError):
        nrr({"waktu": [1, 5]})
    with pytest.raises(ValueError):
        nrr({"waktu": [0]})


def test_index_needs_all_nine_elements():
    partial = {key: Decimal(3) for key in ELEMENTS[:8]}
    with pytest.raises(ValueError, match="sarana"):
        compute_ikm(partial, respondents=5)


def test_no_respondents_give_an_empty_result():
    assert compute_ikm({}, respondents=0) == IkmResult()
    assert ikm_from_answers({}).ikm is None


def test_elements_are_read_by_name_not_position():
    # An office that prints sarana before pengaduan: the result is the same.
    swapped = dict(reversed(list(EXAMPLE.items())))
    assert ikm_from_answers(swapped) == ikm_from_answers(EXAMPLE)
