// Elementwise functions of one argument (exp, tanh, …): value, slope, and slope as a graph.
import CKernels
import Foundation
import SFNNumerics

/// An elementwise function of one argument: its value, its slope (numerically, for tangents) and
/// its slope as a graph (for adjoints, so that gradients can be differentiated again). Each is a
/// primitive of its own (the loops below are shared), so the compiler specialises every kernel
/// for its function. Adding one is one small struct below and one row in `UnaryTable`.
public protocol UnaryFunction: Primitive {
    init()
    static var name: String { get }
    static func value(_ x: Double) -> Double
    /// dy/dx at x, given y = value(x).
    static func slope(_ x: Double, _ y: Double) -> Double
    /// dy/dx as a graph node, given the nodes x and y.
    static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node
}

/// y = F(x) elementwise: the kernels every unary function shares.
extension UnaryFunction {
    public typealias F = Self
    public var name: String { F.name }
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
    public struct Neg: UnaryFunction {
        public init() {}
        public static let name = "neg"
        public static func value(_ x: Double) -> Double { -x }
        public static func slope(_ x: Double, _ y: Double) -> Double { -1 }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.scalar(-1) }
    }
    public struct Exp: UnaryFunction {
        public init() {}
        public static let name = "exp"
        public static func value(_ x: Double) -> Double { Foundation.exp(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { y }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { y }
    }
    public struct Log: UnaryFunction {
        public init() {}
        public static let name = "log"
        public static func value(_ x: Double) -> Double { Foundation.log(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 1 / x }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { try g.div(g.scalar(1), x) }
    }
    public struct Sqrt: UnaryFunction {
        public init() {}
        public static let name = "sqrt"
        public static func value(_ x: Double) -> Double { x.squareRoot() }
        public static func slope(_ x: Double, _ y: Double) -> Double { 0.5 / y }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { try g.div(g.scalar(0.5), y) }
    }
    public struct Abs: UnaryFunction {
        public init() {}
        public static let name = "abs"
        public static func value(_ x: Double) -> Double { Swift.abs(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { Sign.value(x) }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.unary(Sign.self, x) }
    }
    /// log₁₀ x; slope 1/(x ln 10).
    public struct Log10: UnaryFunction {
        public init() {}
        public static let name = "log10"
        /// 1 / ln 10 (= log₁₀ e).
        static let invLn10 = 0.4342944819032518
        public static func value(_ x: Double) -> Double { Foundation.log10(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { invLn10 / x }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { try g.div(g.scalar(invLn10), x) }
    }
    /// log₂ x; slope 1/(x ln 2).
    public struct Log2: UnaryFunction {
        public init() {}
        public static let name = "log2"
        /// 1 / ln 2 (= log₂ e).
        static let invLn2 = 1.4426950408889634
        public static func value(_ x: Double) -> Double { Foundation.log2(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { invLn2 / x }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { try g.div(g.scalar(invLn2), x) }
    }
    public struct Sin: UnaryFunction {
        public init() {}
        public static let name = "sin"
        public static func value(_ x: Double) -> Double { Foundation.sin(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { Foundation.cos(x) }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.unary(Cos.self, x) }
    }
    public struct Cos: UnaryFunction {
        public init() {}
        public static let name = "cos"
        public static func value(_ x: Double) -> Double { Foundation.cos(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { -Foundation.sin(x) }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.neg(g.unary(Sin.self, x)) }
    }
    public struct Tan: UnaryFunction {
        public init() {}
        public static let name = "tan"
        public static func value(_ x: Double) -> Double { Foundation.tan(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 1 + y * y }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { try g.add(g.scalar(1), g.mul(y, y)) }
    }
    public struct Atan: UnaryFunction {
        public init() {}
        public static let name = "atan"
        public static func value(_ x: Double) -> Double { Foundation.atan(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 1 / (1 + x * x) }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node {
            try g.div(g.scalar(1), g.add(g.scalar(1), g.mul(x, x)))
        }
    }
    public struct Tanh: UnaryFunction {
        public init() {}
        public static let name = "tanh"
        @inline(__always) public static func value(_ x: Double) -> Double { FastMath.tanh(x) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 1 - y * y }
        /// Over an array, FastMath.tanh's arithmetic runs in C, built for the CPU's widest vectors
        /// (CKernels): a tanh layer's forward pass was a third of a network's gradient time.
        public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
            sfn_tanh_array(x[0], y, x.count(0))
        }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { try g.sub(g.scalar(1), g.mul(y, y)) }
    }
    public struct Sigmoid: UnaryFunction {
        public init() {}
        public static let name = "sigmoid"
        public static func value(_ x: Double) -> Double {
            // Stable for large |x|: never exponentiates a large positive number.
            x >= 0 ? 1 / (1 + Foundation.exp(-x)) : { let e = Foundation.exp(x); return e / (1 + e) }()
        }
        public static func slope(_ x: Double, _ y: Double) -> Double { y * (1 - y) }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { try g.mul(y, g.sub(g.scalar(1), y)) }
    }
    public struct Relu: UnaryFunction {
        public init() {}
        public static let name = "relu"
        public static func value(_ x: Double) -> Double { x > 0 ? x : (x.isNaN ? x : 0) }
        public static func slope(_ x: Double, _ y: Double) -> Double { Step.value(x) }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.unary(Step.self, x) }
    }
    public struct Softplus: UnaryFunction {
        public init() {}
        public static let name = "softplus"
        /// log(1 + eˣ) without overflow: max(x, 0) + log1p(e^−|x|).
        public static func value(_ x: Double) -> Double { Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) }
        public static func slope(_ x: Double, _ y: Double) -> Double { Sigmoid.value(x) }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.unary(Sigmoid.self, x) }
    }
    /// −1, 0 or 1; derivative zero.
    public struct Sign: UnaryFunction {
        public init() {}
        public static let name = "sign"
        public var isDifferentiable: Bool { false }
        public static func value(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : (x.isNaN ? x : 0)) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 0 }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.scalar(0) }
    }
    /// 1 where x > 0, else 0; derivative zero.
    public struct Step: UnaryFunction {
        public init() {}
        public static let name = "step"
        public var isDifferentiable: Bool { false }
        public static func value(_ x: Double) -> Double { x > 0 ? 1 : (x.isNaN ? x : 0) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 0 }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.scalar(0) }
    }
    /// The largest whole number ≤ x; derivative zero.
    public struct Floor: UnaryFunction {
        public init() {}
        public static let name = "floor"
        public var isDifferentiable: Bool { false }
        public static func value(_ x: Double) -> Double { x.rounded(.down) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 0 }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.scalar(0) }
    }
    /// The smallest whole number ≥ x; derivative zero.
    public struct Ceil: UnaryFunction {
        public init() {}
        public static let name = "ceil"
        public var isDifferentiable: Bool { false }
        public static func value(_ x: Double) -> Double { x.rounded(.up) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 0 }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.scalar(0) }
    }
    /// The nearest whole number, ties to even (as NumPy's `round` and Julia's `round`); derivative zero.
    public struct Round: UnaryFunction {
        public init() {}
        public static let name = "round"
        public var isDifferentiable: Bool { false }
        public static func value(_ x: Double) -> Double { x.rounded(.toNearestOrEven) }
        public static func slope(_ x: Double, _ y: Double) -> Double { 0 }
        public static func slope(_ g: Graph, _ x: Node, _ y: Node) throws -> Node { g.scalar(0) }
    }
}


/// Elementwise functions by the name the language uses.
public enum UnaryTable {
    public static let functions: [String: any UnaryFunction.Type] = [
        "exp": UnaryFunctions.Exp.self, "log": UnaryFunctions.Log.self, "sqrt": UnaryFunctions.Sqrt.self, "abs": UnaryFunctions.Abs.self,
        "sin": UnaryFunctions.Sin.self, "cos": UnaryFunctions.Cos.self, "tan": UnaryFunctions.Tan.self, "atan": UnaryFunctions.Atan.self,
        "tanh": UnaryFunctions.Tanh.self, "sigmoid": UnaryFunctions.Sigmoid.self, "relu": UnaryFunctions.Relu.self,
        "softplus": UnaryFunctions.Softplus.self, "sign": UnaryFunctions.Sign.self,
        "log10": UnaryFunctions.Log10.self, "log2": UnaryFunctions.Log2.self,
        "floor": UnaryFunctions.Floor.self, "ceil": UnaryFunctions.Ceil.self, "round": UnaryFunctions.Round.self,
    ]
}
