"""Correct answers for lesson 3 written differently from the reference.

``tests/test_lessons.py`` swaps each one into the source notebook (by the
answer cell's grade_id) and requires every test cell to pass.
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
