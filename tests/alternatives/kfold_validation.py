"""Alternative correct answers for lesson 7 (K-fold validation).

Each entry replaces the answer cell with the same grade_id in
solutions/07-kfold-validation/kfold_validation.ipynb; the tests must still
give full marks. They are written differently from the reference answers on
purpose (other algorithms, other NumPy idioms).
"""

ANSWERS = {
    # Plain Python sums instead of NumPy reductions.
    "baseline_mae_answer": '''
def baseline_mae(train_targets, val_targets):
    """MAE of always predicting the mean of ``train_targets``."""
    train_list = [float(t) for t in train_targets]
    prediction = sum(train_list) / len(train_list)
    total = sum(abs(float(t) - prediction) for t in val_targets)
    return total / len(val_targets)
''',
    # Block boundaries by arithmetic, training part with np.setdiff1d.
    "kfold_indices_answer": '''
def kfold_indices(num_samples, k):
    """Training and validation indices for each of ``k`` folds."""
    if not 2 <= k <= num_samples:
        raise ValueError("need 2 <= k <= num_samples")
    base, extra = divmod(num_samples, k)
    everything = np.arange(num_samples)
    pairs, start = [], 0
    for fold in range(k):
        stop = start + base + (fold < extra)
        val_idx = everything[start:stop]
        pairs.append((np.setdiff1d(everything, val_idx), val_idx))
        start = stop
    return pairs
''',
    # Statistics by hand (sum and square root), one column at a time.
    "normalize_fold_answer": '''
def normalize_fold(train_features, val_features):
    """Normalize both parts with the training part's statistics only."""
    train = np.array(train_features, dtype=float)
    val = np.array(val_features, dtype=float)
    for column in range(train.shape[1]):
        centre = train[:, column].sum() / len(train)
        spread = np.sqrt(((train[:, column] - centre) ** 2).sum() / len(train))
        train[:, column] = (train[:, column] - centre) / spread
        val[:, column] = (val[:, column] - centre) / spread
    return train, val
''',
    # A linear filter instead of a Python loop.
    "exponential_moving_average_answer": '''
def exponential_moving_average(values, factor):
    """Smooth a curve with an exponential moving average."""
    from scipy.signal import lfilter

    if factor < 0 or factor >= 1:
        raise ValueError("factor must lie in [0, 1)")
    values = np.array(values, dtype=float)
    if values.size == 0:
        return values
    smoothed, _ = lfilter([1 - factor], [1, -factor], values,
                          zi=[factor * values[0]])
    return smoothed
''',
    # Pure Python: min over (value, epoch) pairs breaks ties by epoch.
    "best_epoch_answer": '''
def best_epoch(values, skip=0):
    """1-based epoch of the lowest value after ignoring the first ``skip``."""
    if skip < 0 or skip >= len(values):
        raise ValueError("skip out of range")
    _, epoch = min((float(values[i]), i + 1) for i in range(skip, len(values)))
    return epoch
''',
    # Reuses the student's kfold_indices on positions of a shuffled array.
    "iterated_kfold_indices_answer": '''
def iterated_kfold_indices(num_samples, k, repeats, seed):
    """``repeats`` rounds of K-fold indices, reshuffled before each round."""
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    generator = np.random.default_rng(seed)
    pairs = []
    for _ in range(repeats):
        shuffled = np.arange(num_samples)
        generator.shuffle(shuffled)
        for train_positions, val_positions in kfold_indices(num_samples, k):
            pairs.append((shuffled[train_positions], shuffled[val_positions]))
    return pairs
''',
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "baseline_mae_answer": [
        # peeks at the validation targets
        """
def baseline_mae(train_targets, val_targets):
    val = np.asarray(val_targets, dtype=float)
    return float(np.mean(np.abs(val - val.mean())))
""",
        # the median instead of the mean
        """
def baseline_mae(train_targets, val_targets):
    prediction = np.median(train_targets)
    return float(np.mean(np.abs(np.asarray(val_targets) - prediction)))
""",
    ],
    "kfold_indices_answer": [
        # the book's loop: drops the remainder
        """
def kfold_indices(num_samples, k):
    if not 2 <= k <= num_samples:
        raise ValueError("bad k")
    size = num_samples // k
    folds = []
    for fold in range(k):
        val_idx = np.arange(fold * size, (fold + 1) * size)
        train_idx = np.setdiff1d(np.arange(num_samples), val_idx)
        folds.append((train_idx, val_idx))
    return folds
""",
        # no validation of k
        """
def kfold_indices(num_samples, k):
    blocks = np.array_split(np.arange(num_samples), k)
    return [(np.concatenate(blocks[:i] + blocks[i + 1:]), b)
            for i, b in enumerate(blocks)]
""",
    ],
    "normalize_fold_answer": [
        # each part normalized with its own statistics
        """
def normalize_fold(train_features, val_features):
    def standardize(features):
        features = np.asarray(features, dtype=float)
        return (features - features.mean(axis=0)) / features.std(axis=0)
    return standardize(train_features), standardize(val_features)
""",
        # statistics of both parts pooled (the leak the exercise removes)
        """
def normalize_fold(train_features, val_features):
    both = np.concatenate([train_features, val_features])
    mean, std = both.mean(axis=0), both.std(axis=0)
    return (train_features - mean) / std, (val_features - mean) / std
""",
        # row by row instead of column by column
        """
def normalize_fold(train_features, val_features):
    train = np.asarray(train_features, dtype=float)
    val = np.asarray(val_features, dtype=float)
    mean = train.mean(axis=1, keepdims=True)
    std = train.std(axis=1, keepdims=True)
    return (train - mean) / std, (val - val.mean(axis=1, keepdims=True)) / val.std(
        axis=1, keepdims=True)
""",
        # sample standard deviation (ddof=1)
        """
def normalize_fold(train_features, val_features):
    train = np.asarray(train_features, dtype=float)
    mean, std = train.mean(axis=0), train.std(axis=0, ddof=1)
    return (train - mean) / std, (np.asarray(val_features, dtype=float) - mean) / std
""",
        # changes the caller's arrays in place
        """
def normalize_fold(train_features, val_features):
    mean = train_features.mean(axis=0)
    std = train_features.std(axis=0)
    train_features -= mean
    train_features /= std
    val_features -= mean
    val_features /= std
    return train_features, val_features
""",
    ],
    "exponential_moving_average_answer": [
        # weights swapped
        """
def exponential_moving_average(values, factor):
    if not 0 <= factor < 1:
        raise ValueError("factor")
    out = []
    for v in values:
        out.append(v if not out else (1 - factor) * out[-1] + factor * v)
    return np.array(out, dtype=float)
""",
    ],
    "best_epoch_answer": [
        # forgets that epochs count from 1
        """
def best_epoch(values, skip=0):
    values = np.asarray(values, dtype=float)
    if not 0 <= skip < len(values):
        raise ValueError("skip")
    return skip + int(np.argmin(values[skip:]))
""",
        # returns the last minimum on ties
        """
def best_epoch(values, skip=0):
    values = np.asarray(values, dtype=float)
    if not 0 <= skip < len(values):
        raise ValueError("skip")
    rest = values[skip:]
    return skip + len(rest) - int(np.argmin(rest[::-1]))
""",
    ],
    "iterated_kfold_indices_answer": [
        # reseeds every repetition: all repetitions equal
        """
def iterated_kfold_indices(num_samples, k, repeats, seed):
    if repeats < 1 or k < 2 or k > num_samples:
        raise ValueError("bad arguments")
    folds = []
    for _ in range(repeats):
        rng = np.random.default_rng(seed)
        blocks = np.array_split(rng.permutation(num_samples), k)
        for i, val in enumerate(blocks):
            folds.append((np.concatenate(blocks[:i] + blocks[i + 1:]), val))
    return folds
""",
        # uses NumPy's global random state
        """
def iterated_kfold_indices(num_samples, k, repeats, seed):
    if repeats < 1 or k < 2 or k > num_samples:
        raise ValueError("bad arguments")
    np.random.seed(seed)
    folds = []
    for _ in range(repeats):
        blocks = np.array_split(np.random.permutation(num_samples), k)
        for i, val in enumerate(blocks):
            folds.append((np.concatenate(blocks[:i] + blocks[i + 1:]), val))
    return folds
""",
    ],
}
