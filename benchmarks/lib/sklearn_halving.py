"""scikit-learn side of benchmarks/halving.ts --sklearn: its own HalvingGridSearchCV and GridSearchCV on
airline's 50-candidate forest grid (the one hyperfold's benchmark uses), n_jobs=2, cv=StratifiedKFold(3)
(unshuffled, as hyperfold's cv=3), RandomForestClassifier(random_state=10), halving random_state=0.

argv: airline csv.gz path, comma-separated feature columns, rows (0 = all). Prints one JSON line:
{"halving": {seconds, best, bestScore}, "exhaustive": {seconds, best, bestScore}, "pickFullScore": the halving
pick's mean test score in the exhaustive cv_results_ (same folds)}. Data loading is not timed.
"""
import csv
import gzip
import json
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import GridSearchCV, HalvingGridSearchCV, StratifiedKFold


def load(path, features, rows):
    reader = csv.reader(gzip.open(path, "rt"))
    header = next(reader)
    cols = [header.index(c) for c in features] + [header.index("delayed")]
    out = []
    for k, row in enumerate(reader):
        if rows and k >= rows:
            break
        out.append([float(row[c]) for c in cols])
    a = np.array(out)
    return a[:, :-1], a[:, -1]


def main():
    X, y = load(sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]))
    grid = {"n_estimators": [2, 4, 6, 8, 10], "max_depth": [2, 4, 6, 8, 10], "criterion": ["gini", "entropy"]}
    est = RandomForestClassifier(random_state=10)
    t = time.perf_counter()
    h = HalvingGridSearchCV(est, grid, cv=StratifiedKFold(3), factor=3, random_state=0, n_jobs=2).fit(X, y)
    th = time.perf_counter() - t
    t = time.perf_counter()
    g = GridSearchCV(est, grid, cv=StratifiedKFold(3), n_jobs=2).fit(X, y)
    tg = time.perf_counter() - t
    pick = g.cv_results_["params"].index(h.best_params_)
    print(json.dumps({
        "halving": {"seconds": th, "best": h.best_params_, "bestScore": h.best_score_},
        "exhaustive": {"seconds": tg, "best": g.best_params_, "bestScore": g.best_score_},
        "pickFullScore": float(g.cv_results_["mean_test_score"][pick]),
    }))


if __name__ == "__main__":
    main()
