"""Lesson 6, book style: IMDB as dense float64 multi-hot rows, the 16-16
model without and with Dropout(0.5) after each hidden layer, 20 epochs each.
Written by us for the benchmark.

The rest mirrors the lesson's further experiments: the always-majority
baseline; a Dropout(0.5) layer on arrays of ones; a NumPy inverted dropout
run as a layer in place of the trained 16-16 model's Dropout layers, compared
with Keras' on 2,000 validation reviews (drop fraction and survivor scale on
the first hidden layer's outputs, inference predictions, and cross-entropy at
inference and averaged over ten training-mode masks per network); and the
512-512 model without and with Dropout(0.5), 20 epochs each."""

# %%
import keras
import numpy as np
from keras import layers

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
train_targets = np.asarray(train_targets).astype("float32")

# %%
split_at = int(len(train_targets) * (1 - 0.4))  # where validation_split cuts
majority_class = 1.0 if train_targets[:split_at].mean() >= 0.5 else 0.0
baseline_accuracy = float(np.mean(train_targets[split_at:] == majority_class))

# %%
dropout_layer = layers.Dropout(0.5, seed=1)
ones = np.ones((1, 8), dtype="float32")
ones_training = np.asarray(dropout_layer(ones, training=True))
ones_inference = np.asarray(dropout_layer(ones, training=False))
many_outputs = np.asarray(
    dropout_layer(np.ones((1000, 100), dtype="float32"), training=True)
)
fraction_zeroed = float(np.mean(many_outputs == 0))


# %%
def fit_imdb(dropout_rate, width=16):
    stack = []
    for _ in range(2):
        stack.append(layers.Dense(width, activation="relu"))
        if dropout_rate:
            stack.append(layers.Dropout(dropout_rate))
    classifier = keras.Sequential(stack + [layers.Dense(1, activation="sigmoid")])
    classifier.compile(
        optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"]
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
history_dropout = fit_imdb(0.5)


# %%
def inverted_dropout(activations, rate, training=True, seed=0):
    if not training:
        return activations.copy()
    keep = np.random.default_rng(seed).random(activations.shape) >= rate
    return (activations * keep / (1 - rate)).astype(activations.dtype)


def dropout_statistics(inputs, outputs):
    active = inputs != 0
    survived = active & (outputs != 0)
    fraction_dropped = 1 - survived.sum() / active.sum()
    return float(fraction_dropped), float(np.mean(outputs[survived] / inputs[survived]))


class NumpyDropout(layers.Layer):
    def __init__(self, rate, seed=0, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed

    def call(self, inputs, training=False):
        self.seed += 1  # a fresh mask on every call
        dropped = inverted_dropout(
            keras.ops.convert_to_numpy(inputs),
            self.rate,
            training=bool(training),
            seed=self.seed,
        )
        return keras.ops.convert_to_tensor(dropped)


model_dropout = history_dropout.model
model_numpy = keras.Sequential(
    [keras.Input(shape=(10000,))]
    + [
        NumpyDropout(layer.rate) if isinstance(layer, layers.Dropout) else layer
        for layer in model_dropout.layers
    ]
)

# %%
sample_reviews = train_reviews[split_at : split_at + 2000]
sample_labels = train_targets[split_at : split_at + 2000].reshape(-1, 1)
hidden = np.asarray(model_dropout.layers[0](sample_reviews))
dropout_pair = {
    "Keras Dropout": model_dropout.layers[1],
    "your dropout": NumpyDropout(0.5),
}
statistics_by_layer = {
    name: dropout_statistics(hidden, np.asarray(layer(hidden, training=True)))
    for name, layer in dropout_pair.items()
}

cross_entropy = keras.losses.BinaryCrossentropy()
sample_cross_entropy = {}
for name, network in [("Keras Dropout", model_dropout), ("your dropout", model_numpy)]:
    sample_cross_entropy[f"{name}, inference"] = float(
        cross_entropy(sample_labels, network(sample_reviews, training=False))
    )
    sample_cross_entropy[f"{name}, training"] = float(
        np.mean(
            [
                cross_entropy(sample_labels, network(sample_reviews, training=True))
                for _ in range(10)
            ]
        )
    )
same_at_inference = bool(
    np.allclose(
        model_numpy(sample_reviews, training=False),
        model_dropout(sample_reviews, training=False),
    )
)

# %%
history_large = fit_imdb(None, width=512)

# %%
history_large_dropout = fit_imdb(0.5, width=512)
