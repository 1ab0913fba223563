"""Correct answers for lesson 4 written differently from the reference.

``tests/test_lessons.py`` and ``tests/test_exercises.py`` swap each one into
the source notebook (by the answer cell's grade_id) and require full marks.
``WRONG`` holds plausible mistakes; each must lose its own exercise's points.
"""

ANSWERS = {
    # Chebyshev basis (another stable basis, the same fitted polynomials) and
    # the errors as arrays until the end.
    "validation_error_by_degree_answer": '''
def validation_error_by_degree(x_train, y_train, x_val, y_val, degrees):
    """Least-squares polynomial fits of each degree: (training errors,
    validation errors, degree with the lowest validation error)."""
    ### BEGIN SOLUTION
    x_train, y_train = np.asarray(x_train), np.asarray(y_train)
    x_val, y_val = np.asarray(x_val), np.asarray(y_val)
    errors = []
    for degree in degrees:
        fit = np.polynomial.Chebyshev.fit(x_train, y_train, deg=int(degree))
        errors.append((np.mean(np.square(fit(x_train) - y_train)),
                       np.mean(np.square(fit(x_val) - y_val))))
    train_errors = [float(t) for t, _ in errors]
    val_errors = [float(v) for _, v in errors]
    lowest = min(val_errors)
    best_degree = int(list(degrees)[val_errors.index(lowest)])
    return train_errors, val_errors, best_degree
    ### END SOLUTION
''',
    # An explicit wait counter, as the Keras callback keeps it.
    "early_stopping_epoch_answer": '''
def early_stopping_epoch(val_losses, patience):
    """(epoch training stops after, epoch restored), both from 1, as
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience,
    restore_best_weights=True) would do."""
    ### BEGIN SOLUTION
    losses = [float(loss) for loss in val_losses]
    best_index, wait = 0, 0
    for index in range(1, len(losses)):
        wait += 1
        if losses[index] < losses[best_index]:
            best_index, wait = index, 0
        elif wait >= patience:
            return index + 1, best_index + 1
    return len(losses), best_index + 1
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
    # Complex numbers: the angle of y + ix is the clockwise angle from 12.
    "hand_angles_answer": '''
def hand_angles(tips):
    """Angles of the hour and minute hands in degrees clockwise from 12,
    in [0, 360), from their tips' (x, y) positions: shape (n, 4) -> (n, 2)."""
    ### BEGIN SOLUTION
    tips = np.array(tips, dtype=float)
    hands = tips[:, 1::2] + 1j * tips[:, 0::2]
    return np.mod(np.angle(hands, deg=True), 360.0)
    ### END SOLUTION
''',
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "validation_error_by_degree_answer": [
        # picks the degree with the lowest TRAINING error
        """
def validation_error_by_degree(x_train, y_train, x_val, y_val, degrees):
    train_errors, val_errors = [], []
    for degree in degrees:
        p = np.polynomial.Polynomial.fit(x_train, y_train, degree)
        train_errors.append(float(np.mean((p(x_train) - y_train) ** 2)))
        val_errors.append(float(np.mean((p(x_val) - y_val) ** 2)))
    return train_errors, val_errors, list(degrees)[int(np.argmin(train_errors))]
""",
        # returns the index of the best degree, not the degree
        """
def validation_error_by_degree(x_train, y_train, x_val, y_val, degrees):
    train_errors, val_errors = [], []
    for degree in degrees:
        p = np.polynomial.Polynomial.fit(x_train, y_train, degree)
        train_errors.append(float(np.mean((p(x_train) - y_train) ** 2)))
        val_errors.append(float(np.mean((p(x_val) - y_val) ** 2)))
    return train_errors, val_errors, int(np.argmin(val_errors))
""",
        # np.polyfit on raw x: a degree-15 fit no longer interpolates
        """
def validation_error_by_degree(x_train, y_train, x_val, y_val, degrees):
    import warnings
    train_errors, val_errors = [], []
    for degree in degrees:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            coefficients = np.polyfit(x_train, y_train, degree)
        train_errors.append(float(np.mean((np.polyval(coefficients, x_train)
                                           - y_train) ** 2)))
        val_errors.append(float(np.mean((np.polyval(coefficients, x_val)
                                         - y_val) ** 2)))
    return train_errors, val_errors, list(degrees)[int(np.argmin(val_errors))]
""",
        # fits on the validation points (a leak): validation error too low
        """
def validation_error_by_degree(x_train, y_train, x_val, y_val, degrees):
    train_errors, val_errors = [], []
    for degree in degrees:
        p = np.polynomial.Polynomial.fit(x_val, y_val, degree)
        train_errors.append(float(np.mean((p(x_train) - y_train) ** 2)))
        val_errors.append(float(np.mean((p(x_val) - y_val) ** 2)))
    return train_errors, val_errors, list(degrees)[int(np.argmin(val_errors))]
""",
        # degree d fitted with d coefficients (one too few)
        """
def validation_error_by_degree(x_train, y_train, x_val, y_val, degrees):
    train_errors, val_errors = [], []
    for degree in degrees:
        p = np.polynomial.Polynomial.fit(x_train, y_train, max(degree - 1, 0))
        train_errors.append(float(np.mean((p(x_train) - y_train) ** 2)))
        val_errors.append(float(np.mean((p(x_val) - y_val) ** 2)))
    return train_errors, val_errors, list(degrees)[int(np.argmin(val_errors))]
""",
        # root mean squared error instead of mean squared error
        """
def validation_error_by_degree(x_train, y_train, x_val, y_val, degrees):
    train_errors, val_errors = [], []
    for degree in degrees:
        p = np.polynomial.Polynomial.fit(x_train, y_train, degree)
        train_errors.append(float(np.sqrt(np.mean((p(x_train) - y_train) ** 2))))
        val_errors.append(float(np.sqrt(np.mean((p(x_val) - y_val) ** 2))))
    return train_errors, val_errors, list(degrees)[int(np.argmin(val_errors))]
""",
    ],
    "early_stopping_epoch_answer": [
        # a tie counts as an improvement (<= instead of <)
        """
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch = None, 1
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss <= best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch
""",
        # waits one epoch too long (> instead of >=)
        """
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch = None, 1
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch > patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch
""",
        # epochs counted from 0
        """
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch = None, 0
    for epoch, loss in enumerate(val_losses):
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
""",
        # keeps the last epoch's weights when training runs to the end
        """
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch = None, 1
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses), len(val_losses)
""",
        # restores the global minimum, even one after the stop
        """
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch = None, 1
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return epoch, int(np.argmin(val_losses)) + 1
    return len(val_losses), best_epoch
""",
        # counts every non-improving epoch, never resetting after a new best
        """
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch, bad = None, 1, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch = loss, epoch
        else:
            bad += 1
            if bad >= max(patience, 1):
                return epoch, best_epoch
    return len(val_losses), best_epoch
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
    "hand_angles_answer": [
        # arctan2(y, x): counter-clockwise from 3 o'clock
        """
def hand_angles(tips):
    tips = np.asarray(tips, dtype=float)
    return np.degrees(np.arctan2(tips[:, [1, 3]], tips[:, [0, 2]])) % 360
""",
        # no % 360: angles left of 12 come out negative
        """
def hand_angles(tips):
    tips = np.asarray(tips, dtype=float)
    return np.degrees(np.arctan2(tips[:, [0, 2]], tips[:, [1, 3]]))
""",
        # radians
        """
def hand_angles(tips):
    tips = np.asarray(tips, dtype=float)
    return np.arctan2(tips[:, [0, 2]], tips[:, [1, 3]]) % (2 * np.pi)
""",
        # arctan(x / y) loses the half of the dial below the centre
        """
def hand_angles(tips):
    tips = np.asarray(tips, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        angles = np.degrees(np.arctan(tips[:, [0, 2]] / tips[:, [1, 3]]))
    return np.nan_to_num(angles) % 360
""",
        # the minute hand first
        """
def hand_angles(tips):
    tips = np.asarray(tips, dtype=float)
    return np.degrees(np.arctan2(tips[:, [2, 0]], tips[:, [3, 1]])) % 360
""",
        # writes the angles into the caller's array
        """
def hand_angles(tips):
    tips[:, 0] = np.degrees(np.arctan2(tips[:, 0], tips[:, 1])) % 360
    tips[:, 1] = np.degrees(np.arctan2(tips[:, 2], tips[:, 3])) % 360
    return tips[:, :2]
""",
    ],
}
