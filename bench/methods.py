"""The measurements of docs/methods.md, in one run: sfn's optimisers on the 35 Moré–Garbow–Hillstrom
problems (stdlib/mgh.sfn, through `compare`), on saddle points of the functions of stdlib/saddles.sfn,
and on a digits MLP from an SGD plateau (bench/methods_mlp.sfn); and scipy's trust-exact, trust-ncg
and trust-krylov on the MGH set, from bench/mgh.py (the problems written again, in sympy, from the
paper: the two sets cross-check each other, f(x0) must agree).

    swift build -c release
    python3 bench/methods.py [--sfn .build/release/sfn] [--steps 500] [--out bench/results]

Prints markdown tables (the solved counts, ρ(τ) of the performance profile, and the MLP table) and
writes the raw records as JSON under --out. Cost is what `compare` counts: objective evaluations
(a call of f or of (f, ∇f) at one point is one) plus Hessian-vector products (a full Hessian counts
n) until f first came within 1e-6·max(1, |f*|) of f*. For scipy, an evaluation is a distinct point
where fun or jac was called, a `hessp` call is one product and a `hess` call n.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time
import warnings

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mgh import PROBLEMS  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)

# sfn's methods: names, or functions defined in the scripts (WRAPPERS) so that the table names them.
# arc and trust join when the binary has them.
SFN_METHODS = ['"gd"', '"newton"', '"sfn"', 'sfn_krylov2', '"sfhf"', '"lbfgs"']
NEWER = ['"arc"', '"trust"', 'trust_lanczos', '"rsfn"']
WRAPPERS = {
    "sfn_krylov2": "sfn_krylov2(f, x) = sfn(f, x, krylov=2, steps=STEPS, quiet=true)",
    "trust_lanczos": 'trust_lanczos(f, x) = trust(f, x, solver="lanczos", steps=STEPS, quiet=true)',
}
SCIPY_METHODS = ["trust-exact", "trust-ncg", "trust-krylov"]


def has_builtin(sfn, name):
    r = subprocess.run([sfn, "-e", f"{name}"], capture_output=True, text=True)
    return r.returncode == 0


def run_sfn(sfn, script, name):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        f.write(script)
    started = time.time()
    r = subprocess.run([sfn, path], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"{name} failed:\n{r.stdout}\n{r.stderr}")
    print(f"# {name}: {time.time() - started:.1f} s", file=sys.stderr)
    return r.stdout


def wrappers(methods, steps):
    return "".join(WRAPPERS[m].replace("STEPS", str(steps)) + "\n" for m in methods if m in WRAPPERS)


def mgh_script(methods, steps):
    return wrappers(methods, steps) + f"""import "mgh"
c = compare([{", ".join(methods)}], mgh_problems, steps={steps}, quiet=true, file="{OUT}/profile-mgh.svg")
save(c, "{OUT}/sfn-mgh.json")
# f(x0) per problem, for the cross-check against bench/mgh.py
save([p.f(p.x0) for p in mgh_problems], "{OUT}/sfn-mgh-f0.json")
"""


def scipy_run(p, method, steps):
    """One scipy run: (solved, cost, f, note)."""
    tol = 1e-6 * max(1.0, abs(p.fstar))
    points = set()
    count = {"hv": 0}
    n = len(p.x0)
    state = {"cost": math.inf}

    def seen(x):
        points.add(np.asarray(x, dtype=float).tobytes())

    def fun(x):
        seen(x)
        return p.f(x)

    def jac(x):
        seen(x)
        return p.grad(x)

    def hess(x):
        count["hv"] += n
        return p.hess(x)

    def hessp(x, v):
        count["hv"] += 1
        return p.hess(x) @ v

    def callback(xk, *args):
        if math.isinf(state["cost"]):
            f = p.f(xk)
            if np.isfinite(f) and abs(f - p.fstar) <= tol:
                state["cost"] = len(points) + count["hv"]

    kwargs = {"hess": hess} if method == "trust-exact" else {"hessp": hessp}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            r = minimize(fun, p.x0, jac=jac, method=method, callback=callback,
                         options={"maxiter": steps, "gtol": 1e-8}, **kwargs)
        f = float(r.fun)
    except Exception as e:  # a run that fails is not solved
        return False, math.inf, math.nan, f"{type(e).__name__}: {e}"
    if math.isinf(state["cost"]) and np.isfinite(f) and abs(f - p.fstar) <= tol:
        state["cost"] = len(points) + count["hv"]
    return not math.isinf(state["cost"]), state["cost"], f, None


def rho(costs, tau):
    """ρ(τ) per method over the problems (rows): the Dolan–Moré profile."""
    costs = np.asarray(costs, dtype=float)
    out = []
    for s in range(costs.shape[1]):
        k = 0
        for row in costs:
            finite = row[np.isfinite(row)]
            if finite.size and np.isfinite(row[s]) and row[s] <= tau * finite.min() * (1 + 1e-12):
                k += 1
        out.append(k / costs.shape[0])
    return out


def main():
    global OUT
    ap = argparse.ArgumentParser()
    ap.add_argument("--sfn", default=os.path.join(ROOT, ".build/release/sfn"))
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--out", default=os.path.join(BENCH, "results"))
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: mgh,saddles,mlp,scipy")
    a = ap.parse_args()
    OUT = os.path.abspath(a.out)
    os.makedirs(OUT, exist_ok=True)
    skip = set(filter(None, a.skip.split(",")))
    newer = [m for m in NEWER if has_builtin(a.sfn, m.strip('"').split("_")[0])]
    methods = SFN_METHODS + newer
    print(f"# sfn methods: {', '.join(methods)}", file=sys.stderr)

    if "mgh" not in skip:
        run_sfn(a.sfn, mgh_script(methods, a.steps), "methods_mgh.sfn")
        with open(f"{OUT}/sfn-mgh.json") as f:
            c = json.load(f)
        with open(f"{OUT}/sfn-mgh-f0.json") as f:
            f0 = json.load(f)
        for p, v in zip(PROBLEMS, f0):
            assert abs(p.f(p.x0) - v) <= 1e-10 * max(1, abs(v)), f"{p.name}: f(x0) {p.f(p.x0)} (python) vs {v} (sfn)"
        names = c["methods"]
        cost = [[math.inf if isinstance(x, str) else x for x in row] for row in c["cost"]]
        notes = c["notes"]
        if "scipy" not in skip:
            for method in SCIPY_METHODS:
                started = time.time()
                for i, p in enumerate(PROBLEMS):
                    solved, k, f, note = scipy_run(p, method, a.steps)
                    cost[i].append(k)
                    if note:
                        notes.append(f"{p.name} / scipy {method}: {note}")
                print(f"# scipy {method}: {time.time() - started:.1f} s", file=sys.stderr)
                names.append("scipy " + method)
        with open(f"{OUT}/mgh-all.json", "w") as f:
            json.dump({"methods": names, "problems": c["problems"], "cost": cost, "notes": notes}, f,
                      allow_nan=True, indent=1)
        print(f"\n## MGH, {a.steps} steps\n")
        taus = [1, 2, 4, 8, 16, 1e9]
        print("| method | solved | " + " | ".join(f"ρ({t:g})" if t < 1e9 else "ρ(∞)" for t in taus) + " |")
        print("|---|---|" + "---|" * len(taus))
        rows = np.array(cost, dtype=float)
        values = [rho(rows, t) for t in taus]
        for s, name in enumerate(names):
            solved = int(np.isfinite(rows[:, s]).sum())
            print(f"| `{name}` | {solved}/{len(PROBLEMS)} | " + " | ".join(f"{v[s]:.2f}" for v in values) + " |")
        print("\nUnsolved per method:")
        for s, name in enumerate(names):
            missed = [c["problems"][i] for i in range(len(PROBLEMS)) if not np.isfinite(rows[i, s])]
            print(f"- `{name}`: {', '.join(missed) or 'none'}")
        if notes:
            print("\nNotes:\n" + "\n".join(f"- {n}" for n in notes))

    if "saddles" not in skip:
        print(run_sfn(a.sfn, wrappers(methods, 200) + open(os.path.join(BENCH, "methods_saddles.sfn")).read()
                      .replace("METHODS", ", ".join(methods)).replace("OUT", OUT), "methods_saddles_run.sfn"))
    if "mlp" not in skip:
        print(run_sfn(a.sfn, open(os.path.join(BENCH, "methods_mlp.sfn")).read()
                      .replace("NEWER", "true" if newer else "false").replace("OUT", OUT), "methods_mlp_run.sfn"))


if __name__ == "__main__":
    main()
