// Elementwise functions of one argument (exp, tanh, …): value, slope, and slope as a graph.
import CKernels
import Foundation
import SFNNumerics

/// An elementwise function of one argument: its value, its slope (numerically, for tangents) and
/// its slope as a graph (for adjoints, so that gradients can be differentiated again). Each is a
/// primitive of its own (the loops below are shared), so the compiler specialises every kernel
/// for its function. The built-in ones state their derivative once, as a `SlopeRule`; adding one
/// is one small struct below and its type in ``UnaryTable/all``, whose entries the derivative
/// tests iterate.
public protocol UnaryFunction: Primitive, ElementwiseKernels {
    /// The function (it has no state: the type is the function).
    init()
    /// The name the language and graph dumps use (`exp`, `tanh`, …).
    static var name: String { get }
    /// What the function is, for `:help` (the language's built-in of the same name).
    static var summary: String { get }
    /// y = f(x) for one element.
    static func value(_ x: Double) -> Double
    /// dy/dx at x, given y = value(x).
    static func slope(_ x: Double, _ y: Double) -> Double
    /// dy/dx as a graph node, given the nodes x and y.
    static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node
}

/// The arithmetic a derivative rule is written in: numbers (`Double`) and graph nodes (`Var`).
/// Internal, so that its generic operators never reach the type checker of code that imports
/// SFNTape.
protocol SlopeAlgebra {
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func + (a: Double, b: Self) -> Self
    static func - (a: Double, b: Self) -> Self
    static func * (a: Double, b: Self) -> Self
    static func / (a: Double, b: Self) -> Self
    /// The number c in `like`'s form (a constant node of its graph for `Var`).
    static func constant(_ c: Double, like: Self) -> Self
    /// F applied elementwise.
    func applying<F: UnaryFunction>(_ f: F.Type) -> Self
    /// selfᵉ elementwise.
    func power(_ e: Self) -> Self
    /// 1 where `a kind b` holds, else 0 (a comparison's indicator).
    static func indicator(_ kind: Compare.Kind, _ a: Self, _ b: Self) -> Self
    /// `whenZero` where `x` is 0, else `otherwise`: how a rule states a limit the formula misses
    /// (0ᵇ is flat in b).
    static func zeroWhere(_ x: Self, isZero whenZero: Self, else otherwise: Self) -> Self
    /// 0 where `x` is 0, else `otherwise`, for a formula whose value at x = 0 is 0 (or 0·∞) but
    /// whose derivative there need not be: as numbers exactly that; as a graph, 0 only where
    /// `y` is 0 too, and `otherwise` (its value 0, its derivative kept) where only x is.
    static func zeroWhere(_ x: Self, alsoZero y: Self, else otherwise: Self) -> Self
}

extension Double: SlopeAlgebra {
    @inline(__always) static func constant(_ c: Double, like: Double) -> Double { c }
    @inline(__always) func applying<F: UnaryFunction>(_ f: F.Type) -> Double { F.value(self) }
    @inline(__always) func power(_ e: Double) -> Double { BinaryFunctions.Pow.power(self, e) }
    @inline(__always) static func indicator(_ kind: Compare.Kind, _ a: Double, _ b: Double) -> Double {
        Compare(kind: kind).test(a, b) ? 1 : 0
    }
    @inline(__always) static func zeroWhere(_ x: Double, isZero whenZero: Double, else otherwise: Double) -> Double {
        x == 0 ? whenZero : otherwise
    }
    @inline(__always) static func zeroWhere(_ x: Double, alsoZero y: Double, else otherwise: Double) -> Double {
        x == 0 ? 0 : otherwise
    }
}

extension Var: SlopeAlgebra {
    static func constant(_ c: Double, like: Var) -> Var { Var(like.graph, like.graph.scalar(c)) }
    func applying<F: UnaryFunction>(_ f: F.Type) -> Var { apply(F.self) }
    func power(_ e: Var) -> Var { pow(e) }
    static func indicator(_ kind: Compare.Kind, _ a: Var, _ b: Var) -> Var {
        do { return Var(a.graph, try a.graph.compare(kind, a.node, b.node)) } catch { preconditionFailure("\(error)") }
    }
    static func zeroWhere(_ x: Var, isZero whenZero: Var, else otherwise: Var) -> Var {
        let g = x.graph
        do {
            return Var(g, try g.select(g.compare(.eq, x.node, g.scalar(0)), whenZero.node, otherwise.node))
        } catch { preconditionFailure("\(error)") }
    }
    static func zeroWhere(_ x: Var, alsoZero y: Var, else otherwise: Var) -> Var {
        zeroWhere(x, isZero: zeroWhere(y, isZero: constant(0, like: otherwise), else: otherwise), else: otherwise)
    }
}

/// A unary function whose derivative is stated once, in ``SlopeAlgebra``: the numeric slope is
/// the rule on numbers, the graph slope the same rule on nodes.
protocol SlopeRule: UnaryFunction {
    /// dy/dx at x, given y = value(x).
    static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T
}

extension SlopeRule {
    @inline(__always) public static func slope(_ x: Double, _ y: Double) -> Double { derivative(x, y) }
    public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { derivative(Var(g, x), Var(g, y)).node }
}

/// A function that is constant between jumps (sign, step, floor, ceil, round): derivative zero,
/// and not differentiable for `check`. Such a function states only its name and value.
protocol PiecewiseConstant: SlopeRule {}

extension PiecewiseConstant {
    public var isDifferentiable: Bool { false }
    static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { T.constant(0, like: x) }
}

/// y = F(x) elementwise: the kernels every unary function shares.
extension UnaryFunction {
    typealias F = Self
    public var name: String { F.name }
    /// Single-element applications run inline in the tape's loop, as `F.value` and `F.slope`.
    public var scalarKernel: ScalarKernel? { .unary(F.self) }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        let a = x[0]
        for i in 0..<x.count(0) { y[i] = F.value(a[i]) }
    }

    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let a = x[0], n = x.count(0), d = dx[0]!
        for i in 0..<n { scratch[i] = F.slope(a[i], y[i]) }
        for j in 0..<k {
            let o = j * n
            for i in 0..<n { dy[o + i] = scratch[i] * d[o + i] }
        }
    }

    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        [try g.mul(dy, F.slope(g, x[0], y))]
    }
}

/// The elementwise functions. `sign` and `step` have zero derivative (they exist so that the
/// slopes of `abs` and `relu` are graphs), which gives `abs`, `relu` the subgradient 0 at 0.
public enum UnaryFunctions {
    /// −x; derivative −1.
    public struct Neg: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "neg"
        public static let summary = "−x"
        public static func value(_ x: Double) -> Double { -x }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { T.constant(-1, like: x) }
    }
    /// eˣ; derivative eˣ (the result itself).
    public struct Exp: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "exp"
        public static let summary = "eˣ"
        public static func value(_ x: Double) -> Double { Foundation.exp(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { y }
    }
    /// The natural logarithm ln x; derivative 1/x (nan for x < 0).
    public struct Log: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "log"
        public static let summary = "natural logarithm (log of a negative number is nan)"
        public static func value(_ x: Double) -> Double { Foundation.log(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { 1 / x }
    }
    /// √x; derivative 1/(2√x).
    public struct Sqrt: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "sqrt"
        public static let summary = "square root"
        public static func value(_ x: Double) -> Double { x.squareRoot() }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { 0.5 / y }
    }
    /// |x|; derivative sign(x), so the subgradient at 0 is 0.
    public struct Abs: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "abs"
        public static let summary = "absolute value (subgradient 0 at 0)"
        public static func value(_ x: Double) -> Double { Swift.abs(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { x.applying(Sign.self) }
    }
    /// log₁₀ x; slope 1/(x ln 10).
    public struct Log10: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "log10"
        public static let summary = "base-10 logarithm (nan for negative x; derivative 1/(x ln 10))"
        /// 1 / ln 10 (= log₁₀ e).
        static let invLn10 = 0.4342944819032518
        public static func value(_ x: Double) -> Double { Foundation.log10(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { invLn10 / x }
    }
    /// log₂ x; slope 1/(x ln 2).
    public struct Log2: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "log2"
        public static let summary = "base-2 logarithm (nan for negative x; derivative 1/(x ln 2))"
        /// 1 / ln 2 (= log₂ e).
        static let invLn2 = 1.4426950408889634
        public static func value(_ x: Double) -> Double { Foundation.log2(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { invLn2 / x }
    }
    /// sin x; derivative cos x.
    public struct Sin: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "sin"
        public static let summary = "sine"
        public static func value(_ x: Double) -> Double { Foundation.sin(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { x.applying(Cos.self) }
    }
    /// cos x; derivative −sin x.
    public struct Cos: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "cos"
        public static let summary = "cosine"
        public static func value(_ x: Double) -> Double { Foundation.cos(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { -x.applying(Sin.self) }
    }
    /// tan x; derivative 1 + tan²x.
    public struct Tan: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "tan"
        public static let summary = "tangent"
        public static func value(_ x: Double) -> Double { Foundation.tan(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { 1 + y * y }
    }
    /// arctan x; derivative 1/(1 + x²).
    public struct Atan: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "atan"
        public static let summary = "arctangent"
        public static func value(_ x: Double) -> Double { Foundation.atan(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { 1 / (1 + x * x) }
    }
    /// tanh x; derivative 1 − tanh²x. Branch-free code that vectorises (within a few ulp of libm).
    public struct Tanh: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "tanh"
        public static let summary = "hyperbolic tangent"
        @inline(__always) public static func value(_ x: Double) -> Double { FastMath.tanh(x) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { 1 - y * y }
        /// Over an array, FastMath.tanh's arithmetic runs in C, built for the CPU's widest vectors
        /// (CKernels): a tanh layer's forward pass was a third of a network's gradient time.
        public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
            sfn_tanh_array(x[0], y, x.count(0))
        }
    }
    /// The logistic function 1/(1 + e⁻ˣ); derivative σ(x)(1 − σ(x)).
    public struct Sigmoid: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "sigmoid"
        public static let summary = "logistic function 1/(1+e⁻ˣ)"
        public static func value(_ x: Double) -> Double {
            // Stable for large |x|: never exponentiates a large positive number.
            x >= 0 ? 1 / (1 + Foundation.exp(-x)) : { let e = Foundation.exp(x); return e / (1 + e) }()
        }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { y * (1 - y) }
    }
    /// max(x, 0); derivative step(x), so the subgradient at 0 is 0.
    public struct Relu: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "relu"
        public static let summary = "max(x, 0) (subgradient 0 at 0)"
        public static func value(_ x: Double) -> Double { x > 0 ? x : (x.isNaN ? x : 0) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { x.applying(Step.self) }
    }
    /// log(1 + eˣ); derivative σ(x).
    public struct Softplus: UnaryFunction, SlopeRule {
        public init() {}
        public static let name = "softplus"
        public static let summary = "log(1 + eˣ), computed without overflow"
        /// log(1 + eˣ) without overflow: max(x, 0) + log1p(e^−|x|).
        public static func value(_ x: Double) -> Double { Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
        static func derivative<T: SlopeAlgebra>(_ x: T, _ y: T) -> T { x.applying(Sigmoid.self) }
    }
    /// −1, 0 or 1 by the sign of x; derivative 0 (not differentiable for `check`).
    public struct Sign: UnaryFunction, PiecewiseConstant {
        public init() {}
        public static let name = "sign"
        public static let summary = "-1, 0 or 1 (derivative 0)"
        public static func value(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0)) }
    }
    /// 1 where x > 0, else 0 (the slope of relu; not a built-in of the language).
    public struct Step: UnaryFunction, PiecewiseConstant {
        public init() {}
        public static let name = "step"
        public static let summary = "1 where x > 0, else 0 (derivative 0)"
        public static func value(_ x: Double) -> Double { x > 0 ? 1 : (x.isNaN ? x : 0) }
    }
    /// The largest whole number ≤ x; derivative 0.
    public struct Floor: UnaryFunction, PiecewiseConstant {
        public init() {}
        public static let name = "floor"
        public static let summary = "largest whole number ≤ x: floor(-1.5) == -2 (derivative 0)"
        public static func value(_ x: Double) -> Double { x.rounded(.down) }
    }
    /// The smallest whole number ≥ x; derivative 0.
    public struct Ceil: UnaryFunction, PiecewiseConstant {
        public init() {}
        public static let name = "ceil"
        public static let summary = "smallest whole number ≥ x: ceil(-1.5) == -1 (derivative 0)"
        public static func value(_ x: Double) -> Double { x.rounded(.up) }
    }
    /// The nearest whole number, ties to even as NumPy's and Julia's `round`; derivative 0.
    public struct Round: UnaryFunction, PiecewiseConstant {
        public init() {}
        public static let name = "round"
        public static let summary = "nearest whole number, ties to even as in NumPy and Julia: round(2.5) == 2, round(-0.5) == -0 (derivative 0)"
        public static func value(_ x: Double) -> Double { x.rounded(.toNearestOrEven) }
    }
}


/// The elementwise functions the language has, in the order `:help` lists them; each one's name
/// is its struct's `name`.
public enum UnaryTable {
    /// Every elementwise function the language exposes, in `:help` order (``UnaryFunctions/Neg``
    /// and ``UnaryFunctions/Step`` are not among them: they serve the graph's own rules).
    public static let all: [any UnaryFunction.Type] = [
        UnaryFunctions.Exp.self, UnaryFunctions.Log.self, UnaryFunctions.Sqrt.self, UnaryFunctions.Abs.self,
        UnaryFunctions.Sin.self, UnaryFunctions.Cos.self, UnaryFunctions.Tan.self, UnaryFunctions.Atan.self,
        UnaryFunctions.Tanh.self, UnaryFunctions.Sigmoid.self, UnaryFunctions.Relu.self, UnaryFunctions.Softplus.self,
        UnaryFunctions.Sign.self, UnaryFunctions.Log10.self, UnaryFunctions.Log2.self,
        UnaryFunctions.Floor.self, UnaryFunctions.Ceil.self, UnaryFunctions.Round.self,
    ]

    /// The functions of ``all`` by their ``UnaryFunction/name``.
    public static let functions: [String: any UnaryFunction.Type] =
        Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
