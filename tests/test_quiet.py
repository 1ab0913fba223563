"""Clean output: no TensorFlow C++ logs, CUDA probes or retracing warnings.

The kernel tests start the kernel `course.py lab` starts (its kernelspec,
written by `course.jupyter_settings`) and import things in different orders.
Each starts its own kernel because TensorFlow logs only on its first import.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

import course
from helpers import quiet

# Lines TensorFlow 2.21 printed into lessons on this project's CPU machines.
TENSORFLOW_NOISE = """\
WARNING: All log messages before absl::InitializeLog() is called are written to STDERR
I0000 00:00:1796232065.413505   10406 cudart_stub.cc:31] Could not find cuda drivers \
on your machine, GPU will not be used.
I0000 00:00:1796232065.511814   10406 cpu_feature_guard.cc:227] This TensorFlow \
binary is optimized to use available CPU instructions in performance-critical \
operations.
To enable the following instructions: AVX2 FMA, in other operations, rebuild \
TensorFlow with the appropriate compiler flags.
E0000 00:00:1796232073.790987   10406 cuda_platform.cc:52] failed call to cuInit: \
INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)
"""

# What must never reach a lesson's output.
FORBIDDEN = ("absl::InitializeLog", "cudart_stub", "cuInit", "retracing", "I0000")

# Trains and predicts with seven fresh models: Keras traces new functions for
# each, which makes TensorFlow warn about retracing from the fifth one on.
TRAIN_SEVERAL_MODELS = """
import numpy as np
for _ in range(7):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    model.compile(optimizer="rmsprop", loss="mse")
    model.fit(np.zeros((8, 3)), np.zeros((8, 2)), epochs=1, verbose=0)
    model.predict(np.zeros((4, 3)), verbose=0)
print("trained")
"""


def test_noise_lines_are_recognised_and_other_lines_kept():
    real_error = "E0000 00:00:1.0 123 op_kernel.cc:1] OOM when allocating tensor\n"
    warning = "UserWarning: something the student should see\n"
    text = TENSORFLOW_NOISE + real_error + warning
    assert quiet.without_noise(text) == real_error + warning
    assert all(quiet.is_noise(line) for line in TENSORFLOW_NOISE.splitlines())


def test_caught_stderr_catches_what_cpp_code_writes_to_descriptor_2():
    script = (
        "import os, sys\n"
        "from helpers import quiet\n"
        "with quiet.caught_stderr() as caught:\n"
        "    os.write(2, b'from C\\n')\n"
        "print(repr(caught[0]))\n"
        "os.write(2, b'after\\n')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "'from C\\n'"
    assert result.stderr == "after\n"


def test_this_tensorflow_prints_noise_unless_quieted():
    """Control: without helpers.quiet, importing TensorFlow and listing its
    devices prints lines that quiet recognises (so the tests below can fail)."""
    script = "import tensorflow as tf; tf.config.list_physical_devices()"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"},
    )
    assert result.returncode == 0, result.stderr
    noise = [line for line in result.stderr.splitlines() if quiet.is_noise(line)]
    if not noise:
        pytest.skip("this TensorFlow prints no start-up noise on this machine")
    assert any(word in result.stderr for word in FORBIDDEN)


def run_in_course_kernel(tmp_path: Path, cells: list[str]) -> list[str]:
    """Run ``cells`` in the course kernel; return every output text."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    course.jupyter_settings(Path(sys.executable), tmp_path, student=True)
    specs = KernelSpecManager(
        kernel_dirs=[str(tmp_path / "share" / "jupyter" / "kernels")]
    )
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=specs)
    outputs: list[str] = []

    def collect(message: dict) -> None:
        content = message["content"]
        if message["msg_type"] == "stream":
            outputs.append(content["text"])
        elif message["msg_type"] == "error":
            outputs.append("\n".join(content["traceback"]))
        elif "data" in content:
            outputs.append(content["data"].get("text/plain", ""))

    manager.start_kernel(cwd=str(tmp_path))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        for cell in cells:
            client.execute_interactive(cell, timeout=300, output_hook=collect)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return outputs


@pytest.mark.parametrize(
    "imports",
    [
        "import keras\nfrom helpers import settings",  # lessons 3 to 6
        "import tensorflow as tf\nimport keras\nfrom helpers import settings",
    ],
    ids=["keras-first", "tensorflow-first"],
)
def test_course_kernel_output_is_clean_whatever_the_import_order(tmp_path, imports):
    outputs = run_in_course_kernel(
        tmp_path,
        [imports, "print(settings.describe())", TRAIN_SEVERAL_MODELS],
    )
    text = "".join(outputs)
    assert "trained" in text and "Run mode:" in text, text
    found = [word for word in FORBIDDEN if word in text]
    assert not found, f"{found} in the output:\n{text}"


def test_describe_names_the_device_training_uses(monkeypatch):
    import tensorflow as tf

    from helpers import settings

    monkeypatch.delenv(settings.MODE_VARIABLE, raising=False)
    lines = settings.describe().splitlines()
    assert lines[0].startswith("Run mode: ")
    gpus = tf.config.list_physical_devices("GPU")
    expected = "Training on: GPU (" if gpus else "Training on: CPU (no GPU found)"
    assert lines[1].startswith(expected)
    assert settings.describe(with_device=False) == lines[0]


def test_retracing_warning_is_filtered_and_install_is_idempotent():
    quiet.install()
    quiet.install()
    logger = logging.getLogger("tensorflow")
    filters = [f for f in logger.filters if isinstance(f, quiet.RetracingFilter)]
    assert len(filters) == 1
    hooks = [f for f in sys.meta_path if isinstance(f, quiet.TensorFlowImportHook)]
    assert len(hooks) <= 1

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord(
            "tensorflow", logging.WARNING, "", 0, message, (), None
        )

    retracing = "5 out of the last 5 calls to <f> triggered tf.function retracing."
    assert not filters[0].filter(record(retracing))
    assert filters[0].filter(record("Layer dense has no weights yet"))
