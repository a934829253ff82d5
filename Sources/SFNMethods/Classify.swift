// `classify`: the second-derivative test at a point, with a tolerance.
import SFNNumerics

/// What the second-derivative test says about a point. Raw values are the strings of `r.kind`.
public enum CriticalKind: String, Sendable, CaseIterable {
    /// Gradient zero and every eigenvalue positive.
    case minimum
    /// Gradient zero and every eigenvalue negative.
    case maximum
    /// Gradient zero with both negative and positive eigenvalues (zeros may be present too).
    case saddle
    /// Gradient zero, some eigenvalue zero and the others of one sign (or all zero): the test is
    /// inconclusive (monkey saddle, plateau, gutter, flat minimum).
    case degenerate
    /// ‖∇f‖ > gtol.
    case notCritical = "not critical"
}

/// The record of `classify` (and the classification part of `critical`).
public struct Classification: Sendable {
    /// The verdict.
    public var kind: CriticalKind
    /// Number of negative eigenvalues that are not zero by the tolerance rule.
    public var index: Int
    /// index / n (0 when n = 0).
    public var alpha: Double
    /// The Hessian's eigenvalues, ascending.
    public var eigenvalues: [Double]
    /// ‖∇f‖ at x.
    public var gnorm: Double
    /// f at x.
    public var f: Double
    /// The point.
    public var x: [Double]

    /// Classifies from precomputed data; this is the contract's rule, written once.
    ///
    /// An eigenvalue counts as zero when |λ| ≤ tol·max(1, max|λ|). Then: `"not critical"` when
    /// gnorm > gtol; else `"saddle"` when some eigenvalues are negative and some positive (zeros
    /// may be present); `"degenerate"` when some are zero and the rest share one sign (or all are
    /// zero); else `"minimum"` (all positive) or `"maximum"` (all negative). The eigenvalues are
    /// reported (and counted) even for a non-critical point.
    public init(eigenvalues: [Double], gnorm: Double, f: Double, x: [Double],
                tol: Double = 1e-6, gtol: Double = 1e-6) {
        let values = eigenvalues.sorted()
        let zero = tol * max(1, values.reduce(0) { max($0, abs($1)) })
        let negative = values.filter { $0 < -zero }.count
        let positive = values.filter { $0 > zero }.count
        let zeros = values.count - negative - positive
        let kind: CriticalKind
        if !(gnorm <= gtol) {
            kind = .notCritical
        } else if negative > 0 && positive > 0 {
            kind = .saddle
        } else if zeros > 0 {
            kind = .degenerate
        } else {
            kind = negative > 0 ? .maximum : .minimum
        }
        self.kind = kind
        self.index = negative
        self.alpha = values.isEmpty ? 0 : Double(negative) / Double(values.count)
        self.eigenvalues = values
        self.gnorm = gnorm; self.f = f; self.x = x
    }
}

/// Errors of the analysis commands (which, unlike the optimisers, have no record to fall back on).
public enum AnalysisError: Error, Equatable, CustomStringConvertible {
    /// f, ∇f or H is NaN or infinite at the point.
    case nonFinite(String)
    /// The cancellation flag was set before there was anything to report (Ctrl-C).
    case interrupted

    /// The message the language prints, e.g. `f is not finite at this point`.
    public var description: String {
        switch self {
        case .nonFinite(let what): return "\(what) is not finite at this point"
        case .interrupted: return "interrupted"
        }
    }
}

extension Methods {
    /// `classify(f, x, tol=1e-6, gtol=1e-6)`: the second-derivative test with the full Hessian
    /// (m hvps) and LAPACK `dsyevd` (values only). Throws ``AnalysisError/nonFinite(_:)`` when f,
    /// ∇f or H is not finite at x, and ``AnalysisError/interrupted`` when `cancellation` is set
    /// before the eigenvalues are known (it is polled between the Hessian's batches and while a
    /// large decomposition runs).
    public static func classify(_ objective: any Objective, at x: [Double], tol: Double = 1e-6,
                                gtol: Double = 1e-6, cancellation: Cancellation? = nil) throws(AnalysisError) -> Classification {
        precondition(x.count == objective.dimension,
                     "point has \(x.count) entries, the objective takes \(objective.dimension)")
        let (f, g) = objective.valueAndGradient(at: x)
        guard f.isFinite else { throw .nonFinite("f") }
        guard Vec.allFinite(g) else { throw .nonFinite("the gradient") }
        let values = try hessianEigenvalues(objective, at: x, cancellation: cancellation)
        return Classification(eigenvalues: values, gnorm: Vec.norm(g), f: f, x: x, tol: tol, gtol: gtol)
    }

    /// Eigenvalues (ascending) of the full Hessian; shared by `classify`, `spectrum` and `critical`.
    static func hessianEigenvalues(_ objective: any Objective, at x: [Double],
                                   cancellation: Cancellation?) throws(AnalysisError) -> [Double] {
        let isCancelled = { cancellation?.isCancelled == true }
        guard let h = objective.hessian(at: x, isCancelled: isCancelled) else { throw .interrupted }
        guard Vec.allFinite(h.scalars) else { throw .nonFinite("the Hessian") }
        let eig: SymmetricEigen?
        do { eig = try SymmetricEigen.cancellable(h, vectors: false, isCancelled: isCancelled) } catch {
            throw .nonFinite("the Hessian")
        }
        guard let eig else { throw .interrupted }
        return eig.values
    }
}
