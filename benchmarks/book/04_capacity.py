"""Lesson 4, book style: MNIST logistic regression and a 96-96 network
(20 epochs each), then IMDB as dense float64 multi-hot rows with the 16-16,
4-4 and 512-512 models (20 epochs each). Written by us for the benchmark.

The further experiments mirror the lesson's: least-squares polynomials of
degree 1 to 15 through 16 noisy points of cos(x) (NumPy), the 96-96 network
again from the same seed with EarlyStopping(patience=2) (at most 20 epochs)
and its test score, where patience 2 would stop each run above, and a linear
least-squares model reading the time from 2,000 clocks as pixels, hand tips
and hand angles (NumPy)."""

# %%
import keras
import numpy as np
from keras import layers

from benchmarks.book.datasets import load_imdb, load_mnist

keras.utils.set_random_seed(42)

# %%
curve_rng = np.random.default_rng(42)
x_train = np.linspace(0, 2 * np.pi, 16)
y_train = np.cos(x_train) + curve_rng.normal(0, 0.2, size=x_train.size)
x_val = curve_rng.uniform(0, 2 * np.pi, size=200)
y_val = np.cos(x_val) + curve_rng.normal(0, 0.2, size=x_val.size)

degrees = list(range(1, 16))
train_errors, val_errors = [], []
for degree in degrees:
    polynomial = np.polynomial.Polynomial.fit(x_train, y_train, degree)
    train_errors.append(float(np.mean((polynomial(x_train) - y_train) ** 2)))
    val_errors.append(float(np.mean((polynomial(x_val) - y_val) ** 2)))
best_degree = degrees[int(np.argmin(val_errors))]
degree_errors = (train_errors, val_errors, best_degree)

# %%
(train_images, train_labels), (test_images, test_labels) = load_mnist()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype("float32") / 255


# %%
def fit_mnist(hidden_layers, callbacks=None):
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
        callbacks=callbacks,
        verbose=0,
    )


# %%
history_logistic = fit_mnist([])

# %%
keras.utils.set_random_seed(42)
history_dense = fit_mnist(
    [layers.Dense(96, activation="relu"), layers.Dense(96, activation="relu")]
)


# %%
def early_stopping_epoch(val_losses, patience):
    best_loss, best_epoch = None, 1
    for epoch, loss in enumerate(val_losses, start=1):
        if best_loss is None or loss < best_loss:
            best_loss, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch


predicted_epochs = early_stopping_epoch(history_dense.history["val_loss"], patience=2)

keras.utils.set_random_seed(42)
early_stopping = keras.callbacks.EarlyStopping(
    monitor="val_loss", patience=2, restore_best_weights=True
)
history_early = fit_mnist(
    [layers.Dense(96, activation="relu"), layers.Dense(96, activation="relu")],
    callbacks=[early_stopping],
)
stopped_after = len(history_early.history["val_loss"])
restored_epoch = early_stopping.best_epoch + 1
test_scores = history_early.model.evaluate(
    test_images, test_labels, verbose=0, return_dict=True
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
keras.utils.set_random_seed(42)
imdb_histories = {}
for width in (16, 4, 512):
    imdb_histories[f"{width}-{width}"] = fit_imdb(width).history

# %%
imdb_stops = {}
for name, history in imdb_histories.items():
    imdb_stops[name] = list(early_stopping_epoch(history["val_loss"], patience=2))


# %%
def clock_faces(minutes, size=16):
    hour_angle = np.radians(0.5 * minutes)
    minute_angle = np.radians(6.0 * (minutes % 60))
    tips = np.stack(
        [
            0.5 * np.sin(hour_angle),
            0.5 * np.cos(hour_angle),
            0.9 * np.sin(minute_angle),
            0.9 * np.cos(minute_angle),
        ],
        axis=1,
    )
    grid = np.linspace(-1, 1, size)
    points = np.stack(np.meshgrid(grid, grid[::-1]), axis=-1).reshape(-1, 2)
    images = np.zeros((len(minutes), size * size), dtype=np.float32)
    for hand in (tips[:, :2], tips[:, 2:]):
        along = np.clip(points @ hand.T / (hand**2).sum(axis=1), 0, 1).T
        gaps = points[None] - along[..., None] * hand[:, None]
        images = np.maximum(images, np.hypot(gaps[..., 0], gaps[..., 1]) < 0.1)
    return images, tips


clock_rng = np.random.default_rng(42)
clock_minutes = clock_rng.integers(0, 720, size=2000)
clock_images, clock_tips = clock_faces(clock_minutes)
clock_angles = (
    np.degrees(np.arctan2(clock_tips[:, [0, 2]], clock_tips[:, [1, 3]])) % 360
)


def linear_time_error(features):
    inputs = np.column_stack([features, np.ones(len(features))])
    weights, *_ = np.linalg.lstsq(inputs[:1000], clock_minutes[:1000], rcond=None)
    return float(np.mean(np.abs(inputs[1000:] @ weights - clock_minutes[1000:])))


time_errors = {
    "pixels": linear_time_error(clock_images),
    "hand tips": linear_time_error(clock_tips),
    "hand angles": linear_time_error(clock_angles),
}
