// `sfn` (exact): the saddle-free Newton step −(|H| + λI)⁻¹g, with escape from strict saddles.
import SFNNumerics

/// Exact saddle-free Newton (SFN): Δ = −V (|Λ| + λI)⁻¹ Vᵀ g, where H = V Λ Vᵀ.
///
/// ## Algorithm
/// Each step forms the Hessian (m hvps) and eigendecomposes it (LAPACK `dsyevd`). Replacing each
/// eigenvalue by its absolute value keeps Newton's rescaling (short steps along high curvature,
/// long ones along low) while every eigendirection becomes a descent direction: along negative
/// curvature the step moves *away* from the critical point, so saddles repel instead of attract.
/// λ comes from ``Damping``: `.auto` (the default) picks the rung of Dauphin's ladder that most
/// lowers f, climbing above it if none does; the ladder slides a decade lower each time its
/// bottom rung wins, down to 10⁻²⁰·max(1, max|λᵢ|) from the step's own eigenvalues, and comes back
/// up when a larger rung wins (see ``DampingLadder``); `.fixed(λ)` uses one value;
/// `.fixed(0)` stops with `"singular"` at an eigenvalue too small to divide by.
///
/// ## Escape (`escape=true`, the default)
/// Where ‖g‖ ≤ tol the plain step vanishes even at a saddle. With `escape`, the convergence test
/// also asks that the smallest eigenvalue be ≥ −`escapeTol`·max(1, max|λ|) — the zero rule of
/// `classify` with its default tolerance 10⁻⁶, so a converged `sfn` run is never at a point
/// `classify` calls a saddle. Otherwise the step goes along the eigenvector v of the smallest
/// eigenvalue, signed so that gᵀv ≤ 0 (a tie at g = 0 is broken by making v's largest entry
/// positive), with length t found by trying t = 1 and then doubling while f keeps falling, or
/// halving (up to 40 times) until f falls below f(θ). If no t lowers f the curvature is below
/// what rounding can resolve and the run stops `"stalled"` (reason `"max steps"`). Escapes are
/// counted in `extra["escapes"]`. With `escape=false` a run stops as converged at a saddle.
///
/// ## References
/// Dauphin et al. (2014), §5 (the generalized trust region and Eq. 5, Δθ = −∇f |H|⁻¹),
/// Algorithm 1 (λ ← argmin f), appendix F.1 (the ladder).
public struct SaddleFreeNewton: StepMethod {
    /// Where λ comes from.
    public var damping: Damping
    /// Whether to leave strict saddles along negative curvature instead of stopping there.
    public var escape: Bool
    /// Relative size below which a negative eigenvalue counts as zero for the escape test.
    public var escapeTol: Double

    /// The sliding ladder's state for `.auto`.
    public private(set) var ladder = DampingLadder()
    private var escapes = 0
    /// The decomposition at the last point asked about, so the convergence test and the step that
    /// follows it at the same θ share one Hessian.
    private var cached: (x: [Double], eigen: SymmetricEigen)?

    /// `clip`: the longest step (see ``DampingLadder/clip``; the escape step is not clipped).
    public init(damping: Damping = MethodDefaults.saddleFreeDamping, escape: Bool = MethodDefaults.escape, escapeTol: Double = 1e-6, clip: Double? = nil) {
        self.damping = damping; self.escape = escape; self.escapeTol = escapeTol
        ladder = DampingLadder(clip: clip)
    }

    /// `"sfn"`.
    public var name: String { "sfn" }

    /// `escapes`, the number of escape steps, when escape is on.
    public var extra: [String: Double] { escape ? ["escapes": Double(escapes)] : [:] }

    /// ‖∇f‖ ≤ tol and, with `escape`, no eigenvalue below −`escapeTol`·max(1, max|λ|) (the
    /// Hessian is formed only when the gradient test passes, and reused by the step).
    public mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        guard current.gnorm <= context.tol else { return false }
        guard escape else { return true }
        return try escapeDirection(at: current.x, in: context) == nil
    }

    /// An escape step at a strict saddle, else one saddle-free Newton step: m hvps and one
    /// eigendecomposition, then one evaluation per rung tried.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        if escape, current.gnorm <= context.tol, let v = try escapeDirection(at: current.x, in: context) {
            return try escapeStep(from: current, along: v, in: context)
        }
        let eig = try eigen(at: current.x, in: context)
        let values = eig.values
        let vectors = eig.vectors ?? Tensor.zeros([0, 0])
        // Coordinates of −g in the eigenbasis, computed once for every rung of the ladder.
        let coords = BLAS.matvec(vectors, current.gradient.map { -$0 }, transpose: true)
        let scale = values.reduce(0) { max($0, abs($1)) }
        let choice = try ladder.choose(damping, from: current, scale: scale, in: context) { lambda throws(MethodStop) in
            BLAS.matvec(vectors, try Self.rescale(coords, by: values, damping: lambda))
        }
        let note = damping == .undamped ? "" : DampingLadder.note(choice.lambda)
        return StepReport(next: try context.iterate(at: choice.x), note: note)
    }

    /// c ↦ c / (|μᵢ| + λ), coordinate by coordinate: the saddle-free step in an eigenbasis, shared
    /// with the Krylov variant.
    ///
    /// With λ > 0 every denominator is at least λ, so the system is never singular, however small
    /// λ is next to the spectral radius: on Powell's badly scaled function max|μ| ≈ 10¹⁰ while the
    /// ladder's λ = 10⁻⁵ and the decades it slides below are what the small direction needs. Only the undamped step
    /// (λ = 0) can meet an eigenvalue too small to divide by; one below 10⁻¹⁴·max(1, max|μ|) is
    /// beneath the eigensolver's accuracy, so it counts as zero and the step is `"singular"`.
    static func rescale(_ coords: [Double], by values: [Double], damping lambda: Double) throws(MethodStop) -> [Double] {
        let floor = lambda > 0 ? 0 : 1e-14 * max(1, values.reduce(0) { max($0, abs($1)) })
        var scaled = coords
        for i in scaled.indices {
            let d = abs(values[i]) + lambda
            guard d > floor else { throw .singular }
            scaled[i] /= d
        }
        return scaled
    }

    // MARK: - Escape

    /// The eigenvector of the most negative eigenvalue at x, signed to descend, or nil when H has
    /// no eigenvalue below −escapeTol·max(1, max|λ|).
    private mutating func escapeDirection(at x: [Double], in context: StepContext) throws(MethodStop) -> [Double]? {
        let eig = try eigen(at: x, in: context)
        guard let lowest = eig.values.first else { return nil }
        let scale = eig.values.reduce(0) { max($0, abs($1)) }
        guard lowest < -escapeTol * max(1, scale) else { return nil }
        return eig.vector(0)
    }

    private mutating func escapeStep(from current: Iterate, along eigenvector: [Double],
                                     in context: StepContext) throws(MethodStop) -> StepReport {
        let report = try Self.escapeLineSearch(from: current, along: eigenvector, in: context)
        escapes += 1
        return report
    }

    /// The escape step along a (unit) negative-curvature direction, shared with the Krylov variant:
    /// signed to descend, length by doubling or halving from t = 1 (see the type's documentation).
    static func escapeLineSearch(from current: Iterate, along eigenvector: [Double],
                                 in context: StepContext) throws(MethodStop) -> StepReport {
        var v = eigenvector
        let slope = Vec.dot(current.gradient, v)
        let largest = v.indices.max { abs(v[$0]) < abs(v[$1]) } ?? 0
        if slope > 0 || (slope == 0 && v[largest] < 0) { v = v.map { -$0 } }

        func point(_ t: Double) -> [Double] { var x = current.x; Vec.axpy(t, v, &x); return x }
        var t = 1.0
        var f = try context.value(at: point(t))
        if f < current.f {
            // Grow while f keeps falling: a saddle's unstable direction usually leads far.
            for _ in 0..<20 {
                let fNext = try context.value(at: point(2 * t))
                guard fNext < f else { break }
                t *= 2; f = fNext
            }
        } else {
            var found = false
            for _ in 0..<40 {
                t /= 2
                f = try context.value(at: point(t))
                if f < current.f { found = true; break }
            }
            guard found else { throw .stalled }
        }
        return StepReport(next: try context.iterate(at: point(t)), note: "escape t=\(t)")
    }

    // MARK: - Hessian

    private mutating func eigen(at x: [Double], in context: StepContext) throws(MethodStop) -> SymmetricEigen {
        if let cached, cached.x == x { return cached.eigen }
        let eig = try context.hessianEigen(at: x)
        cached = (x, eig)
        return eig
    }
}

extension Methods {
    /// `sfn(f, x0, damping="auto", krylov=0, inner=1, escape=true)`: exact saddle-free Newton when
    /// `krylov == 0`, otherwise the Krylov-subspace variant with `krylov` vectors and `inner` steps
    /// per subspace (see ``KrylovSaddleFreeNewton``); `clip` bounds the step's length.
    public static func sfn(_ objective: any Objective, x0: [Double], damping: Damping = MethodDefaults.saddleFreeDamping,
                           krylov: Int = MethodDefaults.krylov, inner: Int = MethodDefaults.inner,
                           escape: Bool = MethodDefaults.escape, clip: Double? = nil,
                           options: RunOptions = RunOptions()) -> MethodResult {
        precondition(krylov >= 0, "krylov must be 0 (exact) or a number of vectors")
        if krylov > 0 {
            return Driver.run(KrylovSaddleFreeNewton(damping: damping, krylov: krylov, inner: inner,
                                                     escape: escape, clip: clip),
                              on: objective, from: x0, options: options)
        }
        return Driver.run(SaddleFreeNewton(damping: damping, escape: escape, clip: clip), on: objective, from: x0,
                          options: options)
    }
}
