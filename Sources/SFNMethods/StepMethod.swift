// The interface between the shared driver and one optimiser's step.
import SFNNumerics

/// A point of the iteration with its value and gradient, as the driver and the methods pass it.
public struct Iterate: Sendable {
    /// θ.
    public var x: [Double]
    /// f(θ).
    public var f: Double
    /// ∇f(θ).
    public var gradient: [Double]
    /// ‖∇f(θ)‖₂.
    public var gnorm: Double

    /// An iterate; `gnorm` is computed from `gradient`.
    public init(x: [Double], f: Double, gradient: [Double]) {
        self.x = x; self.f = f; self.gradient = gradient; gnorm = Vec.norm(gradient)
    }

    /// Whether θ, f and ∇f are all finite; the driver never accepts an iterate that is not.
    public var isFinite: Bool { f.isFinite && Vec.allFinite(x) && Vec.allFinite(gradient) }
}

/// What one step produced: the next iterate and a short note for the progress line (e.g. the
/// damping chosen from the ladder).
public struct StepReport: Sendable {
    /// The accepted point, with its value and gradient.
    public var next: Iterate
    /// Shown at the end of the progress line (empty: nothing).
    public var note: String

    /// A report of `next` with an optional note.
    public init(next: Iterate, note: String = "") { self.next = next; self.note = note }
}

/// Ways a step can end a run early. The driver turns each into the record's ``StopReason``.
public enum MethodStop: Error, Sendable, Equatable {
    /// A linear system had no finite solution → `"singular"`.
    case singular
    /// A value the step needs (f, ∇f, H, the step itself) is not finite → `"non-finite"`.
    case nonFinite
    /// The cancellation flag was seen → `"interrupted"`.
    case interrupted
    /// No step the method can take lowers its merit function (e.g. a line search found no
    /// decrease at rounding level) → `"max steps"` with `extra["stalled"] = 1`: the run cannot
    /// go on, but it has not met the convergence test either.
    case stalled
}

/// What the driver lends a method for one step: the counted objective, the tolerance and the
/// cancellation flag. Everything a method evaluates goes through here so it is counted.
public struct StepContext {
    let counted: CountingObjective
    /// The gradient-norm tolerance of the run.
    public let tol: Double
    let cancellation: Cancellation?

    init(counted: CountingObjective, tol: Double, cancellation: Cancellation?) {
        self.counted = counted; self.tol = tol; self.cancellation = cancellation
    }

    /// The objective, counting every use.
    public var objective: any Objective { counted }

    /// m, the number of parameters.
    public var dimension: Int { counted.dimension }

    /// Throws `.interrupted` when cancellation was requested. Call it in every inner loop.
    public func checkCancelled() throws(MethodStop) {
        if isCancelled() { throw .interrupted }
    }

    /// Whether cancellation was requested: the check handed to the Hessian's batches and to the
    /// LAPACK calls a caller may abandon.
    public func isCancelled() -> Bool { cancellation?.isCancelled == true }

    /// f(x), one evaluation. Non-finite values are returned as they are: a line search treats
    /// them as "too far", it is the accepted iterate that must be finite.
    public func value(at x: [Double]) throws(MethodStop) -> Double {
        try checkCancelled()
        return counted.value(at: x)
    }

    /// f and ∇f at x as an ``Iterate``, one evaluation.
    public func iterate(at x: [Double]) throws(MethodStop) -> Iterate {
        try checkCancelled()
        let (f, g) = counted.valueAndGradient(at: x)
        return Iterate(x: x, f: f, gradient: g)
    }

    /// The full Hessian (m hvps); `.nonFinite` if any entry is NaN or infinite.
    public func hessian(at x: [Double]) throws(MethodStop) -> Tensor {
        try checkCancelled()
        guard let h = counted.hessian(at: x, isCancelled: isCancelled) else { throw .interrupted }
        guard Vec.allFinite(h.scalars) else { throw .nonFinite }
        return h
    }

    /// H(x)·v for each v in `vs` (one hvp each, batched where the objective can); `.nonFinite` if
    /// any entry is NaN or infinite.
    public func hessianVectorProducts(at x: [Double], _ vs: [[Double]]) throws(MethodStop) -> [[Double]] {
        try checkCancelled()
        let hv = counted.hessianVectorProducts(at: x, vs)
        guard hv.allSatisfy(Vec.allFinite) else { throw .nonFinite }
        return hv
    }

    /// H(x)·v, one hvp; `.nonFinite` if any entry is NaN or infinite.
    public func hessianVectorProduct(at x: [Double], _ v: [Double]) throws(MethodStop) -> [Double] {
        try hessianVectorProducts(at: x, [v])[0]
    }

    /// The symmetric eigendecomposition of the Hessian at x (values ascending, vectors as columns).
    public func hessianEigen(at x: [Double], vectors: Bool = true) throws(MethodStop) -> SymmetricEigen {
        let h = try hessian(at: x)
        let eig = try linearAlgebra { try SymmetricEigen.cancellable(h, vectors: vectors, isCancelled: isCancelled) }
        guard let eig else { throw .interrupted }
        return eig
    }

    /// The solution of A x = b by LU (`.singular` when there is none); a large solve can be
    /// abandoned (`.interrupted`, see ``/SFNNumerics/Abandonable``).
    public func solve(_ a: Tensor, _ b: [Double]) throws(MethodStop) -> [Double] {
        let x = try linearAlgebra { try LinearSolve.solve(a, b, isCancelled: isCancelled) }
        guard let x else { throw .interrupted }
        return x
    }
}

/// Runs a LAPACK wrapper and maps its errors onto the stops the driver understands.
func linearAlgebra<T>(_ body: () throws -> T) throws(MethodStop) -> T {
    do { return try body() } catch LinearAlgebraError.nonFinite {
        throw .nonFinite
    } catch {
        throw .singular
    }
}

/// One optimiser, seen by the driver: it supplies steps; the driver owns the loop, the stopping
/// tests, the history, progress, counting, timing and the record (as in Optim.jl, where each
/// solver has `initial_state` and `update_state!` and `optimize` does the rest).
///
/// A method is a value type holding its options and whatever state it carries between steps
/// (L-BFGS's memory, SFN's cached eigendecomposition).
public protocol StepMethod {
    /// The record's `method` field.
    var name: String { get }

    /// Method-specific counters copied into the record's `extra` at the end.
    var extra: [String: Double] { get }

    /// The stopping test, asked before every step. The default is ‖∇f‖ ≤ tol; a method may ask
    /// for more (SFN with `escape` also wants no negative curvature).
    mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool

    /// One step from `current`. Returns the next iterate with its value and gradient (so the driver
    /// does not evaluate it again), or throws to end the run.
    mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport

    /// The iterate the record reports, asked once after the last step of a run that did not end
    /// non-finite. The default is `last`; minibatch SGD re-evaluates f and ∇f on the whole dataset
    /// there (history keeps the minibatch losses).
    mutating func finish(at last: Iterate, in context: StepContext) -> Iterate
}

extension StepMethod {
    /// No extra counters.
    public var extra: [String: Double] { [:] }

    /// The last iterate, as it is.
    public mutating func finish(at last: Iterate, in context: StepContext) -> Iterate { last }

    /// ‖∇f‖ ≤ tol.
    public mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        current.gnorm <= context.tol
    }
}
