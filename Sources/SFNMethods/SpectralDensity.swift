// `spectrum(f, x, method="density")`: stochastic Lanczos quadrature of the Hessian's eigenvalues.
import Foundation
import SFNNumerics

/// The record of `spectrum(f, x, method="density", k=…)`: a smoothed estimate of the eigenvalue
/// density φ(t) = (1/m) Σⱼ δ(t − λⱼ) of the Hessian.
///
/// ## Method: stochastic Lanczos quadrature
/// (Ubaru, Chen and Saad 2017; Ghorbani, Krishnan and Xiao 2019.) For each of `probes` Rademacher
/// vectors v (entries ±1, normalised), k Lanczos steps with full reorthogonalisation give a
/// tridiagonal T = Y diag(θ) Yᵀ; the nodes θᵢ with weights τᵢ² = Y₁ᵢ² are the Gauss quadrature of
/// vᵀ g(H) v = Σⱼ (uⱼᵀv)² g(λⱼ), and E[(uⱼᵀv)²] = 1/m. Averaging over probes,
///
///     φ̂(t) = (1/probes) Σ_probes Σᵢ τᵢ² N(t; θᵢ, σ²),
///
/// a Gaussian-smoothed density that integrates to 1. Cost: probes·k hvps, O(km) memory.
public struct SpectralDensity: Sendable {
    /// Evenly spaced points from min − 5σ to max + 5σ.
    public var grid: [Double]
    /// φ̂ on the grid (its trapezoid integral is 1 to within the 5σ tails, ~10⁻⁶).
    public var density: [Double]
    /// σ, the Gaussian width used.
    public var sigma: Double
    /// The smallest node over all probes (an upper bound on λ_min).
    public var min: Double
    /// The largest node over all probes (a lower bound on λ_max).
    public var max: Double
    /// Index estimate: the quadrature mass of nodes below −tol·max(1, max|θ|), averaged over
    /// probes (the `classify` zero rule applied to nodes), i.e. the estimated fraction of negative
    /// eigenvalues.
    public var alpha: Double
    /// The smoothed density's mass below 0, Σ τᵢ² Φ(−θᵢ/σ) averaged over probes: splits a node near
    /// 0 between the two sides instead of assigning it to one; close to `alpha` unless many
    /// eigenvalues sit within a few σ of zero.
    public var negativeMass: Double
    /// Estimated number of zero eigenvalues (m times the mass of nodes within the zero rule).
    public var nearZero: Int
    /// All nodes θᵢ of all probes.
    public var nodes: [Double]
    /// The weights τᵢ² matching `nodes`, divided by the number of probes (so they sum to 1).
    public var weights: [Double]
    /// Hessian-vector products used.
    public var hvps: Int
    /// Probes that contributed (`probes`, or fewer when interrupted; a probe cut short contributes
    /// the quadrature of the Lanczos steps it took).
    public var probes: Int
    /// Whether the cancellation flag cut the run short. Grid points not reached hold NaN: when it
    /// came while the density was being evaluated, or during the probes with a density too large
    /// to evaluate at once (more than 2²² grid points × nodes).
    public var interrupted = false
}

extension Methods {
    /// `spectrum(f, x, method="density", k, grid)`: stochastic Lanczos quadrature with `probes`
    /// Rademacher probes (seeded) of `k` Lanczos steps each, smoothed by Gaussians of width `sigma`
    /// (default: 1% of the node range, at least 10⁻⁸·max(1, max|θ|)) and evaluated at `grid`
    /// points. `tol` is the zero rule for `alpha` and `nearZero`. Throws when a product is not
    /// finite. When `cancellation` is set part way the estimate is that of the probes done
    /// (`probes`, `interrupted`); set before the first product, it throws
    /// ``AnalysisError/interrupted``.
    public static func spectralDensity(_ objective: any Objective, at x: [Double], k: Int = 30,
                                       probes: Int = 10, grid points: Int = 200, sigma: Double? = nil,
                                       tol: Double = 1e-6, seed: UInt64 = 0,
                                       cancellation: Cancellation? = nil) throws(AnalysisError) -> SpectralDensity {
        precondition(x.count == objective.dimension,
                     "point has \(x.count) entries, the objective takes \(objective.dimension)")
        precondition(k >= 1 && probes >= 1 && points >= 2, "k, probes ≥ 1 and grid ≥ 2 required")
        let isCancelled = { cancellation?.isCancelled == true }
        var rng = SplitMix64(seed: seed)
        var nodes: [Double] = [], weights: [Double] = []
        var hvps = 0, used = 0
        for _ in 0..<probes {
            if isCancelled() { break }
            let q: LanczosQuadrature
            do throws(AnalysisError) {
                q = try LanczosQuadrature(objective, at: x, k: k, start: LanczosQuadrature.rademacher(x.count, &rng),
                                          isCancelled: isCancelled)
            } catch .interrupted { break }
            hvps += q.hvps
            if q.nodes.isEmpty { continue }
            nodes += q.nodes
            weights += q.weights
            used += 1
        }
        guard used > 0 || !isCancelled() else { throw .interrupted }
        weights = weights.map { $0 / Double(Swift.max(used, 1)) }
        let lo = nodes.min() ?? 0, hi = nodes.max() ?? 0
        let scale = Swift.max(abs(lo), abs(hi))
        let width = sigma ?? Swift.max(0.01 * (hi - lo), 1e-8 * Swift.max(1, scale))
        guard width > 0, width.isFinite, (hi - lo).isFinite else { throw .nonFinite("the spectral density's width") }

        let start = lo - 5 * width, step = (hi - lo + 10 * width) / Double(points - 1)
        let grid = (0..<points).map { start + Double($0) * step }
        let norm = 1 / (width * (2 * Double.pi).squareRoot())
        // grid × nodes exponentials (up to 10⁶ × probes·k), polled per grid point. When the
        // probes were interrupted, the density of those done is still evaluated if that is quick
        // (≤ 2²² exponentials, milliseconds); otherwise it is left NaN.
        let interruptedProbes = isCancelled()
        let quick = Double(points) * Double(nodes.count) <= Double(1 << 22)
        var density = [Double](repeating: .nan, count: points)
        for (i, t) in grid.enumerated() {
            if interruptedProbes ? !quick : isCancelled() { break }
            density[i] = zip(nodes, weights).reduce(0.0) { sum, nw in
                let z = (t - nw.0) / width
                return sum + nw.1 * norm * Foundation.exp(-0.5 * z * z)
            }
        }

        let zero = tol * Swift.max(1, scale)
        var negative = 0.0, zeroMass = 0.0, smoothNegative = 0.0
        for (node, w) in zip(nodes, weights) {
            if node < -zero { negative += w } else if abs(node) <= zero { zeroMass += w }
            smoothNegative += w * 0.5 * erfc(node / (width * 2.0.squareRoot()))
        }
        return SpectralDensity(grid: grid, density: density, sigma: width, min: lo, max: hi,
                               alpha: negative, negativeMass: smoothNegative,
                               nearZero: Int((zeroMass * Double(x.count)).rounded()),
                               nodes: nodes, weights: weights, hvps: hvps, probes: used,
                               interrupted: isCancelled())
    }
}
