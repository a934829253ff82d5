#!/usr/bin/env python3
"""Peer benchmark for sfn: times the shared problems in JAX, PyTorch and NumPy.

Run from the repository root:

    python3 bench/peers.py [--json] [--threads N] [--peers jax,torch,numpy]
                           [--problems toy,rosen,mlp,wide] [--repeat R]

The problem definitions are a contract shared with `sfn-bench` (the Swift
side); bench/README.md spells them out. With --json every timed op is printed
as one JSON object per line:

    {"peer": "jax", "problem": "rosen", "op": "hvp", "median_s": ..., "value": ...}

where "value" is a checksum of the op's output (see `checksum` below), so the
numbers can be cross-checked against sfn with bench/compare.py.

If JAX is not importable, a virtual environment is created at bench/.venv, the
libraries are installed there from PyPI, and the script re-executes itself
with that environment's python. PyTorch from PyPI always drags in the CUDA
libraries (about 5 GB installed), so it is installed only with --install-torch;
without it, and without an importable torch, the torch peer is skipped.
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
VENV_DIR = BENCH_DIR / ".venv"
DIGITS_CSV = Path("/work/shared/data/digits.csv")

ALL_PEERS = ("jax", "torch", "numpy")
ALL_PROBLEMS = ("toy", "rosen", "mlp", "wide")

# Which ops each problem has, in the order they are run.
PROBLEM_OPS = {
    "toy": ("grad", "hessian"),
    "rosen": ("value_grad", "hvp"),
    "mlp": ("value_grad", "hvp", "hessian", "eigh"),
    "wide": ("value_grad", "hvp"),
}

# Layer shapes (rows, cols) of the weight matrices of the two MLPs.
MLP_SHAPES = ((64, 32), (32, 10))
WIDE_SHAPES = ((64, 1000), (1000, 1000), (1000, 10))

ROSEN_N = 1000
TARGET_SECONDS = 1.5     # aim for this much timed work per op,
MIN_REPEAT = 5           # with at least this many timed calls
MAX_REPEAT = 200_000     # and at most this many

REEXEC_MARKER = "SFN_BENCH_REEXECUTED"


def log(message):
    """Progress and diagnostics go to stderr, so stdout stays clean JSON."""
    print(f"[peers] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Command line and environment (threads, virtual environment)
# --------------------------------------------------------------------------

def comma_list(allowed):
    """argparse type: a comma-separated subset of `allowed`."""
    def parse(text):
        items = [item.strip() for item in text.split(",") if item.strip()]
        unknown = [item for item in items if item not in allowed]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown {unknown}; choose from {','.join(allowed)}")
        return items
    return parse


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object per op and line")
    parser.add_argument("--threads", type=threads_argument, default=1,
                        help="threads for BLAS, XLA and torch (default 1), or "
                             "'default': leave every library at its own default "
                             "on the whole machine, as a user who does not pin")
    parser.add_argument("--peers", type=comma_list(ALL_PEERS),
                        default=list(ALL_PEERS))
    parser.add_argument("--problems", type=comma_list(ALL_PROBLEMS),
                        default=list(ALL_PROBLEMS))
    parser.add_argument("--repeat", type=int, default=None,
                        help="timed calls per op (default: chosen per op)")
    parser.add_argument("--no-rss", action="store_true",
                        help="skip the wide hvp peak-RSS subprocesses")
    parser.add_argument("--install-torch", action="store_true",
                        help="allow installing torch (~5 GB with CUDA libs) "
                             "into bench/.venv")
    # Internal: run only the wide hvp for one peer and report peak RSS.
    parser.add_argument("--rss-child", choices=("jax", "torch"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def threads_argument(text):
    """--threads: a positive count, or 'default' (no pinning, no thread variables)."""
    if text == "default":
        return text
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number or 'default', got {text!r}")
    if n < 1:
        raise argparse.ArgumentTypeError("--threads must be at least 1")
    return n


def configure_threads(threads):
    """Pin the thread count of every numerical runtime, or with 'default' leave
    them as a user would find them (JAX then uses every core it may run on).

    Must run before numpy, jax or torch is imported: the BLAS libraries and
    XLA read these variables once, at load time. torch additionally gets
    torch.set_num_threads in TorchPeer.
    """
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    if threads == "default":
        return
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(threads)
    if threads == 1:
        os.environ["XLA_FLAGS"] = ("--xla_cpu_multi_thread_eigen=false "
                                   "intra_op_parallelism_threads=1")
    pin_to_cores(threads)


def pin_to_cores(threads):
    """Restrict this process (and its children) to `threads` cores.

    XLA's CPU runtime still runs independent parts of a computation on a pool
    of threads sized by the cores it may use, whatever XLA_FLAGS say (seen:
    two busy cores with threads=1). The affinity mask is what that pool is
    sized by, so pinning is what makes the thread count hold for JAX.
    """
    if not hasattr(os, "sched_setaffinity"):
        return
    allowed = sorted(os.sched_getaffinity(0))
    if threads < len(allowed):
        os.sched_setaffinity(0, allowed[:threads])


def module_available(name):
    """True if `name` can be found, without importing it."""
    import importlib.util
    return importlib.util.find_spec(name) is not None


def install_into_venv(packages):
    """Create bench/.venv if needed and pip-install `packages` into it.

    Returns the venv's python. Only PyPI is used, through pip.
    """
    python = VENV_DIR / "bin" / "python"
    started = time.perf_counter()
    if not python.exists():
        log(f"creating virtual environment {VENV_DIR}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)],
                       check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                        "--upgrade", "pip"], check=True)
    log(f"installing {' '.join(packages)} into {VENV_DIR} (from PyPI)")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *packages],
                   check=True)
    log(f"installation took {time.perf_counter() - started:.0f} s")
    return python


def missing_libraries(peers):
    """pip requirements for the selected peers' libraries that are missing."""
    requirements = {"jax": "jax[cpu]", "torch": "torch"}
    # The numpy peer decomposes a Hessian that JAX computes when it runs alone.
    needed = ["jax"] if "numpy" in peers else []
    needed += [peer for peer in peers if peer in requirements]
    return [requirements[lib] for lib in dict.fromkeys(needed)
            if not module_available(lib)]


def reexecute(python, marker):
    """Replace this process by the same command run with `python`."""
    os.environ[REEXEC_MARKER] = marker
    log(f"re-executing with {python}")
    os.execv(str(python), [str(python), str(Path(__file__).resolve()),
                           *sys.argv[1:]])


def ensure_libraries(args):
    """Make sure the selected peers' libraries can be imported.

    1. Everything importable by this python: done.
    2. Otherwise, if bench/.venv exists and this is not its python yet,
       re-execute with it (no installation).
    3. There, torch is dropped from args.peers if it is missing and
       --install-torch was not given; whatever else is missing is installed
       into bench/.venv, and the script re-executes once more.
    """
    if not missing_libraries(args.peers):
        return
    venv_python = VENV_DIR / "bin" / "python"
    running_venv = Path(sys.prefix).resolve() == VENV_DIR.resolve()
    if venv_python.exists() and not running_venv:
        reexecute(venv_python, "venv")

    if "torch" in args.peers and not module_available("torch") \
            and not args.install_torch:
        log("torch is not importable; skipping the torch peer "
            "(pass --install-torch to install it, ~5 GB with CUDA libraries)")
        args.peers = [peer for peer in args.peers if peer != "torch"]
    missing = missing_libraries(args.peers)
    if not missing:
        return
    if os.environ.get(REEXEC_MARKER) == "installed":
        sys.exit(f"still missing after installation: {missing}")
    reexecute(install_into_venv(missing), "installed")


# --------------------------------------------------------------------------
# Problem data, shared by all peers (plain numpy arrays)
# --------------------------------------------------------------------------

def load_digits(np):
    """X: 1797x64 pixels / 16, Y: 1797x10 one-hot labels."""
    table = np.loadtxt(DIGITS_CSV, delimiter=",", skiprows=1)
    pixels = table[:, :64] / 16.0
    labels = table[:, 64].astype(int)
    onehot = np.zeros((len(labels), 10))
    onehot[np.arange(len(labels)), labels] = 1.0
    return pixels, onehot


def parameter_count(shapes):
    return sum(rows * cols + cols for rows, cols in shapes)


def mlp_point(np, shapes, fan_in_scaled):
    """theta_i = 0.1 sin(i+1), divided by sqrt(fan_in) of its layer if asked."""
    index = np.arange(parameter_count(shapes), dtype=np.float64)
    theta = 0.1 * np.sin(index + 1.0)
    if fan_in_scaled:
        start = 0
        for rows, cols in shapes:
            size = rows * cols + cols
            theta[start:start + size] /= math.sqrt(rows)
            start += size
    return theta


def direction(np, size):
    """v_i = cos(i+1) for 0-based i."""
    return np.cos(np.arange(size, dtype=np.float64) + 1.0)


def rosen_point(np):
    """x_{2i-1} = -1.2, x_{2i} = 1 (1-based)."""
    x = np.ones(ROSEN_N)
    x[0::2] = -1.2
    return x


def problem_inputs(np, problem, digits):
    """(theta, v, X, Y, shapes) in numpy for `problem`; X, Y, shapes may be None."""
    if problem == "toy":
        return np.array([0.3, 0.7]), None, None, None, None
    if problem == "rosen":
        return rosen_point(np), direction(np, ROSEN_N), None, None, None
    shapes = MLP_SHAPES if problem == "mlp" else WIDE_SHAPES
    theta = mlp_point(np, shapes, fan_in_scaled=(problem == "wide"))
    pixels, onehot = digits
    return theta, direction(np, theta.size), pixels, onehot, shapes


# --------------------------------------------------------------------------
# Objectives, written once for jax.numpy and torch tensors alike
# --------------------------------------------------------------------------

def toy_objective(theta):
    """f(x, y) = x^2 - y^2 + y^4 / 4."""
    x, y = theta[0], theta[1]
    return x ** 2 - y ** 2 + y ** 4 / 4


def rosen_objective(x):
    """Extended Rosenbrock, vectorised over the (odd, even) pairs."""
    odd, even = x[0::2], x[1::2]  # x_{2i-1}, x_{2i} in 1-based terms
    return (100.0 * (even - odd ** 2) ** 2 + (1.0 - odd) ** 2).sum()


def unflatten(theta, shapes):
    """Split theta into [(W, b), ...], each W row-major (rows x cols)."""
    layers, start = [], 0
    for rows, cols in shapes:
        weight = theta[start:start + rows * cols].reshape(rows, cols)
        start += rows * cols
        bias = theta[start:start + cols]
        start += cols
        layers.append((weight, bias))
    return layers


def make_mlp_objective(X, Y, shapes, tanh, row_logsumexp):
    """tanh MLP with mean softmax cross-entropy, as a function of theta."""
    def objective(theta):
        layers = unflatten(theta, shapes)
        hidden = X
        for weight, bias in layers[:-1]:
            hidden = tanh(hidden @ weight + bias)
        weight, bias = layers[-1]
        logits = hidden @ weight + bias
        return (row_logsumexp(logits) - (Y * logits).sum(1)).mean()
    return objective


# --------------------------------------------------------------------------
# Checksums: the "value" field of each JSON line
# --------------------------------------------------------------------------

def checksum(op, result):
    """Float checksum of an op's output, plus extra fields.

    grad, hvp, hessian: sum of all entries of the output.
    value_grad: f(theta); the gradient's entry sum goes into "grad_sum".
    eigh: sum of the eigenvalues; min and max eigenvalue as extras.
    """
    if op == "value_grad":
        value, gradient = result
        return float(value), {"grad_sum": float(gradient.sum())}
    if op == "eigh":
        eigenvalues, _ = result
        return float(eigenvalues.sum()), {"eig_min": float(eigenvalues.min()),
                                          "eig_max": float(eigenvalues.max())}
    return float(result.sum()), {}


# --------------------------------------------------------------------------
# Peers. Each builds, per problem, a dict op -> zero-argument callable whose
# result is complete when it returns (JAX results are blocked on).
# --------------------------------------------------------------------------

class JaxPeer:
    """JAX with float64; every op jitted. (`threads` is set via environment.)"""
    name = "jax"

    def __init__(self, threads):
        import jax
        jax.config.update("jax_enable_x64", True)
        import jax.numpy as jnp
        import jax.scipy.special
        self.jax, self.jnp = jax, jnp
        from importlib.metadata import version
        self.version = f"jax {jax.__version__}, jaxlib {version('jaxlib')}"
        self.hessian_value = None

    def objective(self, problem, inputs):
        _, _, X, Y, shapes = inputs
        if problem == "toy":
            return toy_objective
        if problem == "rosen":
            return rosen_objective
        lse = lambda z: self.jax.scipy.special.logsumexp(z, axis=1)
        return make_mlp_objective(self.jnp.asarray(X), self.jnp.asarray(Y),
                                  shapes, self.jnp.tanh, lse)

    def ops(self, problem, inputs, wanted):
        jax, jnp = self.jax, self.jnp
        f = self.objective(problem, inputs)
        theta = jnp.asarray(inputs[0])
        v = None if inputs[1] is None else jnp.asarray(inputs[1])
        block = jax.block_until_ready

        grad = jax.jit(jax.grad(f))
        value_grad = jax.jit(jax.value_and_grad(f))
        hvp = jax.jit(lambda x, d: jax.jvp(jax.grad(f), (x,), (d,))[1])
        hessian = jax.jit(jax.hessian(f))
        eigh = jax.jit(jnp.linalg.eigh)

        table = {
            "grad": lambda: block(grad(theta)),
            "value_grad": lambda: block(value_grad(theta)),
            "hvp": lambda: block(hvp(theta, v)),
            "hessian": lambda: self._keep_hessian(block(hessian(theta))),
            "eigh": lambda: block(eigh(self.hessian_value)),
        }
        return {op: table[op] for op in wanted}

    def _keep_hessian(self, matrix):
        """Remember the last Hessian: it is the input of eigh."""
        self.hessian_value = matrix
        return matrix

    def hessian_numpy(self, problem, inputs):
        """The full Hessian as a numpy array (input for the numpy peer)."""
        import numpy as np
        f = self.objective(problem, inputs)
        matrix = self.jax.jit(self.jax.hessian(f))(self.jnp.asarray(inputs[0]))
        return np.asarray(matrix)


class TorchPeer:
    """PyTorch, eager, float64 tensors."""
    name = "torch"

    def __init__(self, threads):
        import warnings
        # torch.func imports deprecated torch.jit pieces; keep stderr readable.
        warnings.filterwarnings("ignore", category=FutureWarning,
                                module=r"torch\.")
        import torch
        if threads != "default":
            torch.set_num_threads(threads)
            torch.set_num_interop_threads(1)
        torch.set_default_dtype(torch.float64)
        self.torch = torch
        self.version = f"torch {torch.__version__}"
        self.hessian_value = None

    def tensor(self, array):
        return self.torch.tensor(array, dtype=self.torch.float64)

    def objective(self, problem, inputs):
        _, _, X, Y, shapes = inputs
        if problem == "toy":
            return toy_objective
        if problem == "rosen":
            return rosen_objective
        lse = lambda z: self.torch.logsumexp(z, dim=1)
        return make_mlp_objective(self.tensor(X), self.tensor(Y), shapes,
                                  self.torch.tanh, lse)

    def ops(self, problem, inputs, wanted):
        torch = self.torch
        func = torch.func
        f = self.objective(problem, inputs)
        theta = self.tensor(inputs[0])
        v = None if inputs[1] is None else self.tensor(inputs[1])

        def value_and_gradient():
            # First-order ops use classic reverse-mode autograd: the idiomatic
            # torch route, and about twice as fast as torch.func.grad eagerly.
            x = theta.detach().requires_grad_()
            value = f(x)
            (gradient,) = torch.autograd.grad(value, x)
            return value.detach(), gradient

        grad = func.grad(f)
        hessian = func.hessian(f)  # jacfwd(jacrev(f))

        def hvp():  # forward-over-reverse
            return func.jvp(grad, (theta,), (v,))[1]

        table = {
            "grad": lambda: value_and_gradient()[1],
            "value_grad": value_and_gradient,
            "hvp": hvp,
            "hessian": lambda: self._keep_hessian(hessian(theta)),
            "eigh": lambda: torch.linalg.eigh(self.hessian_value),
        }
        return {op: table[op] for op in wanted}

    def _keep_hessian(self, matrix):
        self.hessian_value = matrix
        return matrix


class NumpyPeer:
    """Only eigh (numpy.linalg.eigh) of the mlp Hessian; no autodiff."""
    name = "numpy"

    def __init__(self, threads):
        import numpy as np
        self.np = np
        self.version = f"numpy {np.__version__} ({blas_name(np)})"
        self.hessian_value = None

    def ops(self, problem, inputs, wanted):
        wanted = [op for op in wanted if op == "eigh"]
        if not wanted:
            return {}
        return {"eigh": lambda: self.np.linalg.eigh(self.hessian_value)}


def blas_name(np):
    """Name of the BLAS numpy was built with, if numpy says so."""
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version', '')}".strip()
    except Exception:  # older numpy or a different layout: not important
        return "BLAS unknown"


PEER_CLASSES = {"jax": JaxPeer, "torch": TorchPeer, "numpy": NumpyPeer}


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------

def choose_repeat(seconds_per_call):
    """Timed calls for an op: ~TARGET_SECONDS in total, within the bounds."""
    wanted = math.ceil(TARGET_SECONDS / max(seconds_per_call, 1e-9))
    return max(MIN_REPEAT, min(MAX_REPEAT, wanted))


def calibrate(run, budget_s=0.1):
    """Mean seconds per call over ~budget_s (at least one call), and a result."""
    calls, started = 0, time.perf_counter()
    while True:
        result = run()
        calls += 1
        elapsed = time.perf_counter() - started
        if elapsed >= budget_s:
            return elapsed / calls, result


def time_op(run, forced_repeat):
    """Warm up `run`, then time it.

    Returns (samples, cpu/wall over the timed loop, last result).
    The first call compiles (JAX) or initialises (torch.func) and is not
    timed; nor are the calls that estimate the cost per call (at least one).
    """
    run()
    if forced_repeat is None:
        repeat = choose_repeat(calibrate(run)[0])
    else:
        repeat = forced_repeat

    samples = []
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        samples.append(time.perf_counter() - started)
    wall = time.perf_counter() - wall_started
    cpu_per_wall = (time.process_time() - cpu_started) / wall
    return samples, cpu_per_wall, result


# --------------------------------------------------------------------------
# Peak memory of the wide hvp, measured in a fresh subprocess per peer
# --------------------------------------------------------------------------

def peak_rss_mb():
    """Peak resident set size of this process so far, in MiB.

    Reads VmHWM from /proc: ru_maxrss (resource.getrusage) is carried over
    fork and exec on Linux, so in a child of this (large) benchmark process
    it would report the parent's peak instead of the child's own.
    ru_maxrss is the fallback where /proc is not there.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_child(peer_name, threads):
    """Child process: set up wide, run its hvp twice, print peak RSS as JSON.

    The baseline is the peak after importing the library and building the
    inputs, before the first hvp: mostly the library's own code (torch's
    CUDA libraries are mapped even on CPU).
    """
    import numpy as np
    peer = PEER_CLASSES[peer_name](threads)
    inputs = problem_inputs(np, "wide", load_digits(np))
    run = peer.ops("wide", inputs, ["hvp"])["hvp"]
    baseline = peak_rss_mb()
    run()
    run()
    print(json.dumps({"peak_rss_mb": peak_rss_mb(), "baseline_rss_mb": baseline}))


def measure_wide_rss(peer_name, threads):
    """Run rss_child in a subprocess; returns its dict, or None on failure."""
    command = [sys.executable, str(Path(__file__).resolve()),
               "--threads", str(threads), "--rss-child", peer_name]
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        log(f"wide RSS child for {peer_name} failed:\n{finished.stderr[-2000:]}")
        return None
    return json.loads(finished.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------

def emit(record, as_json, rows):
    """Print a result line now (JSON mode) and keep it for the final table."""
    rows.append(record)
    if as_json:
        print(json.dumps(record), flush=True)


def warn_if_busy():
    """Timings are only meaningful on an otherwise idle machine: say if not."""
    if not hasattr(os, "getloadavg"):
        return
    load = os.getloadavg()[0]
    if load > 0.5:
        log(f"warning: 1-minute load average is {load:.2f} before starting; "
            f"other processes may disturb the timings (see cpu_per_wall)")


def start_peers(names, threads):
    """Instantiate the requested peers; a library that fails to load is skipped."""
    peers = []
    for name in names:
        try:
            peer = PEER_CLASSES[name](threads)
        except Exception as error:  # e.g. a torch wheel missing its libraries
            log(f"skipping {name}: {type(error).__name__}: {error}")
            continue
        log(f"{name}: {peer.version}")
        peers.append(peer)
    return peers


def hessian_source(peers):
    """The peer that provides the mlp Hessian for the numpy peer's eigh."""
    for peer in peers:
        if peer.name in ("jax", "torch"):
            return peer
    return JaxPeer(1)  # numpy alone: JAX only computes the input, untimed


def numpy_hessian(helper, problem, inputs):
    """The Hessian `helper` computed (or computes now, untimed) as numpy array."""
    import numpy as np
    if helper.hessian_value is not None:
        return np.array(helper.hessian_value)
    return helper.hessian_numpy(problem, inputs)


def run_problem(peer, problem, inputs, args, rows, helper):
    """Time every op of `problem` for `peer`, emitting one record per op."""
    wanted = list(PROBLEM_OPS[problem])
    if isinstance(peer, NumpyPeer):
        peer.hessian_value = numpy_hessian(helper, problem, inputs)
    for op, run in peer.ops(problem, inputs, wanted).items():
        log(f"{peer.name} {problem} {op} ...")
        samples, cpu_per_wall, result = time_op(run, args.repeat)
        value, extras = checksum(op, result)
        record = {"peer": peer.name, "problem": problem, "op": op,
                  "median_s": statistics.median(samples), "value": value,
                  **extras, "min_s": min(samples), "repeat": len(samples),
                  "threads": args.threads,
                  "cpu_per_wall": round(cpu_per_wall, 3),
                  "version": peer.version}
        emit(record, args.json, rows)
        del result
    if problem == "wide" and peer.name in ("jax", "torch") and not args.no_rss:
        log(f"{peer.name} wide hvp peak RSS (subprocess) ...")
        rss = measure_wide_rss(peer.name, args.threads)
        if rss is not None:
            emit({"peer": peer.name, "problem": "wide", "op": "hvp_peak_rss_mb",
                  "value": round(rss["peak_rss_mb"], 1),
                  "baseline_rss_mb": round(rss["baseline_rss_mb"], 1),
                  "threads": args.threads, "version": peer.version},
                 args.json, rows)


def print_table(rows):
    """Readable summary of all records."""
    header = f"{'peer':<6} {'problem':<7} {'op':<16} {'median':>12} {'repeat':>7}  value"
    print(header)
    print("-" * len(header))
    for row in rows:
        median = row.get("median_s")
        shown = "" if median is None else format_seconds(median)
        print(f"{row['peer']:<6} {row['problem']:<7} {row['op']:<16} "
              f"{shown:>12} {row.get('repeat', ''):>7}  {row['value']:.12g}")


def format_seconds(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} us"
    if seconds < 1.0:
        return f"{seconds * 1e3:.3f} ms"
    return f"{seconds:.3f} s"


def main(argv):
    args = parse_args(argv)
    configure_threads(args.threads)
    if args.rss_child:
        rss_child(args.rss_child, args.threads)
        return
    ensure_libraries(args)
    warn_if_busy()

    import numpy as np  # only now: after the thread variables are set
    # numpy last, so that the Hessian it decomposes already exists.
    order = sorted(args.peers, key=lambda name: name == "numpy")
    peers = start_peers(order, args.threads)
    digits = load_digits(np) if {"mlp", "wide"} & set(args.problems) else None
    helper = hessian_source(peers) if any(p.name == "numpy" for p in peers) else None

    rows = []
    for problem in args.problems:
        inputs = problem_inputs(np, problem, digits)
        for peer in peers:
            if peer.name == "numpy" and problem != "mlp":
                continue  # numpy only has eigh, which only mlp has
            run_problem(peer, problem, inputs, args, rows, helper)
    if not args.json:
        print_table(rows)


if __name__ == "__main__":
    main(sys.argv[1:])
