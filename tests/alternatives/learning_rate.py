"""Answers for lesson 3 written differently from the reference.

``ANSWERS`` are correct: ``tests/test_lessons.py`` and
``tests/test_exercises.py`` swap each one into the source notebook (by the
answer cell's grade_id) and require full marks. ``WRONG`` are plausible
mistakes: each must lose its own exercise's points and no others.
"""

ANSWERS = {
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
    # Walk the rates in increasing order and keep only strict improvements,
    # so a tie stays with the smaller rate.
    "best_learning_rate_answer": '''
def best_learning_rate(histories_by_rate):
    """The learning rate whose run reached the highest validation
    accuracy at any epoch (ties: the smaller rate)."""
    ### BEGIN SOLUTION
    if len(histories_by_rate) == 0:
        raise ValueError("no runs to choose from")
    best_rate, best_score = None, -np.inf
    for rate in sorted(histories_by_rate):
        history = histories_by_rate[rate]
        if hasattr(history, "history"):
            history = history.history
        score = np.max(np.asarray(history["val_accuracy"], dtype=float))
        if score > best_score:
            best_rate, best_score = rate, score
    return best_rate
    ### END SOLUTION
''',
    # Plain Python: math.isfinite and any() instead of NumPy.
    "failed_to_train_answer": '''
import math


def failed_to_train(history, chance=0.1, min_gain=0.5):
    """True if a loss value is NaN/inf or the best training accuracy
    stays below chance + min_gain, else False."""
    ### BEGIN SOLUTION
    logs = history.history if hasattr(history, "history") else history
    losses = list(logs["loss"]) + list(logs.get("val_loss", []))
    if any(not math.isfinite(value) for value in losses):
        return True
    threshold = chance + min_gain
    return not any(value >= threshold for value in logs["accuracy"])
    ### END SOLUTION
''',
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
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
    "best_learning_rate_answer": [
        # scores a run by its last epoch
        """
def best_learning_rate(histories_by_rate):
    if not histories_by_rate:
        raise ValueError("empty")
    scores = {rate: getattr(h, "history", h)["val_accuracy"][-1]
              for rate, h in histories_by_rate.items()}
    return max(scores, key=scores.get)
""",
        # max(..., key=...) keeps the first of two tied runs, not the smaller rate
        """
def best_learning_rate(histories_by_rate):
    if not histories_by_rate:
        raise ValueError("empty")
    scores = {rate: max(getattr(h, "history", h)["val_accuracy"])
              for rate, h in histories_by_rate.items()}
    return max(scores, key=scores.get)
""",
        # sorts the histories' lists in place to read the best value
        """
def best_learning_rate(histories_by_rate):
    if not histories_by_rate:
        raise ValueError("empty")
    best_rate, best_score = None, None
    for rate in sorted(histories_by_rate):
        values = getattr(histories_by_rate[rate], "history", histories_by_rate[rate])
        accuracies = values["val_accuracy"]
        accuracies.sort()
        if best_score is None or accuracies[-1] > best_score:
            best_rate, best_score = rate, accuracies[-1]
    return best_rate
""",
    ],
    "failed_to_train_answer": [
        # looks at the training loss only, never at val_loss
        """
def failed_to_train(history, chance=0.1, min_gain=0.5):
    values = getattr(history, "history", history)
    if not np.all(np.isfinite(values["loss"])):
        return True
    return bool(max(values["accuracy"]) < chance + min_gain)
""",
        # judges the last epoch instead of the best one
        """
def failed_to_train(history, chance=0.1, min_gain=0.5):
    values = getattr(history, "history", history)
    losses = list(values["loss"]) + list(values.get("val_loss", []))
    if not np.all(np.isfinite(losses)):
        return True
    return bool(values["accuracy"][-1] < chance + min_gain)
""",
        # np.isnan misses an infinite loss
        """
def failed_to_train(history, chance=0.1, min_gain=0.5):
    values = getattr(history, "history", history)
    losses = list(values["loss"]) + list(values.get("val_loss", []))
    if np.any(np.isnan(losses)):
        return True
    return bool(max(values["accuracy"]) < chance + min_gain)
""",
    ],
}
