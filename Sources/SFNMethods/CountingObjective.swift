// Counts what a method asks of its objective, for the record's `evals` and `hvps`.
import SFNNumerics

/// Wraps an objective and counts its use: each call of `value` or `valueAndGradient` is one
/// evaluation; each Hessian-vector product is one hvp and a full m×m Hessian counts m.
///
/// The wrapper forwards `hessian(at:)` and the batched products to the wrapped objective, so a
/// tape's faster dense or batched Hessian is still used; only the bookkeeping is added here.
final class CountingObjective: Objective {
    let base: any Objective
    private(set) var evals = 0
    private(set) var hvps = 0
    /// Whether a value or gradient returned since the driver last cleared it was NaN or ±inf: a
    /// step that then cannot go on was stopped by that wall of non-finite values, not by rounding.
    var metNonFinite = false

    init(_ base: any Objective) { self.base = base }

    var dimension: Int { base.dimension }

    func value(at x: [Double]) -> Double {
        evals += 1
        let f = base.value(at: x)
        if !f.isFinite { metNonFinite = true }
        return f
    }

    func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) {
        evals += 1
        let r = base.valueAndGradient(at: x)
        if !r.value.isFinite || !Vec.allFinite(r.gradient) { metNonFinite = true }
        return r
    }

    func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] {
        hvps += 1
        return base.hessianVectorProduct(at: x, v)
    }

    func hessianVectorProducts(at x: [Double], _ vs: [[Double]]) -> [[Double]] {
        hvps += vs.count
        return base.hessianVectorProducts(at: x, vs)
    }

    func hessian(at x: [Double]) -> Tensor {
        hvps += base.dimension
        return base.hessian(at: x)
    }

    /// Counts m products only for a Hessian that was finished.
    func hessian(at x: [Double], isCancelled: () -> Bool) -> Tensor? {
        guard let h = base.hessian(at: x, isCancelled: isCancelled) else { return nil }
        hvps += base.dimension
        return h
    }
}
