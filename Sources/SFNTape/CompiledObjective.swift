// A scalar objective compiled once into tapes: f, ∇f, Hessian-vector products and Hessians.
import SFNNumerics

/// A scalar objective f(θ) compiled once into two tapes: one for f alone (line searches) and one
/// for f and ∇f. Hessian-vector products are tangents of the gradient tape; the Hessian is built
/// from batches of them, many directions per pass.
///
/// θ is the concatenation of the graph's parameters, flattened row-major, in creation order.
/// The gradient tape remembers the θ its values belong to, so several products at the same point
/// (Lanczos, CG, a Hessian) pay for the forward and backward pass once.
public final class CompiledObjective {
    /// The graph, extended with the gradient nodes.
    public let graph: Graph
    /// The scalar node f.
    public let valueNode: Node
    /// ∂f/∂(parameter i) for each parameter, in θ order, each of its parameter's shape.
    public let gradientNodes: [Node]
    let valueTape: Tape
    let gradientTape: Tape
    /// m, the length of θ.
    public let dimension: Int

    /// θ of the gradient tape's current values, or nil when they are stale.
    private var current: [Double]? = nil
    private var seeds: [Double] = []

    /// Doubles of tangent storage a Hessian may use per pass (the batch is sized to fit).
    public var hessianBudget = 1 << 24

    /// Compiles `value`, a scalar node of `graph`; `fuse`: whether the tapes run elementwise
    /// chains as fused groups (see ``Tape/init(_:outputs:fuse:)``; the results are the same).
    public init(graph: Graph, value: Node, fuse: Bool = Tape.fusesByDefault) throws {
        // The BLAS thread count (SFN_THREADS, default 1) is settled before the first product; a
        // compiled objective is where every evaluation starts.
        BLAS.useDefaultThreads()
        self.graph = graph
        valueNode = try graph.reshape(value, [])
        gradientNodes = try graph.gradient(of: valueNode)
        valueTape = Tape(graph, outputs: [valueNode], fuse: fuse)
        gradientTape = Tape(graph, outputs: [valueNode] + gradientNodes, fuse: fuse)
        dimension = gradientTape.dimension
    }

    /// Builds and compiles an objective of parameters with the given shapes.
    public convenience init(parameters shapes: [[Int]], fuse: Bool = Tape.fusesByDefault,
                            _ build: (Graph, [Node]) throws -> Node) throws {
        let g = Graph()
        let ps = shapes.map { g.parameter(shape: $0) }
        try self.init(graph: g, value: try build(g, ps), fuse: fuse)
    }

    /// Sets data input `slot` (a value that is not optimised, such as a minibatch).
    public func setInput(_ slot: Int, _ t: Tensor) {
        valueTape.setInput(slot, t)
        gradientTape.setInput(slot, t)
        current = nil
    }

    /// Forgets the cached point, so the next product recomputes the forward and backward pass.
    public func invalidate() { current = nil }

    private func check(_ x: [Double]) {
        precondition(x.count == dimension, "θ has \(x.count) elements, the objective takes \(dimension)")
    }

    /// f(x) from the value tape alone (no gradient work: for line searches). `x` has ``dimension``
    /// elements.
    public func value(at x: [Double]) -> Double {
        check(x)
        valueTape.setParameters(x)
        valueTape.forward()
        return valueTape.scalarOutput(0)
    }

    /// Brings the gradient tape's values to θ = x.
    private func evaluateGradient(at x: [Double]) {
        if let c = current, c == x { return }
        gradientTape.setParameters(x)
        gradientTape.forward()
        current = x
    }

    /// f(x), writing ∇f(x) into `gradient` (no allocation).
    public func valueAndGradient(at x: [Double], into gradient: UnsafeMutablePointer<Double>) -> Double {
        check(x)
        evaluateGradient(at: x)
        var at = 0
        for i in 0..<gradientNodes.count {
            let g = gradientTape.output(i + 1)
            (gradient + at).update(from: g.baseAddress!, count: g.count)
            at += g.count
        }
        return gradientTape.scalarOutput(0)
    }

    /// f(x) and ∇f(x): one forward and one reverse pass (reused by products at the same x).
    public func valueAndGradient(at x: [Double]) -> (value: Double, gradient: [Double]) {
        var g = [Double](repeating: 0, count: dimension)
        let f = g.withUnsafeMutableBufferPointer { valueAndGradient(at: x, into: $0.baseAddress!) }
        return (f, g)
    }

    /// H(x)·v for the k directions in `directions` (k × dimension, one after another), written to
    /// `out` in the same layout.
    public func hessianVectorProducts(at x: [Double], directions: UnsafePointer<Double>, count k: Int,
                                      into out: UnsafeMutablePointer<Double>) {
        check(x)
        evaluateGradient(at: x)
        gradientTape.forwardTangents(directions, count: k)
        for j in 0..<k {
            var at = 0
            for i in 0..<gradientNodes.count {
                gradientTape.outputTangent(i + 1, j, into: out + j * dimension + at)
                at += graph.count(gradientNodes[i])
            }
        }
    }

    /// H(x)·v: one tangent pass over the gradient tape (plus the gradient pass if x is new).
    public func hessianVectorProduct(at x: [Double], _ v: [Double]) -> [Double] {
        precondition(v.count == dimension, "direction has \(v.count) elements, θ has \(dimension)")
        var out = [Double](repeating: 0, count: dimension)
        v.withUnsafeBufferPointer { pv in
            out.withUnsafeMutableBufferPointer { hessianVectorProducts(at: x, directions: pv.baseAddress!, count: 1, into: $0.baseAddress!) }
        }
        return out
    }

    /// H(x)·v for each v in `vs`, all in one tangent pass (k tangents carried together).
    public func hessianVectorProducts(at x: [Double], _ vs: [[Double]]) -> [[Double]] {
        let k = vs.count
        if k == 0 { return [] }
        let flat = vs.flatMap { v in precondition(v.count == dimension); return v }
        var out = [Double](repeating: 0, count: k * dimension)
        flat.withUnsafeBufferPointer { pv in
            out.withUnsafeMutableBufferPointer { hessianVectorProducts(at: x, directions: pv.baseAddress!, count: k, into: $0.baseAddress!) }
        }
        return (0..<k).map { Array(out[$0 * dimension..<($0 + 1) * dimension]) }
    }

    /// Tangents per pass when building the Hessian: as many as fit in `hessianBudget`.
    public var hessianBatch: Int {
        max(1, min(dimension, hessianBudget / max(gradientTape.tangentTotal, 1)))
    }

    /// The full Hessian, from batches of unit vectors (row i is H eᵢ; symmetrised).
    public func hessian(at x: [Double]) -> Tensor {
        let m = dimension
        var h = [Double](repeating: 0, count: m * m)
        let k = hessianBatch
        if seeds.count != k * m { seeds = [Double](repeating: 0, count: k * m) }
        h.withUnsafeMutableBufferPointer { hp in
            seeds.withUnsafeMutableBufferPointer { sp in
                var start = 0
                while start < m {
                    let b = min(k, m - start)
                    sp.update(repeating: 0)
                    for j in 0..<b { sp[j * m + start + j] = 1 }
                    hessianVectorProducts(at: x, directions: sp.baseAddress!, count: b, into: hp.baseAddress! + start * m)
                    start += b
                }
            }
            // Rounding makes H eᵢ and H eⱼ disagree slightly; the Hessian is symmetric by definition.
            for i in 0..<m {
                for j in 0..<i {
                    let s = 0.5 * (hp[i * m + j] + hp[j * m + i])
                    hp[i * m + j] = s; hp[j * m + i] = s
                }
            }
        }
        return Tensor(shape: [m, m], scalars: h)
    }

    /// Instructions in the value tape and in the gradient tape.
    public var instructionCounts: (value: Int, gradient: Int) { (valueTape.instructionCount, gradientTape.instructionCount) }

    /// Bytes held by the compiled tapes' buffers.
    public var bufferBytes: Int { valueTape.bufferBytes + gradientTape.bufferBytes }
}

extension CompiledObjective: CustomDebugStringConvertible {
    /// Both tapes, one instruction per line (see ``Tape/debugDescription``).
    public var debugDescription: String {
        "value " + valueTape.debugDescription + "\n\ngradient " + gradientTape.debugDescription
    }
}
