// Var: graph nodes with Swift operators, for writing objectives in Swift.
import SFNNumerics

/// A node with its graph, so that objectives can be written in Swift with ordinary operators:
///
///     let f = try CompiledObjective(parameters: [[2]]) { g, p in
///         let x = Var(g, p[0])[0], y = Var(g, p[0])[1]
///         return (x * x - y * y + y.pow(4) / 4).node
///     }
///
/// Shape errors in this Swift-facing sugar are programming errors and stop the program; the
/// throwing `Graph` methods are the checked interface (the language uses those).
public struct Var {
    /// The graph the node belongs to (every operand of an operator must share it).
    public let graph: Graph
    /// The node.
    public let node: Node
    /// `node` of `graph`.
    public init(_ graph: Graph, _ node: Node) { self.graph = graph; self.node = node }

    /// The node's shape.
    public var shape: [Int] { graph.shape(node) }

    private func wrap(_ f: () throws -> Node) -> Var {
        do { return Var(graph, try f()) } catch { preconditionFailure("\(error)") }
    }
    private func lift(_ c: Double) -> Var { Var(graph, graph.scalar(c)) }

    /// a + b elementwise, with broadcasting (a shape mismatch stops the program).
    public static func + (a: Var, b: Var) -> Var { a.wrap { try a.graph.add(a.node, b.node) } }
    /// a − b elementwise, with broadcasting.
    public static func - (a: Var, b: Var) -> Var { a.wrap { try a.graph.sub(a.node, b.node) } }
    /// a · b elementwise, with broadcasting (``matmul(_:)`` is the matrix product).
    public static func * (a: Var, b: Var) -> Var { a.wrap { try a.graph.mul(a.node, b.node) } }
    /// a / b elementwise, with broadcasting.
    public static func / (a: Var, b: Var) -> Var { a.wrap { try a.graph.div(a.node, b.node) } }
    /// −a.
    public static prefix func - (a: Var) -> Var { Var(a.graph, a.graph.neg(a.node)) }
    /// a + b for every element of a.
    public static func + (a: Var, b: Double) -> Var { a + a.lift(b) }
    /// a − b for every element of a.
    public static func - (a: Var, b: Double) -> Var { a - a.lift(b) }
    /// a · b for every element of a.
    public static func * (a: Var, b: Double) -> Var { a * a.lift(b) }
    /// a / b for every element of a.
    public static func / (a: Var, b: Double) -> Var { a / a.lift(b) }
    /// a + b for every element of b.
    public static func + (a: Double, b: Var) -> Var { b.lift(a) + b }
    /// a − b for every element of b.
    public static func - (a: Double, b: Var) -> Var { b.lift(a) - b }
    /// a · b for every element of b.
    public static func * (a: Double, b: Var) -> Var { b.lift(a) * b }
    /// a / b for every element of b.
    public static func / (a: Double, b: Var) -> Var { b.lift(a) / b }

    /// selfᵉ elementwise, with broadcasting.
    public func pow(_ e: Var) -> Var { wrap { try graph.pow(node, e.node) } }
    /// selfᵉ for every element.
    public func pow(_ e: Double) -> Var { pow(lift(e)) }
    /// Matrix product with NumPy's rules for vectors.
    public func matmul(_ b: Var) -> Var { wrap { try graph.matmul(node, b.node) } }
    /// An elementwise function, e.g. `x.apply(UnaryFunctions.Sigmoid.self)`.
    public func apply(_ f: any UnaryFunction.Type) -> Var { Var(graph, graph.unary(f, node)) }
    /// Σ over all elements, or along `axis` (0-based).
    public func sum(axis: Int? = nil) -> Var { wrap { try graph.sum(node, axis: axis) } }
    /// The mean over all elements, or along `axis` (0-based).
    public func mean(axis: Int? = nil) -> Var { wrap { try graph.mean(node, axis: axis) } }
    /// log Σ exp over all elements, or along `axis`, without overflow.
    public func logsumexp(axis: Int? = nil) -> Var { wrap { try graph.logsumexp(node, axis: axis) } }
    /// The same elements under shape `s` (same count).
    public func reshaped(_ s: [Int]) -> Var { wrap { try graph.reshape(node, s) } }
    /// Element i (0-based, flat) as a scalar.
    public subscript(i: Int) -> Var { wrap { try graph.gather(node, index: [i], shape: []) } }
    /// Elements lo..<hi (flat) as a vector.
    public func slice(_ r: Range<Int>) -> Var { wrap { try graph.gather(node, index: Array(r), shape: [r.count]) } }
}

/// eˣ elementwise.
public func exp(_ x: Var) -> Var { x.apply(UnaryFunctions.Exp.self) }
/// ln x elementwise.
public func log(_ x: Var) -> Var { x.apply(UnaryFunctions.Log.self) }
/// tanh x elementwise.
public func tanh(_ x: Var) -> Var { x.apply(UnaryFunctions.Tanh.self) }
/// sin x elementwise.
public func sin(_ x: Var) -> Var { x.apply(UnaryFunctions.Sin.self) }
/// cos x elementwise.
public func cos(_ x: Var) -> Var { x.apply(UnaryFunctions.Cos.self) }
