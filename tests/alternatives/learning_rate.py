"""Answers for lesson 3 written differently from the reference.

``ANSWERS`` are correct: ``tests/test_lessons.py`` and
``tests/test_exercises.py`` swap each one into the source notebook (by the
answer cell's grade_id) and require full marks. ``WRONG`` are plausible
mistakes: each must lose its own exercise's points and no others.
"""

ANSWERS = {
    # The closed form start * (1 - rate * a) ** k instead of a loop.
    "gradient_descent_path_answer": '''
def gradient_descent_path(a, learning_rate, start, steps):
    """Positions of gradient descent on a/2 * w**2 from `start`:
    an array of steps + 1 floats."""
    ### BEGIN SOLUTION
    factor = 1.0 - learning_rate * a
    return start * factor ** np.arange(steps + 1, dtype=float)
    ### END SOLUTION
''',
    # Solves |1 - rate * a| = 1 through the larger root, with an assert-free
    # check written the other way round.
    "critical_learning_rate_answer": '''
def critical_learning_rate(a):
    """The learning rate above which gradient descent on a/2 * w**2
    diverges."""
    ### BEGIN SOLUTION
    if a <= 0:
        raise ValueError("no minimum without positive curvature")
    roots = [(1 - s) / a for s in (1.0, -1.0)]
    return max(roots)
    ### END SOLUTION
''',
    # The functional API and loss/optimizer objects instead of Sequential
    # and strings.
    "build_classifier_answer": '''
def build_classifier(learning_rate):
    """A new Dense(512, relu) -> Dense(10, softmax) MNIST classifier,
    compiled with RMSprop at `learning_rate`, sparse categorical
    cross-entropy and accuracy."""
    ### BEGIN SOLUTION
    if learning_rate <= 0:
        raise ValueError("the learning rate must be positive")
    pixels = keras.Input(shape=(784,))
    hidden = keras.layers.Dense(512, activation="relu")(pixels)
    digit_probabilities = keras.layers.Dense(10, activation="softmax")(hidden)
    model = keras.Model(inputs=pixels, outputs=digit_probabilities)
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    return model
    ### END SOLUTION
''',
    # NumPy all the way: running minimum and a mask of blown-up steps.
    "rate_before_blowup_answer": '''
def rate_before_blowup(rates, losses, factor=4.0):
    """The last rate of a range test before its loss blows up (is not
    finite, or exceeds factor x the lowest loss before it)."""
    ### BEGIN SOLUTION
    rates = np.asarray(rates, dtype=float)
    losses = np.asarray(losses, dtype=float)
    if rates.shape != losses.shape:
        raise ValueError("rates and losses differ in length")
    if not np.isfinite(losses[0]):
        raise ValueError("blows up at once")
    finite = np.where(np.isfinite(losses), losses, np.inf)
    lowest_before = np.minimum.accumulate(finite)[:-1]
    bad = ~np.isfinite(losses[1:]) | (losses[1:] > factor * lowest_before)
    if not bad.any():
        return float(rates[-1])
    return float(rates[int(np.argmax(bad))])
    ### END SOLUTION
''',
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "gradient_descent_path_answer": [
        # leaves out the start: only the positions after each step
        """
def gradient_descent_path(a, learning_rate, start, steps):
    w, positions = start, []
    for _ in range(steps):
        w = w - learning_rate * a * w
        positions.append(w)
    return np.array(positions)
""",
        # forgets the curvature: the gradient of a/2 * w**2 taken as w
        """
def gradient_descent_path(a, learning_rate, start, steps):
    positions = [float(start)]
    for _ in range(steps):
        positions.append(positions[-1] - learning_rate * positions[-1])
    return np.array(positions)
""",
        # climbs: adds the gradient instead of subtracting it
        """
def gradient_descent_path(a, learning_rate, start, steps):
    positions = [float(start)]
    for _ in range(steps):
        positions.append(positions[-1] + learning_rate * a * positions[-1])
    return np.array(positions)
""",
        # steps by the loss a/2 * w**2 instead of its gradient
        """
def gradient_descent_path(a, learning_rate, start, steps):
    positions = [float(start)]
    for _ in range(steps):
        w = positions[-1]
        positions.append(w - learning_rate * a / 2 * w**2)
    return np.array(positions)
""",
    ],
    "critical_learning_rate_answer": [
        # the rate that lands on the minimum in one step, not the limit
        """
def critical_learning_rate(a):
    if a <= 0:
        raise ValueError("a must be positive")
    return 1 / a
""",
        # multiplies where it should divide
        """
def critical_learning_rate(a):
    if a <= 0:
        raise ValueError("a must be positive")
    return 2 * a
""",
        # forgets the ValueError
        """
def critical_learning_rate(a):
    return 2 / a
""",
    ],
    "build_classifier_answer": [
        # categorical instead of sparse categorical cross-entropy
        """
def build_classifier(learning_rate):
    if learning_rate <= 0:
        raise ValueError("learning_rate must be positive")
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    return model
""",
        # forgets the ValueError (Keras accepts a negative rate)
        """
def build_classifier(learning_rate):
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
""",
        # builds one model and only changes its learning rate on every call
        """
model = keras.Sequential([
    keras.Input(shape=(784,)),
    keras.layers.Dense(512, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.RMSprop(), metrics=["accuracy"],
              loss="sparse_categorical_crossentropy")


def build_classifier(learning_rate):
    if learning_rate <= 0:
        raise ValueError("learning_rate must be positive")
    model.optimizer.learning_rate = learning_rate
    return model
""",
    ],
    "rate_before_blowup_answer": [
        # compares with the first loss instead of the lowest so far
        """
def rate_before_blowup(rates, losses, factor=4.0):
    if len(rates) != len(losses) or not np.isfinite(losses[0]):
        raise ValueError("bad input")
    for step in range(1, len(losses)):
        if not np.isfinite(losses[step]) or losses[step] > factor * losses[0]:
            return rates[step - 1]
    return rates[-1]
""",
        # returns the rate at which the loss blew up, one step too far
        """
def rate_before_blowup(rates, losses, factor=4.0):
    if len(rates) != len(losses) or not np.isfinite(losses[0]):
        raise ValueError("bad input")
    lowest = losses[0]
    for step in range(1, len(losses)):
        if not np.isfinite(losses[step]) or losses[step] > factor * lowest:
            return rates[step]
        lowest = min(lowest, losses[step])
    return rates[-1]
""",
        # a NaN loss slips through: `nan > x` is False
        """
def rate_before_blowup(rates, losses, factor=4.0):
    if len(rates) != len(losses) or not np.isfinite(losses[0]):
        raise ValueError("bad input")
    lowest = losses[0]
    for step in range(1, len(losses)):
        if losses[step] > factor * lowest:
            return rates[step - 1]
        lowest = min(lowest, losses[step])
    return rates[-1]
""",
        # returns the rate of the lowest loss instead
        """
def rate_before_blowup(rates, losses, factor=4.0):
    if len(rates) != len(losses) or not np.isfinite(losses[0]):
        raise ValueError("bad input")
    finite = [loss if np.isfinite(loss) else np.inf for loss in losses]
    return rates[int(np.argmin(finite))]
""",
        # >= instead of >: a loss exactly factor x the lowest counts
        """
def rate_before_blowup(rates, losses, factor=4.0):
    if len(rates) != len(losses) or not np.isfinite(losses[0]):
        raise ValueError("bad input")
    lowest = losses[0]
    for step in range(1, len(losses)):
        if not np.isfinite(losses[step]) or losses[step] >= factor * lowest:
            return rates[step - 1]
        lowest = min(lowest, losses[step])
    return rates[-1]
""",
        # forgets the length check
        """
def rate_before_blowup(rates, losses, factor=4.0):
    if not np.isfinite(losses[0]):
        raise ValueError("blows up at once")
    lowest = losses[0]
    for step in range(1, len(losses)):
        if not np.isfinite(losses[step]) or losses[step] > factor * lowest:
            return rates[step - 1]
        lowest = min(lowest, losses[step])
    return rates[-1]
""",
    ],
}
