"""Lesson 1, book style: MNIST with 784 noise or 784 zero columns appended
(float64 arrays, as `np.random.random` and `np.zeros` give), Dense(512) ->
Dense(10), 10 epochs each. Written by us for the benchmark.

The further experiments mirror the lesson's: the majority-class baseline (MNIST
and a 90/10 toy problem); the same model trained 3 times for 10 epochs on the
real pixels with 0 %, 20 % and 40 % of the training labels (the 80 % that
`validation_split=0.2` trains on) replaced by a different digit; and
rain-from-cloudiness with scikit-learn's 1- and 200-nearest-neighbour
classifiers (2,000 training and 10,000 test days) against the best rule."""

# %%
import keras
import numpy as np
from keras import layers
from sklearn.neighbors import KNeighborsClassifier

from benchmarks.book.datasets import load_mnist

keras.utils.set_random_seed(42)

# %%
(train_images, train_labels), (test_images, test_labels) = load_mnist()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255

noisy_images = np.concatenate(
    [train_images, np.random.random((len(train_images), 784))], axis=1
)
padded_images = np.concatenate(
    [train_images, np.zeros((len(train_images), 784))], axis=1
)

# %%
classes, counts = np.unique(train_labels, return_counts=True)
mnist_baseline = np.mean(test_labels == classes[np.argmax(counts)])
parts_train = np.repeat(["fine", "faulty"], [900, 100])
parts_test = np.repeat(["fine", "faulty"], [450, 50])
classes, counts = np.unique(parts_train, return_counts=True)
parts_baseline = np.mean(parts_test == classes[np.argmax(counts)])


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

# %%
split = int(len(train_labels) * 0.8)  # validation_split=0.2 keeps the rest
histories_by_fraction = {}
for fraction in (0.0, 0.2, 0.4):
    noisy_labels = train_labels.copy()
    count = round(fraction * split)
    wrong = np.random.choice(split, size=count, replace=False)
    noisy_labels[wrong] = (train_labels[wrong] + np.random.randint(1, 10, count)) % 10
    histories_by_fraction[fraction] = make_classifier().fit(
        train_images,
        noisy_labels,
        epochs=10,
        batch_size=128,
        validation_split=0.2,
        verbose=0,
    )


# %%
def rainy_days(count):
    cloudiness = np.random.random((count, 1))
    rain = np.random.random(count) < cloudiness[:, 0]
    return cloudiness, rain


train_sky, train_rain = rainy_days(2000)
test_sky, test_rain = rainy_days(10000)
bayes_accuracy = np.mean((test_sky[:, 0] > 0.5) == test_rain)
memorizer = KNeighborsClassifier(n_neighbors=1).fit(train_sky, train_rain)
smoother = KNeighborsClassifier(n_neighbors=200).fit(train_sky, train_rain)
memorizer_train_accuracy = memorizer.score(train_sky, train_rain)
memorizer_test_accuracy = memorizer.score(test_sky, test_rain)
smooth_test_accuracy = smoother.score(test_sky, test_rain)
