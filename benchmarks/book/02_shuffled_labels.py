"""Lesson 2, book style: MNIST with shuffled training labels, Dense(512) ->
Dense(10), 100 epochs. Written by us for the benchmark."""

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

random_labels = train_labels.copy()
np.random.shuffle(random_labels)

# %%
classifier = keras.Sequential(
    [layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
)
classifier.compile(
    optimizer="rmsprop",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
history_shuffled = classifier.fit(
    train_images,
    random_labels,
    epochs=100,
    batch_size=128,
    validation_split=0.2,
    verbose=0,
)
