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
