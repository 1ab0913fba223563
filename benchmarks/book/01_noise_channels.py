"""Lesson 1, book style: MNIST with 784 noise or 784 zero columns appended
(float64 arrays, as `np.random.random` and `np.zeros` give), Dense(512) ->
Dense(10), 10 epochs each. Written by us for the benchmark."""

# %%
import keras
import numpy as np
from keras import layers

from benchmarks.book.datasets import load_mnist

keras.utils.set_random_seed(42)

# %%
(train_images, train_labels), _ = load_mnist()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255

noisy_images = np.concatenate(
    [train_images, np.random.random((len(train_images), 784))], axis=1
)
padded_images = np.concatenate(
    [train_images, np.zeros((len(train_images), 784))], axis=1
)


# %%
def make_classifier():
    classifier = keras.Sequential(
        [layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
    )
    classifier.compile(
        optimizer="rmsprop",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return classifier


# %%
history_noise = make_classifier().fit(
    noisy_images,
    train_labels,
    epochs=10,
    batch_size=128,
    validation_split=0.2,
    verbose=0,
)

# %%
history_zeros = make_classifier().fit(
    padded_images,
    train_labels,
    epochs=10,
    batch_size=128,
    validation_split=0.2,
    verbose=0,
)
