"""Correct answers for lesson 2 written differently from the reference.

``tests/test_lessons.py`` swaps each one into the source notebook (by the
answer cell's grade_id) and requires every test cell to pass.
"""

ANSWERS = {
    # collections.Counter instead of np.unique.
    "chance_accuracy_answer": """
from collections import Counter


def chance_accuracy(labels):
    counts = Counter(np.asarray(labels).tolist())
    total = sum(counts.values())
    if total == 0:
        raise ValueError("no labels given")
    return sum((count / total) ** 2 for count in counts.values())
""",
    # An explicit copy shuffled in place with the legacy RandomState.
    "shuffled_copy_answer": """
def shuffled_copy(labels, seed=0):
    result = np.array(labels, copy=True)
    np.random.RandomState(seed).shuffle(result)
    return result
""",
    # Offsets from chance and a chained comparison.
    "looks_memorized_answer": """
def looks_memorized(history, chance=0.10):
    if hasattr(history, "history"):
        history = history.history
    train_gain = history["accuracy"][-1] - chance
    val_offset = history["val_accuracy"][-1] - chance
    return train_gain >= 0.30 and -0.03 <= val_offset <= 0.03
""",
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "chance_accuracy_answer": [
        # assumes every class is equally common: 1 / number of classes
        """
def chance_accuracy(labels):
    labels = np.asarray(labels)
    if labels.size == 0:
        raise ValueError("no labels")
    return 1.0 / len(np.unique(labels))
""",
        # np.bincount: only small non-negative integers
        """
def chance_accuracy(labels):
    labels = np.asarray(labels)
    if labels.size == 0:
        raise ValueError("no labels")
    counts = np.bincount(labels)
    return float(np.sum((counts / labels.size) ** 2))
""",
        # forgets the ValueError: empty labels give nan
        """
def chance_accuracy(labels):
    _, counts = np.unique(np.asarray(labels), return_counts=True)
    return float(np.sum((counts / counts.sum()) ** 2))
""",
    ],
    "shuffled_copy_answer": [
        # the lesson's trap: shuffles a view, so the original too
        """
def shuffled_copy(labels, seed=0):
    view = labels[:]
    np.random.default_rng(seed).shuffle(view)
    return view
""",
        # ignores the seed
        """
def shuffled_copy(labels, seed=0):
    return np.random.permutation(np.asarray(labels))
""",
        # converts the labels to int64 on the way
        """
def shuffled_copy(labels, seed=0):
    order = np.random.default_rng(seed).permutation(len(labels))
    return np.array([int(labels[i]) for i in order])
""",
    ],
    "looks_memorized_answer": [
        # accepts only the dictionary, not a Keras History
        """
def looks_memorized(history, chance=0.10):
    train_accuracy = history["accuracy"][-1]
    val_accuracy = history["val_accuracy"][-1]
    return bool(train_accuracy >= chance + 0.30 and abs(val_accuracy - chance) <= 0.03)
""",
        # the best epoch instead of the last one
        """
def looks_memorized(history, chance=0.10):
    values = getattr(history, "history", history)
    train_accuracy = max(values["accuracy"])
    val_accuracy = values["val_accuracy"][-1]
    return bool(train_accuracy >= chance + 0.30 and abs(val_accuracy - chance) <= 0.03)
""",
        # compares with 0.30 and 0.10, ignoring chance
        """
def looks_memorized(history, chance=0.10):
    values = getattr(history, "history", history)
    train_accuracy = values["accuracy"][-1]
    val_accuracy = values["val_accuracy"][-1]
    return bool(train_accuracy >= 0.30 and abs(val_accuracy - 0.10) <= 0.03)
""",
    ],
}
