"""Lesson 3, book style: the MNIST classifier with RMSprop at learning rate
1.0 and at 1e-2, 10 epochs each. Written by us for the benchmark.

The further experiments mirror the lesson's: gradient descent on a/2 * w**2
(four rates, 12 NumPy steps each), the sweep's third rate 1e-5 (10 epochs), a
learning-rate range test (one pass of 468 batches of 128, the rate rising
from 1e-5 to 10), rate 1.0 with batch 2048 (10 epochs), and rate 1e-2 on
images whose pixels are shuffled by one fixed permutation (10 epochs)."""

# %%
import keras
import numpy as np
from keras import layers

from benchmarks.book.datasets import load_mnist

keras.utils.set_random_seed(42)

# %%
curvature = 2.0
critical_rate = 2.0 / curvature
paths = {}
for rate in (0.1, 0.4, 0.9, 1.05):
    w = [1.0]
    for _ in range(12):
        w.append(w[-1] - rate * curvature * w[-1])
    paths[rate] = np.array(w)

# %%
(train_images, train_labels), _ = load_mnist()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255


# %%
def build_classifier(rate):
    classifier = keras.Sequential(
        [layers.Dense(512, activation="relu"), layers.Dense(10, activation="softmax")]
    )
    classifier.compile(
        optimizer=keras.optimizers.RMSprop(rate),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return classifier


def train_with_rate(rate, images=train_images, batch_size=128):
    classifier = build_classifier(rate)
    return classifier.fit(
        images,
        train_labels,
        epochs=10,
        batch_size=batch_size,
        validation_split=0.2,
        verbose=0,
    )


# %%
history_high = train_with_rate(1.0)

# %%
history_good = train_with_rate(1e-2)

# %%
history_low = train_with_rate(1e-5)

# %%
keras.utils.set_random_seed(42)
batch_size = 128
range_steps = len(train_images) // batch_size
trial_rates = np.geomspace(1e-5, 10.0, num=range_steps)
range_model = build_classifier(float(trial_rates[0]))
image_order = np.random.permutation(len(train_images))
range_losses = []
for step, rate in enumerate(trial_rates):
    batch = image_order[step * batch_size : (step + 1) * batch_size]
    range_model.optimizer.learning_rate.assign(rate)
    scores = range_model.train_on_batch(
        train_images[batch], train_labels[batch], return_dict=True
    )
    range_losses.append(float(scores["loss"]))

smoothed_losses = []
running = 0.0
for step, loss in enumerate(range_losses):
    running = 0.9 * running + 0.1 * loss
    smoothed_losses.append(running / (1 - 0.9 ** (step + 1)))

blowup_rate = float(trial_rates[-1])
lowest = smoothed_losses[0]
for step in range(1, range_steps):
    loss = smoothed_losses[step]
    if not np.isfinite(loss) or loss > 4.0 * lowest:
        blowup_rate = float(trial_rates[step - 1])
        break
    lowest = min(lowest, loss)

# %%
keras.utils.set_random_seed(42)
history_big_batch = train_with_rate(1.0, batch_size=2048).history

# %%
keras.utils.set_random_seed(42)
pixel_order = np.random.default_rng(0).permutation(784)
shuffled_pixel_images = train_images[:, pixel_order]
history_shuffled_pixels = train_with_rate(1e-2, images=shuffled_pixel_images).history
best_shuffled_pixels = max(history_shuffled_pixels["val_accuracy"])
best_good = max(history_good.history["val_accuracy"])
