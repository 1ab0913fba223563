"""Lesson 5, book style: IMDB as dense float64 multi-hot rows, the 16-16
model without and with l2(0.002) on both hidden layers, 20 epochs each.
Written by us for the benchmark. One addition to the book's code: a
penalty-free cross-entropy metric (labels shaped (n, 1) for it), so that the
claim can be checked on this run too.

The rest mirrors the lesson's further experiments: the always-majority
baseline; a tiny 50-8-4-1 model's L2 penalties read from its kernels; the
trained L2 model evaluated once on the validation reviews; the factor sweep
(l2(0.01) and l2(0.03), 20 epochs each) with the sum of squared hidden
weights of all four trained models; one SGD / RMSprop step on a 2 x 2 kernel
with l2 and with weight_decay; and l1, l2 and l1_l2 on a small kernel."""

# %%
import keras
import numpy as np
from keras import layers, regularizers

from benchmarks.book.datasets import load_imdb

keras.utils.set_random_seed(42)

# %%
(train_reviews, train_targets), _ = load_imdb(num_words=10000)


def multi_hot(reviews, width=10000):
    rows = np.zeros((len(reviews), width))
    for row, review in enumerate(reviews):
        rows[row, review] = 1.0
    return rows


train_reviews = multi_hot(train_reviews)
train_targets = np.asarray(train_targets).astype("float32").reshape(-1, 1)

# %%
split_at = int(len(train_targets) * (1 - 0.4))  # where validation_split cuts
majority_class = 1.0 if train_targets[:split_at].mean() >= 0.5 else 0.0
baseline_accuracy = float(np.mean(train_targets[split_at:] == majority_class))

# %%
tiny_model = keras.Sequential(
    [
        keras.Input(shape=(50,)),
        layers.Dense(8, kernel_regularizer=regularizers.l2(0.01), activation="relu"),
        layers.Dense(4, kernel_regularizer=regularizers.l2(0.01), activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ]
)
first_kernel = np.asarray(tiny_model.layers[0].kernel)
tiny_penalties = [float(penalty) for penalty in tiny_model.losses]


def squared_hidden_weights(model):
    kernels = [layer.kernel for layer in model.layers if hasattr(layer, "kernel")]
    return float(sum(np.sum(np.asarray(k, dtype="float64") ** 2) for k in kernels[:-1]))


# %%
def fit_imdb(penalty):
    classifier = keras.Sequential(
        [
            layers.Dense(16, kernel_regularizer=penalty, activation="relu"),
            layers.Dense(16, kernel_regularizer=penalty, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    classifier.compile(
        optimizer="rmsprop",
        loss="binary_crossentropy",
        metrics=["accuracy", keras.metrics.BinaryCrossentropy(name="cross_entropy")],
    )
    return classifier.fit(
        train_reviews,
        train_targets,
        epochs=20,
        batch_size=512,
        validation_split=0.4,
        verbose=0,
    )


# %%
history_reference = fit_imdb(None)

# %%
history_l2 = fit_imdb(regularizers.l2(0.002))

# %%
model_l2 = history_l2.model
val_scores = model_l2.evaluate(
    train_reviews[split_at:],
    train_targets[split_at:],
    batch_size=512,
    verbose=0,
    return_dict=True,
)
penalty_now = float(sum(model_l2.losses))
validation_penalty = np.asarray(history_l2.history["val_loss"]) - np.asarray(
    history_l2.history["val_cross_entropy"]
)

# %%
sweep_histories = {0.0: history_reference, 0.002: history_l2}
for factor in (0.01, 0.03):
    sweep_histories[factor] = fit_imdb(regularizers.l2(factor))
squared_weights = {
    factor: squared_hidden_weights(history.model)
    for factor, history in sweep_histories.items()
}
late_val_ce = {
    factor: float(np.mean(history.history["val_cross_entropy"][10:]))
    for factor, history in sweep_histories.items()
}

# %%
kernel = np.array([[0.5, -1.0], [2.0, 0.0]], dtype="float32")
data_gradient = np.array([[0.1, 0.2], [-0.3, 0.05]], dtype="float32")
rate, factor = 0.1, 0.05


def one_keras_step(optimizer, gradient):
    weights = keras.Variable(kernel)
    optimizer.apply([gradient], [weights])
    return np.asarray(weights)


l2_gradient = data_gradient + 2 * factor * kernel
steps = {
    "plain L2 step": kernel - rate * (data_gradient + 2 * factor * kernel),
    "SGD, l2": one_keras_step(keras.optimizers.SGD(rate), l2_gradient),
    "SGD, weight_decay": one_keras_step(
        keras.optimizers.SGD(rate, weight_decay=2 * factor), data_gradient
    ),
    "RMSprop, l2": one_keras_step(keras.optimizers.RMSprop(rate), l2_gradient),
    "RMSprop, weight_decay": one_keras_step(
        keras.optimizers.RMSprop(rate, weight_decay=2 * factor), data_gradient
    ),
}

# %%
example_kernel = np.array([[0.5, -1.0], [0.0, 2.0]], dtype="float32")
example_penalties = {
    "l1": float(regularizers.l1(0.001)(example_kernel)),
    "l2": float(regularizers.l2(0.001)(example_kernel)),
    "l1_l2": float(regularizers.l1_l2(l1=0.001, l2=0.001)(example_kernel)),
}
