"""Schedules of scikit-learn 1.2.1's halving searches, pasted into halving-schedule.test.ts.
Run once with: /usr/bin/python3 test/search/halving-sklearn-reference.py"""
import json, warnings
import numpy as np
import sklearn
from sklearn.experimental import enable_halving_search_cv  # noqa
from sklearn.model_selection import HalvingGridSearchCV, HalvingRandomSearchCV, KFold, StratifiedKFold
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.neighbors import KNeighborsClassifier

warnings.filterwarnings("ignore")
print("# scikit-learn", sklearn.__version__)


def data(n, classes):
    rng = np.random.RandomState(0)
    X = rng.rand(n, 3)
    y = np.arange(n) % classes if classes else rng.rand(n)
    return X, y


def run(name, cls, est, space, n, classes, cv, **kw):
    X, y = data(n, classes)
    s = cls(est, space, cv=cv, random_state=0, **kw).fit(X, y)
    out = dict(name=name, nSamples=n, nClasses=classes, nSplits=cv.get_n_splits(),
               nCandidates0=len(s.n_candidates_) and s.n_candidates_[0],
               minResources=int(s.min_resources_), maxResources=int(s.max_resources_),
               nIterations=s.n_iterations_, nPossibleIterations=s.n_possible_iterations_,
               nRequiredIterations=s.n_required_iterations_, nResources=[int(r) for r in s.n_resources_],
               nCandidates=list(s.n_candidates_), nRemainingCandidates=s.n_remaining_candidates_,
               options={k: v for k, v in kw.items()})
    print(json.dumps(out))


def grid(k):
    return {"random_state": list(range(k))}


dc = DummyClassifier(strategy="prior")
skf5, skf3, kf4 = StratifiedKFold(5), StratifiedKFold(3), KFold(4)
run("1 candidate, nSamples, exhaust", HalvingGridSearchCV, dc, grid(1), 1797, 10, skf5)
run("2 candidates, nSamples, smallest", HalvingGridSearchCV, dc, grid(2), 1797, 10, skf5, min_resources="smallest")
run("30 candidates, nSamples, exhaust, cv 3", HalvingGridSearchCV, dc, grid(30), 1797, 10, skf3)
run("30 candidates, nSamples, smallest", HalvingGridSearchCV, dc, grid(30), 600, 3, skf5, min_resources="smallest")
run("30 candidates, nSamples, smallest, aggressive", HalvingGridSearchCV, dc, grid(30), 600, 3, skf5, min_resources="smallest", aggressive_elimination=True)
run("120 candidates, nSamples, smallest", HalvingGridSearchCV, dc, grid(120), 1797, 10, skf5, min_resources="smallest")
run("120 candidates, nSamples, smallest, aggressive", HalvingGridSearchCV, dc, grid(120), 1797, 10, skf5, min_resources="smallest", aggressive_elimination=True)
run("243 candidates, factor 3 (log off by one), exhaust", HalvingGridSearchCV, dc, grid(243), 2000, 2, skf3)
run("30 candidates, nSamples, int min 40, factor 2, max 900", HalvingGridSearchCV, dc, grid(30), 1000, 2, skf3, min_resources=40, factor=2, max_resources=900)
run("regressor, 2 candidates, nSamples, smallest", HalvingGridSearchCV, DummyRegressor(), {"strategy": ["mean", "median"]}, 500, 0, kf4, min_resources="smallest")
knn = KNeighborsClassifier()
knn30 = {"weights": ["uniform", "distance"], "p": [1, 2, 3], "leaf_size": [10, 20, 30, 40, 50]}
run("param resource, 30 candidates, exhaust, max 81", HalvingGridSearchCV, knn, knn30, 300, 3, skf3, resource="n_neighbors", max_resources=81)
knn108 = {"weights": ["uniform", "distance"], "leaf_size": list(range(1, 55))}
run("param resource, 108 candidates, smallest, factor 2, aggressive", HalvingGridSearchCV, knn, knn108, 300, 3, skf3, resource="n_neighbors", max_resources=100, min_resources="smallest", factor=2, aggressive_elimination=True)
run("param resource, 108 candidates, smallest, factor 2", HalvingGridSearchCV, knn, knn108, 300, 3, skf3, resource="n_neighbors", max_resources=100, min_resources="smallest", factor=2)
run("param resource, 30 candidates, int min 2, factor 2.5, max 50", HalvingGridSearchCV, knn, knn30, 300, 3, skf3, resource="n_neighbors", max_resources=50, min_resources=2, factor=2.5)
run("random, nCandidates exhaust, smallest", HalvingRandomSearchCV, dc, grid(1000), 1797, 10, skf5)
run("random, nCandidates 200, int min 20, factor 4, aggressive", HalvingRandomSearchCV, dc, grid(1000), 1797, 10, skf5, n_candidates=200, min_resources=20, factor=4, aggressive_elimination=True)
run("random, nCandidates 40 of a 12-point grid", HalvingRandomSearchCV, dc, grid(12), 1797, 10, skf5, n_candidates=40)
run("param resource, 108 candidates, smallest, factor 2, max 20, aggressive", HalvingGridSearchCV, knn, knn108, 300, 3, skf3, resource="n_neighbors", max_resources=20, min_resources="smallest", factor=2, aggressive_elimination=True)
run("param resource, 108 candidates, smallest, factor 2, max 20", HalvingGridSearchCV, knn, knn108, 300, 3, skf3, resource="n_neighbors", max_resources=20, min_resources="smallest", factor=2)

# Full cv_results_ of a halving search over KNeighborsClassifier with n_neighbors as the resource on
# the first 600 digits rows (unshuffled StratifiedKFold(3)), pasted into halving-search.test.ts.
# Integer pixels make many neighbours equidistant, and which of them the neighbour search returns
# first is not specified: a tiny deterministic jitter, computed the same way in the test, removes ties.
from sklearn.datasets import load_digits
Xd, yd = load_digits(return_X_y=True)
Xd, yd = Xd[:600].copy(), yd[:600]
for i in range(Xd.shape[0]):
    for j in range(Xd.shape[1]):
        Xd[i, j] += 1e-3 * ((i * 64 + j) * 0.6180339887498949 % 1)
s = HalvingGridSearchCV(KNeighborsClassifier(), {"weights": ["uniform", "distance"], "p": [1, 2]}, cv=3, factor=2,
                        resource="n_neighbors", max_resources=40).fit(Xd, yd)
r = s.cv_results_
keys = [k for k in r if "time" not in k and k != "params" and not k.startswith("param_")]
print(json.dumps({"keys": list(r.keys()), "params": [{k: v for k, v in p.items()} for p in r["params"]],
                  "columns": {k: [float(x) for x in r[k]] for k in keys}, "best_index": int(s.best_index_),
                  "best_score": float(s.best_score_), "best_params": s.best_params_}))
