"""Correct answers for lesson 4 written differently from the reference.

``tests/test_lessons.py`` and ``tests/test_exercises.py`` swap each one into
the source notebook (by the answer cell's grade_id) and require full marks.
``WRONG`` holds plausible mistakes; each must lose its own exercise's points.
"""

ANSWERS = {
    # Vectorized: products of neighbouring widths plus the biases.
    "count_dense_parameters_answer": '''
def count_dense_parameters(layer_widths):
    """Weights plus biases of a stack of Dense layers.

    layer_widths: input width, then each Dense layer's units,
    e.g. [784, 96, 96, 10].
    """
    ### BEGIN SOLUTION
    widths = np.array(layer_widths, dtype=np.int64)
    if widths.size < 2 or np.any(widths < 1):
        raise ValueError("give an input width and at least one positive layer width")
    return int(np.dot(widths[:-1], widths[1:]) + widths[1:].sum())
    ### END SOLUTION
''',
    # min() over epoch numbers with a key: the first minimum wins.
    "epoch_of_min_val_loss_answer": '''
def epoch_of_min_val_loss(history):
    """1-based epoch of the lowest validation loss (ties: earliest)."""
    ### BEGIN SOLUTION
    logs = history.history if hasattr(history, "history") else history
    try:
        val_loss = logs["val_loss"]
    except KeyError:
        raise KeyError(f"val_loss is missing; the history has {list(logs)}") from None
    if len(val_loss) == 0:
        raise ValueError("val_loss has no epochs")
    return min(range(1, len(val_loss) + 1), key=lambda epoch: val_loss[epoch - 1])
    ### END SOLUTION
''',
    # The functional API and loss objects instead of Sequential and strings.
    "build_imdb_model_answer": '''
def build_imdb_model(hidden_units):
    """A new compiled IMDB classifier: ReLU Dense layers of the given
    widths, then Dense(1, sigmoid); RMSprop, binary cross-entropy."""
    ### BEGIN SOLUTION
    reviews = keras.Input(shape=(10_000,))
    features = reviews
    for width in hidden_units:
        features = keras.layers.Dense(width, activation="relu")(features)
    sentiment = keras.layers.Dense(1, activation="sigmoid")(features)
    model = keras.Model(inputs=reviews, outputs=sentiment)
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.001),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=["accuracy"],
    )
    return model
    ### END SOLUTION
''',
    # A pure-Python sum over neighbouring pairs.
    "curve_noisiness_answer": '''
def curve_noisiness(values):
    """Mean absolute epoch-to-epoch change of a curve."""
    ### BEGIN SOLUTION
    points = [float(value) for value in values]
    if len(points) < 2:
        raise ValueError("a curve needs two or more points")
    steps = [abs(after - before) for before, after in zip(points, points[1:])]
    return sum(steps) / len(steps)
    ### END SOLUTION
''',
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "count_dense_parameters_answer": [
        # forgets the biases
        """
def count_dense_parameters(layer_widths):
    widths = list(layer_widths)
    if len(widths) < 2 or min(widths) < 1:
        raise ValueError("bad widths")
    return sum(a * b for a, b in zip(widths[:-1], widths[1:]))
""",
        # counts a bias for the input too (off by one layer)
        """
def count_dense_parameters(layer_widths):
    widths = list(layer_widths)
    if len(widths) < 2 or min(widths) < 1:
        raise ValueError("bad widths")
    weights = sum(a * b for a, b in zip(widths[:-1], widths[1:]))
    return int(weights + sum(widths))
""",
        # no ValueError: [784] quietly gives 0
        """
def count_dense_parameters(layer_widths):
    widths = list(layer_widths)
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))
""",
        # a float from NumPy arithmetic
        """
def count_dense_parameters(layer_widths):
    widths = np.asarray(layer_widths, dtype=float)
    if widths.size < 2 or widths.min() < 1:
        raise ValueError("bad widths")
    return float(np.sum(widths[:-1] * widths[1:] + widths[1:]))
""",
    ],
    "epoch_of_min_val_loss_answer": [
        # 0-based index
        """
def epoch_of_min_val_loss(history):
    logs = getattr(history, "history", history)
    if "val_loss" not in logs:
        raise KeyError(f"no val_loss; keys: {list(logs)}")
    if len(logs["val_loss"]) == 0:
        raise ValueError("empty")
    return int(np.argmin(logs["val_loss"]))
""",
        # only the dict works: a Keras History is not subscriptable
        """
def epoch_of_min_val_loss(history):
    if "val_loss" not in history:
        raise KeyError(f"no val_loss; keys: {list(history)}")
    if len(history["val_loss"]) == 0:
        raise ValueError("empty")
    return int(np.argmin(history["val_loss"])) + 1
""",
        # Python's own KeyError('val_loss') does not list the keys there are
        """
def epoch_of_min_val_loss(history):
    val_loss = list(getattr(history, "history", history)["val_loss"])
    if not val_loss:
        raise ValueError("empty")
    return int(np.argmin(val_loss)) + 1
""",
        # a tie goes to the latest epoch
        """
def epoch_of_min_val_loss(history):
    logs = getattr(history, "history", history)
    if "val_loss" not in logs:
        raise KeyError(f"no val_loss; keys: {list(logs)}")
    values = list(logs["val_loss"])
    if not values:
        raise ValueError("empty")
    return len(values) - int(np.argmin(values[::-1]))
""",
    ],
    "build_imdb_model_answer": [
        # mean squared error instead of binary cross-entropy
        """
def build_imdb_model(hidden_units):
    model = keras.Sequential([keras.Input(shape=(10_000,))])
    for width in hidden_units:
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="mse", metrics=["accuracy"])
    return model
""",
        # no sigmoid on the output
        """
def build_imdb_model(hidden_units):
    model = keras.Sequential([keras.Input(shape=(10_000,))])
    for width in hidden_units:
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(1))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        # no Input: the model is not built when it is returned
        """
def build_imdb_model(hidden_units):
    model = keras.Sequential()
    for width in hidden_units:
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        # Adam by habit
        """
def build_imdb_model(hidden_units):
    model = keras.Sequential([keras.Input(shape=(10_000,))])
    for width in hidden_units:
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model
""",
        # the course's builder instead of the student's own model
        """
def build_imdb_model(hidden_units):
    return models.imdb_classifier(hidden_units)
""",
        # appends the output width to the caller's list
        """
def build_imdb_model(hidden_units):
    widths = hidden_units
    if isinstance(widths, list):
        widths.append(1)
    else:
        widths = [*widths, 1]
    model = keras.Sequential([keras.Input(shape=(10_000,))])
    for width in widths[:-1]:
        model.add(keras.layers.Dense(width, activation="relu"))
    model.add(keras.layers.Dense(widths[-1], activation="sigmoid"))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    ],
    "curve_noisiness_answer": [
        # forgets the absolute value: ups and downs cancel
        """
def curve_noisiness(values):
    values = np.asarray(values, dtype=float)
    if values.size < 2:
        raise ValueError("need two values")
    return float(np.mean(np.diff(values)))
""",
        # the sum of the changes, not their mean
        """
def curve_noisiness(values):
    values = np.asarray(values, dtype=float)
    if values.size < 2:
        raise ValueError("need two values")
    return float(np.sum(np.abs(np.diff(values))))
""",
        # divides by the number of values instead of the number of changes
        """
def curve_noisiness(values):
    values = np.asarray(values, dtype=float)
    if values.size < 2:
        raise ValueError("need two values")
    return float(np.sum(np.abs(np.diff(values))) / len(values))
""",
        # no ValueError: one value gives nan
        """
def curve_noisiness(values):
    return float(np.mean(np.abs(np.diff(np.asarray(values, dtype=float)))))
""",
    ],
}
