# Prints the scikit-learn 1.2.1 figures pasted into test/metrics/named-ranking.test.ts: ranking
# metrics and log_loss on class names. Run by hand: /usr/bin/python3 test/metrics/named-ranking-reference.py
# (the scores come from the same integer formulas as test/metrics/fixtures.ts).
import gzip, json, warnings
import numpy as np
import sklearn
from sklearn import metrics as M

warnings.simplefilter('ignore')
X = np.loadtxt(gzip.open('datasets/digits.csv.gz'), delimiter=',')
y = X[:, 64].astype(int); X = X[:, :64].astype(int)
n = len(y)
i = np.arange(n)
W = np.zeros((n, 10))
for c in range(10):
    W[:, c] = 1 + (X[:, c * 6 + 3] + 3 * c + i) % 7 + np.where(y == c, X[:, 36] % 11, 0)
P = W / W.sum(axis=1, keepdims=True)
yb = (y >= 5).astype(int)
score_cont = ((X[:, 21] * 37 + X[:, 42] * 11 + i * 7) % 101) / 101 + 0.3 * yb
words = np.array(['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'])
names = words[y]
order = np.argsort(words)  # the columns of P in sorted-name order
Pn = P[:, order]
hl = np.where(yb == 1, 'high', 'low')  # 'high' sorts first: the positive class of roc_auc is 'low'
out = {
    'version': sklearn.__version__,
    'roc_auc_high_low': M.roc_auc_score(hl, score_cont),
    'ap_pos_high': M.average_precision_score(hl, score_cont, pos_label='high'),
    'ap_pos_low': M.average_precision_score(hl, score_cont, pos_label='low'),
    'roc_auc_ovr_names': M.roc_auc_score(names, Pn, multi_class='ovr'),
    'roc_auc_ovo_weighted_names': M.roc_auc_score(names, Pn, multi_class='ovo', average='weighted'),
    'log_loss_names': M.log_loss(names, Pn),
    'log_loss_names_first100_labels': M.log_loss(names[:100][y[:100] < 5], Pn[:100][y[:100] < 5], labels=sorted(words)),
    'roc_curve_pos_high_points': len(M.roc_curve(hl, score_cont, pos_label='high')[0]),
    'roc_auc_from_curve_pos_high': M.auc(*M.roc_curve(hl, score_cont, pos_label='high')[:2]),
}
try:
    M.average_precision_score(hl, score_cont)
except ValueError as e:
    out['ap_default_error'] = str(e)
try:
    M.roc_curve(hl, score_cont)
except ValueError as e:
    out['roc_curve_error'] = str(e)
print(json.dumps(out, indent=1))
