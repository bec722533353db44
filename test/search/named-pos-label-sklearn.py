# Reference figures for test/search/named-pos-label.test.ts (run once with /usr/bin/python3;
# scikit-learn 1.2.1): GridSearchCV on digits with text labels 'nine' / 'other', scorers with
# pos_label='nine' (the first class in sorted order, so not the default positive class).
import json
import numpy as np
from sklearn import __version__
from sklearn.datasets import load_digits
from sklearn.metrics import average_precision_score, f1_score, make_scorer
from sklearn.model_selection import GridSearchCV
from sklearn.naive_bayes import GaussianNB

X, y = load_digits(return_X_y=True)
words = np.where(y == 9, 'nine', 'other')
scoring = {
    'f1_nine': make_scorer(f1_score, pos_label='nine'),
    'ap_nine': make_scorer(average_precision_score, needs_threshold=True, pos_label='nine'),
}
s = GridSearchCV(GaussianNB(), {'var_smoothing': [1e-2, 3e-2, 1e-1, 1.0]}, cv=3, scoring=scoring, refit='f1_nine').fit(X, words)
out = {'version': __version__, 'classes': s.classes_.tolist(), 'best_index': int(s.best_index_)}
for k, v in s.cv_results_.items():
    if k.startswith('split') or k.startswith('mean_test'):
        out[k] = v.tolist()
print(json.dumps(out))
