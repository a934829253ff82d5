// Hand-written objectives with exact derivatives, shared by the method tests.
import Foundation
import SFNMethods
import SFNNumerics

enum Problems {
    /// f = x² − y²: a strict saddle at the origin, unbounded below.
    static func saddle() -> ClosureObjective {
        ClosureObjective(dimension: 2, value: { x in x[0] * x[0] - x[1] * x[1] },
                         gradient: { x in [2 * x[0], -2 * x[1]] },
                         hessian: { _ in Tensor(rows: [[2, 0], [0, -2]]) })
    }

    /// f = x² − y² + y⁴/4: saddle at the origin, minima (0, ±√2) with f = −1.
    static func quarticSaddle() -> ClosureObjective {
        ClosureObjective(dimension: 2,
                         value: { x in x[0] * x[0] - x[1] * x[1] + x[1] * x[1] * x[1] * x[1] / 4 },
                         gradient: { x in [2 * x[0], -2 * x[1] + x[1] * x[1] * x[1]] },
                         hessian: { x in Tensor(rows: [[2, 0], [0, -2 + 3 * x[1] * x[1]]]) })
    }

    /// f = a x² + b y² (a, b of either sign).
    static func quadratic(_ a: Double, _ b: Double) -> ClosureObjective {
        ClosureObjective(dimension: 2, value: { x in a * x[0] * x[0] + b * x[1] * x[1] },
                         gradient: { x in [2 * a * x[0], 2 * b * x[1]] },
                         hessian: { _ in Tensor(rows: [[2 * a, 0], [0, 2 * b]]) })
    }

    /// Monkey saddle f = x³ − 3xy²: H = 0 at the origin.
    static func monkeySaddle() -> ClosureObjective {
        ClosureObjective(dimension: 2,
                         value: { x in x[0] * x[0] * x[0] - 3 * x[0] * x[1] * x[1] },
                         gradient: { x in [3 * x[0] * x[0] - 3 * x[1] * x[1], -6 * x[0] * x[1]] },
                         hessian: { x in Tensor(rows: [[6 * x[0], -6 * x[1]], [-6 * x[1], -6 * x[0]]]) })
    }

    /// Mexican hat f = (x² + y² − 1)²: a maximum at the origin, a ring of minima at radius 1.
    static func mexicanHat() -> ClosureObjective {
        ClosureObjective(dimension: 2,
                         value: { x in let r = x[0] * x[0] + x[1] * x[1] - 1; return r * r },
                         gradient: { x in let r = x[0] * x[0] + x[1] * x[1] - 1; return [4 * r * x[0], 4 * r * x[1]] },
                         hessian: { x in
                             let r = x[0] * x[0] + x[1] * x[1] - 1
                             return Tensor(rows: [[4 * r + 8 * x[0] * x[0], 8 * x[0] * x[1]],
                                                  [8 * x[0] * x[1], 4 * r + 8 * x[1] * x[1]]])
                         })
    }

    /// Rosenbrock f = (1 − x)² + 100(y − x²)², minimum (1, 1).
    static func rosenbrock() -> ClosureObjective {
        ClosureObjective(dimension: 2,
                         value: { x in let a = 1 - x[0], b = x[1] - x[0] * x[0]; return a * a + 100 * b * b },
                         gradient: { x in
                             let b = x[1] - x[0] * x[0]
                             return [-2 * (1 - x[0]) - 400 * x[0] * b, 200 * b]
                         },
                         hessian: { x in
                             Tensor(rows: [[2 - 400 * (x[1] - 3 * x[0] * x[0]), -400 * x[0]],
                                           [-400 * x[0], 200]])
                         })
    }

    /// A residual rᵢ(x) with its gradient and Hessian, for sums of squares.
    typealias Residual = (r: Double, gradient: [Double], hessian: [[Double]])

    /// f = Σ rᵢ², with ∇f = 2 Σ rᵢ∇rᵢ and H = 2 Σ (∇rᵢ∇rᵢᵀ + rᵢ∇²rᵢ), from closed-form residuals.
    static func sumOfSquares(dimension m: Int, _ residuals: @escaping @Sendable ([Double]) -> [Residual]) -> ClosureObjective {
        ClosureObjective(dimension: m,
                         value: { x in residuals(x).reduce(0) { $0 + $1.r * $1.r } },
                         gradient: { x in
                             residuals(x).reduce(into: [Double](repeating: 0, count: m)) { g, res in
                                 for i in 0..<m { g[i] += 2 * res.r * res.gradient[i] }
                             }
                         },
                         hessian: { x in
                             var h = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
                             for res in residuals(x) {
                                 for i in 0..<m {
                                     for j in 0..<m {
                                         h[i][j] += 2 * (res.gradient[i] * res.gradient[j] + res.r * res.hessian[i][j])
                                     }
                                 }
                             }
                             return Tensor(rows: h)
                         })
    }

    /// Beale's function, Σᵢ (cᵢ − x + x yⁱ)² with c = (1.5, 2.25, 2.625): minimum (3, 0.5); a saddle
    /// at (0, 1) on the level set f = 14.203125 through the standard start (1, 1).
    static func beale() -> ClosureObjective {
        sumOfSquares(dimension: 2) { v in
            let (x, y) = (v[0], v[1])
            return [1.5, 2.25, 2.625].enumerated().map { k, c in
                let i = Double(k + 1)
                let yi = Foundation.pow(y, i), yi1 = Foundation.pow(y, i - 1)
                let yi2 = k == 0 ? 0 : Foundation.pow(y, i - 2)
                return (c - x + x * yi, [yi - 1, i * x * yi1], [[0, i * yi1], [i * yi1, i * (i - 1) * x * yi2]])
            }
        }
    }

    /// Powell's badly scaled function (1e4·xy − 1)² + (e⁻ˣ + e⁻ʸ − 1.0001)²: minimum near
    /// (1.098e-5, 9.106), where the Hessian's eigenvalues are about 1.7e10 and 2.4e-8.
    static func powellBadlyScaled() -> ClosureObjective {
        sumOfSquares(dimension: 2) { v in
            let (x, y) = (v[0], v[1])
            let ex = Foundation.exp(-x), ey = Foundation.exp(-y)
            return [(1e4 * x * y - 1, [1e4 * y, 1e4 * x], [[0, 1e4], [1e4, 0]]),
                    (ex + ey - 1.0001, [-ex, -ey], [[ex, 0], [0, ey]])]
        }
    }

    /// Brown's badly scaled function (x − 10⁶)² + (y − 2·10⁻⁶)² + (xy − 2)²: minimum (10⁶, 2·10⁻⁶),
    /// f = 0, where the Hessian's eigenvalues are about 2 and 2·10¹².
    static func brownBadlyScaled() -> ClosureObjective {
        sumOfSquares(dimension: 2) { v in
            let (x, y) = (v[0], v[1])
            return [(x - 1e6, [1, 0], [[0, 0], [0, 0]]), (y - 2e-6, [0, 1], [[0, 0], [0, 0]]),
                    (x * y - 2, [y, x], [[0, 1], [1, 0]])]
        }
    }

    /// f = log(x), whose gradient descent walks into x < 0 (NaN).
    static func logarithm() -> ClosureObjective {
        ClosureObjective(dimension: 1, value: { x in Foundation.log(x[0]) },
                         gradient: { x in [1 / x[0]] },
                         hessian: { x in Tensor(rows: [[-1 / (x[0] * x[0])]]) })
    }
}

/// |a − b| ≤ tol for every pair.
func close(_ a: [Double], _ b: [Double], _ tol: Double) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol }
}
