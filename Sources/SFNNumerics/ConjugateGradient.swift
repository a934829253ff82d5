/// Conjugate gradients for A x = b with A symmetric positive definite, given only v ↦ A v.
public struct ConjugateGradient: Sendable {
    /// The approximate solution.
    public var x: [Double]
    /// Iterations (operator applications) used.
    public var iterations: Int
    /// Final residual norm ‖b − A x‖ (recursively updated).
    public var residualNorm: Double
    /// Whether ‖r‖ ≤ tolerance · ‖b‖ was reached.
    public var converged: Bool
    /// True when a direction of non-positive curvature pᵀAp ≤ 0 stopped the iteration (A is not
    /// positive definite); x is then the last iterate before it.
    public var negativeCurvature: Bool

    /// Solves A x = b from `x0` (zero by default) to relative residual `tolerance`, in at most
    /// `maxIterations` steps.
    public init(tolerance: Double = 1e-10, maxIterations: Int, b: [Double], x0: [Double]? = nil,
                operator apply: ([Double]) throws -> [Double]) rethrows {
        let n = b.count
        var x = x0 ?? [Double](repeating: 0, count: n)
        var r = b
        var iterations = 0
        if x0 != nil {
            let ax = try apply(x); iterations += 1
            for i in 0..<n { r[i] -= ax[i] }
        }
        let bnorm = Vec.norm(b)
        var p = r
        var rr = Vec.dot(r, r)
        let target = tolerance * bnorm
        var negative = false
        var converged = rr.squareRoot() <= target
        while !converged && iterations < maxIterations {
            let ap = try apply(p)
            iterations += 1
            let pap = Vec.dot(p, ap)
            if !(pap > 0) { negative = true; break }
            let step = rr / pap
            Vec.axpy(step, p, &x)
            Vec.axpy(-step, ap, &r)
            let rrNew = Vec.dot(r, r)
            converged = rrNew.squareRoot() <= target
            let beta = rrNew / rr
            rr = rrNew
            for i in 0..<n { p[i] = r[i] + beta * p[i] }
        }
        self.x = x
        self.iterations = iterations
        self.residualNorm = rr.squareRoot()
        self.converged = converged
        self.negativeCurvature = negative
    }
}
