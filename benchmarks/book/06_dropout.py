"""Lesson 6, book style: IMDB as dense float64 multi-hot rows, the 16-16
model without and with Dropout(0.5) after each hidden layer, 20 epochs each.
Written by us for the benchmark."""

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
def fit_imdb(dropout_rate):
    stack = []
    for _ in range(2):
        stack.append(layers.Dense(16, activation="relu"))
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
