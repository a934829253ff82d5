// Gathers and scatters (indexing, broadcasting's expansions and their adjoints).
import SFNNumerics

/// The two index maps that broadcasting produces most, recognised so that they run as block
/// copies and block sums instead of one indexed load per element.
enum IndexPattern: Hashable, Sendable {
    /// index[e] = e mod n: the source repeated whole (a bias row added to every row).
    case tile
    /// index[e] = e div r: each source element repeated r times (a per-row value to every column).
    case spread(Int)
    case general

    init(_ index: [Int], sourceCount n: Int) {
        guard n > 0, !index.isEmpty, index.count % n == 0 else { self = .general; return }
        if index.indices.allSatisfy({ index[$0] == $0 % n }) { self = .tile; return }
        let r = index.count / n
        if index.indices.allSatisfy({ index[$0] == $0 / r }) { self = .spread(r); return }
        self = .general
    }

    /// y[e] = x[index[e]] for one tensor.
    @inline(__always) func gather(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ index: UnsafeBufferPointer<Int>, _ n: Int) {
        switch self {
        case .tile:
            for b in stride(from: 0, to: index.count, by: n) { (y + b).update(from: x, count: n) }
        case .spread(let r):
            for i in 0..<n { (y + i * r).update(repeating: x[i], count: r) }
        case .general:
            for e in 0..<index.count { y[e] = x[index[e]] }
        }
    }

    /// y = 0; y[index[e]] += x[e] for one tensor.
    @inline(__always) func scatter(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ index: UnsafeBufferPointer<Int>, _ n: Int) {
        y.update(repeating: 0, count: n)
        switch self {
        case .tile:
            for b in stride(from: 0, to: index.count, by: n) { let src = x + b; for i in 0..<n { y[i] += src[i] } }
        case .spread(let r):
            for i in 0..<n { var s = 0.0; let src = x + i * r; for e in 0..<r { s += src[e] }; y[i] = s }
        case .general:
            for e in 0..<index.count { y[index[e]] += x[e] }
        }
    }
}

/// y[e] = x[index[e]]: indexing, slicing, broadcasting and transposing are all gathers with an
/// index map built once when the graph is built. Its adjoint is `ScatterAdd` with the same map.
struct Gather: Primitive {
    public let index: [Int]
    /// Element count of the source.
    public let sourceCount: Int
    public let label: String
    let pattern: IndexPattern

    public init(index: [Int], sourceCount: Int, label: String = "gather") {
        self.index = index; self.sourceCount = sourceCount; self.label = label
        pattern = IndexPattern(index, sourceCount: sourceCount)
    }
    public var name: String { label }
    public var scalarKernel: ScalarKernel? { index.count == 1 ? .element(position: index[0]) : nil }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        index.withUnsafeBufferPointer { pattern.gather(x[0], y, $0, sourceCount) }
    }
    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let d = dx[0]!
        index.withUnsafeBufferPointer { idx in
            for j in 0..<k { pattern.gather(d + j * sourceCount, dy + j * idx.count, idx, sourceCount) }
        }
    }
    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        [g.apply(ScatterAdd(index: index, targetCount: sourceCount), [dy], shape: g.shape(x[0]))]
    }
}

/// y = 0; y[index[e]] += x[e]. The adjoint of a gather (summing a broadcast back to its source,
/// placing a slice's cotangent in a zero tensor); its own adjoint is the gather.
struct ScatterAdd: Primitive {
    public let index: [Int]
    public let targetCount: Int
    let pattern: IndexPattern
    public init(index: [Int], targetCount: Int) {
        self.index = index; self.targetCount = targetCount
        pattern = IndexPattern(index, sourceCount: targetCount)
    }
    public var name: String { "scatter_add" }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        index.withUnsafeBufferPointer { pattern.scatter(x[0], y, $0, targetCount) }
    }
    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let d = dx[0]!
        index.withUnsafeBufferPointer { idx in
            for j in 0..<k { pattern.scatter(d + j * idx.count, dy + j * targetCount, idx, targetCount) }
        }
    }
    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        [g.apply(Gather(index: index, sourceCount: targetCount), [dy], shape: g.shape(x[0]))]
    }
}

/// The same elements under another shape.
struct Reshape: Primitive {
    public let shape: [Int]
    public init(shape: [Int]) { self.shape = shape }
    public var name: String { "reshape" }
    public var scalarKernel: ScalarKernel? { .element(position: 0) }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        y.update(from: x[0], count: x.count(0))
    }
    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        dy.update(from: dx[0]!, count: x.count(0) * k)
    }
    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        [try g.reshape(dy, g.shape(x[0]))]
    }
}

/// Joins tensors along one axis. Each argument is viewed as [outer, width_i] with width_i its
/// extent along the axis times the inner size; the result is [outer, Σ width_i].
struct Concat: Primitive {
    public let widths: [Int]
    public let outer: Int
    public init(widths: [Int], outer: Int) { self.widths = widths; self.outer = outer }
    public var name: String { "concat" }
    var total: Int { widths.reduce(0, +) }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        let t = total
        var col = 0
        for (i, w) in widths.enumerated() {
            let a = x[i]
            for o in 0..<outer { (y + o * t + col).update(from: a + o * w, count: w) }
            col += w
        }
    }
    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let t = total
        for j in 0..<k {
            var col = 0
            for (i, w) in widths.enumerated() {
                let size = outer * w
                if let d = dx[i] {
                    for o in 0..<outer { (dy + j * outer * t + o * t + col).update(from: d + j * size + o * w, count: w) }
                } else {
                    for o in 0..<outer { (dy + j * outer * t + o * t + col).update(repeating: 0, count: w) }
                }
                col += w
            }
        }
    }
    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        let t = total
        var col = 0
        var out: [Node?] = []
        for (i, w) in widths.enumerated() {
            if g.varies(x[i]) {
                var index: [Int] = []
                index.reserveCapacity(outer * w)
                for o in 0..<outer { for c in 0..<w { index.append(o * t + col + c) } }
                out.append(g.apply(Gather(index: index, sourceCount: outer * t, label: "slice"), [dy], shape: g.shape(x[i])))
            } else {
                out.append(nil)
            }
            col += w
        }
        return out
    }
}

/// The identity whose derivative is taken to be zero (used inside stable softmax and logsumexp,
/// where the shift by the maximum cancels exactly).
struct StopGradient: Primitive {
    public init() {}
    public var name: String { "stop_gradient" }
    public var isDifferentiable: Bool { false }
    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) { y.update(from: x[0], count: x.count(0)) }
    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {}
    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] { [nil] }
}
