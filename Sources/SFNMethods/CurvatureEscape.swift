// The matrix-free escape from saddles shared by sfhf, arc, trust and rsfn: the most negative
// curvature from a Lanczos process on H·v products, and a step along it that lowers f.
import SFNNumerics

/// Escape from first-order stationary points along negative curvature, from Hessian-vector products
/// only (the matrix-free counterpart of exact `sfn`'s escape, ``SaddleFreeNewton``).
///
/// ## The test
/// Where ‖∇f‖ ≤ tol, a Lanczos process on H from a random start (SplitMix64, a fixed seed; every
/// test draws a fresh vector) estimates λ_min: Lanczos finds the extreme eigenvalues first, and a
/// random start has a component along every eigenvector with probability one — the gradient,
/// which is zero or noise there, would not do. It runs until the lowest Ritz pair's residual
/// β_k|s_k| is at most 10⁻³·max(1, max|θ|), or the lowest Ritz value is already below the
/// threshold with a residual under a tenth of itself, or the Krylov space is invariant, or after
/// `maxSteps` products (default min(m, 100)). When the lowest Ritz value θ₁ is below
/// −`tolerance`·max(1, max|θ|) (10⁻⁶, `classify`'s zero rule, as for `sfn`), the point is a saddle
/// to be left; otherwise the run has converged to a second-order stationary point, in the sense
/// "no negative curvature found by that Lanczos run". The basis is kept (one pass) when m·maxSteps
/// doubles fit in 64 MB, else regenerated for the Ritz vector (O(m) memory, up to twice the products).
///
/// ## The step
/// Along the unit Ritz vector v (Rayleigh quotient θ₁ < 0), both sides are tried at a first length
/// t₀ that the method derives from the curvature (`arc`: |θ₁|/σ, the minimiser of the cubic model
/// along v; `trust`: the radius; `sfhf` and `rsfn`: 1, as `sfn`). The side with the lower f is
/// kept — at g = 0 the second-order terms tie and only f can tell — and t doubles while f keeps
/// falling (at most 20 times); if neither side lowers f, t halves (at most 60 times) until one
/// does, else the run stops `"stalled"`. f never rises.
public struct CurvatureEscape {
    /// Relative size below which a negative Ritz value counts as zero.
    public var tolerance: Double
    /// The most Lanczos steps (products) for one test.
    public var maxSteps: Int?
    /// The most memory the kept Lanczos basis may take, in bytes; beyond it the basis is
    /// regenerated for the Ritz vector (O(m) memory, up to twice the products).
    public var basisBudget = LanczosFunction.Storage.defaultBudget
    private var rng: SplitMix64
    /// Escape steps taken.
    public private(set) var escapes = 0
    /// The test's outcome at the last point it looked at (the convergence test and the step that
    /// follows at the same θ share it).
    private var cached: (x: [Double], found: Direction?)?

    /// Negative curvature found at a point.
    public struct Direction: Sendable {
        /// A unit vector with vᵀHv = `curvature`.
        public var vector: [Double]
        /// The Ritz value θ₁ < 0.
        public var curvature: Double
    }

    /// An escape with `classify`'s tolerance and a seeded random start.
    public init(tolerance: Double = 1e-6, maxSteps: Int? = nil, seed: UInt64 = 0xE5CA_9E) {
        self.tolerance = tolerance; self.maxSteps = maxSteps; rng = SplitMix64(seed: seed)
    }

    /// ‖∇f‖ ≤ tol and no negative curvature found: a second-order stationary point.
    public mutating func isStationary(_ current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        guard current.gnorm <= context.tol else { return false }
        return try direction(at: current, in: context) == nil
    }

    /// Where ‖∇f‖ ≤ tol, the direction of negative curvature to leave along (nil: none, or the
    /// gradient test does not pass).
    public mutating func direction(at current: Iterate, in context: StepContext) throws(MethodStop) -> Direction? {
        guard current.gnorm <= context.tol else { return nil }
        if let cached, cached.x == current.x { return cached.found }
        let found = try lowest(at: current.x, in: context)
        cached = (current.x, found)
        return found
    }

    /// The Lanczos estimate of the lowest eigenpair, when it is below the threshold.
    private mutating func lowest(at x: [Double], in context: StepContext) throws(MethodStop) -> Direction? {
        let m = context.dimension
        let cap = max(1, min(maxSteps ?? 100, m))
        var process = LanczosFunction(start: rng.normals(m), storage: .fitting(dimension: m, steps: cap, budget: basisBudget))
        let apply = { (v: [Double]) throws(MethodStop) -> [Double] in try context.hessianVectorProduct(at: x, v) }
        var eig: SymmetricEigen?
        do {
            while process.canStep && process.steps < cap {
                try process.step(operator: apply)
                let e = try process.eigen()
                eig = e
                guard let t1 = e.values.first, let s = e.vectors else { continue }
                let scale = max(1, e.values.reduce(0) { max($0, abs($1)) })
                let residual = abs((process.beta.last ?? 0) * s[e.values.count - 1, 0])
                if residual <= 1e-3 * scale { break }
                if t1 < -tolerance * scale && residual <= 0.1 * abs(t1) { break }
            }
            if eig == nil || process.failed { eig = try process.eigen() }
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        guard process.failed == false else { throw .nonFinite }
        guard let e = eig, let t1 = e.values.first, let s = e.vectors else { return nil }
        let scale = max(1, e.values.reduce(0) { max($0, abs($1)) })
        guard t1 < -tolerance * scale else { return nil }
        // The Ritz vector Q s₁: coefficients s₁ in the Lanczos basis.
        let coefficients = (0..<e.values.count).map { s[$0, 0] }
        var v: [Double]
        do { v = try process.combine([coefficients], operator: apply)[0] } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        let n = Vec.norm(v)
        guard n > 0, n.isFinite else { return nil }
        v = v.map { $0 / n }
        return Direction(vector: v, curvature: t1)
    }

    /// The escape step along `direction`, first trying length `initialLength` on both sides.
    public mutating func step(from current: Iterate, along direction: Direction, initialLength: Double,
                              in context: StepContext) throws(MethodStop) -> StepReport {
        let v = direction.vector
        func point(_ t: Double) -> [Double] { var x = current.x; Vec.axpy(t, v, &x); return x }
        func better(_ t: Double) throws(MethodStop) -> (t: Double, f: Double) {
            let plus = try context.value(at: point(t)), minus = try context.value(at: point(-t))
            // NaN never wins: it compares false.
            return minus < plus || (plus.isNaN && !minus.isNaN) ? (-t, minus) : (t, plus)
        }
        var t0 = initialLength.isFinite && initialLength > 0 ? initialLength : 1
        var (t, f) = try better(t0)
        if f < current.f {
            for _ in 0..<20 {
                let fNext = try context.value(at: point(2 * t))
                guard fNext < f else { break }
                t *= 2; f = fNext
            }
        } else {
            var found = false
            for _ in 0..<60 {
                t0 /= 2
                (t, f) = try better(t0)
                if f < current.f { found = true; break }
            }
            guard found else { throw .stalled }
        }
        escapes += 1
        return StepReport(next: try context.iterate(at: point(t)), note: "escape t=\(t)")
    }
}
