// The trust-region and cubic-regularisation subproblems on a small symmetric matrix (the Lanczos
// tridiagonal of `trust(solver="lanczos")` and `arc`), with the hard case.
import Foundation

/// The minimiser of a quadratic model bᵀh + ½hᵀTh, either within ‖h‖ ≤ Δ (trust region) or with the
/// cubic term σ/3‖h‖³ added (adaptive cubic regularisation), for a small symmetric tridiagonal T
/// that may be indefinite or reduced (zero off-diagonals).
///
/// Both global minimisers are characterised the same way (Moré and Sorensen 1983 for the trust
/// region; Cartis, Gould and Toint 2011, Part I, Thm 3.1 for the cubic): h = −(T + λI)⁻¹b with
/// T + λI positive semidefinite, λ ≥ 0, and ‖h‖ = Δ when λ > 0 (trust) or λ = σ‖h‖ (cubic). T is
/// small (at most the Krylov dimension), so it is eigendecomposed once, T = SΘSᵀ, and with
/// γ = Sᵀb the norm ‖h(λ)‖² = Σ γᵢ²/(θᵢ + λ)² is exact for every λ. The secular equation is solved
/// by Moré–Sorensen's Newton iteration on 1/‖h(λ)‖ − 1/Δ (for the cubic, on 1/‖h(λ)‖ − σ/λ, as
/// Cartis et al. advise, §6.1), both concave and increasing for λ > −θ₁, so Newton from the left
/// converges monotonically; a bracket with bisection guards it.
///
/// **The hard case.** When b has (to 10⁻¹⁰ relative) no component along the eigenvectors of the
/// smallest eigenvalue θ₁ < 0 — in the full problem, g ⟂ the most negative eigenvector — ‖h(λ)‖
/// stays bounded as λ → −θ₁ and the equation may have no root above −θ₁. Then λ = −θ₁ and
/// h = −(T − θ₁I)⁺b + τ s₁, with τ ≥ 0 so that ‖h‖ = Δ (trust) or ‖h‖ = −θ₁/σ (cubic): the step
/// follows the negative curvature the linear term cannot see.
public struct ModelSubproblem: Sendable {
    /// The minimiser h.
    public var step: [Double]
    /// The multiplier λ (0 for an interior trust-region step).
    public var lambda: Double
    /// The model's value at h (≤ 0; with the cubic term for the cubic model).
    public var model: Double
    /// Whether ‖h‖ = Δ (trust region; always false for the cubic model).
    public var onBoundary: Bool
    /// Whether the hard case's formula gave h.
    public var hardCase: Bool

    /// A solution with these parts (the zero step of an empty model, for instance).
    public init(step: [Double], lambda: Double, model: Double, onBoundary: Bool, hardCase: Bool) {
        self.step = step; self.lambda = lambda; self.model = model; self.onBoundary = onBoundary; self.hardCase = hardCase
    }

    /// Relative size of b's component along the lowest eigenvectors below which the hard case is taken.
    public static let hardCaseTolerance = 1e-10

    /// min bᵀh + ½hᵀTh subject to ‖h‖ ≤ `radius`, T given by its diagonal and off-diagonal.
    public static func trustRegion(diagonal: [Double], offDiagonal: [Double], linear b: [Double],
                                   radius: Double) throws -> ModelSubproblem {
        precondition(radius > 0, "the radius must be positive")
        let s = try Secular(diagonal: diagonal, offDiagonal: offDiagonal, linear: b)
        let t1 = s.theta[0]
        if t1 > 0 {
            let y = s.coordinates(0)
            if Vec.norm(y) <= radius { return s.solution(y, lambda: 0, sigma: nil, onBoundary: false, hard: false) }
        }
        let low = max(0, -t1)
        if t1 <= 0, let y = s.hardCase(at: low, length: radius) {
            return s.solution(y, lambda: low, sigma: nil, onBoundary: true, hard: true)
        }
        // ‖h(λ)‖ ≤ ‖γ‖/(θ₁ + λ), so ‖h‖ ≤ Δ at λ = ‖γ‖/Δ − θ₁.
        let high = max(low, s.gammaNorm / radius - t1)
        let lambda = s.root(low: low, high: high) { _ in (1 / radius, 0) }
        return s.solution(s.coordinates(lambda), lambda: lambda, sigma: nil, onBoundary: true, hard: false)
    }

    /// min bᵀh + ½hᵀTh + σ/3‖h‖³ (σ > 0), T given by its diagonal and off-diagonal.
    public static func cubic(diagonal: [Double], offDiagonal: [Double], linear b: [Double],
                             sigma: Double) throws -> ModelSubproblem {
        precondition(sigma > 0, "σ must be positive")
        let s = try Secular(diagonal: diagonal, offDiagonal: offDiagonal, linear: b)
        let t1 = s.theta[0]
        let low = max(0, -t1)
        if s.gammaNorm == 0 && t1 >= 0 {
            return s.solution(s.theta.map { _ in 0 }, lambda: 0, sigma: sigma, onBoundary: false, hard: false)
        }
        if t1 < 0, let y = s.hardCase(at: low, length: low / sigma) {
            return s.solution(y, lambda: low, sigma: sigma, onBoundary: false, hard: true)
        }
        // ‖h(λ)‖ ≤ ‖γ‖/(θ₁ + λ) ≤ λ/σ once λ(θ₁ + λ) ≥ σ‖γ‖.
        let high = max(low, 0.5 * (-t1 + (t1 * t1 + 4 * sigma * s.gammaNorm).squareRoot()))
        // ψ(λ) = 1/‖h‖ − σ/λ: the target 1/r(λ) = σ/λ, with derivative −σ/λ².
        let lambda = s.root(low: low, high: high) { l in (sigma / l, -sigma / (l * l)) }
        return s.solution(s.coordinates(lambda), lambda: lambda, sigma: sigma, onBoundary: false, hard: false)
    }
}

/// T = SΘSᵀ and γ = Sᵀb: everything the secular equation needs.
private struct Secular {
    let theta: [Double]
    let vectors: Tensor
    let gamma: [Double]
    let gammaNorm: Double

    init(diagonal: [Double], offDiagonal: [Double], linear b: [Double]) throws {
        precondition(!diagonal.isEmpty && b.count == diagonal.count, "a model needs T (n ≥ 1) and b of length n")
        let eig = try SymmetricEigen.tridiagonal(diagonal: diagonal, offDiagonal: offDiagonal)
        guard let v = eig.vectors, Vec.allFinite(b) else { throw LinearAlgebraError.nonFinite }
        theta = eig.values; vectors = v
        gamma = BLAS.matvec(v, b, transpose: true)
        gammaNorm = Vec.norm(gamma)
    }

    /// y(λ) = −γ/(θ + λ), the step in the eigenbasis (0 where γᵢ = 0).
    func coordinates(_ lambda: Double) -> [Double] {
        theta.indices.map { i in gamma[i] == 0 ? 0 : -gamma[i] / (theta[i] + lambda) }
    }

    /// Σ γᵢ²/(θᵢ + λ)³, so that d/dλ (1/‖h‖) = this / ‖h‖³.
    func cubes(_ lambda: Double) -> Double {
        theta.indices.reduce(0) { s, i in
            let d = theta[i] + lambda
            return gamma[i] == 0 ? s : s + gamma[i] * gamma[i] / (d * d * d)
        }
    }

    /// The hard case at λ = −θ₁ (`low`): when γ has no weight on θ₁'s eigenvectors and the rest of the
    /// step is no longer than `length`, the rest plus τ along the first eigenvector to that length.
    func hardCase(at low: Double, length: Double) -> [Double]? {
        let t1 = theta[0]
        let width = 1e-12 * max(1, theta.reduce(0) { max($0, abs($1)) })
        let lowest = theta.indices.filter { theta[$0] <= t1 + width }
        let weight = lowest.reduce(0) { $0 + gamma[$1] * gamma[$1] }.squareRoot()
        guard weight <= ModelSubproblem.hardCaseTolerance * gammaNorm else { return nil }
        var y = theta.indices.map { i in lowest.contains(i) ? 0 : -gamma[i] / (theta[i] + low) }
        let rest = Vec.norm(y)
        guard rest <= length else { return nil }
        y[lowest[0]] = (length * length - rest * rest).squareRoot()
        return y
    }

    /// The λ in (low, high] where 1/‖h(λ)‖ equals the target 1/r(λ) (given with its derivative), by
    /// Newton's method inside a bisection bracket.
    func root(low: Double, high: Double, target: (Double) -> (Double, Double)) -> Double {
        var a = low, b = high
        var lambda = high
        for _ in 0..<200 {
            let n = Vec.norm(coordinates(lambda))
            let (value, slope) = target(lambda)
            let psi = (n > 0 ? 1 / n : .infinity) - value
            if psi.isNaN || psi < 0 { a = lambda } else { b = lambda }
            if abs(psi) <= 1e-13 * value || b - a <= 1e-15 * max(b, 1e-300) { break }
            let derivative = n > 0 ? cubes(lambda) / (n * n * n) - slope : .nan
            var next = lambda - psi / derivative
            if !(next > a && next < b) || !next.isFinite { next = 0.5 * (a + b) }
            lambda = next
        }
        return lambda
    }

    /// h = S y with the model's value.
    func solution(_ y: [Double], lambda: Double, sigma: Double?, onBoundary: Bool, hard: Bool) -> ModelSubproblem {
        var model = 0.0
        for i in y.indices { model += gamma[i] * y[i] + 0.5 * theta[i] * y[i] * y[i] }
        if let sigma { let n = Vec.norm(y); model += sigma / 3 * n * n * n }
        return ModelSubproblem(step: BLAS.matvec(vectors, y), lambda: lambda, model: model,
                               onBoundary: onBoundary, hardCase: hard)
    }
}
