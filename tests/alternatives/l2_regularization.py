"""Correct answers to lesson 5 written differently from the reference."""

ANSWERS = {
    "l2_penalty_answer": '''
def l2_penalty(model, factor):
    """L2 penalty factor * sum(w ** 2) over the kernels of all hidden Dense
    layers of ``model`` (every Dense layer but the last), as a float."""
    ### BEGIN SOLUTION
    # Kernels are the 2-D weights; model.weights lists them layer by layer.
    kernels = [w.numpy() for w in model.weights if len(w.shape) == 2]
    return factor * sum(float(np.einsum("ij,ij->", k, k)) for k in kernels[:-1])
    ### END SOLUTION
''',
    "build_l2_model_answer": '''
def build_l2_model(factor):
    """The (16, 16) IMDB model with l2(factor) on both hidden kernels,
    compiled with RMSprop(1e-3) and binary cross-entropy."""
    ### BEGIN SOLUTION
    reviews = keras.Input(shape=(10_000,))
    features = reviews
    for _ in range(2):
        features = keras.layers.Dense(
            16, activation="relu",
            kernel_regularizer=keras.regularizers.L2(l2=factor),
        )(features)
    score = keras.layers.Dense(1, activation="sigmoid")(features)
    model = keras.Model(inputs=reviews, outputs=score)
    model.compile(
        optimizer=keras.optimizers.RMSprop(),
        loss=keras.losses.BinaryCrossentropy(),
        metrics=[keras.metrics.BinaryAccuracy()],
    )
    return model
    ### END SOLUTION
''',
    "validation_penalty_answer": '''
def validation_penalty(history):
    """Per-epoch val_loss - val_cross_entropy, as a float NumPy array."""
    ### BEGIN SOLUTION
    pairs = zip(history["val_loss"], history["val_cross_entropy"], strict=True)
    return np.array([float(total) - float(plain) for total, plain in pairs])
    ### END SOLUTION
''',
    "mean_over_epochs_answer": '''
def mean_over_epochs(values, first, last):
    """Mean of ``values`` over epochs first..last (1-based, inclusive)."""
    ### BEGIN SOLUTION
    if not 1 <= first <= last <= len(values):
        raise ValueError(f"no epochs {first}..{last} in {len(values)} epochs")
    total = 0.0
    for epoch in range(first, last + 1):
        total += float(values[epoch - 1])
    return total / (last - first + 1)
    ### END SOLUTION
''',
}

# Cells hold no leading or trailing blank lines.
ANSWERS = {key: source.strip("\n") for key, source in ANSWERS.items()}
