"""scikit-learn side of benchmarks/digits.ts (SVC): reads a JSON request on stdin, prints JSON.

{"mode": "search", "candidates": [{C, gamma, tol, classWeight}], "nJobs": 2}
  -> GridSearchCV over exactly these candidates on load_digits(), cv=StratifiedKFold(3)
     (unshuffled, as hyperfold's cv=3): wall seconds, CPU seconds (workers included; the
     whole process, imports too), split scores, best score.
{"mode": "fits", "candidates": [{C, gamma}], "repeat": 3}
  -> per-fit / per-predict milliseconds (best of `repeat`) on fold 0 of the same folds.
"""
import json
import resource
import sys
import time

from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.svm import SVC


def params(c):
    return {"C": [c["C"]], "gamma": [c["gamma"]], "tol": [c.get("tol", 1e-3)],
            "class_weight": [None if c.get("classWeight") is None else c["classWeight"]]}


def main():
    req = json.load(sys.stdin)
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(3)
    if req["mode"] == "search":
        grid = [params(c) for c in req["candidates"]]
        search = GridSearchCV(SVC(kernel="rbf"), grid, cv=cv, n_jobs=req.get("nJobs", 2))
        t = time.perf_counter()
        search.fit(X, y)
        seconds = time.perf_counter() - t
        # CPU of this process and its joblib workers (reaped by the shutdown, so counted as children)
        from joblib.externals.loky import get_reusable_executor
        get_reusable_executor().shutdown(wait=True)
        ru = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        cpu = sum(r.ru_utime + r.ru_stime for r in ru)
        r = search.cv_results_
        splits = [[float(r[f"split{k}_test_score"][i]) for k in range(3)] for i in range(len(grid))]
        print(json.dumps({"seconds": seconds, "cpuSeconds": cpu, "splits": splits, "bestScore": float(search.best_score_)}))
        return
    train, test = next(cv.split(X, y))
    out = []
    for c in req["candidates"]:
        fit_ms = predict_ms = float("inf")
        for _ in range(req.get("repeat", 3)):
            est = SVC(C=c["C"], gamma=c["gamma"])
            t = time.perf_counter()
            est.fit(X[train], y[train])
            t1 = time.perf_counter()
            est.predict(X[test])
            t2 = time.perf_counter()
            fit_ms = min(fit_ms, (t1 - t) * 1000)
            predict_ms = min(predict_ms, (t2 - t1) * 1000)
        out.append({"fitMs": fit_ms, "predictMs": predict_ms})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
