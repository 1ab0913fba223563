"""Lesson 2, book style: MNIST with shuffled training labels, Dense(512) ->
Dense(10), 100 epochs. Written by us for the benchmark.

The further experiments mirror the lesson's, with scikit-learn's
nearest-neighbour classes: a 1-nearest-neighbour classifier storing 10,000
random images of the 48,000 the network trains on, with real and with shuffled
labels, scored on 1,000 of its stored images and on 1,000 test images; the same
classifier storing 100, 1,000 and 10,000 of them (real labels); and the
distance to the nearest stored image of the 1,000 test images and of the pixel
averages of test-image pairs showing two different digits."""

# %%
import keras
import numpy as np
from keras import layers
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

from benchmarks.book.datasets import load_mnist

keras.utils.set_random_seed(42)

# %%
(train_images, train_labels), (test_images, test_labels) = load_mnist()
train_images = train_images.reshape((60000, 28 * 28))
train_images = train_images.astype("float32") / 255
test_images = test_images.reshape((10000, 28 * 28))
test_images = test_images.astype("float32") / 255

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

# %%
stored = np.random.permutation(48000)[:10000]  # from the 80 % the model fit
stored_images = train_images[stored]
probe_images = test_images[:1000]
probe_labels = test_labels[:1000]
neighbour_fit, neighbour_test = {}, {}
for name, labels in (("real", train_labels), ("shuffled", random_labels)):
    stored_labels = labels[stored]
    lookup = KNeighborsClassifier(n_neighbors=1).fit(stored_images, stored_labels)
    neighbour_fit[name] = lookup.score(stored_images[:1000], stored_labels[:1000])
    neighbour_test[name] = lookup.score(probe_images, probe_labels)

# %%
accuracy_by_size = {}
for size in (100, 1000, 10000):
    lookup = KNeighborsClassifier(n_neighbors=1)
    lookup.fit(stored_images[:size], train_labels[stored][:size])
    accuracy_by_size[size] = lookup.score(probe_images, probe_labels)

# %%
different = probe_labels[:500] != probe_labels[500:]
blends = 0.5 * (probe_images[:500] + probe_images[500:])[different]
nearest = NearestNeighbors(n_neighbors=1).fit(stored_images)
digit_distances = nearest.kneighbors(probe_images)[0][:, 0]
blend_distances = nearest.kneighbors(blends)[0][:, 0]
median_digit_distance = np.median(digit_distances)
median_blend_distance = np.median(blend_distances)
blends_farther = np.mean(blend_distances > median_digit_distance)
