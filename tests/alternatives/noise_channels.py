"""Other answers for lesson 1: correct ones written differently from the
reference (``ANSWERS``) and plausible wrong ones (``WRONG``).

Each entry replaces the answer cell with the same grade_id in
solutions/01-noise-channels/noise_channels.ipynb. ``tests/test_lessons.py``
and ``tests/test_exercises.py`` require full marks for every answer in
``ANSWERS``; ``tests/test_exercises.py`` requires every answer in ``WRONG`` to
lose exactly its own exercise's points.
"""

ANSWERS = {
    # Python lists and RandomState instead of NumPy's Generator and np.unique.
    "random_guess_accuracy_answer": """
def random_guess_accuracy(labels, seed=0):
    labels = list(labels)
    classes = sorted(set(labels))
    rng = np.random.RandomState(seed)
    guesses = [classes[i] for i in rng.randint(len(classes), size=len(labels))]
    hits = sum(guess == label for guess, label in zip(guesses, labels))
    return hits / len(labels)
""",
    # Validate first, fill a preallocated array, float64 noise cast on assignment.
    "add_channels_answer": """
def add_channels(images, kind, seed=0):
    if kind not in ("noise", "zeros"):
        raise ValueError(f"unknown kind {kind!r}; use 'noise' or 'zeros'")
    count, width = np.shape(images)
    result = np.zeros((count, 2 * width), dtype=np.float32)
    result[:, :width] = images
    if kind == "noise":
        result[:, width:] = np.random.RandomState(seed).uniform(
            0.0, 1.0, size=(count, width)
        )
    return result
""",
    # hasattr and star-unpacking instead of getattr and [-1].
    "final_accuracy_gap_answer": """
def final_accuracy_gap(history_zeros, history_noise):
    def last_val_accuracy(history):
        values = history.history if hasattr(history, "history") else history
        *_, last = values["val_accuracy"]
        return last

    return last_val_accuracy(history_zeros) - last_val_accuracy(history_noise)
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
    "random_guess_accuracy_answer": [
        # guesses with the label frequencies instead of uniformly
        """
def random_guess_accuracy(labels, seed=0):
    labels = np.asarray(labels)
    guesses = np.random.default_rng(seed).choice(labels, size=len(labels))
    return float(np.mean(guesses == labels))
""",
        # assumes the ten MNIST digits are the classes
        """
def random_guess_accuracy(labels, seed=0):
    labels = np.asarray(labels)
    guesses = np.random.default_rng(seed).integers(0, 10, size=len(labels))
    return float(np.mean(guesses == labels))
""",
        # ignores the seed
        """
def random_guess_accuracy(labels, seed=0):
    labels = np.asarray(labels)
    guesses = np.random.default_rng().choice(np.unique(labels), size=len(labels))
    return float(np.mean(guesses == labels))
""",
    ],
    "add_channels_answer": [
        # any kind other than "noise" gives zeros: no ValueError
        """
def add_channels(images, kind, seed=0):
    images = np.asarray(images, dtype=np.float32)
    if kind == "noise":
        extra = np.random.default_rng(seed).random(images.shape, dtype=np.float32)
    else:
        extra = np.zeros_like(images)
    return np.concatenate([images, extra], axis=1)
""",
        # one row of noise, repeated for every image
        """
def add_channels(images, kind, seed=0):
    if kind not in ("noise", "zeros"):
        raise ValueError("kind must be 'noise' or 'zeros'")
    images = np.asarray(images, dtype=np.float32)
    extra = np.zeros_like(images)
    if kind == "noise":
        extra[:] = np.random.default_rng(seed).random(images.shape[1])
    return np.concatenate([images, extra], axis=1)
""",
        # float64 result (np.random.default_rng(seed).random's default)
        """
def add_channels(images, kind, seed=0):
    if kind not in ("noise", "zeros"):
        raise ValueError("kind must be 'noise' or 'zeros'")
    if kind == "noise":
        extra = np.random.default_rng(seed).random(np.shape(images))
    else:
        extra = np.zeros(np.shape(images))
    return np.concatenate([images, extra], axis=1)
""",
    ],
    "final_accuracy_gap_answer": [
        # the best epochs instead of the last ones
        """
def final_accuracy_gap(history_zeros, history_noise):
    zeros = getattr(history_zeros, "history", history_zeros)
    noise = getattr(history_noise, "history", history_noise)
    return float(max(zeros["val_accuracy"]) - max(noise["val_accuracy"]))
""",
        # pops the last values: right once, but it changes the histories
        """
def final_accuracy_gap(history_zeros, history_noise):
    zeros = getattr(history_zeros, "history", history_zeros)
    noise = getattr(history_noise, "history", history_noise)
    return float(zeros["val_accuracy"].pop() - noise["val_accuracy"].pop())
""",
        # only works on dictionaries, not on History objects
        """
def final_accuracy_gap(history_zeros, history_noise):
    return float(
        history_zeros["val_accuracy"][-1] - history_noise["val_accuracy"][-1]
    )
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
