"""Lesson 2's further claims hold on the full-mode numbers and fail when the
experiments show otherwise."""

from __future__ import annotations

import pytest

from benchmarks import claims
from benchmarks.lesson_claims import shuffled_labels as lesson


def test_claims_belong_to_lesson_2():
    assert [claim.lesson for claim in lesson.CLAIMS] == [2, 2, 2]
    assert claims.lesson_claims(2) == lesson.CLAIMS


def test_memorize_not_generalize_holds_on_the_full_run():
    result = lesson.memorize_not_generalize(
        {"real": 1.0, "shuffled": 1.0}, {"real": 0.925, "shuffled": 0.089}
    )
    assert result.holds is True
    assert result.numbers["test_shuffled"] == 0.089


@pytest.mark.parametrize(
    ("fit", "test"),
    [
        ({"real": 1.0, "shuffled": 0.9}, {"real": 0.93, "shuffled": 0.1}),
        ({"real": 1.0, "shuffled": 1.0}, {"real": 0.6, "shuffled": 0.1}),
        ({"real": 1.0, "shuffled": 1.0}, {"real": 0.93, "shuffled": 0.2}),
    ],
)
def test_memorize_not_generalize_fails(fit, test):
    assert lesson.memorize_not_generalize(fit, test).holds is False


def test_missing_key_is_reported_missing():
    variables = {"neighbour_fit": {"real": 1.0}, "neighbour_test": {}}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(claims, "lesson_claims", lambda number: lesson.CLAIMS[:1])
        (result,) = claims.evaluate_further(2, variables)
    assert result.holds is None and "shuffled" in (result.missing or "")


def test_density_holds_with_string_keys_from_the_probe():
    result = lesson.density({"100": 0.666, "1000": 0.856, "10000": 0.925})
    assert result.holds is True


@pytest.mark.parametrize(
    "values",
    [
        {100: 0.70, 1000: 0.68, 10000: 0.9},  # not rising everywhere
        {100: 0.85, 1000: 0.88, 10000: 0.9},  # rising too little
    ],
)
def test_density_fails(values):
    assert lesson.density(values).holds is False


def test_averages_off_manifold():
    assert lesson.averages_off_manifold(4.933, 5.511, 0.746).holds is True
    assert lesson.averages_off_manifold(4.933, 5.0, 0.746).holds is False
    assert lesson.averages_off_manifold(4.933, 5.511, 0.55).holds is False
