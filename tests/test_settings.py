"""helpers.settings: run modes, plans, seeding."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    monkeypatch.delenv(settings.MODE_VARIABLE, raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)


def test_full_is_the_default():
    assert settings.current_mode() == "full"
    assert settings.plan("noise_channels") == settings.PLANS["noise_channels"]["full"]


def test_nbgrader_execution_switches_to_fast(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert settings.current_mode() == "fast"
    assert "nbgrader" in settings.describe()


@pytest.mark.parametrize(
    "value, mode", [("fast", "fast"), ("FULL", "full"), (" fast ", "fast")]
)
def test_explicit_mode_wins(monkeypatch, value, mode):
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    monkeypatch.setenv(settings.MODE_VARIABLE, value)
    assert settings.current_mode() == mode


def test_unknown_mode_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(settings.MODE_VARIABLE, "quick")
    with pytest.raises(ValueError, match="'quick' is not a run mode"):
        settings.current_mode()


def test_unknown_experiment_lists_the_known_ones():
    with pytest.raises(KeyError, match="noise_channels"):
        settings.plan("nosie_channels")


def test_full_plans_are_the_books_runs_and_fast_plans_are_smaller():
    book_epochs = {
        "noise_channels": 10,
        "shuffled_labels": 100,
        "learning_rate": 10,
        "capacity_mnist": 20,
        "capacity_imdb": 20,
        "l2_regularization": 20,
        "dropout": 20,
        "kfold": 100,
        "kfold_long": 500,
    }
    for experiment, epochs in book_epochs.items():
        full, fast = (
            settings.PLANS[experiment]["full"],
            settings.PLANS[experiment]["fast"],
        )
        assert full == settings.Plan(epochs), experiment
        assert fast.epochs < full.epochs, experiment


def test_seed_everything_makes_runs_repeat():
    settings.seed_everything(3)
    first = np.random.rand(3)
    settings.seed_everything(3)
    np.testing.assert_array_equal(first, np.random.rand(3))
