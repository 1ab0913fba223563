"""Lesson 7, book style: Boston housing, 4-fold validation of a 64-64-1
regressor (100 epochs per fold, then 500 epochs per fold with a validation
curve), and a final model trained on all training data. Written by us for the
benchmark; the predict-the-mean baseline per fold is our addition, for the
claim.

The rest mirrors the lesson's further experiments: the predict-the-mean
baseline on the training and test houses; the averaged validation curve
smoothed (exponential moving average, factor 0.9, first 10 epochs skipped) to
pick the final model's number of epochs, as the lesson does (the book reads
about 130 off the curve); iterated K-fold with shuffling, 5 shuffles x 4
folds, each fold normalized with its training part's statistics, 20 models of
100 epochs; and the baseline on consecutive folds of the price-sorted houses."""

# %%
import keras
import numpy as np
from keras import layers

from benchmarks.book.datasets import load_boston_housing

keras.utils.set_random_seed(42)

# %%
(train_data, train_targets), (test_data, test_targets) = load_boston_housing()
feature_mean = train_data.mean(axis=0)
feature_std = train_data.std(axis=0)
train_data = (train_data - feature_mean) / feature_std
test_data = (test_data - feature_mean) / feature_std

# %%
mean_price = float(train_targets.mean())
baseline_train_mae = float(np.mean(np.abs(train_targets - mean_price)))
baseline_test_mae = float(np.mean(np.abs(test_targets - mean_price)))


# %%
def make_regressor():
    regressor = keras.Sequential(
        [
            layers.Dense(64, activation="relu"),
            layers.Dense(64, activation="relu"),
            layers.Dense(1),
        ]
    )
    regressor.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
    return regressor


folds = 4
fold_size = len(train_data) // folds


def split_fold(fold):
    held_out = slice(fold * fold_size, (fold + 1) * fold_size)
    rest = np.r_[0 : fold * fold_size, (fold + 1) * fold_size : len(train_data)]
    return (
        train_data[rest],
        train_targets[rest],
        train_data[held_out],
        train_targets[held_out],
    )


# %%
fold_scores = []
baselines = []
for fold in range(folds):
    fit_x, fit_y, val_x, val_y = split_fold(fold)
    regressor = make_regressor()
    regressor.fit(fit_x, fit_y, epochs=100, batch_size=16, verbose=0)
    _, fold_mae = regressor.evaluate(val_x, val_y, verbose=0)
    fold_scores.append(fold_mae)
    baselines.append(float(np.mean(np.abs(val_y - fit_y.mean()))))
fold_baseline = float(np.mean(baselines))

# %%
mae_curves = []
for fold in range(folds):
    fit_x, fit_y, val_x, val_y = split_fold(fold)
    regressor = make_regressor()
    history = regressor.fit(
        fit_x,
        fit_y,
        validation_data=(val_x, val_y),
        epochs=500,
        batch_size=16,
        verbose=0,
    )
    mae_curves.append(history.history["val_mae"])
average_mae = np.mean(mae_curves, axis=0)

# %%
skip = 10
factor = 0.9
smoothed_points = [average_mae[skip]]
for value in average_mae[skip + 1 :]:
    smoothed_points.append(factor * smoothed_points[-1] + (1 - factor) * value)
best_num_epochs = skip + int(np.argmin(smoothed_points)) + 1

# %%
final_regressor = make_regressor()
final_regressor.fit(
    train_data, train_targets, epochs=best_num_epochs, batch_size=16, verbose=0
)
test_mse, test_mae = final_regressor.evaluate(test_data, test_targets, verbose=0)

# %%
repeats = 5
rng = np.random.default_rng(0)
split_maes = []
for _ in range(repeats):
    blocks = np.array_split(rng.permutation(len(train_data)), folds)
    for fold, val_idx in enumerate(blocks):
        train_idx = np.concatenate(blocks[:fold] + blocks[fold + 1 :])
        fit_x, val_x = train_data[train_idx], train_data[val_idx]
        fold_mean, fold_std = fit_x.mean(axis=0), fit_x.std(axis=0)
        fit_x, val_x = (fit_x - fold_mean) / fold_std, (val_x - fold_mean) / fold_std
        regressor = make_regressor()
        regressor.fit(
            fit_x, train_targets[train_idx], epochs=100, batch_size=16, verbose=0
        )
        _, split_mae = regressor.evaluate(val_x, train_targets[val_idx], verbose=0)
        split_maes.append(split_mae)
split_scores = np.reshape(split_maes, (repeats, folds))
kfold_means = split_scores.mean(axis=1)
iterated_mae = float(split_scores.mean())

# %%
by_price = np.sort(train_targets)
sorted_fold_baselines = []
for val_idx in np.array_split(np.arange(len(by_price)), folds):
    rest = np.setdiff1d(np.arange(len(by_price)), val_idx)
    prediction = by_price[rest].mean()
    sorted_fold_baselines.append(float(np.mean(np.abs(by_price[val_idx] - prediction))))
