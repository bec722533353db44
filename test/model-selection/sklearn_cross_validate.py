# Reference figures for test/model-selection/cross-validate.test.ts (run once with /usr/bin/python3;
# scikit-learn 1.2.1, numpy 1.24.2). Prints the split scores pasted into the test.
import json
import numpy as np
from sklearn import __version__
from sklearn.datasets import load_digits
from sklearn.model_selection import cross_validate, train_test_split
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier

X, y = load_digits(return_X_y=True)
out = {"version": __version__}
multi = cross_validate(GaussianNB(var_smoothing=1e-2), X, y, cv=5, scoring=["accuracy", "f1_macro", "neg_log_loss"], return_train_score=True)
out["multiclass"] = {k: v.tolist() for k, v in multi.items() if k.startswith(("test_", "train_"))}
mask = (y == 3) | (y == 8)
binary = cross_validate(KNeighborsClassifier(n_neighbors=5), X[mask], y[mask], cv=4, scoring=["accuracy", "f1_macro", "roc_auc"])
out["binary"] = {k: v.tolist() for k, v in binary.items() if k.startswith("test_")}
out["binary_rows"] = int(mask.sum())
sizes = {}
for n, ts in [(10, 0.25), (11, 0.25), (7, 0.3), (100, 0.33), (5, 0.5)]:
    a, b = train_test_split(np.arange(n), test_size=ts, random_state=0)
    sizes[f"{n},{ts}"] = [len(a), len(b)]
a, b = train_test_split(np.arange(10), train_size=0.55, random_state=0)
sizes["10,train0.55"] = [len(a), len(b)]
out["train_test_split_sizes"] = sizes
out["logspace"] = np.logspace(-3, 2, 6).tolist() + np.logspace(0, 1, 4, base=2).tolist()
out["linspace"] = np.linspace(0, 1, 7).tolist() + np.linspace(-2, 3, 4, endpoint=False).tolist()
print(json.dumps(out, indent=1))
