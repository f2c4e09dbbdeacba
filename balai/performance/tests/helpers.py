"""Shared builders for the PEKPPP tests."""

from balai.performance.models import Indicator

# Kebijakan Pelayanan, scored by hand in test_pekppp.HAND_EXAMPLE.
KEBIJAKAN_SCORES = {
    "sp-tersedia": 5,
    "sp-partisipasi": 4,
    "sp-publikasi": 3,
    "sp-reviu": 5,
    "maklumat": 4,
    "skm": 5,
    "skm-publikasi": 3,
    "skm-tindak-lanjut": 2,
    "skm-kecepatan": 1,
}
# Every other aspect scores the same on all its indicators.
OTHER_ASPECT_SCORES = {"sdm": 4, "sarpras": 3, "sipp": 5, "pengaduan": 2, "inovasi": 1}


def hand_example_scores() -> dict[Indicator, int]:
    scores = {}
    for indicator in Indicator.objects.select_related("aspect"):
        if indicator.aspect.code == "kebijakan":
            scores[indicator] = KEBIJAKAN_SCORES[indicator.code]
        else:
            scores[indicator] = OTHER_ASPECT_SCORES[indicator.aspect.code]
    return scores
