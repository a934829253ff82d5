// `sfn(…, krylov=k, inner=j)`: saddle-free Newton inside a k-dimensional Krylov subspace.
import SFNNumerics

/// Krylov-subspace saddle-free Newton: exact SFN on f̂(α) = f(θ + Vα), where V holds k orthonormal
/// vectors found by Lanczos on the Hessian.
///
/// ## Algorithm (Dauphin et al. 2014, Algorithms 1 and 2, appendix E)
/// A *subspace* is built at the current θ:
/// 1. Lanczos with full reorthogonalisation started from the gradient, keeping the products H qᵢ
///    (one hvp per vector), for k − 1 vectors when there is a previous step and k otherwise;
/// 2. the previous update Δθ as the last vector, orthogonalised (twice) against the others, and
///    its product — "it was useful to include the previous search direction as the last vector"
///    (Vinyals and Povey's Krylov subspace descent). When there is none, or it lies in the span of
///    the others (‖Δθ⊥‖ ≤ 10⁻⁸‖Δθ‖), the Lanczos recurrence supplies one more vector instead;
/// 3. if Lanczos breaks down early (the gradient lies in an invariant subspace of H, as on a
///    separable function), the remaining slots are filled by restarting Lanczos from a random
///    vector orthogonal to the basis, so negative curvature outside the gradient's Krylov space
///    can still be seen. A subspace therefore costs exactly min(k, m) hvps.
///
/// Then Ĥ = VᵀHV comes from the stored products (no further hvps), symmetrised and
/// eigendecomposed: Ĥ = Y diag(μ) Yᵀ. Each step inside the subspace takes ĝ = Vᵀ∇f(θ) at the
/// *current* θ and moves θ ← θ + V α with α = −Y (|μ| + λ)⁻¹ Yᵀ ĝ, λ from the shared
/// ``DampingLadder`` (every rung of `.auto` is tried in f, as in exact `sfn`; the ladder's floor is
/// relative to the largest |Ritz value|, max |μ|). V and Ĥ are kept for
/// `inner` steps — "we do not recompute the Hessian for these steps under the assumption that the
/// Hessian will not change much" — and a new subspace is built on the step after that.
///
/// One driver step is one update of θ, so `steps`, `history` and progress lines count updates
/// (not subspaces) as for every other method; a subspace is rebuilt every `inner` steps and
/// costs k hvps, so a run of n steps costs ⌈n / inner⌉·k hvps, plus escape checks.
///
/// With k ≥ m the subspace is all of ℝᵐ and every step equals the exact ``SaddleFreeNewton`` step
/// (up to rounding).
///
/// ## Escape (`escape=true`, the default)
/// Where ‖∇f‖ ≤ tol the gradient is no meaningful Lanczos start (it is rounding noise, or zero at
/// an exact saddle), so the subspace is started from a random vector (SplitMix64 with a fixed
/// seed; successive escapes draw fresh vectors). Its Ritz values find the most negative curvature
/// with high probability, because Lanczos converges to the extreme eigenvalues first. The run has
/// converged only when the smallest Ritz value is ≥ −`escapeTol`·max(1, max|μ|); otherwise the
/// step goes along the Ritz vector of the smallest Ritz value, with exact `sfn`'s escape line
/// search (signed to descend, t = 1 then doubling or halving). The check costs k hvps each time
/// ‖∇f‖ ≤ tol, and escapes are counted in `extra["escapes"]`. A negative eigenvalue the random
/// subspace misses (possible when k ≪ m and the spectrum's low end is not isolated) goes unseen,
/// so `converged` here means "no negative curvature found in a k-dimensional Krylov subspace".
public struct KrylovSaddleFreeNewton: StepMethod {
    /// Where λ comes from (the ladder is applied inside the subspace).
    public var damping: Damping
    /// k, the number of subspace vectors (clipped to m).
    public var krylov: Int
    /// Steps taken inside one subspace before it is rebuilt.
    public var inner: Int
    /// Whether to leave strict saddles along negative curvature instead of stopping there.
    public var escape: Bool
    /// Relative size below which a negative Ritz value counts as zero for the escape test.
    public var escapeTol: Double

    /// The sliding ladder's state for `.auto` (its scale is the largest |Ritz value|).
    public private(set) var ladder = DampingLadder()
    private var rng: SplitMix64
    private var subspace: Subspace?
    /// Steps already taken in `subspace`.
    private var used = 0
    /// The last update Δθ, the subspace's last vector.
    private var previous: [Double]?
    /// The random-start subspace at the last point the escape test looked at.
    private var escapeCache: (x: [Double], subspace: Subspace)?
    private var escapes = 0
    private var subspaces = 0

    /// `seed` seeds the random Lanczos starts used at (near-)stationary points.
    /// `clip` bounds the step's length (see ``DampingLadder/clip``; the escape step is not clipped).
    public init(damping: Damping = MethodDefaults.saddleFreeDamping, krylov: Int, inner: Int = MethodDefaults.inner,
                escape: Bool = MethodDefaults.escape,
                escapeTol: Double = 1e-6, seed: UInt64 = 0x5AD_D1E, clip: Double? = nil) {
        precondition(krylov >= 1, "krylov must be at least 1")
        precondition(inner >= 1, "inner must be at least 1")
        self.damping = damping; self.krylov = krylov; self.inner = inner
        self.escape = escape; self.escapeTol = escapeTol
        rng = SplitMix64(seed: seed)
        ladder = DampingLadder(clip: clip)
    }

    /// `"sfn"`, as for the exact variant (the record's `extra["krylov"]` tells them apart).
    public var name: String { "sfn" }

    /// `subspaces` (subspaces built), `krylov`, `inner`, and `escapes` when escape is on.
    public var extra: [String: Double] {
        var e = ["subspaces": Double(subspaces), "krylov": Double(krylov), "inner": Double(inner)]
        if escape { e["escapes"] = Double(escapes) }
        return e
    }

    /// ‖∇f‖ ≤ tol and, with `escape`, no Ritz value of a random-start subspace below
    /// −`escapeTol`·max(1, max|μ|) (k hvps, only when the gradient test passes).
    public mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        guard current.gnorm <= context.tol else { return false }
        guard escape else { return true }
        return try escapeDirection(at: current, in: context) == nil
    }

    /// An escape step at a saddle, else one SFN step inside the current subspace (built afresh, for
    /// k hvps, every `inner` steps).
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        if escape, current.gnorm <= context.tol, let v = try escapeDirection(at: current, in: context) {
            let report = try SaddleFreeNewton.escapeLineSearch(from: current, along: v, in: context)
            escapes += 1
            previous = Vec.sub(report.next.x, current.x)
            subspace = nil
            return report
        }
        if subspace == nil || used >= inner {
            let start = current.gnorm > context.tol ? current.gradient : randomVector(context.dimension)
            subspace = try build(at: current.x, start: start, in: context)
            used = 0
        }
        guard let space = subspace else { throw .singular }
        // ĝ = Vᵀ∇f at the current point, then −ĝ in Ĥ's eigenbasis, once for every rung.
        let gHat = space.basis.map { Vec.dot($0, current.gradient) }
        let coords = (0..<space.values.count).map { i in
            -zip(space.eigenvectors[i], gHat).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let scale = space.values.reduce(0) { max($0, abs($1)) }
        let choice = try ladder.choose(damping, from: current, scale: scale, in: context) { lambda throws(MethodStop) in
            let scaled = try SaddleFreeNewton.rescale(coords, by: space.values, damping: lambda)
            var delta = [Double](repeating: 0, count: current.x.count)
            for i in scaled.indices { Vec.axpy(scaled[i], space.ritzVector(i), &delta) }
            return delta
        }
        used += 1
        previous = Vec.sub(choice.x, current.x)
        let note = damping == .undamped ? "" : DampingLadder.note(choice.lambda)
        return StepReport(next: try context.iterate(at: choice.x), note: note)
    }

    // MARK: - Escape

    /// The Ritz vector of the most negative Ritz value of a random-start subspace at x, or nil when
    /// no Ritz value is below −escapeTol·max(1, max|μ|). The subspace is cached per point.
    private mutating func escapeDirection(at current: Iterate, in context: StepContext) throws(MethodStop) -> [Double]? {
        let space: Subspace
        if let cached = escapeCache, cached.x == current.x {
            space = cached.subspace
        } else {
            space = try build(at: current.x, start: randomVector(context.dimension), previous: nil, in: context)
            escapeCache = (current.x, space)
        }
        guard let lowest = space.values.first else { return nil }
        let scale = space.values.reduce(0) { max($0, abs($1)) }
        guard lowest < -escapeTol * max(1, scale) else { return nil }
        return space.ritzVector(0)
    }

    private mutating func randomVector(_ m: Int) -> [Double] { rng.normals(m) }

    // MARK: - Subspace

    /// An orthonormal basis V, the eigendecomposition of Ĥ = VᵀHV, and Ritz vectors V y.
    struct Subspace {
        var basis: [[Double]]
        /// Eigenvalues μ of Ĥ, ascending.
        var values: [Double]
        /// Eigenvector i of Ĥ (length = basis count), matching `values`.
        var eigenvectors: [[Double]]

        /// V yᵢ, the Ritz vector of μᵢ in the full space (unit length).
        func ritzVector(_ i: Int) -> [Double] {
            var v = [Double](repeating: 0, count: basis.first?.count ?? 0)
            for (j, q) in basis.enumerated() { Vec.axpy(eigenvectors[i][j], q, &v) }
            return v
        }
    }

    private mutating func build(at x: [Double], start: [Double], in context: StepContext) throws(MethodStop) -> Subspace {
        try build(at: x, start: start, previous: previous, in: context)
    }

    /// Builds the subspace at x (Algorithm 2 with the fallbacks described on the type): exactly
    /// min(k, m) hvps.
    private mutating func build(at x: [Double], start: [Double], previous: [Double]?,
                                in context: StepContext) throws(MethodStop) -> Subspace {
        let k = min(krylov, context.dimension)
        let usePrevious = previous != nil && k >= 2
        let lanczos: Lanczos
        do {
            lanczos = try Lanczos(steps: usePrevious ? k - 1 : k, start: start, keepProducts: true) { v in
                try context.hessianVectorProduct(at: x, v)
            }
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        var basis = lanczos.basis
        var products = lanczos.products

        /// Orthogonalises `v` against the basis (two passes) and, unless it is degenerate, appends
        /// it with its product. Returns whether it was appended.
        func append(_ v: [Double]) throws(MethodStop) -> Bool {
            let size = Vec.norm(v)
            guard size > 0, size.isFinite else { return false }
            var w = v
            for _ in 0..<2 { for q in basis { Vec.axpy(-Vec.dot(q, w), q, &w) } }
            let rest = Vec.norm(w)
            guard rest > 1e-8 * size else { return false }
            let q = w.map { $0 / rest }
            basis.append(q)
            products.append(try context.hessianVectorProduct(at: x, q))
            return true
        }

        // The previous step as the last vector; otherwise (or if degenerate) the next Lanczos
        // vector, and a random restart whenever the recurrence breaks down.
        let target = usePrevious ? k - 1 : k
        var candidate = products.last ?? start
        var tries = 0
        while basis.count < target, tries < 4 * k {
            tries += 1
            if try append(candidate) { candidate = products[products.count - 1] } else { candidate = randomVector(x.count) }
        }
        if usePrevious, let p = previous, !(try append(p)) {
            while basis.count < k, tries < 4 * k {
                tries += 1
                if try append(candidate) { candidate = products[products.count - 1] } else { candidate = randomVector(x.count) }
            }
        }
        subspaces += 1

        // Ĥ = VᵀW with W = H V, symmetrised (rounding makes the two halves differ).
        let n = basis.count
        var hHat = Tensor.zeros([n, n])
        for i in 0..<n {
            try context.checkCancelled()  // k²m work: with many vectors, seconds
            for j in 0...i {
                let s = 0.5 * (Vec.dot(basis[i], products[j]) + Vec.dot(basis[j], products[i]))
                hHat[i, j] = s; hHat[j, i] = s
            }
        }
        let eig = try linearAlgebra { try SymmetricEigen.cancellable(hHat, isCancelled: context.isCancelled) }
        guard let eig else { throw .interrupted }
        let vectors = (0..<n).map { eig.vector($0) }
        return Subspace(basis: basis, values: eig.values, eigenvectors: vectors)
    }
}
