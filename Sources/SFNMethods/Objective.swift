// The Objective protocol every method runs on, and a closure-backed one for tests and embedders.
import SFNNumerics

/// What every method needs from an objective f: ℝᵐ → ℝ.
///
/// The compiled autodiff tape (`SFNTape.CompiledObjective`) conforms; tests also use small
/// hand-written conformances with closed-form derivatives. Implementations may reuse internal
/// buffers, so an objective is a class and is not shared between threads.
public protocol Objective: AnyObject {
    /// m, the length of θ.
    var dimension: Int { get }
    /// f(θ).
    func value(at x: [Double]) -> Double
    /// f(θ) and ∇f(θ) in one pass.
    func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double])
    /// H(θ) v, the Hessian-vector product.
    func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double]
    /// H(θ) [v₁ … v_k] for several directions at once (matrix-matrix work where possible).
    func hessianVectorProducts(at x: [Double], _ vs: [[Double]]) -> [[Double]]
    /// The full m×m Hessian.
    func hessian(at x: [Double]) -> Tensor
    /// The full Hessian, or nil when `isCancelled()` turned true before it was done (it is asked
    /// between batches of products, so Ctrl-C stops a large Hessian part way).
    func hessian(at x: [Double], isCancelled: () -> Bool) -> Tensor?
}

extension Objective {
    /// Default batched product: one at a time.
    public func hessianVectorProducts(at x: [Double], _ vs: [[Double]]) -> [[Double]] {
        vs.map { hessianVectorProduct(at: x, $0) }
    }
    /// Default Hessian: m products with the unit vectors, symmetrised.
    public func hessian(at x: [Double]) -> Tensor { hessian(at: x, isCancelled: { false })! }

    /// Default Hessian: m products with the unit vectors, symmetrised, asked for in batches of 16
    /// with `isCancelled()` between them.
    public func hessian(at x: [Double], isCancelled: () -> Bool) -> Tensor? {
        let m = dimension
        var cols: [[Double]] = []
        for start in stride(from: 0, to: m, by: 16) {
            if isCancelled() { return nil }
            cols += hessianVectorProducts(at: x, (start..<min(m, start + 16)).map { i in
                var e = [Double](repeating: 0, count: m); e[i] = 1; return e
            })
        }
        var h = Tensor.zeros([m, m])
        for i in 0..<m { for j in 0..<m { h[i, j] = 0.5 * (cols[j][i] + cols[i][j]) } }
        return h
    }
}

/// An objective given by closures: for tests, and for Swift users with hand-written derivatives.
public final class ClosureObjective: Objective {
    /// m, the length of θ.
    public let dimension: Int
    let f: ([Double]) -> Double
    let g: ([Double]) -> [Double]
    let hv: ([Double], [Double]) -> [Double]

    /// `hvp(x, v)` must return H(x) v.
    public init(dimension: Int, value: @escaping ([Double]) -> Double,
                gradient: @escaping ([Double]) -> [Double],
                hvp: @escaping ([Double], [Double]) -> [Double]) {
        self.dimension = dimension; f = value; g = gradient; hv = hvp
    }

    /// From a value, a gradient and a dense Hessian function.
    public convenience init(dimension: Int, value: @escaping ([Double]) -> Double,
                            gradient: @escaping ([Double]) -> [Double],
                            hessian: @escaping ([Double]) -> Tensor) {
        self.init(dimension: dimension, value: value, gradient: gradient,
                  hvp: { x, v in BLAS.matvec(hessian(x), v) })
    }

    /// f(θ), from the `value` closure.
    public func value(at x: [Double]) -> Double { f(x) }
    /// f(θ) and ∇f(θ), one call of each closure.
    public func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) { (f(x), g(x)) }
    /// H(θ) v, from the `hvp` closure (or the dense Hessian times v).
    public func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] { hv(x, v) }
}
