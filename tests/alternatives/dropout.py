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
def build_dropout_model(rate):
    """The (16, 16) IMDB model with Dropout(rate) after each hidden layer,
    compiled with RMSprop(1e-3) and binary cross-entropy."""
    ### BEGIN SOLUTION
    reviews = keras.Input(shape=(10_000,))
    features = reviews
    for _ in range(2):
        features = keras.layers.Dense(16, activation="relu")(features)
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
