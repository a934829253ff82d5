// `spectrum(f, x, method="lanczos", k)`: the Hessian's extreme eigenvalues and index from k hvps.
import SFNNumerics

/// The record of `spectrum(f, x, method="lanczos", k=…)`.
///
/// Lanczos converges to the extreme eigenvalues first, so `min` and `max` are accurate long before
/// k reaches m (they are inner bounds: λ_min ≤ `min`, `max` ≤ λ_max). The interior Ritz values are
/// *not* a sample of the spectrum — they crowd towards the ends — so the fraction of negative Ritz
/// values would be a biased index estimate. `alpha` instead weights each Ritz value θᵢ by τᵢ², the
/// squared first component of its eigenvector of T: for a random unit start q, Σ τᵢ² δ(θᵢ) is the
/// k-point Gauss quadrature of q's spectral measure Σⱼ (uⱼᵀq)² δ(λⱼ), whose expectation is the
/// eigenvalue distribution (1/m) Σⱼ δ(λⱼ). This is stochastic Lanczos quadrature with one probe
/// (``Methods/spectralDensity(_:at:k:probes:grid:sigma:tol:seed:cancellation:)`` averages several).
public struct LanczosSpectrum: Sendable {
    /// The k Ritz values, ascending (fewer if the Krylov space was invariant).
    public var ritz: [Double]
    /// Quadrature weights τᵢ² matching `ritz` (they sum to 1).
    public var weights: [Double]
    /// The smallest Ritz value (0 for an empty problem).
    public var min: Double
    /// The largest Ritz value (0 for an empty problem).
    public var max: Double
    /// Estimated index density: Σ τᵢ² over Ritz values below −tol·max(1, max|θ|) (the `classify`
    /// zero rule applied to Ritz values).
    public var alpha: Double
    /// Estimated number of zero eigenvalues: m·Σ τᵢ² over Ritz values with |θ| within the zero rule.
    public var nearZero: Int
    /// Hessian-vector products used (k, or fewer on breakdown or interruption).
    public var hvps: Int
    /// Whether the cancellation flag cut the run short: the Ritz values are then those of the
    /// steps taken (still inner bounds on the spectrum).
    public var interrupted = false
}

/// Gauss quadrature nodes and weights of one Lanczos run: the shared core of the Lanczos spectrum
/// and of stochastic Lanczos quadrature.
struct LanczosQuadrature {
    var nodes: [Double]
    var weights: [Double]
    var hvps: Int

    /// k Lanczos steps (full reorthogonalisation) on H(x) from `start`; fewer when `isCancelled()`
    /// turns true (asked before each product): the steps taken give a quadrature of their own.
    /// Throws ``AnalysisError/interrupted`` only when a large tridiagonal decomposition is abandoned.
    init(_ objective: any Objective, at x: [Double], k: Int, start: [Double],
         isCancelled: () -> Bool = { false }) throws(AnalysisError) {
        let lanczos = Lanczos(steps: k, start: start, until: isCancelled) { v in objective.hessianVectorProduct(at: x, v) }
        guard Vec.allFinite(lanczos.alpha), Vec.allFinite(lanczos.beta) else {
            throw .nonFinite("a Hessian-vector product")
        }
        hvps = lanczos.applications
        if lanczos.alpha.isEmpty { nodes = []; weights = []; return }
        let decomposition: SymmetricEigen?
        do {
            decomposition = try SymmetricEigen.tridiagonal(diagonal: lanczos.alpha, offDiagonal: lanczos.beta,
                                                           isCancelled: isCancelled)
        } catch { throw .nonFinite("the Lanczos matrix") }
        guard let eig = decomposition else { throw .interrupted }
        guard let y = eig.vectors else { throw .nonFinite("the Lanczos matrix") }
        nodes = eig.values
        weights = (0..<nodes.count).map { y[0, $0] * y[0, $0] }
        // A spectrum too wide for doubles (|λ| near 1e308) gives non-finite nodes or weights.
        guard Vec.allFinite(nodes), Vec.allFinite(weights) else { throw .nonFinite("the Lanczos matrix") }
    }

    /// A Rademacher vector (±1 entries) from `rng`.
    static func rademacher(_ m: Int, _ rng: inout SplitMix64) -> [Double] {
        (0..<m).map { _ in rng.next() & 1 == 0 ? -1.0 : 1.0 }
    }
}

extension Methods {
    /// `spectrum(f, x, method="lanczos", k)`: k Lanczos steps with full reorthogonalisation from a
    /// Rademacher start (seeded), k hvps and O(km) memory. `tol` is the `classify` zero rule.
    /// Throws when a product is not finite. When `cancellation` is set part way, the record holds
    /// the Ritz values of the steps taken and says `interrupted`.
    public static func lanczosSpectrum(_ objective: any Objective, at x: [Double], k: Int = 30,
                                       seed: UInt64 = 0, tol: Double = 1e-6,
                                       cancellation: Cancellation? = nil) throws(AnalysisError) -> LanczosSpectrum {
        precondition(x.count == objective.dimension,
                     "point has \(x.count) entries, the objective takes \(objective.dimension)")
        precondition(k >= 1, "k must be at least 1")
        var rng = SplitMix64(seed: seed)
        let isCancelled = { cancellation?.isCancelled == true }
        let q = try LanczosQuadrature(objective, at: x, k: k,
                                      start: LanczosQuadrature.rademacher(x.count, &rng), isCancelled: isCancelled)
        let scale = q.nodes.reduce(0) { Swift.max($0, abs($1)) }
        let zero = tol * Swift.max(1, scale)
        var negative = 0.0, zeroMass = 0.0
        for (node, w) in zip(q.nodes, q.weights) {
            if node < -zero { negative += w } else if abs(node) <= zero { zeroMass += w }
        }
        return LanczosSpectrum(ritz: q.nodes, weights: q.weights, min: q.nodes.first ?? 0,
                               max: q.nodes.last ?? 0, alpha: negative,
                               nearZero: Int((zeroMass * Double(x.count)).rounded()), hvps: q.hvps,
                               interrupted: isCancelled())
    }
}
