// The computation graph under construction: parameters, inputs, constants and primitive applications.
import SFNNumerics

/// A computation graph under construction: parameters (the variables θ is made of), data inputs
/// (set at each evaluation, never differentiated), constants, and primitive applications.
///
/// Nodes are numbered in creation order, which is a topological order. Building is where the
/// graph is tidied: an application whose arguments are all constants is folded to a constant,
/// an identical application is shared (common subexpressions), and multiplying by one or adding
/// zero is skipped. Gradients extend the same graph (see `Gradient.swift`).
public final class Graph {
    /// What a node is.
    public enum Kind {
        /// Segment `index` of θ (see ``parameters``).
        case parameter(index: Int)
        /// Data input `slot`, set at each evaluation and never differentiated.
        case input(slot: Int)
        /// A fixed tensor.
        case constant(Tensor)
        /// A primitive applied to earlier nodes.
        case apply(any Primitive, [Node])
    }

    /// What each node is, by ``Node/id``.
    public private(set) var kinds: [Kind] = []
    /// Each node's shape, by ``Node/id``.
    public private(set) var shapes: [[Int]] = []
    /// Parameter nodes in the order θ concatenates them.
    public private(set) var parameters: [Node] = []
    /// Data input nodes by slot.
    public private(set) var inputs: [Node] = []
    /// Whether a node depends differentiably on a parameter.
    public private(set) var varies: [Bool] = []

    /// An application's identity for sharing: the primitive, its arguments and its result shape
    /// (a primitive such as a broadcast's adjoint can give two shapes of one count from the same
    /// argument: [2] and [1, 2]).
    private struct Key: Hashable { let op: AnyHashable; let args: [Int]; let shape: [Int] }
    private var shared: [Key: Int] = [:]
    private var scalarConstants: [Double: Int] = [:]

    /// An empty graph.
    public init() {}

    /// The number of nodes.
    public var count: Int { kinds.count }
    /// The shape of `n`.
    public func shape(_ n: Node) -> [Int] { shapes[n.id] }
    /// The element count of `n` (1 for a scalar).
    public func count(_ n: Node) -> Int { elementCount(shapes[n.id]) }

    /// The value of a constant node.
    public func constantValue(_ n: Node) -> Tensor? {
        if case .constant(let t) = kinds[n.id] { return t }
        return nil
    }

    /// Whether `n` is a constant all of whose elements equal `v`.
    public func isConstant(_ n: Node, equalTo v: Double) -> Bool {
        guard let t = constantValue(n) else { return false }
        return t.scalars.allSatisfy { $0 == v }
    }

    private func append(_ kind: Kind, shape: [Int], varies v: Bool) -> Node {
        kinds.append(kind); shapes.append(shape); varies.append(v)
        return Node(id: kinds.count - 1)
    }

    /// A new parameter: the next segment of θ, of this shape.
    public func parameter(shape: [Int]) -> Node {
        let n = append(.parameter(index: parameters.count), shape: shape, varies: true)
        parameters.append(n)
        return n
    }

    /// A new data input, set at each evaluation (`Tape.setInput`).
    public func input(shape: [Int]) -> Node {
        let n = append(.input(slot: inputs.count), shape: shape, varies: false)
        inputs.append(n)
        return n
    }

    /// A constant tensor.
    public func constant(_ t: Tensor) -> Node {
        if t.isScalar, let i = scalarConstants[t.scalars[0]], !t.scalars[0].isNaN { return Node(id: i) }
        let n = append(.constant(t), shape: t.shape, varies: false)
        if t.isScalar && !t.scalars[0].isNaN { scalarConstants[t.scalars[0]] = n.id }
        return n
    }

    /// A scalar constant.
    public func scalar(_ v: Double) -> Node { constant(Tensor(v)) }

    /// Applies a primitive whose result shape the caller has worked out. Folds constants and shares
    /// repeated applications.
    public func apply(_ op: any Primitive, _ args: [Node], shape: [Int]) -> Node {
        if args.allSatisfy({ constantValue($0) != nil }), !(op is FoldBarrier) {
            return constant(evaluate(op, args.map { constantValue($0)! }, shape: shape))
        }
        let key = Key(op: AnyHashable(op), args: args.map(\.id), shape: shape)
        if let id = shared[key] { return Node(id: id) }
        let v = op.isDifferentiable && args.contains { varies[$0.id] }
        let n = append(.apply(op, args), shape: shape, varies: v)
        shared[key] = n.id
        return n
    }

    /// Runs one primitive on constant tensors (constant folding).
    func evaluate(_ op: any Primitive, _ args: [Tensor], shape: [Int]) -> Tensor {
        var storage: [Double] = []
        var offsets: [Int] = []
        var counts: [Int] = []
        for a in args { offsets.append(storage.count); counts.append(a.count); storage += a.scalars }
        let total = storage.count
        storage += [Double](repeating: 0, count: elementCount(shape) + 1)  // +1: never an empty buffer
        storage.withUnsafeMutableBufferPointer { buf in
            offsets.withUnsafeBufferPointer { off in
                counts.withUnsafeBufferPointer { cnt in
                    let x = Operands(base: buf.baseAddress!, offsets: off.baseAddress!, counts: cnt.baseAddress!,
                                     arity: args.count)
                    op.forward(x, buf.baseAddress! + total)
                }
            }
        }
        return Tensor(shape: shape, scalars: Array(storage[total..<(total + elementCount(shape))]))
    }
}

/// Marks primitives that must not be folded even with constant arguments (none yet need it; the
/// marker keeps the door open for random or stateful ops).
protocol FoldBarrier {}
