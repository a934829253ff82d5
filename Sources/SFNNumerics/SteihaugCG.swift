// Steihaug–Toint truncated conjugate gradients for the trust-region subproblem (`trust(solver="cg")`).

/// An approximate minimiser of the model gᵀp + ½pᵀHp within ‖p‖ ≤ Δ by conjugate gradients from
/// p = 0 (Steihaug 1983, Toint 1981; Nocedal and Wright 2006, Algorithm 7.2, as scipy's trust-ncg).
///
/// CG runs on Hp = −g and stops at the first of: the residual ‖Hp + g‖ ≤ `tolerance`; a direction
/// d of non-positive curvature dᵀHd ≤ 0, then p goes along d to the boundary; an iterate leaving the
/// region, then p stops where the segment crosses the boundary; or `maxIterations` products. Along
/// negative curvature both crossings of the boundary are compared and the one with the lower
/// model value taken (on the first iteration, d = −g, that is the downhill one). Each iteration
/// costs one product with H; Hp is kept up to date from them, so the model value costs none.
public struct SteihaugCG: Sendable {
    /// The step p.
    public var step: [Double]
    /// gᵀp + ½pᵀHp at p.
    public var model: Double
    /// Whether p lies on the boundary ‖p‖ = Δ.
    public var onBoundary: Bool
    /// Whether a direction of non-positive curvature ended the iteration.
    public var negativeCurvature: Bool
    /// Products with H used.
    public var iterations: Int

    /// Runs the truncated CG for gradient g and radius Δ.
    public init(gradient g: [Double], radius: Double, tolerance: Double, maxIterations: Int,
                operator apply: ([Double]) throws -> [Double]) rethrows {
        let m = g.count
        var p = [Double](repeating: 0, count: m), hp = p
        var r = g
        var d = g.map { -$0 }
        var rr = Vec.dot(r, r)
        var iterations = 0
        var boundary = false, negative = false
        func model(_ p: [Double], _ hp: [Double]) -> Double { Vec.dot(g, p) + 0.5 * Vec.dot(p, hp) }
        /// The τ's with ‖p + τd‖ = Δ (the smaller, then the larger).
        func crossings() -> (Double, Double) {
            let a = Vec.dot(d, d), b = 2 * Vec.dot(p, d), c = Vec.dot(p, p) - radius * radius
            let root = max(0, b * b - 4 * a * c).squareRoot()
            // The numerically stable pair of roots of aτ² + bτ + c.
            let q = -0.5 * (b + (b >= 0 ? root : -root))
            let t1 = q / a, t2 = q != 0 ? c / q : t1
            return (min(t1, t2), max(t1, t2))
        }
        while rr.squareRoot() > tolerance && iterations < maxIterations {
            let hd = try apply(d)
            iterations += 1
            let curvature = Vec.dot(d, hd)
            if !(curvature > 0) {
                let (ta, tb) = crossings()
                var pa = p, hpa = hp, pb = p, hpb = hp
                Vec.axpy(ta, d, &pa); Vec.axpy(ta, hd, &hpa)
                Vec.axpy(tb, d, &pb); Vec.axpy(tb, hd, &hpb)
                (p, hp) = model(pa, hpa) < model(pb, hpb) ? (pa, hpa) : (pb, hpb)
                boundary = true; negative = true
                break
            }
            let alpha = rr / curvature
            var next = p
            Vec.axpy(alpha, d, &next)
            if Vec.norm(next) >= radius {
                let (_, tb) = crossings()
                Vec.axpy(tb, d, &p); Vec.axpy(tb, hd, &hp)
                boundary = true
                break
            }
            p = next
            Vec.axpy(alpha, hd, &hp)
            Vec.axpy(alpha, hd, &r)
            let rrNext = Vec.dot(r, r)
            let beta = rrNext / rr
            rr = rrNext
            for i in 0..<m { d[i] = -r[i] + beta * d[i] }
        }
        step = p; self.model = model(p, hp); onBoundary = boundary; negativeCurvature = negative
        self.iterations = iterations
    }
}
