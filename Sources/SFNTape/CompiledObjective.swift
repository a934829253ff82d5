// A scalar objective compiled once into tapes: f, ∇f, Hessian-vector products and Hessians.
import SFNNumerics

/// A scalar objective f(θ) compiled once into two tapes: one for f alone (line searches) and one
/// for f and ∇f. Hessian-vector products are tangents of the gradient tape; the Hessian is built
/// from batches of them, many directions per pass.
///
/// θ is the concatenation of the graph's parameters, flattened row-major, in creation order.
/// The gradient tape remembers the θ its values belong to, so several products at the same point
/// (Lanczos, CG, a Hessian) pay for the forward and backward pass once. A large batch of products
/// (a Hessian's) is split across threads, each on its own copy of the gradient tape. The graph must
/// not gain nodes once it is compiled (the copies are compiled from it when first needed).
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
    private let fuse: Bool
    private let inlineScalars: Bool

    /// Copies of the gradient tape for the other threads of a split batch of products (compiled
    /// when first needed), and the θ their values are a copy of (nil: stale). The hot path of a
    /// product writes nothing for them: the copies compare θ when a split needs them.
    private(set) var helpers: [Tape] = []
    private var helperPoint: [Double]? = nil

    /// Doubles of tangent storage a Hessian pass may use per thread (the batch is sized to fit).
    ///
    /// 2^18 doubles (2 MB) keeps a batch's tangents in cache. Measured on one core (full
    /// Hessians, budget 2^24 → 2^18): Rosenbrock m = 1000 9.4 → 6.2 ms, a 64-16-10 MLP on 200
    /// digits 95 → 57 ms, the 64-32-10 MLP on 500 digits 810 → 577 ms; 2^16 and 2^14 were no
    /// faster anywhere, and slower where they cut the batch of a small tape to a few tangents.
    public var hessianBudget = 1 << 18

    /// Compiles `value`, a scalar node of `graph`; `fuse`: whether the tapes run elementwise
    /// chains as fused groups, `inlineScalars`: whether they run single-element instructions
    /// inline (see ``Tape/init(_:outputs:fuse:inlineScalars:)``; the results are the same).
    public convenience init(graph: Graph, value: Node, fuse: Bool = Tape.fusesByDefault,
                            inlineScalars: Bool = true) throws {
        let valueNode = try graph.reshape(value, [])
        self.init(graph: graph, value: valueNode, gradients: try graph.gradient(of: valueNode), fuse: fuse,
                  inlineScalars: inlineScalars)
    }

    private init(graph: Graph, value: Node, gradients: [Node], fuse: Bool, inlineScalars: Bool) {
        // The BLAS thread count (SFN_THREADS or the usual variables, else the CPUs in the
        // affinity mask: BLAS.threads) is settled before the first product; a compiled objective
        // is where every evaluation starts.
        BLAS.useDefaultThreads()
        self.graph = graph
        self.fuse = fuse
        self.inlineScalars = inlineScalars
        valueNode = value
        gradientNodes = gradients
        valueTape = Tape(graph, outputs: [valueNode], fuse: fuse, inlineScalars: inlineScalars)
        gradientTape = Tape(graph, outputs: [valueNode] + gradientNodes, fuse: fuse, inlineScalars: inlineScalars)
        dimension = gradientTape.dimension
    }

    /// The same objective (graph, value and gradient nodes) compiled again with other switches:
    /// how the differential harness reaches the slow twin of each fast path.
    public func recompiled(fuse: Bool, inlineScalars: Bool) -> CompiledObjective {
        CompiledObjective(graph: graph, value: valueNode, gradients: gradientNodes, fuse: fuse,
                          inlineScalars: inlineScalars)
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
        helperPoint = nil   // the inputs changed: the same θ no longer means the same values
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
    /// `out` in the same layout. A large batch is split across threads (``parts(forBatch:)``).
    @inline(never)  // measured: inlined into hessian(at:), the toy Hessian took 1.5% more instructions
    public func hessianVectorProducts(at x: [Double], directions: UnsafePointer<Double>, count k: Int,
                                      into out: UnsafeMutablePointer<Double>) {
        check(x)
        evaluateGradient(at: x)
        let parts = parts(forBatch: k)
        if parts == 1 {
            products(on: gradientTape, directions: directions, count: k, into: out)
        } else {
            splitProducts(parts, directions: directions, count: k, into: out)
        }
    }

    /// The products of k directions on `parts` threads: contiguous runs of directions, one per
    /// thread, each on its own tape, writing its own rows of `out`.
    @inline(never)
    private func splitProducts(_ parts: Int, directions: UnsafePointer<Double>, count k: Int,
                               into out: UnsafeMutablePointer<Double>) {
        prepareHelpers(parts - 1)
        let savedThreads = gradientTape.groupThreads
        gradientTape.groupThreads = 1
        defer { gradientTape.groupThreads = savedThreads }
        Parallel.forEachPart(parts, singleThreadedBLAS: true) { p in
            let start = p * k / parts, end = (p + 1) * k / parts
            products(on: p == 0 ? gradientTape : helpers[p - 1], directions: directions + start * dimension,
                     count: end - start, into: out + start * dimension)
        }
    }

    /// One tangent pass of `tape` (current at the point) for k directions, its outputs to `out`.
    @inline(__always)
    private func products(on tape: Tape, directions: UnsafePointer<Double>, count k: Int,
                          into out: UnsafeMutablePointer<Double>) {
        tape.forwardTangents(directions, count: k)
        for j in 0..<k {
            var at = 0
            for i in 0..<gradientNodes.count {
                tape.outputTangent(i + 1, j, into: out + j * dimension + at)
                at += graph.count(gradientNodes[i])
            }
        }
    }

    /// A batch of products is split across threads when its tangent passes write at least this
    /// many doubles (k × the doubles of one tangent): 2^18. Measured on the 2-core machine, full
    /// Hessians on two threads against one: Rosenbrock m = 100 (6·10⁴ doubles a pass) 0.74×,
    /// m = 200 (2.4·10⁵) 1.0×, m = 1000 1.4×, MLPs with m = 610 to 2410 1.4–1.7×.
    public static let splitDoubles = 1 << 18

    /// Threads a split batch may use (at least one); nil: the thread policy's (tests compare one
    /// with two).
    public var splitThreads: Int? = nil

    /// Threads a large fused group of the value and gradient tapes may use (`Tape.groupThreads`);
    /// nil: the thread policy's (tests compare one with two). The copies of a split batch use one.
    public var groupThreads: Int? {
        get { gradientTape.groupThreads }
        set { valueTape.groupThreads = newValue; gradientTape.groupThreads = newValue }
    }

    /// Threads for a batch of k products: one, unless the thread policy allows more
    /// (``/SFNNumerics/BLAS/threads``; one under `taskset -c 0`) and the batch is large enough to
    /// pay for them (``splitDoubles``). Then the k directions are split among up to that many
    /// threads, each on its own copy of the gradient tape and with one BLAS thread. A batch of one
    /// direction (Lanczos, CG) and the small tapes of scalar objectives stay on the calling thread.
    public func parts(forBatch k: Int) -> Int {
        // The size test first: the small tapes (most of a toy Hessian's time is per-call
        // overhead) then read no setting at all.
        guard k >= 2, k * gradientTape.tangentTotal >= Self.splitDoubles else { return 1 }
        return min(max(1, splitThreads ?? BLAS.threads), k)
    }

    /// Makes `n` copies of the gradient tape hold its current values.
    private func prepareHelpers(_ n: Int) {
        while helpers.count < n {
            let copy = Tape(graph, outputs: [valueNode] + gradientNodes, fuse: fuse, inlineScalars: inlineScalars)
            copy.groupThreads = 1   // the split already uses the cores
            helpers.append(copy)
            helperPoint = nil
        }
        if helperPoint != current {
            for h in helpers { h.copyValues(from: gradientTape) }
            helperPoint = current
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

    /// Tangents per pass and thread when building the Hessian: as many as fit in `hessianBudget`.
    public var hessianBatch: Int {
        max(1, min(dimension, hessianBudget / max(gradientTape.tangentTotal, 1)))
    }

    /// The full Hessian, from batches of unit vectors (row i is H eᵢ; symmetrised). Each pass
    /// carries a batch per thread the split allows (``parts(forBatch:)``).
    public func hessian(at x: [Double]) -> Tensor { hessian(at: x, isCancelled: { false })! }

    /// The full Hessian as ``hessian(at:)``, or nil when `isCancelled()` is true before a batch
    /// (one pass: at most ``hessianBudget`` doubles of tangents per thread, milliseconds), so a
    /// large Hessian can be stopped part way (Ctrl-C).
    public func hessian(at x: [Double], isCancelled: () -> Bool) -> Tensor? {
        let m = dimension
        var h = [Double](repeating: 0, count: m * m)
        let perThread = hessianBatch
        // A batch per thread the split would use (one pass holds all of a small Hessian).
        let k = perThread >= m ? m : min(m, perThread * parts(forBatch: m))
        if seeds.count != k * m { seeds = [Double](repeating: 0, count: k * m) }
        let finished = h.withUnsafeMutableBufferPointer { hp in
            let finished = seeds.withUnsafeMutableBufferPointer { sp in
                var start = 0
                while start < m {
                    if isCancelled() { return false }
                    let b = min(k, m - start)
                    sp.update(repeating: 0)
                    for j in 0..<b { sp[j * m + start + j] = 1 }
                    hessianVectorProducts(at: x, directions: sp.baseAddress!, count: b, into: hp.baseAddress! + start * m)
                    start += b
                }
                return true
            }
            guard finished else { return false }
            // Rounding makes H eᵢ and H eⱼ disagree slightly; the Hessian is symmetric by definition.
            for i in 0..<m {
                for j in 0..<i {
                    let s = 0.5 * (hp[i * m + j] + hp[j * m + i])
                    hp[i * m + j] = s; hp[j * m + i] = s
                }
            }
            return true
        }
        return finished ? Tensor(shape: [m, m], scalars: h) : nil
    }

    /// Instructions in the value tape and in the gradient tape.
    public var instructionCounts: (value: Int, gradient: Int) { (valueTape.instructionCount, gradientTape.instructionCount) }

    /// Bytes held by the compiled tapes' buffers.
    public var bufferBytes: Int { helpers.reduce(valueTape.bufferBytes + gradientTape.bufferBytes) { $0 + $1.bufferBytes } }
}

extension CompiledObjective: CustomDebugStringConvertible {
    /// Both tapes, one instruction per line (see ``Tape/debugDescription``).
    public var debugDescription: String {
        "value " + valueTape.debugDescription + "\n\ngradient " + gradientTape.debugDescription
    }
}
