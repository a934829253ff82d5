// `spectrum`: the Hessian's eigenvalue distribution at a point (SFNPlot draws its histogram).
import Foundation
import SFNNumerics

/// The record of `spectrum(f, x, method="full")`.
public struct Spectrum: Sendable {
    /// All eigenvalues, ascending.
    public var eigenvalues: [Double]
    /// The smallest eigenvalue (0 for an empty problem).
    public var min: Double
    /// The largest eigenvalue (0 for an empty problem).
    public var max: Double
    /// Fraction of eigenvalues that are negative and not zero by the `classify` rule: the index
    /// density α of Dauphin et al. (2014), Fig. 1.
    public var alpha: Double
    /// How many eigenvalues count as zero: |λ| ≤ tol·max(1, max|λ|), the `classify` rule.
    public var nearZero: Int

    /// Summarises a set of eigenvalues with the `classify` zero rule.
    public init(eigenvalues: [Double], tol: Double = 1e-6) {
        let values = eigenvalues.sorted()
        let zero = tol * Swift.max(1, values.reduce(0) { Swift.max($0, abs($1)) })
        self.eigenvalues = values
        self.min = values.first ?? 0
        self.max = values.last ?? 0
        let negative = values.filter { $0 < -zero }.count
        self.alpha = values.isEmpty ? 0 : Double(negative) / Double(values.count)
        self.nearZero = values.filter { abs($0) <= zero }.count
    }
}

extension Methods {
    /// `spectrum(f, x, method="full")`: every eigenvalue of the full Hessian (m hvps, `dsyevd`).
    /// `tol` is the zero rule of `classify`. Throws when H is not finite at x, and
    /// ``AnalysisError/interrupted`` when `cancellation` is set first (as for `classify`).
    public static func spectrum(_ objective: any Objective, at x: [Double],
                                tol: Double = 1e-6, cancellation: Cancellation? = nil) throws(AnalysisError) -> Spectrum {
        precondition(x.count == objective.dimension,
                     "point has \(x.count) entries, the objective takes \(objective.dimension)")
        return Spectrum(eigenvalues: try hessianEigenvalues(objective, at: x, cancellation: cancellation), tol: tol)
    }
}
