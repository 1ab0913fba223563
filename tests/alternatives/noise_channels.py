"""Other answers for lesson 1: correct ones written differently from the
reference (``ANSWERS``) and plausible wrong ones (``WRONG``).

Each entry replaces the answer cell with the same grade_id in
solutions/01-noise-channels/noise_channels.ipynb. ``tests/test_lessons.py``
and ``tests/test_exercises.py`` require full marks for every answer in
``ANSWERS``; ``tests/test_exercises.py`` requires every answer in ``WRONG`` to
lose exactly its own exercise's points.
"""

ANSWERS = {
    # collections.Counter over sorted classes instead of np.unique.
    "majority_baseline_answer": """
from collections import Counter


def majority_baseline(train_labels, test_labels):
    counts = Counter(list(train_labels))
    majority = min(counts, key=lambda label: (-counts[label], label))
    hits = sum(label == majority for label in test_labels)
    return hits / len(test_labels)
""",
    # A permutation for the positions and a per-position draw among the other
    # classes, in a loop (RandomState instead of Generator).
    "corrupt_labels_answer": """
def corrupt_labels(labels, fraction, seed=0):
    if fraction < 0 or fraction > 1:
        raise ValueError("fraction must be between 0 and 1")
    noisy = np.array(labels)
    rng = np.random.RandomState(seed)
    classes = np.unique(noisy)
    count = int(round(fraction * len(noisy)))
    for position in rng.permutation(len(noisy))[:count]:
        others = classes[classes != noisy[position]]
        noisy[position] = others[rng.randint(len(others))]
    return noisy
""",
    # Mutual information computed by hand from co-occurrence counts (the same
    # quantity mutual_info_classif computes for discrete features).
    "informative_columns_answer": """
def informative_columns(features, labels, threshold=0.05):
    ink = (np.asarray(features) > 0.5).astype(np.float64)
    classes, label_index = np.unique(np.asarray(labels), return_inverse=True)
    one_hot = np.eye(len(classes))[label_index]
    total = len(ink)
    scores = np.zeros(ink.shape[1])
    for value_mask in (ink, 1.0 - ink):
        joint = value_mask.T @ one_hot / total  # p(value, class) per column
        p_value = joint.sum(axis=1, keepdims=True)
        p_class = one_hot.mean(axis=0, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = joint * np.log(joint / (p_value * p_class))
        scores += np.nansum(terms, axis=1)
    return np.where(scores > threshold)[0]
""",
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "majority_baseline_answer": [
        # picks the class from the test labels (peeks at what it is scored on)
        """
def majority_baseline(train_labels, test_labels):
    classes, counts = np.unique(np.asarray(test_labels), return_counts=True)
    return float(np.mean(np.asarray(test_labels) == classes[np.argmax(counts)]))
""",
        # the random-guessing bar: one over the number of classes
        """
def majority_baseline(train_labels, test_labels):
    return 1 / len(np.unique(np.asarray(train_labels)))
""",
        # returns the majority class instead of its accuracy
        """
def majority_baseline(train_labels, test_labels):
    classes, counts = np.unique(np.asarray(train_labels), return_counts=True)
    return classes[np.argmax(counts)]
""",
    ],
    "corrupt_labels_answer": [
        # changes the input in place (np.asarray does not copy an array)
        """
def corrupt_labels(labels, fraction, seed=0):
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie in [0, 1]")
    noisy = np.asarray(labels)
    rng = np.random.default_rng(seed)
    classes, index = np.unique(noisy, return_inverse=True)
    count = round(fraction * len(noisy))
    positions = rng.choice(len(noisy), size=count, replace=False)
    offsets = rng.integers(1, len(classes), size=count)
    noisy[positions] = classes[(index[positions] + offsets) % len(classes)]
    return noisy
""",
        # the new label is drawn from all classes, so some stay the same
        """
def corrupt_labels(labels, fraction, seed=0):
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie in [0, 1]")
    noisy = np.array(labels)
    rng = np.random.default_rng(seed)
    count = round(fraction * len(noisy))
    positions = rng.choice(len(noisy), size=count, replace=False)
    noisy[positions] = rng.choice(np.unique(noisy), size=count)
    return noisy
""",
        # positions drawn with replacement: some are chosen twice
        """
def corrupt_labels(labels, fraction, seed=0):
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie in [0, 1]")
    noisy = np.array(labels)
    rng = np.random.default_rng(seed)
    classes, index = np.unique(noisy, return_inverse=True)
    count = round(fraction * len(noisy))
    positions = rng.integers(0, len(noisy), size=count)
    offsets = rng.integers(1, len(classes), size=count)
    noisy[positions] = classes[(index[positions] + offsets) % len(classes)]
    return noisy
""",
        # int() instead of round(): 0.29 * 100 is 28.999999999999996
        """
def corrupt_labels(labels, fraction, seed=0):
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie in [0, 1]")
    noisy = np.array(labels)
    rng = np.random.default_rng(seed)
    classes, index = np.unique(noisy, return_inverse=True)
    count = int(fraction * len(noisy))
    positions = rng.choice(len(noisy), size=count, replace=False)
    offsets = rng.integers(1, len(classes), size=count)
    noisy[positions] = classes[(index[positions] + offsets) % len(classes)]
    return noisy
""",
        # the first labels are corrupted, not random positions
        """
def corrupt_labels(labels, fraction, seed=0):
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie in [0, 1]")
    noisy = np.array(labels)
    rng = np.random.default_rng(seed)
    classes, index = np.unique(noisy, return_inverse=True)
    count = round(fraction * len(noisy))
    offsets = rng.integers(1, len(classes), size=count)
    noisy[:count] = classes[(index[:count] + offsets) % len(classes)]
    return noisy
""",
        # every wrong label is the next class: not uniform over the others
        """
def corrupt_labels(labels, fraction, seed=0):
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie in [0, 1]")
    noisy = np.array(labels)
    rng = np.random.default_rng(seed)
    classes, index = np.unique(noisy, return_inverse=True)
    count = round(fraction * len(noisy))
    positions = rng.choice(len(noisy), size=count, replace=False)
    noisy[positions] = classes[(index[positions] + 1) % len(classes)]
    return noisy
""",
        # no ValueError: a fraction above 1 is silently capped
        """
def corrupt_labels(labels, fraction, seed=0):
    fraction = min(max(fraction, 0.0), 1.0)
    noisy = np.array(labels)
    rng = np.random.default_rng(seed)
    classes, index = np.unique(noisy, return_inverse=True)
    count = round(fraction * len(noisy))
    positions = rng.choice(len(noisy), size=count, replace=False)
    offsets = rng.integers(1, len(classes), size=count)
    noisy[positions] = classes[(index[positions] + offsets) % len(classes)]
    return noisy
""",
        # NumPy's global random state instead of a seeded generator
        """
def corrupt_labels(labels, fraction, seed=0):
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie in [0, 1]")
    np.random.seed(seed)
    noisy = np.array(labels)
    classes, index = np.unique(noisy, return_inverse=True)
    count = round(fraction * len(noisy))
    positions = np.random.choice(len(noisy), size=count, replace=False)
    offsets = np.random.randint(1, len(classes), size=count)
    noisy[positions] = classes[(index[positions] + offsets) % len(classes)]
    return noisy
""",
    ],
    "informative_columns_answer": [
        # returns the boolean mask, not the indices
        """
from sklearn.feature_selection import mutual_info_classif


def informative_columns(features, labels, threshold=0.05):
    ink = np.asarray(features) > 0.5
    scores = mutual_info_classif(ink, np.asarray(labels), discrete_features=True)
    return scores > threshold
""",
        # forgets to binarize: every distinct value counts as a category
        """
from sklearn.feature_selection import mutual_info_classif


def informative_columns(features, labels, threshold=0.05):
    scores = mutual_info_classif(
        np.asarray(features), np.asarray(labels), discrete_features=True
    )
    return np.flatnonzero(scores > threshold)
""",
        # ignores the threshold argument
        """
from sklearn.feature_selection import mutual_info_classif


def informative_columns(features, labels, threshold=0.05):
    ink = np.asarray(features) > 0.5
    scores = mutual_info_classif(ink, np.asarray(labels), discrete_features=True)
    return np.flatnonzero(scores > 0.05)
""",
    ],
}
