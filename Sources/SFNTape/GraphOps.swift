// The graph-building vocabulary: shape checks, broadcasting and the composite operations.
import SFNNumerics

/// The graph-building vocabulary: shape checking, NumPy broadcasting, and the composite
/// operations (mean, logsumexp, softmax, NumPy-style matmul) written once in terms of primitives.
/// Axes here are 0-based; reductions along an axis drop it (NumPy's default).
extension Graph {
    /// Whether `n` depends differentiably on a parameter (only such nodes carry tangents and
    /// receive cotangents).
    public func varies(_ n: Node) -> Bool { varies[n.id] }

    // MARK: Elementwise

    /// F applied to every element of `x`; the result has `x`'s shape.
    public func unary<F: UnaryFunction>(_ f: F.Type, _ x: Node) -> Node {
        apply(f.init(), [x], shape: shape(x))
    }

    /// An elementwise function by its table name (`exp`, `tanh`, …).
    public func unary(named name: String, _ x: Node) -> Node? {
        guard let f = UnaryTable.functions[name] else { return nil }
        return unary(f, x)
    }

    /// −x elementwise (−(−x) is `x` itself).
    public func neg(_ x: Node) -> Node {
        if case .apply(let op, let args) = kinds[x.id], op is UnaryFunctions.Neg { return args[0] }
        return unary(UnaryFunctions.Neg.self, x)
    }

    /// Brings two operands to a common shape: each becomes either a one-element tensor or a
    /// tensor of the result's size (an explicit broadcast node when needed).
    func conform(_ op: String, _ nodes: [Node]) throws -> (args: [Node], shape: [Int]) {
        var result: [Int] = []
        for n in nodes {
            guard let s = Broadcast.shape(result, shape(n)) else {
                throw GraphError.shapeMismatch(op: op, shapes: nodes.map { shape($0) })
            }
            result = s
        }
        let total = elementCount(result)
        let args = try nodes.map { n in
            count(n) == 1 || count(n) == total ? n : try broadcast(n, to: result)
        }
        return (args, result)
    }

    /// F applied elementwise with NumPy broadcasting; throws ``GraphError/shapeMismatch(op:shapes:)``
    /// when the shapes do not broadcast.
    public func binary<F: BinaryFunction>(_ f: F.Type, _ a: Node, _ b: Node) throws -> Node {
        let (args, s) = try conform(F.name, [a, b])
        return apply(f.init(), args, shape: s)
    }

    /// The broadcast shape of two operands, or the error naming both shapes.
    private func resultShape(_ op: String, _ a: Node, _ b: Node) throws -> [Int] {
        guard let s = Broadcast.shape(shape(a), shape(b)) else {
            throw GraphError.shapeMismatch(op: op, shapes: [shape(a), shape(b)])
        }
        return s
    }

    /// Whether `x` can stand for the result of an operation with result shape `s` unchanged.
    private func passes(_ x: Node, _ s: [Int]) -> Bool { shape(x) == s }

    /// a + b with broadcasting (adding a constant zero adds no node).
    public func add(_ a: Node, _ b: Node) throws -> Node {
        let s = try resultShape("+", a, b)
        if isConstant(b, equalTo: 0), passes(a, s) { return a }
        if isConstant(a, equalTo: 0), passes(b, s) { return b }
        return try binary(BinaryFunctions.Add.self, a, b)
    }

    /// a − b with broadcasting.
    public func sub(_ a: Node, _ b: Node) throws -> Node {
        let s = try resultShape("-", a, b)
        if isConstant(b, equalTo: 0), passes(a, s) { return a }
        if isConstant(a, equalTo: 0), passes(b, s) { return neg(b) }
        return try binary(BinaryFunctions.Sub.self, a, b)
    }

    /// a · b elementwise with broadcasting (multiplying by a constant ±1 adds no product).
    public func mul(_ a: Node, _ b: Node) throws -> Node {
        let s = try resultShape("*", a, b)
        if isConstant(b, equalTo: 1), passes(a, s) { return a }
        if isConstant(a, equalTo: 1), passes(b, s) { return b }
        if isConstant(b, equalTo: -1), passes(a, s) { return neg(a) }
        if isConstant(a, equalTo: -1), passes(b, s) { return neg(b) }
        return try binary(BinaryFunctions.Mul.self, a, b)
    }

    /// a / b elementwise with broadcasting.
    public func div(_ a: Node, _ b: Node) throws -> Node {
        let s = try resultShape("/", a, b)
        if isConstant(b, equalTo: 1), passes(a, s) { return a }
        return try binary(BinaryFunctions.Div.self, a, b)
    }

    /// aᵇ elementwise with broadcasting (whole exponents up to 16 by repeated squaring).
    public func pow(_ a: Node, _ b: Node) throws -> Node {
        let s = try resultShape("^", a, b)
        if isConstant(b, equalTo: 1), passes(a, s) { return a }
        return try binary(BinaryFunctions.Pow.self, a, b)
    }

    /// max(a, b) elementwise with broadcasting (subgradient 0 to both at a tie).
    public func maximum(_ a: Node, _ b: Node) throws -> Node { try binary(BinaryFunctions.Maximum.self, a, b) }
    /// min(a, b) elementwise with broadcasting (subgradient 0 to both at a tie).
    public func minimum(_ a: Node, _ b: Node) throws -> Node { try binary(BinaryFunctions.Minimum.self, a, b) }

    /// 1 where the comparison holds, else 0, elementwise with broadcasting; zero derivative.
    public func compare(_ kind: Compare.Kind, _ a: Node, _ b: Node) throws -> Node {
        let (args, s) = try conform(kind.rawValue, [a, b])
        return apply(Compare(kind: kind), args, shape: s)
    }

    /// c ≠ 0 ? a : b elementwise, with broadcasting among all three (a constant condition that
    /// picks one side everywhere adds no node).
    public func select(_ c: Node, _ a: Node, _ b: Node) throws -> Node {
        let (args, s) = try conform("if", [c, a, b])
        if let t = constantValue(c), !t.scalars.isEmpty {
            if t.scalars.allSatisfy({ $0 == 0 }), passes(b, s) { return b }
            if t.scalars.allSatisfy({ $0 != 0 && !$0.isNaN }), passes(a, s) { return a }
        }
        return apply(Select(), args, shape: s)
    }

    /// `x` with its derivative taken to be zero (its value passes unchanged).
    public func stopGradient(_ x: Node) -> Node { apply(StopGradient(), [x], shape: shape(x)) }

    // MARK: Shapes

    /// The elements of `x`, row-major, under shape `s` of the same count; throws
    /// ``GraphError/invalid(op:message:)`` otherwise.
    public func reshape(_ x: Node, _ s: [Int]) throws -> Node {
        if shape(x) == s { return x }
        guard elementCount(s) == count(x), s.allSatisfy({ $0 >= 0 }) else {
            throw GraphError.invalid(op: "reshape", message: "cannot reshape \(shapeText(shape(x))) to \(shapeText(s))")
        }
        if case .apply(let op, let args) = kinds[x.id], op is Reshape { return try reshape(args[0], s) }
        return apply(Reshape(shape: s), [x], shape: s)
    }

    /// Stretches x to a shape by NumPy's rules.
    public func broadcast(_ x: Node, to s: [Int]) throws -> Node {
        if shape(x) == s { return x }
        guard Broadcast.canStretch(shape(x), to: s) else {
            throw GraphError.shapeMismatch(op: "broadcast", shapes: [shape(x), s])
        }
        if count(x) == elementCount(s) { return try reshape(x, s) }
        let index = Broadcast.sourceIndices(from: shape(x), to: s)
        return apply(Gather(index: index, sourceCount: count(x), label: "broadcast"), [x], shape: s)
    }

    /// Sums x down to a shape it was broadcast from (the adjoint of `broadcast`).
    public func sumTo(_ x: Node, _ s: [Int]) throws -> Node {
        if shape(x) == s { return x }
        if count(x) == elementCount(s) { return try reshape(x, s) }
        if elementCount(s) == 1 { return try reshape(reduce(.sum, x), s) }
        let index = Broadcast.sourceIndices(from: s, to: shape(x))
        return apply(ScatterAdd(index: index, targetCount: elementCount(s)), [x], shape: s)
    }

    /// Elements of x (flat, row-major positions) arranged in a shape.
    public func gather(_ x: Node, index: [Int], shape s: [Int], label: String = "index") throws -> Node {
        guard index.count == elementCount(s) else {
            throw GraphError.invalid(op: label, message: "\(index.count) indices for shape \(shapeText(s))")
        }
        let n = count(x)
        if let bad = index.first(where: { $0 < 0 || $0 >= n }) {
            throw GraphError.invalid(op: label, message: "position \(bad + 1) is out of bounds for \(n) elements")
        }
        if index == Array(0..<n) { return try reshape(x, s) }
        return apply(Gather(index: index, sourceCount: n, label: label), [x], shape: s)
    }

    /// Matrix transpose (a vector or scalar is its own transpose).
    public func transpose(_ x: Node) throws -> Node {
        let s = shape(x)
        guard s.count == 2 else { return x }
        let (r, c) = (s[0], s[1])
        if r == 1 || c == 1 { return try reshape(x, [c, r]) }
        var index = [Int](repeating: 0, count: r * c)
        for i in 0..<c { for j in 0..<r { index[i * r + j] = j * c + i } }
        return apply(Gather(index: index, sourceCount: r * c, label: "transpose"), [x], shape: [c, r])
    }

    /// Joins tensors along an axis (all other extents equal).
    public func concat(_ xs: [Node], axis: Int) throws -> Node {
        guard let first = xs.first else { throw GraphError.invalid(op: "concat", message: "nothing to join") }
        if xs.count == 1 { return first }
        let s0 = shape(first)
        guard axis >= 0 && axis < s0.count else {
            throw GraphError.invalid(op: "concat", message: "axis \(axis + 1) out of range for \(shapeText(s0))")
        }
        var out = s0
        out[axis] = 0
        for x in xs {
            var s = shape(x)
            guard s.count == s0.count else { throw GraphError.shapeMismatch(op: "concat", shapes: xs.map { shape($0) }) }
            out[axis] += s[axis]
            s[axis] = s0[axis]
            guard s == s0 else { throw GraphError.shapeMismatch(op: "concat", shapes: xs.map { shape($0) }) }
        }
        let outer = s0[..<axis].reduce(1, *), inner = s0[(axis + 1)...].reduce(1, *)
        return apply(Concat(widths: xs.map { shape($0)[axis] * inner }, outer: outer), xs, shape: out)
    }

    // MARK: Reductions

    func checkAxis(_ op: String, _ x: Node, _ axis: Int?) throws {
        if let a = axis, a < 0 || a >= shape(x).count {
            throw GraphError.invalid(op: op, message: "axis \(a + 1) out of range for \(shapeText(shape(x)))")
        }
    }

    /// The reduction over all elements (a scalar) or along `axis`, which the result drops; throws
    /// ``GraphError/invalid(op:message:)`` for an axis out of range.
    public func reduce(_ kind: Reduce.Kind, _ x: Node, axis: Int? = nil) throws -> Node {
        try checkAxis(kind.rawValue, x, axis)
        var s = shape(x)
        if let a = axis { s.remove(at: a) } else { s = [] }
        if axis == nil && count(x) == 1 { return try reshape(x, []) }
        return apply(Reduce(kind: kind, shape: shape(x), axis: axis), [x], shape: s)
    }

    /// Σ over all elements, or along `axis`.
    public func sum(_ x: Node, axis: Int? = nil) throws -> Node { try reduce(.sum, x, axis: axis) }

    /// Running sums of a vector (a number counts as a vector of one).
    public func cumsum(_ x: Node) throws -> Node {
        let s = shape(x)
        guard s.count <= 1 else { throw GraphError.invalid(op: "cumsum", message: "expected a vector, got shape \(shapeText(s))") }
        let v = try reshape(x, [count(x)])
        return apply(CumSum(), [v], shape: [count(x)])
    }

    /// The mean over all elements, or along `axis` (nan over no elements, as in NumPy).
    public func mean(_ x: Node, axis: Int? = nil) throws -> Node {
        try checkAxis("mean", x, axis)
        let n = axis.map { shape(x)[$0] } ?? count(x)
        // The mean of nothing is 0/0 = nan, as in NumPy and Julia.
        return try mul(sum(x, axis: axis), scalar(n == 0 ? .nan : 1 / Double(n)))
    }

    /// log Σ exp, shifted by the (gradient-stopped) maximum so that it neither overflows nor loses
    /// the derivative: the shift cancels exactly.
    public func logsumexp(_ x: Node, axis: Int? = nil) throws -> Node {
        try checkAxis("logsumexp", x, axis)
        var keep = shape(x)
        if let a = axis { keep[a] = 1 } else { keep = keep.map { _ in 1 } }
        let m = stopGradient(try reduce(.max, x, axis: axis))
        // A row of -inf would shift to nan; shift by 0 there instead.
        let safe = try select(compare(.eq, m, scalar(-.infinity)), scalar(0), m)
        let shifted = try sub(x, broadcast(reshape(safe, keep), to: shape(x)))
        return try add(safe, unary(UnaryFunctions.Log.self, sum(unary(UnaryFunctions.Exp.self, shifted), axis: axis)))
    }

    /// exp(x − logsumexp(x)) over all elements or along `axis`: entries in (0, 1] that sum to 1.
    public func softmax(_ x: Node, axis: Int? = nil) throws -> Node {
        try checkAxis("softmax", x, axis)
        var keep = shape(x)
        if let a = axis { keep[a] = 1 } else { keep = keep.map { _ in 1 } }
        let lse = try logsumexp(x, axis: axis)
        return unary(UnaryFunctions.Exp.self, try sub(x, broadcast(reshape(lse, keep), to: shape(x))))
    }

    // MARK: Linear algebra

    /// op(A)·op(B) for matrices only (op is the transpose where the flag is set); `matmul` is the
    /// NumPy-style product over vectors and matrices built on it.
    public func matrixProduct(_ a: Node, _ b: Node, transA: Bool = false, transB: Bool = false) throws -> Node {
        let (sa, sb) = (shape(a), shape(b))
        guard sa.count == 2, sb.count == 2 else { throw GraphError.shapeMismatch(op: "@", shapes: [sa, sb]) }
        let (m, k) = transA ? (sa[1], sa[0]) : (sa[0], sa[1])
        let (k2, n) = transB ? (sb[1], sb[0]) : (sb[0], sb[1])
        guard k == k2 else { throw GraphError.shapeMismatch(op: "@", shapes: [sa, sb]) }
        return apply(MatMul(transA: transA, transB: transB, m: m, k: k, n: n), [a, b], shape: [m, n])
    }

    /// NumPy's matmul for vectors and matrices: matrix@matrix, matrix@vector, vector@matrix, and
    /// vector@vector (the dot product, a scalar). A scalar operand multiplies.
    public func matmul(_ a: Node, _ b: Node) throws -> Node {
        let (sa, sb) = (shape(a), shape(b))
        if sa.isEmpty || sb.isEmpty { return try mul(a, b) }
        guard sa.count <= 2, sb.count <= 2 else { throw GraphError.shapeMismatch(op: "@", shapes: [sa, sb]) }
        let a2 = sa.count == 1 ? try reshape(a, [1, sa[0]]) : a
        let b2 = sb.count == 1 ? try reshape(b, [sb[0], 1]) : b
        let (ka, kb) = (shape(a2)[1], shape(b2)[0])
        guard ka == kb else { throw GraphError.shapeMismatch(op: "@", shapes: [sa, sb]) }
        let y = try matrixProduct(a2, b2)
        switch (sa.count, sb.count) {
        case (1, 1): return try reshape(y, [])
        case (1, 2): return try reshape(y, [sb[1]])
        case (2, 1): return try reshape(y, [sa[0]])
        default: return y
        }
    }
}
