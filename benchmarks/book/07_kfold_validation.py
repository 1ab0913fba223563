"""Lesson 7, book style: Boston housing, 4-fold validation of a 64-64-1
regressor (100 epochs per fold, then 500 epochs per fold with a validation
curve), and a final model trained on all training data for 130 epochs.
Written by us for the benchmark; the predict-the-mean baseline per fold is
our addition, for the claim."""

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
final_regressor = make_regressor()
final_regressor.fit(train_data, train_targets, epochs=130, batch_size=16, verbose=0)
test_mse, test_mae = final_regressor.evaluate(test_data, test_targets, verbose=0)
