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
        metrics=[keras.metrics.BinaryAccuracy(), models.cross_entropy_metric()],
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
    "sgd_step_with_l2_answer": '''
def sgd_step_with_l2(weights, gradient, learning_rate, factor):
    """New weights after one plain gradient-descent step on the loss plus
    factor * sum(weights ** 2); ``weights`` stays unchanged."""
    ### BEGIN SOLUTION
    # Written as weight decay: shrink every weight, then follow the gradient.
    shrink = 1.0 - 2.0 * learning_rate * factor
    return shrink * np.asarray(weights) - learning_rate * np.asarray(gradient)
    ### END SOLUTION
''',
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "l2_penalty_answer": [
        # counts the output layer too
        """
def l2_penalty(model, factor):
    dense_layers = [layer for layer in model.layers if hasattr(layer, "kernel")]
    return float(factor * sum(np.sum(np.asarray(layer.kernel) ** 2)
                              for layer in dense_layers))
""",
        # every weight but the output layer's, biases included
        """
def l2_penalty(model, factor):
    weights = model.get_weights()[:-2]
    return float(factor * sum(np.sum(w.astype(float) ** 2) for w in weights))
""",
        # reads Keras' own penalties: wrong factor, nothing without regularizers
        """
def l2_penalty(model, factor):
    return float(sum(model.losses))
""",
        # takes every layer but the last, Dropout included
        """
def l2_penalty(model, factor):
    return float(factor * sum(np.sum(np.asarray(layer.kernel) ** 2)
                              for layer in model.layers[:-1]))
""",
    ],
    "build_l2_model_answer": [
        # the output layer is penalized too
        """
def build_l2_model(factor):
    model = keras.Sequential([keras.Input(shape=(10_000,))] + [
        keras.layers.Dense(units, activation=activation,
                           kernel_regularizer=keras.regularizers.l2(factor))
        for units, activation in [(16, "relu"), (16, "relu"), (1, "sigmoid")]
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy",
                  metrics=["accuracy", models.cross_entropy_metric()])
    return model
""",
        # the factor of the lesson, hard-coded
        """
def build_l2_model(factor):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(16, activation="relu",
                           kernel_regularizer=keras.regularizers.l2(0.002)),
        keras.layers.Dense(16, activation="relu",
                           kernel_regularizer=keras.regularizers.l2(0.002)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy",
                  metrics=["accuracy", models.cross_entropy_metric()])
    return model
""",
        # Keras' BinaryCrossentropy metric: fails on labels of shape (n,)
        """
def build_l2_model(factor):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(16, activation="relu",
                           kernel_regularizer=keras.regularizers.l2(factor)),
        keras.layers.Dense(16, activation="relu",
                           kernel_regularizer=keras.regularizers.l2(factor)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy",
                  metrics=["accuracy",
                           keras.metrics.BinaryCrossentropy(name="cross_entropy")])
    return model
""",
        # L1 and L2 together: the layers look right, the loss is not
        """
def build_l2_model(factor):
    model = keras.Sequential([
        keras.Input(shape=(10_000,)),
        keras.layers.Dense(16, activation="relu", kernel_regularizer=
                           keras.regularizers.l1_l2(l1=factor, l2=factor)),
        keras.layers.Dense(16, activation="relu", kernel_regularizer=
                           keras.regularizers.l1_l2(l1=factor, l2=factor)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss="binary_crossentropy",
                  metrics=["accuracy", models.cross_entropy_metric()])
    return model
""",
        # one model for every call
        """
_built = {}

def build_l2_model(factor):
    if factor not in _built:
        model = keras.Sequential([
            keras.Input(shape=(10_000,)),
            keras.layers.Dense(16, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(16, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(factor)),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                      loss="binary_crossentropy",
                      metrics=["accuracy", models.cross_entropy_metric()])
        _built[factor] = model
    return _built[factor]
""",
    ],
    "validation_penalty_answer": [
        # the wrong way round
        """
def validation_penalty(history):
    return (np.asarray(history["val_cross_entropy"], dtype=float)
            - np.asarray(history["val_loss"], dtype=float))
""",
        # training loss instead of validation loss
        """
def validation_penalty(history):
    return (np.asarray(history["loss"], dtype=float)
            - np.asarray(history["val_cross_entropy"], dtype=float))
""",
        # subtracts in place: changes the history's arrays
        """
def validation_penalty(history):
    penalty = np.asarray(history["val_loss"], dtype=float)
    penalty -= np.asarray(history["val_cross_entropy"], dtype=float)
    return penalty
""",
        # a list, not an array
        """
def validation_penalty(history):
    return [float(a) - float(b)
            for a, b in zip(history["val_loss"], history["val_cross_entropy"])]
""",
    ],
    "sgd_step_with_l2_answer": [
        # forgets the 2 of the derivative of w ** 2
        """
def sgd_step_with_l2(weights, gradient, learning_rate, factor):
    return weights - learning_rate * (gradient + factor * weights)
""",
        # climbs the penalty: adds it instead of subtracting
        """
def sgd_step_with_l2(weights, gradient, learning_rate, factor):
    return weights - learning_rate * gradient + 2 * learning_rate * factor * weights
""",
        # shrinks after the data step, so the gradient is shrunk too
        """
def sgd_step_with_l2(weights, gradient, learning_rate, factor):
    return (1 - 2 * learning_rate * factor) * (weights - learning_rate * gradient)
""",
        # updates the caller's array in place
        """
def sgd_step_with_l2(weights, gradient, learning_rate, factor):
    weights -= learning_rate * (gradient + 2 * factor * weights)
    return weights
""",
        # shrinks by the factor alone, without the learning rate
        """
def sgd_step_with_l2(weights, gradient, learning_rate, factor):
    return (1 - 2 * factor) * weights - learning_rate * gradient
""",
    ],
}

# Cells hold no leading or trailing blank lines.
ANSWERS = {key: source.strip("\n") for key, source in ANSWERS.items()}
