"""Keras' scikit-learn wrappers load on first use, not with ``import keras``.

Each check runs in a fresh interpreter: what matters is what ``import
keras`` loads the first time.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

REPORT = """
import json, sys
loaded = lambda: {name: name in sys.modules for name in ("sklearn", "scipy.stats")}
report = {"after_import": loaded()}
"""


def _run(script: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", REPORT + script + "\nprint(json.dumps(report))"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_keras_after_helpers_skips_scikit_learn_until_a_wrapper_is_used():
    report = _run(
        """
import helpers
import keras
import numpy as np
report["after_import"] = loaded()
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(np.zeros((8, 3)), np.zeros(8), epochs=1, verbose=0)
report["after_fit"] = loaded()
wrapper = keras.wrappers.SKLearnRegressor
report["wrapper"] = wrapper.__module__
report["is_estimator"] = issubclass(wrapper, __import__("sklearn").base.BaseEstimator)
report["after_use"] = loaded()
"""
    )
    assert report["after_import"] == {"sklearn": False, "scipy.stats": False}
    assert report["after_fit"] == {"sklearn": False, "scipy.stats": False}
    assert report["wrapper"] == "keras.src.wrappers.sklearn_wrapper"
    assert report["is_estimator"] is True
    assert report["after_use"]["sklearn"] is True


def test_without_helpers_keras_imports_scikit_learn_as_it_always_did():
    # The saving comes from helpers.deferred, not from this Keras version.
    report = _run("import keras\nreport['after_import'] = loaded()")
    assert report["after_import"]["sklearn"] is True


@pytest.mark.parametrize(
    "imports",
    ["import keras\nimport helpers", "import helpers\nimport helpers.deferred"],
)
def test_install_is_idempotent_and_harmless_after_keras(imports):
    report = _run(
        imports
        + """
from helpers import deferred
deferred.install()
deferred.install()
report["hooks"] = sum(
    isinstance(f, deferred.DeferredImportHook) for f in sys.meta_path
)
import keras
report["wrapper"] = keras.wrappers.SKLearnClassifier.__name__
"""
    )
    assert report["hooks"] == (0 if imports.startswith("import keras") else 1)
    assert report["wrapper"] == "SKLearnClassifier"
