"""The lab-feed anchors of ../shared/data/lab-feed/SOURCE.md, on any split in that protocol's format.

Needs scikit-learn (not installed by the repository: `pip install scikit-learn`). Used to measure the anchors on the
tuning split that `npm run bench:lab-feed -- --dev N --dev-out DIR` writes, so that paperbot's numbers there have
the same yardstick as on the benchmark's 100 authors.

    python3 bench/anchors/lab_feed_anchors.py DIR [--limit N]
"""
import gzip, json, math, sys, time
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

CORPUS = '../shared/data/external/arxiv-daily-cs/arxiv_daily_2025-03-18_to_2026-07-01.dedup.jsonl.gz'

def metrics(ranked, rel):
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in rel)
    idcg = sum(1 / math.log2(i + 2) for i in range(min(10, len(rel))))
    recall = len([d for d in ranked[:100] if d in rel]) / len(rel)
    hits, ap = 0, 0.0
    for i, d in enumerate(ranked[:1000]):
        if d in rel:
            hits += 1
            ap += hits / (i + 1)
    return dcg / idcg, recall, ap / len(rel)

def main():
    split = sys.argv[1]
    limit = int(sys.argv[sys.argv.index('--limit') + 1]) if '--limit' in sys.argv else None
    recs = [json.loads(l) for l in gzip.open(CORPUS, 'rt')]
    ids = [r['id'] for r in recs]
    row = {d: i for i, d in enumerate(ids)}
    dates = np.array([r['listing_date'] for r in recs])
    texts = [f"{r['title']} {r['summary']}" for r in recs]
    X = TfidfVectorizer(ngram_range=(1, 2), max_features=20000, sublinear_tf=True, max_df=0.1, min_df=5, stop_words='english').fit_transform(texts)
    profiles = [json.loads(l) for l in open(f'{split}/profiles.jsonl') if l.strip()][:limit]
    qrels = {}
    for line in open(f'{split}/qrels.tsv').read().split('\n')[1:]:
        if line.strip():
            q, d, s = line.split('\t')
            if float(s) > 0: qrels.setdefault(q, set()).add(d)
    out = {'svm': [], 'centroid': []}
    t0 = time.time()
    for n, p in enumerate(profiles):
        liked = [row[d] for d in p['liked'] if d in row]
        cand = np.where(dates >= p['since'])[0]
        cand = cand[~np.isin(cand, liked)]
        y = np.zeros(len(ids)); y[liked] = 1
        svm = LinearSVC(C=0.01, class_weight='balanced').fit(X, y)
        rel = qrels.get(p['_id'], set())
        for name, s in (('svm', svm.decision_function(X[cand])), ('centroid', np.asarray(X[cand] @ np.asarray(X[liked].mean(axis=0)).ravel()).ravel())):
            order = cand[np.argsort(-s, kind='stable')][:1000]
            out[name].append(metrics([ids[i] for i in order], rel))
        if (n + 1) % 50 == 0: print(f'{n + 1} profiles, {time.time() - t0:.0f} s', file=sys.stderr)
    for name, ms in out.items():
        for half, sel in (('all', ms), ('even', ms[0::2]), ('odd', ms[1::2])):
            m = np.mean(sel, axis=0)
            print(f'{name} {half} ({len(sel)}): nDCG@10 {m[0]:.3f} R@100 {m[1]:.3f} MAP {m[2]:.3f}')

main()
