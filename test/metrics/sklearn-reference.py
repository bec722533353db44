# Prints the scikit-learn 1.2.1 reference values pasted into test/metrics/*.test.ts.
# Run by hand with /usr/bin/python3 test/metrics/sklearn-reference.py (never by the tests).
# The predictions/probabilities come from the same integer formulas as test/metrics/fixtures.ts.
import csv, gzip, json, warnings
import numpy as np
from sklearn import metrics as M
from sklearn.metrics import get_scorer

warnings.simplefilter('ignore')
X = np.loadtxt(gzip.open('datasets/digits.csv.gz'), delimiter=',')
y = X[:, 64].astype(int); X = X[:, :64].astype(int)
n = len(y)
i = np.arange(n)

pred = np.where((X[:, 20] + X[:, 43] + i) % 4 != 0, y, (y + 1 + X[:, 28] % 9) % 10)
W = np.zeros((n, 10))
for c in range(10):
    W[:, c] = 1 + (X[:, c * 6 + 3] + 3 * c + i) % 7 + np.where(y == c, X[:, 36] % 11, 0)
P = W / W.sum(axis=1, keepdims=True)

yb = (y >= 5).astype(int)
predb = np.where((X[:, 21] + X[:, 42] + i) % 5 != 0, yb, 1 - yb)
score_int = (X[:, 21] + X[:, 42] - X[:, 10] + 8 * yb).astype(float)
score_cont = ((X[:, 21] * 37 + X[:, 42] * 11 + i * 7) % 101) / 101 + 0.3 * yb
w0 = 1 + (X[:, 5] + i) % 9 + np.where(yb == 0, X[:, 36] % 5, 0)
w1 = 1 + (X[:, 6] + 2 * i) % 9 + np.where(yb == 1, X[:, 36] % 5, 0)
Pb = np.stack([w0 / (w0 + w1), w1 / (w0 + w1)], axis=1)

rows = list(csv.DictReader(gzip.open('datasets/airline-563k.csv.gz', 'rt')))[:2000]
f = lambda k: np.array([float(r[k]) for r in rows])
dep, dist, month, delay, delayed = f('dep_hour'), f('distance'), f('month'), f('delay_min'), f('delayed').astype(int)
pred_reg = ((0.5 * dep - 3) + dist / 500) + (month - 3) * 2
score_air = dep / 24 + (dist % 7) / 10

out = {}
out['multiclass'] = dict(
    accuracy=M.accuracy_score(y, pred), accuracy_count=M.accuracy_score(y, pred, normalize=False),
    balanced_accuracy=M.balanced_accuracy_score(y, pred), balanced_accuracy_adjusted=M.balanced_accuracy_score(y, pred, adjusted=True),
    mcc=M.matthews_corrcoef(y, pred), confusion=M.confusion_matrix(y, pred).ravel().tolist(),
    **{f'{m}_{a}': getattr(M, f'{m}_score')(y, pred, average=a) for m in ['f1', 'precision', 'recall'] for a in ['macro', 'micro', 'weighted']},
    f1_per_class=M.f1_score(y, pred, average=None).tolist(),
    fbeta2_macro=M.fbeta_score(y, pred, beta=2, average='macro'),
    roc_auc_ovr=M.roc_auc_score(y, P, multi_class='ovr'), roc_auc_ovr_weighted=M.roc_auc_score(y, P, multi_class='ovr', average='weighted'),
    roc_auc_ovr_micro=M.roc_auc_score(y, P, multi_class='ovr', average='micro'),
    roc_auc_ovo=M.roc_auc_score(y, P, multi_class='ovo'), roc_auc_ovo_weighted=M.roc_auc_score(y, P, multi_class='ovo', average='weighted'),
    log_loss=M.log_loss(y, P), log_loss_sum=M.log_loss(y, P, normalize=False),
)
out['binary'] = dict(
    accuracy=M.accuracy_score(yb, predb), balanced_accuracy=M.balanced_accuracy_score(yb, predb), mcc=M.matthews_corrcoef(yb, predb),
    f1=M.f1_score(yb, predb), precision=M.precision_score(yb, predb), recall=M.recall_score(yb, predb),
    f1_pos0=M.f1_score(yb, predb, pos_label=0), f1_macro=M.f1_score(yb, predb, average='macro'),
    roc_auc_int=M.roc_auc_score(yb, score_int), roc_auc_cont=M.roc_auc_score(yb, score_cont), roc_auc_proba=M.roc_auc_score(yb, Pb[:, 1]),
    roc_auc_cont_maxfpr=M.roc_auc_score(yb, score_cont, max_fpr=0.3),
    ap_int=M.average_precision_score(yb, score_int), ap_cont=M.average_precision_score(yb, score_cont),
    ap_pos0=M.average_precision_score(yb, -score_cont, pos_label=0),
    log_loss_2col=M.log_loss(yb, Pb), log_loss_1d=M.log_loss(yb, Pb[:, 1]),
    n_roc_points=len(M.roc_curve(yb, score_int)[0]),
)
out['airline'] = dict(
    roc_auc=M.roc_auc_score(delayed, score_air), ap=M.average_precision_score(delayed, score_air),
    r2=M.r2_score(delay, pred_reg), mse=M.mean_squared_error(delay, pred_reg), rmse=M.mean_squared_error(delay, pred_reg, squared=False),
    mae=M.mean_absolute_error(delay, pred_reg), medae=M.median_absolute_error(delay, pred_reg), medae_odd=M.median_absolute_error(delay[:1999], pred_reg[:1999]),
    explained_variance=M.explained_variance_score(delay, pred_reg),
)

class Est:
    _estimator_type = 'classifier'
    def __init__(self, yp, proba, classes, dec=None): self.yp, self.proba, self.classes_, self.dec = yp, proba, np.array(classes), dec
    def fit(self, X, y): return self
    def predict(self, X): return self.yp[X[:, 0].astype(int)]
    def predict_proba(self, X): return self.proba[X[:, 0].astype(int)]
    def __getattr__(self, name):
        if name == 'decision_function' and self.__dict__.get('dec') is not None:
            return lambda X: self.dec[X[:, 0].astype(int)]
        raise AttributeError(name)

class Reg:
    _estimator_type = 'regressor'
    def __init__(self, yp): self.yp = yp
    def fit(self, X, y): return self
    def predict(self, X): return self.yp[X[:, 0].astype(int)]

idx = i.reshape(-1, 1).astype(float)
mc, bp, bd = Est(pred, P, range(10)), Est(predb, Pb, [0, 1]), Est(predb, Pb, [0, 1], dec=score_cont - 0.5)
sc = lambda name, est, X, yy: get_scorer(name)(est, X, yy)
out['scorers_multiclass'] = {s: sc(s, mc, idx, y) for s in ['accuracy', 'balanced_accuracy', 'f1_macro', 'f1_micro', 'f1_weighted', 'precision_macro', 'precision_micro', 'precision_weighted', 'recall_macro', 'recall_micro', 'recall_weighted', 'matthews_corrcoef', 'roc_auc_ovr', 'roc_auc_ovo', 'roc_auc_ovr_weighted', 'roc_auc_ovo_weighted', 'neg_log_loss']}
out['scorers_binary_proba'] = {s: sc(s, bp, idx, yb) for s in ['f1', 'precision', 'recall', 'roc_auc', 'average_precision', 'neg_log_loss', 'roc_auc_ovr', 'roc_auc_ovo']}
out['scorers_binary_decision'] = {s: sc(s, bd, idx, yb) for s in ['roc_auc', 'average_precision', 'neg_log_loss']}
aidx = np.arange(2000).reshape(-1, 1).astype(float)
out['scorers_regression'] = {s: sc(s, Reg(pred_reg), aidx, delay) for s in ['r2', 'explained_variance', 'neg_mean_squared_error', 'neg_root_mean_squared_error', 'neg_mean_absolute_error', 'neg_median_absolute_error']}
print(json.dumps(out, indent=1, default=float))

# fitted-estimators.test.ts: DummyClassifier(strategy='prior') through get_scorer.
from sklearn.dummy import DummyClassifier
Xd = np.loadtxt(gzip.open('datasets/digits.csv.gz'), delimiter=',')
dc = DummyClassifier(strategy='prior').fit(Xd[:1198, :64], Xd[:1198, 64])
print('dummy digits', {s: get_scorer(s)(dc, Xd[1198:, :64], Xd[1198:, 64]) for s in ['accuracy', 'neg_log_loss', 'roc_auc_ovr', 'roc_auc_ovo', 'f1_macro', 'balanced_accuracy', 'matthews_corrcoef']})
cols = ['month', 'day_of_month', 'day_of_week', 'dep_hour', 'distance', 'origin_lat', 'origin_lon', 'dest_lat', 'dest_lon', 'origin_flights', 'dest_flights']
A = np.array([[float(r[k]) for k in cols] for r in rows])
dc = DummyClassifier(strategy='prior').fit(A[:1500], delayed[:1500])
print('dummy airline', {s: get_scorer(s)(dc, A[1500:], delayed[1500:]) for s in ['accuracy', 'neg_log_loss', 'roc_auc', 'average_precision', 'f1', 'f1_weighted', 'precision_macro', 'recall_micro']})

# scorers.test.ts: a test fold without class 9, scored against all ten classes.
m9 = y < 9
print('class 9 absent', M.log_loss(y[m9], P[m9], labels=list(range(10))), M.roc_auc_score(y[m9], P[m9], multi_class='ovo', labels=list(range(10))))

# Edge cases pasted in classification/ranking/regression tests.
print('zero division', M.precision_score([0, 0, 1, 1], [0, 0, 0, 0]), M.precision_score([0, 0, 1, 1], [0, 0, 0, 0], zero_division=1),
      M.f1_score([0, 0, 1, 1], [0, 0, 0, 0], zero_division=1), M.recall_score([0, 0], [1, 0]), M.recall_score([0, 0], [1, 0], zero_division=1),
      M.f1_score([0, 0], [0, 0]), M.f1_score([0, 0], [0, 0], zero_division=1))
print('macro/weighted', M.f1_score([0, 1, 2, 0], [0, 2, 1, 3], average='macro'), M.f1_score([0, 1, 2, 0], [0, 2, 1, 3], average='weighted'),
      M.precision_score([0, 1, 2, 0], [0, 2, 1, 3], average='macro', zero_division=1))
print('balanced/mcc', M.balanced_accuracy_score([0, 1, 0, 1], [0, 1, 2, 2]), M.matthews_corrcoef([0, 1, 1, 0], [1, 1, 1, 1]), M.matthews_corrcoef([2, 2], [2, 2]))
print('ties', M.roc_auc_score([0, 1, 0, 1], [0.5] * 4), M.roc_auc_score([0, 0, 1, 1, 1, 0], [0.1, 0.4, 0.4, 0.8, 0.4, 0.9]),
      M.average_precision_score([0, 0, 1, 1, 1, 0], [0.1, 0.4, 0.4, 0.8, 0.4, 0.9]), M.roc_auc_score([2, 7, 7, 2], [0.2, 0.3, 0.9, 0.4]),
      M.average_precision_score([0, 0, 0], [0.2, 0.3, 0.1]))
print('curves', M.roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), M.precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), M.auc([0, 0.5, 1], [0, 0.8, 1]))
print('log loss', M.log_loss([0, 1, 1], [[1, 0], [0, 1], [1, 0]]), M.log_loss([0, 1, 2], [[0.5, 0.3, 0.4], [0.1, 0.8, 0.1], [0.2, 0.2, 0.2]]),
      M.log_loss([1, 1], [[0.3, 0.7], [0.1, 0.9]], labels=[0, 1]))
print('regression', M.r2_score([2, 2, 2], [2, 2, 3], force_finite=False), M.explained_variance_score([2, 2, 2], [1, 2, 3]),
      M.median_absolute_error([1, 2, 3, 4], [1, 1, 1, 1]), M.mean_squared_error([1, 2, 3, 4], [1, 1, 1, 1], squared=False))
