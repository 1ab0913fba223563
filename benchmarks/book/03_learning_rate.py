"""Lesson 3, book style: the MNIST classifier with RMSprop at learning rate
1.0 and at 1e-2, 10 epochs each. Written by us for the benchmark."""

# %%
import keras
from keras import layers

from benchmarks.book.datasets import load_mnist

keras.utils.set_random_seed(42)

# %%
(train_images, train_labels), _ = load_mnist()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255


# %%
def train_with_rate(rate):
    classifier = keras.Sequential(
        [layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
    )
    classifier.compile(
        optimizer=keras.optimizers.RMSprop(rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return classifier.fit(
        train_images,
        train_labels,
        epochs=10,
        batch_size=128,
        validation_split=0.2,
        verbose=0,
    )


# %%
history_high = train_with_rate(1.0)

# %%
history_good = train_with_rate(1e-2)
