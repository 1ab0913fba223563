"""Lesson 4, book style: MNIST logistic regression and a 96-96 network
(20 epochs each), then IMDB as dense float64 multi-hot rows with the 16-16,
4-4 and 512-512 models (20 epochs each). Written by us for the benchmark."""

# %%
import keras
import numpy as np
from keras import layers

from benchmarks.book.datasets import load_imdb, load_mnist

keras.utils.set_random_seed(42)

# %%
(train_images, train_labels), _ = load_mnist()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255


# %%
def fit_mnist(hidden_layers):
    classifier = keras.Sequential(
        hidden_layers + [layers.Dense(10, activation="softmax")]
    )
    classifier.compile(
        optimizer="rmsprop",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return classifier.fit(
        train_images,
        train_labels,
        epochs=20,
        batch_size=128,
        validation_split=0.2,
        verbose=0,
    )


# %%
history_logistic = fit_mnist([])

# %%
history_dense = fit_mnist(
    [layers.Dense(96, activation="relu"), layers.Dense(96, activation="relu")]
)

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
def fit_imdb(width):
    classifier = keras.Sequential(
        [
            layers.Dense(width, activation="relu"),
            layers.Dense(width, activation="relu"),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
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
imdb_histories = {}
for width in (16, 4, 512):
    imdb_histories[f"{width}-{width}"] = fit_imdb(width).history
