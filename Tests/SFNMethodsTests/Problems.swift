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
