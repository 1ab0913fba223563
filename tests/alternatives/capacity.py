"""Correct answers for lesson 4 written differently from the reference.

``tests/test_lessons.py`` swaps each one into the source notebook (by the
answer cell's grade_id) and requires every test cell to pass.
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
