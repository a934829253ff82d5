"""The 35 Moré–Garbow–Hillstrom test problems, for scipy, written from the paper.

J. J. Moré, B. S. Garbow and K. E. Hillstrom, "Testing unconstrained optimization software",
ACM Transactions on Mathematical Software 7(1):17–41, 1981.

Each problem is f(x) = Σ fᵢ(x)², its residuals fᵢ built as sympy expressions so that the
gradient and Hessian scipy needs are exact (sympy differentiates, numpy evaluates). This file is
written independently of stdlib/mgh.sfn, from the same definitions, so that comparing the two
checks both. The dimensions chosen for the variable ones match stdlib/mgh.sfn's (and its
comments say why).

    from mgh import PROBLEMS
    p = PROBLEMS[0]; p.f(p.x0), p.grad(p.x0), p.hess(p.x0)
"""
from dataclasses import dataclass, field

import numpy as np
import sympy as sp


@dataclass
class Problem:
    number: int
    name: str
    x0: np.ndarray
    fstar: float            # the paper's value (where it gives one), refined as noted in stdlib/mgh.sfn
    residuals: list         # sympy expressions in the symbols `xs`
    xs: list
    xstar: list = field(default=None)   # a known minimiser, where the paper gives one in closed form

    def __post_init__(self):
        # Derivatives come from the residuals, formed when first asked for: with r the residual
        # vector and J its Jacobian, ∇f = 2Jᵀr and ∇²f = 2(JᵀJ + Σ rᵢ∇²rᵢ). Small expressions
        # per residual build far faster in sympy than derivatives of the whole sum.
        self._fexpr = sum(r**2 for r in self.residuals)
        self._f = sp.lambdify([self.xs], self._fexpr, "numpy")
        self._r = self._J = self._Hr = None

    def f(self, x):
        return float(self._f(list(x)))

    def _residuals(self, x):
        if self._r is None:
            self._r = sp.lambdify([self.xs], self.residuals, "numpy")
            self._J = sp.lambdify([self.xs], [[sp.diff(r, v) for v in self.xs] for r in self.residuals], "numpy")
        m, n = len(self.residuals), len(self.xs)
        r = np.array([float(v) for v in self._r(list(x))])
        J = np.array([[float(v) for v in row] for row in self._J(list(x))]).reshape(m, n)
        return r, J

    def grad(self, x):
        r, J = self._residuals(x)
        return 2 * J.T @ r

    def hess(self, x):
        r, J = self._residuals(x)
        if self._Hr is None:
            # |u|'s second derivative is 2δ(u): zero wherever it is evaluated (u ≠ 0, Gulf's yᵢ ≠ x2).
            self._Hr = sp.lambdify([self.xs], [[[sp.diff(ri, a, b) for b in self.xs] for a in self.xs]
                                               for ri in self.residuals],
                                   [{"DiracDelta": lambda u: 0 * u}, "numpy"])
        n = len(self.xs)
        Hr = np.array([[[float(v) for v in row] for row in Hi] for Hi in self._Hr(list(x))]).reshape(len(r), n, n)
        return 2 * (J.T @ J + np.einsum("i,ijk->jk", r, Hr))


def _symbols(n):
    return list(sp.symbols(f"x1:{n + 1}", real=True))


def _problems():
    P = []
    E = sp.exp

    # 1 Rosenbrock
    x = _symbols(2)
    P.append(Problem(1, "rosenbrock", np.array([-1.2, 1.0]), 0.0,
                     [10 * (x[1] - x[0]**2), 1 - x[0]], x, [1, 1]))
    # 2 Freudenstein and Roth (from x0 methods find the local minimum 48.9842…)
    x = _symbols(2)
    P.append(Problem(2, "freudenstein_roth", np.array([0.5, -2.0]), 0.0,
                     [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1],
                      -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]], x, [5, 4]))
    # 3 Powell badly scaled
    x = _symbols(2)
    P.append(Problem(3, "powell_badly_scaled", np.array([0.0, 1.0]), 0.0,
                     [10**4 * x[0] * x[1] - 1, E(-x[0]) + E(-x[1]) - sp.Rational(10001, 10000)], x))
    # 4 Brown badly scaled
    x = _symbols(2)
    P.append(Problem(4, "brown_badly_scaled", np.array([1.0, 1.0]), 0.0,
                     [x[0] - 10**6, x[1] - sp.Rational(2, 10**6), x[0] * x[1] - 2], x, [1e6, 2e-6]))
    # 5 Beale
    x = _symbols(2)
    ys = [sp.Rational(3, 2), sp.Rational(9, 4), sp.Rational(21, 8)]
    P.append(Problem(5, "beale", np.array([1.0, 1.0]), 0.0,
                     [ys[i - 1] - x[0] * (1 - x[1]**i) for i in range(1, 4)], x, [3, 0.5]))
    # 6 Jennrich and Sampson, m = 10
    x = _symbols(2)
    P.append(Problem(6, "jennrich_sampson", np.array([0.3, 0.4]), 124.36218235561473,
                     [2 + 2 * i - (E(i * x[0]) + E(i * x[1])) for i in range(1, 11)], x))
    # 7 Helical valley
    x = _symbols(3)
    theta = sp.Piecewise((sp.atan(x[1] / x[0]) / (2 * sp.pi), x[0] > 0),
                         (sp.atan(x[1] / x[0]) / (2 * sp.pi) + sp.Rational(1, 2), True))
    P.append(Problem(7, "helical_valley", np.array([-1.0, 0.0, 0.0]), 0.0,
                     [10 * (x[2] - 10 * theta), 10 * (sp.sqrt(x[0]**2 + x[1]**2) - 1), x[2]], x, [1, 0, 0]))
    # 8 Bard, m = 15
    x = _symbols(3)
    y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    r = []
    for i in range(1, 16):
        u, v = i, 16 - i
        w = min(u, v)
        r.append(y[i - 1] - (x[0] + u / (v * x[1] + w * x[2])))
    P.append(Problem(8, "bard", np.array([1.0, 1.0, 1.0]), 8.214877306578994e-3, r, x))
    # 9 Gaussian, m = 15
    x = _symbols(3)
    y = [0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989,
         0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009]
    r = [x[0] * E(-x[1] * (sp.Rational(8 - i, 2) - x[2])**2 / 2) - y[i - 1] for i in range(1, 16)]
    P.append(Problem(9, "gaussian", np.array([0.4, 1.0, 0.0]), 1.1279327696189e-8, r, x))
    # 10 Meyer, m = 16
    x = _symbols(3)
    y = [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744,
         8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872]
    r = [x[0] * E(x[1] / (45 + 5 * i + x[2])) - y[i - 1] for i in range(1, 17)]
    P.append(Problem(10, "meyer", np.array([0.02, 4000.0, 250.0]), 87.94585517018605, r, x))
    # 11 Gulf research and development, m = 99
    x = _symbols(3)
    r = []
    for i in range(1, 100):
        t = sp.Rational(i, 100)
        yi = 25 + (-50 * sp.log(t))**sp.Rational(2, 3)
        r.append(E(-sp.Abs(yi - x[1])**x[2] / x[0]) - t)
    P.append(Problem(11, "gulf", np.array([5.0, 2.5, 0.15]), 0.0, r, x, [50, 25, 1.5]))
    # 12 Box three-dimensional, m = 10
    x = _symbols(3)
    r = []
    for i in range(1, 11):
        t = sp.Rational(i, 10)
        r.append(E(-t * x[0]) - E(-t * x[1]) - x[2] * (E(-t) - E(-10 * t)))
    P.append(Problem(12, "box_3d", np.array([0.0, 10.0, 20.0]), 0.0, r, x, [1, 10, 1]))
    # 13 Powell singular
    x = _symbols(4)
    P.append(Problem(13, "powell_singular", np.array([3.0, -1.0, 0.0, 1.0]), 0.0,
                     [x[0] + 10 * x[1], sp.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2])**2,
                      sp.sqrt(10) * (x[0] - x[3])**2], x, [0, 0, 0, 0]))
    # 14 Wood
    x = _symbols(4)
    P.append(Problem(14, "wood", np.array([-3.0, -1.0, -3.0, -1.0]), 0.0,
                     [10 * (x[1] - x[0]**2), 1 - x[0], sp.sqrt(90) * (x[3] - x[2]**2), 1 - x[2],
                      sp.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / sp.sqrt(10)], x, [1, 1, 1, 1]))
    # 15 Kowalik and Osborne, m = 11
    x = _symbols(4)
    y = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    u = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
    r = [y[i] - x[0] * (u[i]**2 + u[i] * x[1]) / (u[i]**2 + u[i] * x[2] + x[3]) for i in range(11)]
    P.append(Problem(15, "kowalik_osborne", np.array([0.25, 0.39, 0.415, 0.39]), 3.0750560385e-4, r, x))
    # 16 Brown and Dennis, m = 20
    x = _symbols(4)
    r = []
    for i in range(1, 21):
        t = sp.Rational(i, 5)
        r.append((x[0] + t * x[1] - E(t))**2 + (x[2] + x[3] * sp.sin(t) - sp.cos(t))**2)
    P.append(Problem(16, "brown_dennis", np.array([25.0, 5.0, -5.0, -1.0]), 85822.20162635634, r, x))
    # 17 Osborne 1, m = 33
    x = _symbols(5)
    y = [0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718,
         0.685, 0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467,
         0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406]
    r = [y[i - 1] - (x[0] + x[1] * E(-10 * (i - 1) * x[3]) + x[2] * E(-10 * (i - 1) * x[4]))
         for i in range(1, 34)]
    P.append(Problem(17, "osborne1", np.array([0.5, 1.5, -1.0, 0.01, 0.02]), 5.464894697482e-5, r, x))
    # 18 Biggs EXP6, m = 13
    x = _symbols(6)
    r = []
    for i in range(1, 14):
        t = sp.Rational(i, 10)
        yi = E(-t) - 5 * E(-10 * t) + 3 * E(-4 * t)
        r.append(x[2] * E(-t * x[0]) - x[3] * E(-t * x[1]) + x[5] * E(-t * x[4]) - yi)
    P.append(Problem(18, "biggs_exp6", np.array([1.0, 2.0, 1.0, 1.0, 1.0, 1.0]), 0.0, r, x, [1, 10, 1, 5, 4, 3]))
    # 19 Osborne 2, m = 65
    x = _symbols(11)
    y = [1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679,
         0.608, 0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644,
         0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391,
         0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668,
         0.645, 0.632, 0.591, 0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581,
         0.428, 0.292, 0.162, 0.098, 0.054]
    r = []
    for i in range(1, 66):
        t = sp.Rational(i - 1, 10)
        r.append(y[i - 1] - (x[0] * E(-t * x[4]) + x[1] * E(-(t - x[8])**2 * x[5])
                             + x[2] * E(-(t - x[9])**2 * x[6]) + x[3] * E(-(t - x[10])**2 * x[7])))
    P.append(Problem(19, "osborne2", np.array([1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5]),
                     4.013773629354e-2, r, x))
    # 20 Watson, n = 6, m = 31
    n = 6
    x = _symbols(n)
    r = []
    for i in range(1, 30):
        t = sp.Rational(i, 29)
        s1 = sum((j - 1) * x[j - 1] * t**(j - 2) for j in range(2, n + 1))
        s2 = sum(x[j - 1] * t**(j - 1) for j in range(1, n + 1))
        r.append(s1 - s2**2 - 1)
    r += [x[0], x[1] - x[0]**2 - 1]
    P.append(Problem(20, "watson", np.zeros(n), 2.287670053552e-3, r, x))
    # 21 Extended Rosenbrock, n = 10
    n = 10
    x = _symbols(n)
    r = []
    for i in range(1, n // 2 + 1):
        r += [10 * (x[2 * i - 1] - x[2 * i - 2]**2), 1 - x[2 * i - 2]]
    P.append(Problem(21, "extended_rosenbrock", np.tile([-1.2, 1.0], n // 2), 0.0, r, x, [1] * n))
    # 22 Extended Powell singular, n = 8
    n = 8
    x = _symbols(n)
    r = []
    for i in range(1, n // 4 + 1):
        a, b, c, d = x[4 * i - 4], x[4 * i - 3], x[4 * i - 2], x[4 * i - 1]
        r += [a + 10 * b, sp.sqrt(5) * (c - d), (b - 2 * c)**2, sp.sqrt(10) * (a - d)**2]
    P.append(Problem(22, "extended_powell", np.tile([3.0, -1.0, 0.0, 1.0], n // 4), 0.0, r, x, [0] * n))
    # 23 Penalty I, n = 4
    n = 4
    x = _symbols(n)
    r = [sp.sqrt(sp.Rational(1, 10**5)) * (x[i] - 1) for i in range(n)]
    r.append(sum(v**2 for v in x) - sp.Rational(1, 4))
    P.append(Problem(23, "penalty1", np.arange(1.0, n + 1), 2.249975227810e-5, r, x))
    # 24 Penalty II, n = 4
    n = 4
    x = _symbols(n)
    a = sp.Rational(1, 10**5)
    r = [x[0] - sp.Rational(1, 5)]
    for i in range(2, n + 1):
        yi = E(sp.Rational(i, 10)) + E(sp.Rational(i - 1, 10))
        r.append(sp.sqrt(a) * (E(x[i - 1] / 10) + E(x[i - 2] / 10) - yi))
    for i in range(n + 1, 2 * n):
        r.append(sp.sqrt(a) * (E(x[i - n] / 10) - E(sp.Rational(-1, 10))))
    r.append(sum((n - j + 1) * x[j - 1]**2 for j in range(1, n + 1)) - 1)
    P.append(Problem(24, "penalty2", np.full(n, 0.5), 9.376293007355e-6, r, x))
    # 25 Variably dimensioned, n = 10
    n = 10
    x = _symbols(n)
    s = sum((j + 1) * (x[j] - 1) for j in range(n))
    r = [x[j] - 1 for j in range(n)] + [s, s**2]
    P.append(Problem(25, "variably_dimensioned", np.array([1 - j / n for j in range(1, n + 1)]), 0.0, r, x, [1] * n))
    # 26 Trigonometric, n = 10
    n = 10
    x = _symbols(n)
    c = sum(sp.cos(v) for v in x)
    r = [n - c + (i + 1) * (1 - sp.cos(x[i])) - sp.sin(x[i]) for i in range(n)]
    P.append(Problem(26, "trigonometric", np.full(n, 1 / n), 0.0, r, x))
    # 27 Brown almost-linear, n = 10
    n = 10
    x = _symbols(n)
    s = sum(x)
    r = [x[i] + s - (n + 1) for i in range(n - 1)] + [sp.prod(x) - 1]
    P.append(Problem(27, "brown_almost_linear", np.full(n, 0.5), 0.0, r, x, [1] * n))
    # 28 Discrete boundary value, n = 10
    n = 10
    x = _symbols(n)
    h = sp.Rational(1, n + 1)
    xe = [0] + x + [0]
    r = [2 * xe[i] - xe[i - 1] - xe[i + 1] + h**2 * (xe[i] + i * h + 1)**3 / 2 for i in range(1, n + 1)]
    x0 = np.array([(j / (n + 1)) * (j / (n + 1) - 1) for j in range(1, n + 1)])
    P.append(Problem(28, "discrete_boundary", x0, 0.0, r, x))
    # 29 Discrete integral equation, n = 10
    n = 10
    x = _symbols(n)
    t = [sp.Rational(j, n + 1) for j in range(1, n + 1)]
    cube = [(x[j] + t[j] + 1)**3 for j in range(n)]
    r = []
    for i in range(n):
        left = sum(t[j] * cube[j] for j in range(i + 1))
        right = sum((1 - t[j]) * cube[j] for j in range(i + 1, n))
        r.append(x[i] + h * ((1 - t[i]) * left + t[i] * right) / 2)
    P.append(Problem(29, "discrete_integral", x0.copy(), 0.0, r, x))
    # 30 Broyden tridiagonal, n = 10
    n = 10
    x = _symbols(n)
    xe = [0] + x + [0]
    r = [(3 - 2 * xe[i]) * xe[i] - xe[i - 1] - 2 * xe[i + 1] + 1 for i in range(1, n + 1)]
    P.append(Problem(30, "broyden_tridiagonal", np.full(n, -1.0), 0.0, r, x))
    # 31 Broyden banded, n = 10 (ml = 5, mu = 1)
    n = 10
    x = _symbols(n)
    r = []
    for i in range(1, n + 1):
        J = [j for j in range(max(1, i - 5), min(n, i + 1) + 1) if j != i]
        r.append(x[i - 1] * (2 + 5 * x[i - 1]**2) + 1 - sum(x[j - 1] * (1 + x[j - 1]) for j in J))
    P.append(Problem(31, "broyden_banded", np.full(n, -1.0), 0.0, r, x))
    # 32 Linear function, full rank, n = 10, m = 20
    n, m = 10, 20
    x = _symbols(n)
    s = sum(x)
    r = [x[i] - sp.Rational(2, m) * s - 1 for i in range(n)] + [-sp.Rational(2, m) * s - 1] * (m - n)
    P.append(Problem(32, "linear_full_rank", np.ones(n), float(m - n), r, x, [-1] * n))
    # 33 Linear function, rank 1, n = 10, m = 20
    s = sum((j + 1) * x[j] for j in range(n))
    r = [i * s - 1 for i in range(1, m + 1)]
    P.append(Problem(33, "linear_rank1", np.ones(n), m * (m - 1) / (2 * (2 * m + 1)), r, x))
    # 34 Linear function, rank 1 with zero columns and rows, n = 10, m = 20
    s = sum((j + 1) * x[j] for j in range(1, n - 1))
    r = [sp.Integer(-1)] + [(i - 1) * s - 1 for i in range(2, m)] + [sp.Integer(-1)]
    P.append(Problem(34, "linear_rank1_zero", np.ones(n), (m * m + 3 * m - 6) / (2 * (2 * m - 3)), r, x))
    # 35 Chebyquad, n = m = 8
    n = 8
    x = _symbols(n)
    r = []
    for i in range(1, n + 1):
        # Tᵢ shifted to [0, 1]: Tᵢ(2x − 1); its integral over [0, 1] is −1/(i² − 1) for even i, 0 for odd i.
        avg = sum(sp.chebyshevt(i, 2 * v - 1) for v in x) / n
        integral = sp.Rational(-1, i * i - 1) if i % 2 == 0 else 0
        r.append(sp.expand(avg) - integral)
    P.append(Problem(35, "chebyquad", np.array([j / (n + 1) for j in range(1, n + 1)]), 3.516873725383e-3, r, x))
    return P


PROBLEMS = _problems()

if __name__ == "__main__":
    for p in PROBLEMS:
        print(f"{p.number:2d} {p.name:22s} n={len(p.x0):2d} f(x0)={p.f(p.x0):.15g}"
              + (f" f(x*)={p.f(p.xstar):.3g}" if p.xstar is not None else ""))
