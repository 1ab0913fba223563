"""Correct answers for lesson 2 written differently from the reference.

``tests/test_lessons.py`` swaps each one into the source notebook (by the
answer cell's grade_id) and requires every test cell to pass.
"""

ANSWERS = {
    # An explicit copy shuffled in place with the legacy RandomState.
    "shuffled_copy_answer": """
def shuffled_copy(labels, seed=0):
    result = np.array(labels, copy=True)
    np.random.RandomState(seed).shuffle(result)
    return result
""",
    # Offsets from chance and a chained comparison.
    "looks_memorized_answer": """
def looks_memorized(history, chance=0.10):
    if hasattr(history, "history"):
        history = history.history
    train_gain = history["accuracy"][-1] - chance
    val_offset = history["val_accuracy"][-1] - chance
    return train_gain >= 0.30 and -0.03 <= val_offset <= 0.03
""",
    # scikit-learn's 1-nearest-neighbour classifier (brute force, Euclidean).
    "nearest_neighbour_accuracy_answer": """
from sklearn.neighbors import KNeighborsClassifier


def nearest_neighbour_accuracy(train_images, train_labels, test_images, test_labels):
    if len(train_images) != len(train_labels) or len(test_images) != len(test_labels):
        raise ValueError("one label per image")
    classifier = KNeighborsClassifier(n_neighbors=1, algorithm="brute")
    classifier.fit(np.asarray(train_images), np.asarray(train_labels))
    predicted = classifier.predict(np.asarray(test_images))
    return float(np.mean(predicted == np.asarray(test_labels)))
""",
    # SciPy's cdist in blocks of 500, in float64.
    "distance_to_nearest_answer": """
from scipy.spatial.distance import cdist


def distance_to_nearest(images, train_images):
    images = np.asarray(images, dtype=np.float64)
    train_images = np.asarray(train_images, dtype=np.float64)
    parts = [
        cdist(images[i : i + 500], train_images).min(axis=1)
        for i in range(0, len(images), 500)
    ]
    return np.concatenate(parts)
""",
}

# Plausible wrong answers: each must lose its own exercise's points only.
WRONG = {
    "shuffled_copy_answer": [
        # the lesson's trap: shuffles a view, so the original too
        """
def shuffled_copy(labels, seed=0):
    view = labels[:]
    np.random.default_rng(seed).shuffle(view)
    return view
""",
        # ignores the seed
        """
def shuffled_copy(labels, seed=0):
    return np.random.permutation(np.asarray(labels))
""",
        # converts the labels to int64 on the way
        """
def shuffled_copy(labels, seed=0):
    order = np.random.default_rng(seed).permutation(len(labels))
    return np.array([int(labels[i]) for i in order])
""",
    ],
    "looks_memorized_answer": [
        # accepts only the dictionary, not a Keras History
        """
def looks_memorized(history, chance=0.10):
    train_accuracy = history["accuracy"][-1]
    val_accuracy = history["val_accuracy"][-1]
    return bool(train_accuracy >= chance + 0.30 and abs(val_accuracy - chance) <= 0.03)
""",
        # the best epoch instead of the last one
        """
def looks_memorized(history, chance=0.10):
    values = getattr(history, "history", history)
    train_accuracy = max(values["accuracy"])
    val_accuracy = values["val_accuracy"][-1]
    return bool(train_accuracy >= chance + 0.30 and abs(val_accuracy - chance) <= 0.03)
""",
        # compares with 0.30 and 0.10, ignoring chance
        """
def looks_memorized(history, chance=0.10):
    values = getattr(history, "history", history)
    train_accuracy = values["accuracy"][-1]
    val_accuracy = values["val_accuracy"][-1]
    return bool(train_accuracy >= 0.30 and abs(val_accuracy - 0.10) <= 0.03)
""",
    ],
    "nearest_neighbour_accuracy_answer": [
        # leaves each image out of its own neighbours (leave-one-out)
        """
def nearest_neighbour_accuracy(train_images, train_labels, test_images, test_labels):
    train_images, test_images = np.asarray(train_images), np.asarray(test_images)
    train_labels, test_labels = np.asarray(train_labels), np.asarray(test_labels)
    if len(train_images) != len(train_labels) or len(test_images) != len(test_labels):
        raise ValueError("one label per image")
    norms = np.sum(train_images**2, axis=1)
    correct = 0
    for start in range(0, len(test_images), 1000):
        block = test_images[start : start + 1000]
        distances = np.sum(block**2, axis=1, keepdims=True) - 2 * block @ train_images.T
        distances += norms
        if block.shape == train_images.shape and np.array_equal(block, train_images):
            np.fill_diagonal(distances, np.inf)
        nearest = np.argmin(distances, axis=1)
        correct += np.sum(train_labels[nearest] == test_labels[start : start + 1000])
    return float(correct / len(test_images))
""",
        # sum of absolute differences instead of Euclidean distance
        """
def nearest_neighbour_accuracy(train_images, train_labels, test_images, test_labels):
    train_images, test_images = np.asarray(train_images), np.asarray(test_images)
    train_labels, test_labels = np.asarray(train_labels), np.asarray(test_labels)
    if len(train_images) != len(train_labels) or len(test_images) != len(test_labels):
        raise ValueError("one label per image")
    correct = 0
    for start in range(0, len(test_images), 200):
        block = test_images[start : start + 200]
        distances = np.abs(block[:, None, :] - train_images[None, :, :]).sum(axis=2)
        nearest = np.argmin(distances, axis=1)
        correct += np.sum(train_labels[nearest] == test_labels[start : start + 200])
    return float(correct / len(test_images))
""",
        # counts the correct images instead of returning the fraction
        """
def nearest_neighbour_accuracy(train_images, train_labels, test_images, test_labels):
    train_images, test_images = np.asarray(train_images), np.asarray(test_images)
    train_labels, test_labels = np.asarray(train_labels), np.asarray(test_labels)
    if len(train_images) != len(train_labels) or len(test_images) != len(test_labels):
        raise ValueError("one label per image")
    norms = np.sum(train_images**2, axis=1)
    correct = 0
    for start in range(0, len(test_images), 1000):
        block = test_images[start : start + 1000]
        distances = np.sum(block**2, axis=1, keepdims=True) - 2 * block @ train_images.T
        distances += norms
        nearest = np.argmin(distances, axis=1)
        correct += np.sum(train_labels[nearest] == test_labels[start : start + 1000])
    return float(correct)
""",
        # divides by the block size: only right for one block
        """
def nearest_neighbour_accuracy(train_images, train_labels, test_images, test_labels):
    train_images, test_images = np.asarray(train_images), np.asarray(test_images)
    train_labels, test_labels = np.asarray(train_labels), np.asarray(test_labels)
    if len(train_images) != len(train_labels) or len(test_images) != len(test_labels):
        raise ValueError("one label per image")
    norms = np.sum(train_images**2, axis=1)
    correct = 0
    for start in range(0, len(test_images), 1000):
        block = test_images[start : start + 1000]
        distances = np.sum(block**2, axis=1, keepdims=True) - 2 * block @ train_images.T
        distances += norms
        nearest = np.argmin(distances, axis=1)
        correct = np.mean(train_labels[nearest] == test_labels[start : start + 1000])
    return float(correct)
""",
        # forgets the ValueError (a missing label silently ignored by zip)
        """
def nearest_neighbour_accuracy(train_images, train_labels, test_images, test_labels):
    train_images, test_images = np.asarray(train_images), np.asarray(test_images)
    train_labels, test_labels = np.asarray(train_labels), np.asarray(test_labels)
    norms = np.sum(train_images**2, axis=1)
    distances = -2 * test_images @ train_images.T + norms
    nearest = np.argmin(distances, axis=1)
    right = [a == b for a, b in zip(train_labels[nearest], test_labels)]
    return float(np.mean(right))
""",
    ],
    "distance_to_nearest_answer": [
        # squared distances
        """
def distance_to_nearest(images, train_images):
    images, train_images = np.asarray(images), np.asarray(train_images)
    norms = np.sum(train_images**2, axis=1)
    result = np.empty(len(images))
    for start in range(0, len(images), 1000):
        block = images[start : start + 1000]
        squared = np.sum(block**2, axis=1, keepdims=True) - 2 * block @ train_images.T
        squared += norms
        result[start : start + 1000] = np.maximum(squared.min(axis=1), 0)
    return result
""",
        # no clipping: rounding below 0 gives nan
        """
def distance_to_nearest(images, train_images):
    images, train_images = np.asarray(images), np.asarray(train_images)
    norms = np.sum(train_images**2, axis=1)
    squared = np.sum(images**2, axis=1, keepdims=True) - 2 * images @ train_images.T
    squared += norms
    with np.errstate(invalid="ignore"):
        return np.sqrt(squared.min(axis=1))
""",
        # the mean distance to the training images, not the smallest
        """
def distance_to_nearest(images, train_images):
    images, train_images = np.asarray(images), np.asarray(train_images)
    norms = np.sum(train_images**2, axis=1)
    result = np.empty(len(images))
    for start in range(0, len(images), 1000):
        block = images[start : start + 1000]
        squared = np.sum(block**2, axis=1, keepdims=True) - 2 * block @ train_images.T
        squared += norms
        result[start : start + 1000] = np.sqrt(np.maximum(squared, 0)).mean(axis=1)
    return result
""",
        # leaves out training images at distance 0 (treats them as "itself")
        """
def distance_to_nearest(images, train_images):
    images, train_images = np.asarray(images), np.asarray(train_images)
    norms = np.sum(train_images**2, axis=1)
    result = np.empty(len(images))
    for start in range(0, len(images), 1000):
        block = images[start : start + 1000]
        squared = np.sum(block**2, axis=1, keepdims=True) - 2 * block @ train_images.T
        squared += norms
        squared[squared < 1e-3] = np.inf
        result[start : start + 1000] = np.sqrt(np.maximum(squared.min(axis=1), 0))
    return result
""",
        # fills in the first block only
        """
def distance_to_nearest(images, train_images):
    images, train_images = np.asarray(images), np.asarray(train_images)
    norms = np.sum(train_images**2, axis=1)
    result = np.zeros(len(images))
    block = images[:1000]
    squared = np.sum(block**2, axis=1, keepdims=True) - 2 * block @ train_images.T
    squared += norms
    result[: len(block)] = np.sqrt(np.maximum(squared.min(axis=1), 0))
    return result
""",
    ],
}
