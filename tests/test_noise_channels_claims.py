"""Lesson 1's further claims (benchmarks/lesson_claims/noise_channels.py) on
synthetic numbers: each holds on numbers like our full-mode runs and fails
when one of its parts breaks."""

from __future__ import annotations

import pytest

from benchmarks import claims
from benchmarks.lesson_claims import noise_channels as lesson

# Shaped like the full-mode run at seed 42: the clean run improves to the
# end, the noisy runs peak early and slide.
CLEAN = {"val_accuracy": [0.960, 0.970, 0.975, 0.978, 0.979]}
TWENTY = {"val_accuracy": [0.955, 0.968, 0.970, 0.965, 0.958]}
FORTY = {"val_accuracy": [0.938, 0.950, 0.954, 0.935, 0.914]}


def test_noisy_labels_holds_on_runs_like_ours():
    result = lesson.noisy_labels(CLEAN, TWENTY, FORTY)
    assert result.holds is True, result.describe()
    assert result.numbers["best_val_acc_40%"] == pytest.approx(0.954)
    assert result.numbers["slide_40%"] == pytest.approx(0.040)


@pytest.mark.parametrize(
    "runs",
    [
        # 20 % wrong reaches a higher best than the clean run
        (CLEAN, {"val_accuracy": [0.96, 0.981, 0.97]}, FORTY),
        # 40 % wrong does not slide: no memorization seen
        (CLEAN, TWENTY, {"val_accuracy": [0.938, 0.950, 0.954, 0.951]}),
        # the clean run slides as far as the 40 % run
        ({"val_accuracy": [0.99, 0.95]}, TWENTY, FORTY),
    ],
)
def test_noisy_labels_fails_when_a_part_breaks(runs):
    assert lesson.noisy_labels(*runs).holds is False


def test_ambiguous_inputs_holds_on_numbers_like_ours():
    result = lesson.ambiguous_inputs(0.7526, 1.0, 0.6629, 0.7495)
    assert result.holds is True, result.describe()


@pytest.mark.parametrize(
    "numbers",
    [
        (0.70, 1.0, 0.62, 0.70),  # the best rule far from 3/4
        (0.75, 0.98, 0.66, 0.75),  # 1 neighbour not perfect on training
        (0.75, 1.0, 0.72, 0.75),  # 1 neighbour too close to the best rule
        (0.75, 1.0, 0.66, 0.72),  # the smooth model well below the best rule
        (0.75, 1.0, 0.66, 0.78),  # a model above the best possible rule
    ],
)
def test_ambiguous_inputs_fails_when_a_part_breaks(numbers):
    assert lesson.ambiguous_inputs(*numbers).holds is False


def test_claims_read_the_probed_variables(monkeypatch):
    """The probe turns dict keys into text; the lookup still finds them."""
    variables = {
        "histories_by_fraction": {"0.0": CLEAN, "0.2": TWENTY, "0.4": FORTY},
        "bayes_accuracy": 0.7526,
        "memorizer_train_accuracy": 1.0,
        "memorizer_test_accuracy": 0.6629,
        "smooth_test_accuracy": 0.7495,
    }
    results = claims.evaluate_further(1, variables)
    assert [r.claim for r in results] == [c.text for c in lesson.CLAIMS]
    assert all(r.holds for r in results), [r.describe() for r in results]
    assert claims.evaluate_further(1, {})[0].holds is None
