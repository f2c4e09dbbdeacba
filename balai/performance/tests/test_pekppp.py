from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from balai.performance import pekppp
from balai.performance.defaults import ASPECTS, CATEGORY_BANDS, check_defaults
from balai.performance.models import Aspect, CategoryBand, Indicator

from .helpers import KEBIJAKAN_SCORES, OTHER_ASPECT_SCORES

DEFAULT_BANDS = [
    pekppp.Band(Decimal(lo), Decimal(hi), code, label) for lo, hi, code, label in CATEGORY_BANDS
]

KEBIJAKAN_WEIGHTS = {
    "sp-tersedia": 17,
    "sp-partisipasi": 14,
    "sp-publikasi": 7,
    "sp-reviu": 14,
    "maklumat": 10,
    "skm": 17,
    "skm-publikasi": 7,
    "skm-tindak-lanjut": 7,
    "skm-kecepatan": 7,
}


def test_kebijakan_pelayanan_scored_by_hand():
    # Σ(weight × score) = .17×5 + .14×4 + .07×3 + .14×5 + .10×4 + .17×5 + .07×3 + .07×2 + .07×1
    #                  = 0.85 + 0.56 + 0.21 + 0.70 + 0.40 + 0.85 + 0.21 + 0.14 + 0.07 = 3.99
    # aspect score     = 3.99 × 24% = 0.9576
    pairs = [(KEBIJAKAN_WEIGHTS[code], KEBIJAKAN_SCORES[code]) for code in KEBIJAKAN_WEIGHTS]
    assert pekppp.aspect_score(pairs, 24) == Decimal("0.9576")


def test_index_of_all_six_aspects_scored_by_hand():
    # Kebijakan 0.9576 (above); an aspect with one score s on every indicator gives s × weight:
    # SDM 4 × 25% = 1.00; Sarpras 3 × 18% = 0.54; SIPP 5 × 11% = 0.55;
    # Konsultasi dan Pengaduan 2 × 10% = 0.20; Inovasi 1 × 12% = 0.12.
    # index = 0.9576 + 1.00 + 0.54 + 0.55 + 0.20 + 0.12 = 3.3676 → 3.37 → B- Baik (Dengan Catatan)
    kebijakan = pekppp.aspect_score(
        [(KEBIJAKAN_WEIGHTS[c], KEBIJAKAN_SCORES[c]) for c in KEBIJAKAN_WEIGHTS], 24
    )
    others = [
        pekppp.aspect_score([(w, OTHER_ASPECT_SCORES[code]) for _c, _n, w, *_ in items], weight)
        for code, _name, weight, items in ASPECTS
        if code != "kebijakan"
    ]
    value = pekppp.index([kebijakan, *others])
    assert value == Decimal("3.37")
    assert pekppp.category(value, DEFAULT_BANDS).code == "B-"


@pytest.mark.parametrize(
    "value, code",
    [
        ("5", "A"),
        ("5.00", "A"),
        ("4.51", "A"),
        ("4.505", "A"),  # read at two decimals
        ("4.50", "A-"),
        ("4.504", "A-"),
        ("4.01", "A-"),
        ("4.00", "B"),
        ("3.51", "B"),
        ("3.50", "B-"),
        ("3.01", "B-"),
        ("3.00", "C"),
        ("2.51", "C"),
        ("2.50", "C-"),
        ("2.01", "C-"),
        ("2.00", "D"),
        ("1.51", "D"),
        ("1.50", "E"),
        ("1.01", "E"),
        ("1.00", "F"),
        ("0", "F"),
    ],
)
def test_every_category_boundary(value, code):
    assert pekppp.category(Decimal(value), DEFAULT_BANDS).code == code


def test_category_labels_follow_the_regulation():
    labels = {band.code: band.label for band in DEFAULT_BANDS}
    assert labels["A"] == "Pelayanan Prima"
    assert labels["B-"] == "Baik (Dengan Catatan)"
    assert labels["F"] == "Gagal"


def test_an_index_outside_every_band_has_no_category():
    assert pekppp.category(Decimal("5.01"), DEFAULT_BANDS) is None


def test_indicator_weights_not_making_100_are_refused_with_the_aspect_named():
    with pytest.raises(ValidationError) as refused:
        pekppp.check_weights({"Inovasi": [50, 25, 20], "Sarana Prasarana": [30, 30, 20, 20]})
    assert refused.value.messages == [
        "Bobot indikator aspek Inovasi berjumlah 95%, harus tepat 100%."
    ]


def test_weights_making_exactly_100_pass():
    pekppp.check_weights({"Inovasi": ["50.00", "25", "25"]})


def test_shipped_defaults_add_up():
    check_defaults()
    aspect_weights = {code: Decimal(weight) for code, _n, weight, _i in ASPECTS}
    assert aspect_weights == {
        "kebijakan": 24,
        "sdm": 25,
        "sarpras": 18,
        "sipp": 11,
        "pengaduan": 10,
        "inovasi": 12,
    }


@pytest.mark.django_db
def test_migration_loads_the_framework_and_bands():
    assert Aspect.objects.count() == 6
    kebijakan = {i.code: i.weight for i in Indicator.objects.filter(aspect__code="kebijakan")}
    assert kebijakan == {code: Decimal(w) for code, w in KEBIJAKAN_WEIGHTS.items()}
    assert CategoryBand.objects.count() == 9
    # Only Kebijakan Pelayanan is taken from the regulation's text; the rest await checking.
    assert not Indicator.objects.filter(aspect__code="kebijakan", verified=False).exists()
    assert not Indicator.objects.exclude(aspect__code="kebijakan").filter(verified=True).exists()


@pytest.mark.django_db
def test_loading_again_keeps_an_administrators_edit():
    from balai.performance.defaults import load_defaults

    CategoryBand.objects.filter(code="A").update(label="Prima")
    load_defaults()
    assert CategoryBand.objects.get(code="A").label == "Prima"
    assert CategoryBand.objects.count() == 9


@pytest.mark.django_db
def test_bands_from_the_database_are_used_for_the_category():
    bands = CategoryBand.objects.as_bands()
    assert pekppp.category(Decimal("4.51"), bands).code == "A"
    assert pekppp.category(Decimal("1.00"), bands).code == "F"
