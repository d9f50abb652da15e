"""Scores `infradedup similar` and jscpd against exact 5-gram token Jaccard (see similar-vs-jscpd.sh)."""
import itertools, json, os, re, statistics, sys

tree, work = sys.argv[1], sys.argv[2]
TOKEN = re.compile(r"[A-Za-z_0-9]+")

def wanted(path):
    name = os.path.basename(path)
    if name.startswith("Dockerfile") or name.endswith(".Dockerfile") or name.endswith(".sh") or name.endswith(".py"):
        return True
    try:
        with open(path, "rb") as f:
            head = f.readline(200)
        return head.startswith(b"#!") and (b"sh" in head or b"python" in head)
    except OSError:
        return False

# bench/similar-recall-real.sh lists the files we compare; the truth then covers exactly those.
# Our output may redact a path (see real_path below): such a listed path matches any text at its redacted places.
listed = set(open(f"{work}/files.txt").read().split("\n")) - {""} if os.path.exists(f"{work}/files.txt") else None
listed_patterns = [re.compile("^" + ".+?".join(re.escape(x) for x in re.split(r"\*\*\*[0-9a-f]{4}", p)) + "$") for p in (listed or ()) if "***" in p]
def is_listed(rel):
    return rel in listed or any(r.match(rel) for r in listed_patterns)
files = {}
for d, _, names in os.walk(tree):
    for n in names:
        p = os.path.join(d, n)
        if is_listed(os.path.relpath(p, tree)) if listed is not None else wanted(p):
            toks = TOKEN.findall(open(p, encoding="utf-8", errors="replace").read())
            sh = {tuple(toks[i:i + 5]) for i in range(max(1, len(toks) - 4))} if toks else set()
            files[os.path.relpath(p, tree)] = sh

names = sorted(files)
def truth(t):
    # Exact all-pairs (the reference, deliberately brute force); a shared-shingle index keeps it quick.
    index = {}
    for i, n in enumerate(names):
        for s in files[n]:
            index.setdefault(s, []).append(i)
    counts = {}
    for ids in index.values():
        if len(ids) > 1:
            for a, b in itertools.combinations(ids, 2):
                counts[(a, b)] = counts.get((a, b), 0) + 1
    out = set()
    for (a, b), c in counts.items():
        j = c / (len(files[names[a]]) + len(files[names[b]]) - c)
        if j >= t - 1e-12:
            out.add((names[a], names[b]))
    return out

# Our output redacts values it found as secrets wherever they occur, paths included (bitnami's .env files hold the
# password "bitnami", so opt/bitnami/... is printed as opt/***xxxx/...): map such a path back to the one file it can be.
REDACTED = re.compile(r"\*\*\*[0-9a-f]{4}")
_unredacted = {}
def real_path(p):
    if "***" not in p:
        return p
    if p not in _unredacted:
        pattern = re.compile("^" + ".+?".join(re.escape(part) for part in REDACTED.split(p)) + "$")
        hits = [n for n in names if pattern.match(n)]
        _unredacted[p] = hits[0] if len(hits) == 1 else p
    return _unredacted[p]

def ours(t):
    doc = json.load(open(f"{work}/ours-{t}.json"))
    pairs = set()
    for f in doc["families"]:
        ps = sorted(real_path(m["path"]) for m in f["members"])
        pairs.update(itertools.combinations(ps, 2))
    return pairs

def our_pairs(t):
    doc = json.load(open(f"{work}/ours-{t}.json"))
    return {tuple(sorted((real_path(p["a"]), real_path(p["b"])))) for p in doc.get("pairs") or []}

# jscpd's report is optional (bench/similar-recall-real.sh scores only ours).
jd = json.load(open(f"{work}/jscpd/jscpd-report.json")) if os.path.exists(f"{work}/jscpd/jscpd-report.json") else {"duplicates": []}
jpairs = set()
for d in jd["duplicates"]:
    a, b = sorted((d["firstFile"]["name"], d["secondFile"]["name"]))
    a, b = os.path.relpath(os.path.join(tree, a), tree) if not os.path.isabs(a) else os.path.relpath(a, tree), \
           os.path.relpath(os.path.join(tree, b), tree) if not os.path.isabs(b) else os.path.relpath(b, tree)
    if a != b:
        jpairs.add(tuple(sorted((a, b))))

def tm(name):
    # One "wall user sys maxrss_kb" line per run (GNU time -a): medians of wall time, CPU time (user+sys), peak RSS.
    runs = [tuple(map(float, l.split()[-4:])) for l in open(f"{work}/{name}.time") if l.strip() and l.split()[-1].isdigit()]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] + r[2] for r in runs),
            int(statistics.median(r[3] for r in runs)))

print(f"files compared by the truth: {len(names)}")
has_jscpd = os.path.exists(f"{work}/jscpd.time")
je, jc, jm = tm("jscpd") if has_jscpd else (0, 0, 0)
for t in ("0.85", "0.7"):
    tr, ou = truth(float(t)), ours(t)
    common = len(tr & ou)
    rec = common / len(tr) if tr else 1.0
    prec = common / len(ou) if ou else 1.0
    jrec = len(tr & jpairs) / len(tr) if tr else 1.0
    op = our_pairs(t)
    if op:
        print(f"J>={t}: verified pairs {len(op)}, pair recall {len(tr & op) / len(tr) if tr else 1.0:.4f}, "
              f"pair precision {len(tr & op) / len(op):.4f}")
    oe, oc, om = tm(f"ours-{t}")
    compared = json.load(open(f"{work}/ours-{t}.json"))["stats"]["filesCompared"]
    if not has_jscpd:
        print(f"J>={t}: truth pairs {len(tr)}, ours {len(ou)}, recall {rec:.4f}, precision {prec:.4f} "
              f"(files compared: truth {len(names)}, ours {compared}); time {oe:.2f}s, CPU {oc:.2f}s, peak RSS {om} KB")
        continue
    print(f"J>={t}: truth pairs {len(tr)}, ours {len(ou)}, recall {rec:.4f}, precision {prec:.4f}; "
          f"jscpd file-pair recall {jrec:.4f} ({len(jpairs)} pairs); "
          f"time {oe:.2f}s vs {je:.2f}s (ratio {oe / je:.3f}), CPU {oc:.2f}s vs {jc:.2f}s (ratio {oc / jc:.3f}), peak RSS {om} KB vs {jm} KB (ratio {om / jm:.3f})")
