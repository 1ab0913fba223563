"""Correct answers for lesson 1 written differently from the reference.

``tests/test_lessons.py`` swaps each one into the source notebook (by the
answer cell's grade_id) and requires every test cell to pass.
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
