"""Correct answers to lesson 6 written differently from the reference."""

ANSWERS = {
    "inverted_dropout_answer": '''
def inverted_dropout(activations, rate, training=True, seed=0):
    """Inverted dropout: zero a fraction ``rate`` of the entries at random and
    scale the rest by 1 / (1 - rate) when training; identity otherwise."""
    ### BEGIN SOLUTION
    if rate < 0 or rate >= 1:
        raise ValueError(f"dropout rate {rate} is outside [0, 1)")
    values = np.array(activations)  # a copy: the input stays as it was
    if training:
        rng = np.random.default_rng(seed)
        kept = rng.binomial(1, 1 - rate, size=values.shape).astype(bool)
        values = np.where(kept, values / (1 - rate), 0).astype(values.dtype)
    return values
    ### END SOLUTION
''',
    "dropout_statistics_answer": '''
def dropout_statistics(inputs, outputs):
    """(fraction of non-zero inputs zeroed, mean output/input of survivors)."""
    ### BEGIN SOLUTION
    before = np.ravel(inputs).astype(float)
    after = np.ravel(outputs).astype(float)
    considered = np.flatnonzero(before)
    survivors = considered[after[considered] != 0]
    fraction_dropped = 1 - len(survivors) / len(considered)
    return fraction_dropped, float(np.mean(after[survivors] / before[survivors]))
    ### END SOLUTION
''',
    "build_dropout_model_answer": '''
def build_dropout_model(rate, hidden_units=16):
    """The IMDB model with two hidden layers of ``hidden_units`` and
    Dropout(rate) after each, compiled with RMSprop(1e-3) and binary
    cross-entropy."""
    ### BEGIN SOLUTION
    reviews = keras.Input(shape=(10_000,))
    features = reviews
    for _ in range(2):
        features = keras.layers.Dense(hidden_units, activation="relu")(features)
        features = keras.layers.Dropout(rate=rate)(features)
    score = keras.layers.Dense(1, activation="sigmoid")(features)
    model = keras.Model(reviews, score)
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.001),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=["accuracy"],
    )
    return model
    ### END SOLUTION
''',
}

# Cells hold no leading or trailing blank lines.
ANSWERS = {key: source.strip("\n") for key, source in ANSWERS.items()}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "inverted_dropout_answer": [
        # Forgets to scale the survivors by 1 / (1 - rate).
        """
def inverted_dropout(activations, rate, training=True, seed=0):
    if not 0 <= rate < 1:
        raise ValueError(f"rate must lie in [0, 1), got {rate}")
    activations = np.asarray(activations)
    if not training:
        return activations.copy()
    keep = np.random.default_rng(seed).random(activations.shape) >= rate
    return (activations * keep).astype(activations.dtype)
""",
        # Keeps each entry with probability rate instead of 1 - rate (right
        # at rate 0.5 only).
        """
def inverted_dropout(activations, rate, training=True, seed=0):
    if not 0 <= rate < 1:
        raise ValueError(f"rate must lie in [0, 1), got {rate}")
    activations = np.asarray(activations)
    if not training:
        return activations.copy()
    keep = np.random.default_rng(seed).random(activations.shape) < rate
    return (activations * keep / (1 - rate)).astype(activations.dtype)
""",
        # Changes the input in place.
        """
def inverted_dropout(activations, rate, training=True, seed=0):
    if not 0 <= rate < 1:
        raise ValueError(f"rate must lie in [0, 1), got {rate}")
    if not training:
        return activations
    keep = np.random.default_rng(seed).random(activations.shape) >= rate
    activations *= keep / (1 - rate)
    return activations
""",
        # Checks the rate only when training.
        """
def inverted_dropout(activations, rate, training=True, seed=0):
    activations = np.asarray(activations)
    if not training:
        return activations.copy()
    if not 0 <= rate < 1:
        raise ValueError(f"rate must lie in [0, 1), got {rate}")
    keep = np.random.default_rng(seed).random(activations.shape) >= rate
    return (activations * keep / (1 - rate)).astype(activations.dtype)
""",
        # Seeds NumPy's global random state instead of using a generator.
        """
def inverted_dropout(activations, rate, training=True, seed=0):
    if not 0 <= rate < 1:
        raise ValueError(f"rate must lie in [0, 1), got {rate}")
    activations = np.asarray(activations)
    if not training:
        return activations.copy()
    np.random.seed(seed)
    keep = np.random.random(activations.shape) >= rate
    return (activations * keep / (1 - rate)).astype(activations.dtype)
""",
    ],
    "dropout_statistics_answer": [
        # Counts zero inputs as dropped.
        """
def dropout_statistics(inputs, outputs):
    inputs = np.asarray(inputs, dtype=float)
    outputs = np.asarray(outputs, dtype=float)
    survived = (inputs != 0) & (outputs != 0)
    fraction_dropped = float(np.mean(outputs == 0))
    return fraction_dropped, float(np.mean(outputs[survived] / inputs[survived]))
""",
        # Ratio of sums instead of the mean of the ratios.
        """
def dropout_statistics(inputs, outputs):
    inputs = np.asarray(inputs, dtype=float)
    outputs = np.asarray(outputs, dtype=float)
    active = inputs != 0
    survived = active & (outputs != 0)
    fraction_dropped = 1 - survived.sum() / active.sum()
    scale = outputs[survived].sum() / inputs[survived].sum()
    return float(fraction_dropped), float(scale)
""",
        # Survivor scale as the ratio of the means: about 1, the point of
        # inverted dropout, instead of 1 / (1 - rate).
        """
def dropout_statistics(inputs, outputs):
    inputs = np.asarray(inputs, dtype=float)
    outputs = np.asarray(outputs, dtype=float)
    active = inputs != 0
    fraction_dropped = 1 - (active & (outputs != 0)).sum() / active.sum()
    return float(fraction_dropped), float(outputs.mean() / inputs.mean())
""",
    ],
    "build_dropout_model_answer": [
        # Dropout(1 - rate): the keep probability instead of the drop rate.
        """
def build_dropout_model(rate, hidden_units=16):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dropout(1 - rate),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dropout(1 - rate),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        # Mean squared error as the loss.
        """
def build_dropout_model(rate, hidden_units=16):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="mse", metrics=["accuracy"])
    return model
""",
        # Builds the model once and returns the same object on every call.
        """
_models = {}

def build_dropout_model(rate, hidden_units=16):
    if rate not in _models:
        model = keras.Sequential([
            keras.Input(shape=(10_000,)),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dropout(rate),
            keras.layers.Dense(hidden_units, activation="relu"),
            keras.layers.Dropout(rate),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                      loss="binary_crossentropy", metrics=["accuracy"])
        _models[rate] = model
    return _models[rate]
""",
        # A Dropout after the output layer as well.
        """
def build_dropout_model(rate, hidden_units=16):
    model = keras.Sequential([keras.Input(shape=(10_000,))])
    for units, activation in [
        (hidden_units, "relu"), (hidden_units, "relu"), (1, "sigmoid")
    ]:
        model.add(keras.layers.Dense(units, activation=activation))
        model.add(keras.layers.Dropout(rate))
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        # Forgets the accuracy metric.
        """
def build_dropout_model(rate, hidden_units=16):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy")
    return model
""",
        # Ignores hidden_units: always the (16, 16) model.
        """
def build_dropout_model(rate, hidden_units=16):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
        # Widens only the first hidden layer.
        """
def build_dropout_model(rate, hidden_units=16):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(hidden_units, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(rate),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    return model
""",
    ],
}
WRONG = {key: [code.strip("\n") for code in codes] for key, codes in WRONG.items()}
