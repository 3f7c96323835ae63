"""The worked example of docs/tables.md: scripts/vae beside scikit-learn's peers, on the same rows in the same run.

Run by scripts/tables-study (which installs Debian's python3-sklearn when missing). For each table:
- anomaly detection: train on one class (a seeded 70 % of its rows), score the held-out 30 % and every row of the
  other classes; AUROC of -log_px (scripts/vae score) beside IsolationForest fitted on the same training rows;
- imputation: hide 20 % of the observed cells at random (seeded); error on the hidden cells (numeric: RMSE in units of
  each column's standard deviation, pooled over the table's numeric hidden cells; categorical and binary: error rate)
  of scripts/vae impute beside mean/mode imputation and IterativeImputer.
Every table is written to CSV first; scripts/vae sees only those files.
"""

import argparse
import csv
import json
import os
import subprocess
import sys

import numpy as np
from sklearn import datasets
from sklearn.ensemble import IsolationForest
from sklearn.experimental import enable_iterative_imputer  # noqa: F401  (makes IterativeImputer importable)
from sklearn.impute import IterativeImputer
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VAE = os.path.join(ROOT, "scripts", "vae")


def sklearn_table(name):
    """(column names, rows of text cells, kinds, labels) of a table Debian's python3-sklearn bundles."""
    if name == "breast-cancer":
        d = datasets.load_breast_cancer()
        # class 1 is benign: the normal class of the anomaly study
        return list(d.feature_names), d.data, ["numeric"] * d.data.shape[1], (d.target == 1).astype(int)
    if name == "wine":
        d = datasets.load_wine()
        return list(d.feature_names), d.data, ["numeric"] * d.data.shape[1], (d.target == 0).astype(int)
    if name == "diabetes-mixed":
        return diabetes_mixed()
    if name == "iris-mixed":
        return iris_mixed()
    raise SystemExit(f"tables_study: unknown table {name}")


def diabetes_mixed():
    """scikit-learn's diabetes table (442 patients, raw units), made mixed by derived columns, said so in the docs:
    sex (binary, levels 'sex1'/'sex2' as the data codes them 1/2), bmi_class (categorical: WHO cuts 18.5/25/30),
    age_group (categorical: <30, 30-44, 45-59, 60+), the six serum measures and bp numeric, and progression (numeric, the
    target). 10 % of the cells are then removed at random (seeded, MCAR): the table's own missing values."""
    d = datasets.load_diabetes(scaled=False)
    x, y = d.data, d.target
    names = ["age_group", "sex", "bmi_class", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]
    kinds = ["categorical", "binary", "categorical"] + ["numeric"] * 8
    rows = []
    for r in range(x.shape[0]):
        age, sex, bmi = x[r, 0], x[r, 1], x[r, 2]
        age_group = "<30" if age < 30 else "30-44" if age < 45 else "45-59" if age < 60 else "60+"
        bmi_class = "under" if bmi < 18.5 else "normal" if bmi < 25 else "over" if bmi < 30 else "obese"
        rows.append([age_group, "sex%d" % int(sex), bmi_class] + [x[r, c] for c in range(3, 10)] + [y[r]])
    return names, np.array(rows, dtype=object), kinds, None


def iris_mixed():
    """scikit-learn's iris table (150 flowers), made mixed by binning, said so in the docs: species (categorical, 3
    levels), sepal_length and petal_length (numeric), sepal_width as a binary (narrow below 3.0 cm, else wide) and
    petal_width as a categorical (thin below 0.6 cm, medium below 1.7 cm, else broad). Its own missing values are
    removed as diabetes-mixed's are."""
    d = datasets.load_iris()
    x, y = d.data, d.target
    names = ["species", "sepal_length", "sepal_width", "petal_length", "petal_width"]
    kinds = ["categorical", "numeric", "binary", "numeric", "categorical"]
    rows = []
    for r in range(x.shape[0]):
        sepal_width = "narrow" if x[r, 1] < 3.0 else "wide"
        petal_width = "thin" if x[r, 3] < 0.6 else "medium" if x[r, 3] < 1.7 else "broad"
        rows.append([str(d.target_names[y[r]]), x[r, 0], sepal_width, x[r, 2], petal_width])
    return names, np.array(rows, dtype=object), kinds, None


def write_csv(path, names, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names)
        for row in rows:
            w.writerow(["NA" if cell is None else (repr(float(cell)) if isinstance(cell, (float, np.floating)) else cell) for cell in row])


def read_csv(path):
    with open(path, newline="") as f:
        r = list(csv.reader(f))
    return r[0], r[1:]


def vae(*args):
    subprocess.run([VAE, *args], check=True, stdout=subprocess.DEVNULL)


def vae_options(a):
    return (["--epochs", str(a.epochs)] if a.epochs else []) + ["--seed", str(a.seed), "--quiet"] + (a.vae_option or [])


def anomaly(name, names, x, normal, a, work):
    rng = np.random.default_rng(a.seed)
    normal_rows = np.flatnonzero(normal == 1)
    rng.shuffle(normal_rows)
    cut = int(round(0.7 * len(normal_rows)))
    train = np.sort(normal_rows[:cut])
    test = np.sort(np.concatenate([normal_rows[cut:], np.flatnonzero(normal == 0)]))
    anomalous = (normal[test] == 0).astype(int)
    write_csv(os.path.join(work, "train.csv"), names, x[train])
    write_csv(os.path.join(work, "test.csv"), names, x[test])
    vae("train", "--data", os.path.join(work, "train.csv"), "--out", os.path.join(work, "anomaly"), *vae_options(a))
    vae("score", "--model", os.path.join(work, "anomaly", "model.ckpt"), "--data", os.path.join(work, "test.csv"),
        "--out", os.path.join(work, "scores.csv"), "--seed", str(a.seed))
    header, rows = read_csv(os.path.join(work, "scores.csv"))
    log_px = np.array([float(r[header.index("log_px")]) for r in rows])
    forest = IsolationForest(random_state=a.seed).fit(x[train].astype(float))
    return {"table": name, "train_rows": len(train), "test_rows": len(test), "anomalies": int(anomalous.sum()),
            "auroc_vae": roc_auc_score(anomalous, -log_px),
            "auroc_isolation_forest": roc_auc_score(anomalous, -forest.score_samples(x[test].astype(float)))}


def imputation(name, names, cells, kinds, a, work):
    rng = np.random.default_rng(a.seed + 1)
    n, m = cells.shape
    observed = np.array([[cells[r, c] is not None for c in range(m)] for r in range(n)])
    hidden = observed & (rng.random((n, m)) < 0.2)
    shown = cells.copy()
    shown[hidden] = None
    write_csv(os.path.join(work, "hidden.csv"), names, shown)
    vae("train", "--data", os.path.join(work, "hidden.csv"), "--out", os.path.join(work, "impute"), *vae_options(a))
    vae("impute", "--model", os.path.join(work, "impute", "model.ckpt"), "--data", os.path.join(work, "hidden.csv"),
        "--out", os.path.join(work, "imputed.csv"), "--seed", str(a.seed))
    header, rows = read_csv(os.path.join(work, "imputed.csv"))
    ours = np.array([[row[header.index(c)] for c in names] for row in rows], dtype=object)

    numeric = [c for c in range(m) if kinds[c] == "numeric"]
    levels = {c: sorted({cells[r, c] for r in range(n) if observed[r, c]}) for c in range(m) if kinds[c] != "numeric"}
    # the peers see numbers: numeric columns as they are, a level as its index (IterativeImputer's estimate rounded)
    def as_numbers(table):
        out = np.full((n, m), np.nan)
        for c in range(m):
            for r in range(n):
                v = table[r, c]
                if v is not None:
                    out[r, c] = float(v) if c in numeric else levels[c].index(v)
        return out
    z = as_numbers(shown)
    mean_mode = z.copy()
    for c in range(m):
        col = z[~np.isnan(z[:, c]), c]
        fill = col.mean() if c in numeric else np.bincount(col.astype(int)).argmax()
        mean_mode[np.isnan(z[:, c]), c] = fill
    iterative = IterativeImputer(random_state=a.seed, max_iter=10).fit_transform(z)

    truth = as_numbers(cells)
    sd = {c: np.nanstd(truth[:, c]) for c in numeric}

    def errors(pred, parse):
        sq, wrong, nn, nc = 0.0, 0, 0, 0
        for r, c in zip(*np.nonzero(hidden)):
            if c in numeric:
                sq += ((parse(pred, r, c) - truth[r, c]) / sd[c]) ** 2
                nn += 1
            else:
                guess = int(np.clip(np.rint(parse(pred, r, c)), 0, len(levels[c]) - 1))
                wrong += guess != truth[r, c]
                nc += 1
        return (np.sqrt(sq / nn) if nn else None), (wrong / nc if nc else None)

    num = lambda t, r, c: t[r, c]
    vae_num = lambda t, r, c: float(t[r, c]) if c in numeric else levels[c].index(t[r, c])
    result = {"table": name, "rows": n, "hidden_cells": int(hidden.sum())}
    for label, pred, parse in (("vae", ours, vae_num), ("mean_mode", mean_mode, num), ("iterative", iterative, num)):
        rmse, rate = errors(pred, parse)
        result["rmse_sd_" + label] = rmse
        result["error_rate_" + label] = rate
    return result


def main():
    p = argparse.ArgumentParser(prog="tables-study")
    p.add_argument("--out", default=os.path.join(ROOT, "out", "tables"))
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, help="scripts/vae train's --epochs (default: its own)")
    p.add_argument("--tables", default="breast-cancer,wine,diabetes-mixed,iris-mixed")
    p.add_argument("--vae-option", action="append", help="an extra option for scripts/vae train (repeatable: --vae-option=--latent --vae-option=4)")
    a = p.parse_args()
    results = {"anomaly": [], "imputation": []}
    for name in a.tables.split(","):
        work = os.path.join(a.out, name)
        os.makedirs(work, exist_ok=True)
        names, x, kinds, normal = sklearn_table(name)
        if normal is not None:
            results["anomaly"].append(anomaly(name, names, x, normal, a, work))
        cells = np.array(x, dtype=object)
        if name in ("diabetes-mixed", "iris-mixed"):  # its own missing values: 10 % of the cells, MCAR, seeded
            gone = np.random.default_rng(a.seed + 2).random(cells.shape) < 0.1
            cells[gone] = None
            write_csv(os.path.join(work, "table.csv"), names, cells)
        results["imputation"].append(imputation(name, names, cells, kinds, a, work))
        print(json.dumps(results, indent=1), file=sys.stderr)
    with open(os.path.join(a.out, "tables.json"), "w") as f:
        json.dump(results, f, indent=1)
    fmt = lambda v: "n/a" if v is None else "%.3f" % v
    print("| table | rows (train/test) | AUROC scripts/vae | AUROC IsolationForest |")
    print("|---|---|---|---|")
    for r in results["anomaly"]:
        print(f"| {r['table']} | {r['train_rows']}/{r['test_rows']} | {fmt(r['auroc_vae'])} | {fmt(r['auroc_isolation_forest'])} |")
    print()
    print("| table | hidden cells | RMSE/sd vae | mean | IterativeImputer | error rate vae | mode | IterativeImputer |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results["imputation"]:
        print(f"| {r['table']} | {r['hidden_cells']} | {fmt(r['rmse_sd_vae'])} | {fmt(r['rmse_sd_mean_mode'])} | {fmt(r['rmse_sd_iterative'])}"
              f" | {fmt(r['error_rate_vae'])} | {fmt(r['error_rate_mean_mode'])} | {fmt(r['error_rate_iterative'])} |")


if __name__ == "__main__":
    main()
