#!/usr/bin/python3
"""How well Lookalike's map keeps neighbours, next to PCA and scikit-learn's t-SNE.

Reads the map the CLI exports and the embeddings of the same library:

    lookalike-cli map faces.db --out map.csv                 # item_id,path,label,x,y
    lookalike-cli export faces.db faces.npy --format npy     # faces.npy + faces.npy.csv
    /usr/bin/python3 tools/map-quality.py map.csv faces.npy

and prints JSON: for the map, a PCA projection and a t-SNE embedding of the same vectors,
the share of each item's k nearest neighbours in the original space (cosine) that are among
its k nearest in 2-D, scikit-learn's trustworthiness, the share of each labelled item's k
nearest in 2-D that carry its label, and the seconds each method took (the map's own time is
what `lookalike-cli map` reported). Needs Debian's python3-sklearn; run it with /usr/bin/python3.
"""
import argparse
import csv
import json
import sys
import time

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.neighbors import NearestNeighbors


def read_map(path):
    ids, labels, xy = [], [], []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ids.append(int(row["item_id"]))
            labels.append(row["label"])
            xy.append((float(row["x"]), float(row["y"])))
    return np.array(ids), labels, np.array(xy, dtype=np.float64)


def read_vectors(npy):
    vectors = np.load(npy)
    with open(npy + ".csv", newline="", encoding="utf-8") as f:
        ids = [int(row["face_id"]) for row in csv.DictReader(f)]
    if len(ids) != len(vectors):
        sys.exit(f"{npy}.csv has {len(ids)} rows for {len(vectors)} vectors")
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.array(ids), vectors.astype(np.float32)


def neighbours(points, k):
    """Indices of each point's k nearest others (Euclidean), self excluded."""
    nn = NearestNeighbors(n_neighbors=k + 1).fit(points)
    idx = nn.kneighbors(points, return_distance=False)
    out = np.empty((len(points), k), dtype=np.int64)
    for i, row in enumerate(idx):
        row = row[row != i][:k]
        out[i] = row
    return out


def kept(original, embedded):
    return float(np.mean([len(set(a) & set(b)) / len(a) for a, b in zip(original, embedded)]))


def label_agreement(embedded, labels):
    """Of labelled items whose label has 2+ items: share of their 2-D neighbours with it."""
    counts = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    shares = [np.mean([labels[j] == labels[i] for j in row])
              for i, row in enumerate(embedded) if labels[i] and counts[labels[i]] > 1]
    return float(np.mean(shares)) if shares else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("map_csv")
    parser.add_argument("vectors_npy")
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument("--perplexity", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-tsne", action="store_true", help="skip t-SNE (slow)")
    args = parser.parse_args()

    map_ids, labels, map_xy = read_map(args.map_csv)
    vec_ids, vectors = read_vectors(args.vectors_npy)
    row_of = {int(i): r for r, i in enumerate(vec_ids)}
    missing = [i for i in map_ids if int(i) not in row_of]
    if missing:
        sys.exit(f"{len(missing)} map items have no vector (export both from the same library)")
    x = vectors[[row_of[int(i)] for i in map_ids]]
    truth = neighbours(x, args.k)  # unit vectors: Euclidean order is cosine order

    layouts = {"map": (map_xy, None)}
    start = time.time()
    layouts["pca"] = (PCA(n_components=2, random_state=args.seed).fit_transform(x), time.time() - start)
    if not args.no_tsne:
        start = time.time()
        tsne = TSNE(n_components=2, perplexity=args.perplexity, init="pca", learning_rate="auto",
                    random_state=args.seed, n_jobs=2)
        layouts["tsne"] = (tsne.fit_transform(x), time.time() - start)

    report = {"items": int(len(x)), "dimension": int(x.shape[1]), "k": args.k}
    for name, (points, seconds) in layouts.items():
        embedded = neighbours(points, args.k)
        report[name] = {
            "neighbours_kept": round(kept(truth, embedded), 4),
            "trustworthiness": round(float(trustworthiness(x, points, n_neighbors=args.k)), 4),
            "same_label_neighbours": label_agreement(embedded, labels),
        }
        if seconds is not None:
            report[name]["seconds"] = round(seconds, 1)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
