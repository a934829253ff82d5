// The tape: a compiled graph as a flat instruction list over preallocated buffers, and its passes.
import SFNNumerics

/// A graph compiled for evaluation: a flat instruction list over one preallocated buffer of
/// values (and, on demand, one of tangents). Evaluating allocates nothing.
///
/// Only the nodes that the outputs need are kept. Tangents are carried for the nodes that depend
/// on a parameter; a node whose tangents are all zero in a given pass (for instance a first-layer
/// activation while the tangents perturb only the last layer) is skipped, which is what makes
/// Hessians built from blocks of unit vectors cheap.
public final class Tape {
    struct Instruction {
        let slot: Int          // result slot
        let argStart: Int      // into the flat argument arrays
        let arity: Int
        let varies: Bool
    }

    /// The inline form of single-element instructions (slots of the arguments and result).
    enum InlineScalar {
        case general
        case unary(any UnaryFunction.Type, x: Int, y: Int)
        case binary(any BinaryFunction.Type, a: Int, b: Int, y: Int)
        case element(source: Int, position: Int, y: Int)
    }

    let instructions: [Instruction]
    /// The primitives of the instructions, apart so that the inline path never touches them.
    let ops: [any Primitive]
    let fast: [InlineScalar]
    /// Per slot: value offset, element count, tangent index (offset in units of one tangent, -1
    /// where the slot never has a tangent).
    let valueOffset: [Int]
    let counts: [Int]
    let tangentIndex: [Int]
    let argSlots: [Int]
    let argValueOffsets: [Int]
    let argCounts: [Int]
    /// Parameter slots (-1 where a parameter is not used) and their element counts, in θ order.
    let parameterSlots: [Int]
    let parameterCounts: [Int]
    let inputSlots: [Int]
    let outputSlots: [Int]
    public let outputShapes: [[Int]]
    public let inputShapes: [[Int]]
    /// The length of θ.
    public let dimension: Int

    let values: UnsafeMutablePointer<Double>
    let valueTotal: Int
    let tangentTotal: Int
    let scratch: UnsafeMutablePointer<Double>
    let maxArity: Int
    let argZero: UnsafeMutablePointer<Bool>

    // Tangent storage, sized for `batch` tangents.
    private(set) var batch = 0
    var tangents: UnsafeMutablePointer<Double>
    var argTangentOffsets: [Int] = []
    var zero: [Bool]

    /// Compiles the part of `graph` that `outputs` need.
    public init(_ graph: Graph, outputs: [Node]) {
        BLAS.useDefaultThreads()
        let n = graph.count
        var live = [Bool](repeating: false, count: n)
        for o in outputs { live[o.id] = true }
        for id in stride(from: n - 1, through: 0, by: -1) where live[id] {
            if case .apply(_, let args) = graph.kinds[id] { for a in args { live[a.id] = true } }
        }
        var slotOf = [Int](repeating: -1, count: n)
        var valueOffset: [Int] = [], counts: [Int] = [], tangentIndex: [Int] = []
        var total = 0, tangentTotal = 0
        for id in 0..<n where live[id] {
            slotOf[id] = counts.count
            let c = elementCount(graph.shapes[id])
            valueOffset.append(total); counts.append(c)
            total += c
            tangentIndex.append(graph.varies[id] ? tangentTotal : -1)
            if graph.varies[id] { tangentTotal += c }
        }
        var instructions: [Instruction] = []
        var ops: [any Primitive] = []
        var argSlots: [Int] = [], argValueOffsets: [Int] = [], argCounts: [Int] = []
        var maxArity = 1
        for id in 0..<n where live[id] {
            guard case .apply(let op, let args) = graph.kinds[id] else { continue }
            instructions.append(Instruction(slot: slotOf[id], argStart: argSlots.count, arity: args.count,
                                            varies: graph.varies[id]))
            ops.append(op)
            maxArity = max(maxArity, args.count)
            for a in args {
                let s = slotOf[a.id]
                argSlots.append(s); argValueOffsets.append(valueOffset[s]); argCounts.append(counts[s])
            }
        }
        self.instructions = instructions
        self.ops = ops
        fast = zip(instructions, ops).map { inst, op in
            guard counts[inst.slot] == 1, let kernel = op.scalarKernel else { return .general }
            let args = (0..<inst.arity).map { argSlots[inst.argStart + $0] }
            switch kernel {
            case .unary(let f) where args.count == 1 && counts[args[0]] == 1:
                return .unary(f, x: args[0], y: inst.slot)
            case .binary(let f) where args.count == 2 && counts[args[0]] == 1 && counts[args[1]] == 1:
                return .binary(f, a: args[0], b: args[1], y: inst.slot)
            case .element(let p) where args.count == 1 && p < counts[args[0]]:
                return .element(source: args[0], position: p, y: inst.slot)
            default:
                return .general
            }
        }
        self.valueOffset = valueOffset
        self.counts = counts
        (tangentIndex, tangentTotal) = Tape.placeTangents(
            varies: tangentIndex.map { $0 >= 0 }, counts: counts, instructions: instructions,
            argSlots: argSlots, outputSlots: outputs.map { slotOf[$0.id] })
        self.tangentIndex = tangentIndex
        self.argSlots = argSlots
        self.argValueOffsets = argValueOffsets
        self.argCounts = argCounts
        parameterSlots = graph.parameters.map { slotOf[$0.id] }
        parameterCounts = graph.parameters.map { graph.count($0) }
        inputSlots = graph.inputs.map { slotOf[$0.id] }
        inputShapes = graph.inputs.map { graph.shape($0) }
        outputSlots = outputs.map { slotOf[$0.id] }
        outputShapes = outputs.map { graph.shape($0) }
        dimension = parameterCounts.reduce(0, +)
        valueTotal = total
        self.tangentTotal = tangentTotal
        self.maxArity = maxArity

        let values = UnsafeMutablePointer<Double>.allocate(capacity: max(total, 1))
        values.initialize(repeating: 0, count: max(total, 1))
        for id in 0..<n where live[id] {
            if case .constant(let t) = graph.kinds[id] {
                t.scalars.withUnsafeBufferPointer { (values + valueOffset[slotOf[id]]).update(from: $0.baseAddress!, count: t.count) }
            }
        }
        self.values = values
        // Kernels get scratch of twice the largest node (binary ops keep two partials there).
        let largest = counts.max() ?? 1
        scratch = .allocate(capacity: max(2 * largest, 2))
        argZero = .allocate(capacity: maxArity)
        argZero.initialize(repeating: true, count: maxArity)
        tangents = .allocate(capacity: 1)
        zero = [Bool](repeating: true, count: counts.count)
    }

    /// Places the tangent buffers so that a slot's buffer is reused once its last reader has run
    /// (interval allocation over the instruction order). Outputs live to the end; an
    /// instruction's result never shares memory with its arguments. Offsets are in units of one
    /// tangent, so the same placement serves any number of tangents.
    static func placeTangents(varies: [Bool], counts: [Int], instructions: [Instruction], argSlots: [Int],
                              outputSlots: [Int]) -> (index: [Int], total: Int) {
        let slots = counts.count
        var lastUse = [Int](repeating: -1, count: slots)
        for (i, inst) in instructions.enumerated() where inst.varies {
            for a in 0..<inst.arity { lastUse[argSlots[inst.argStart + a]] = i }
        }
        for s in outputSlots { lastUse[s] = Int.max }
        var index = [Int](repeating: -1, count: slots)
        var free: [Int: [Int]] = [:]   // size → offsets of released buffers
        var total = 0
        func place(_ s: Int) {
            let c = counts[s]
            if var list = free[c], let off = list.popLast() { free[c] = list; index[s] = off; return }
            index[s] = total
            total += c
        }
        // Slots with a tangent that no instruction produces (the parameters) come first.
        var produced = [Bool](repeating: false, count: slots)
        for inst in instructions { produced[inst.slot] = true }
        for s in 0..<slots where varies[s] && !produced[s] { place(s) }
        for (i, inst) in instructions.enumerated() where inst.varies {
            place(inst.slot)
            for a in 0..<inst.arity {
                let s = argSlots[inst.argStart + a]
                if varies[s] && lastUse[s] == i && index[s] >= 0 {
                    free[counts[s], default: []].append(index[s])
                    lastUse[s] = -2  // released once even when an argument appears twice
                }
            }
        }
        return (index, total)
    }

    deinit {
        values.deallocate(); scratch.deallocate(); argZero.deallocate(); tangents.deallocate()
    }

    // MARK: Inputs and outputs

    /// Sets θ (length `dimension`), splitting it among the parameters.
    public func setParameters(_ theta: UnsafePointer<Double>) {
        var at = 0
        for (p, s) in parameterSlots.enumerated() {
            let c = parameterCounts[p]
            if s >= 0 { (values + valueOffset[s]).update(from: theta + at, count: c) }
            at += c
        }
    }

    public func setParameters(_ theta: [Double]) {
        precondition(theta.count == dimension, "θ has \(theta.count) elements, the tape takes \(dimension)")
        theta.withUnsafeBufferPointer { setParameters($0.baseAddress!) }
    }

    /// Sets a data input.
    public func setInput(_ slot: Int, _ t: Tensor) {
        precondition(t.shape == inputShapes[slot], "input \(slot) has shape \(inputShapes[slot]), got \(t.shape)")
        let s = inputSlots[slot]
        if s < 0 { return }
        t.scalars.withUnsafeBufferPointer { (values + valueOffset[s]).update(from: $0.baseAddress!, count: t.count) }
    }

    /// The value of output i after `forward()`.
    public func output(_ i: Int) -> UnsafeBufferPointer<Double> {
        let s = outputSlots[i]
        return UnsafeBufferPointer(start: values + valueOffset[s], count: counts[s])
    }

    /// The first element of output i (for scalar outputs).
    public func scalarOutput(_ i: Int) -> Double { values[valueOffset[outputSlots[i]]] }

    public func outputTensor(_ i: Int) -> Tensor { Tensor(shape: outputShapes[i], scalars: Array(output(i))) }

    /// Copies tangent j of output i into `out` (zeros where the tangent vanished).
    public func outputTangent(_ i: Int, _ j: Int, into out: UnsafeMutablePointer<Double>) {
        let s = outputSlots[i], c = counts[s]
        if zero[s] || tangentIndex[s] < 0 {
            out.update(repeating: 0, count: c)
        } else {
            out.update(from: tangents + tangentIndex[s] * batch + j * c, count: c)
        }
    }

    // MARK: Evaluation

    /// Computes every value from the current parameters and inputs.
    public func forward() {
        let values = self.values
        let ops = self.ops
        instructions.withUnsafeBufferPointer { ins in
            fast.withUnsafeBufferPointer { fast in
                argValueOffsets.withUnsafeBufferPointer { off in
                    argCounts.withUnsafeBufferPointer { cnt in
                        valueOffset.withUnsafeBufferPointer { vo in
                            for i in 0..<ins.count {
                                switch fast[i] {
                                case .unary(let f, let x, let y):
                                    values[vo[y]] = f.value(values[vo[x]])
                                case .binary(let f, let a, let b, let y):
                                    values[vo[y]] = f.value(values[vo[a]], values[vo[b]])
                                case .element(let source, let p, let y):
                                    values[vo[y]] = values[vo[source] + p]
                                case .general:
                                    let inst = ins[i]
                                    let x = Operands(base: values, offsets: off.baseAddress! + inst.argStart,
                                                     counts: cnt.baseAddress! + inst.argStart, arity: inst.arity)
                                    ops[i].forward(x, values + vo[inst.slot])
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Makes room for `k` tangents.
    func reserveTangents(_ k: Int) {
        guard k != batch else { return }
        tangents.deallocate()
        tangents = .allocate(capacity: max(tangentTotal * k, 1))
        argTangentOffsets = argSlots.map { s in tangentIndex[s] < 0 ? 0 : tangentIndex[s] * k }
        batch = k
    }

    /// Propagates k tangents of θ through the tape, whose values must be current (call
    /// `forward()` first). `seeds` holds the k directions one after another (k × dimension).
    public func forwardTangents(_ seeds: UnsafePointer<Double>, count k: Int) {
        reserveTangents(k)
        // Seed the parameters: tangent j of parameter p is seeds[j][its segment of θ].
        var at = 0
        for (p, s) in parameterSlots.enumerated() {
            let c = parameterCounts[p]
            defer { at += c }
            guard s >= 0, tangentIndex[s] >= 0 else { continue }
            let dst = tangents + tangentIndex[s] * k
            var allZero = true
            for j in 0..<k {
                let src = seeds + j * dimension + at
                (dst + j * c).update(from: src, count: c)
                if allZero { for e in 0..<c where src[e] != 0 { allZero = false; break } }
            }
            zero[s] = allZero
        }
        let values = self.values, tangents = self.tangents, scratch = self.scratch, argZero = self.argZero
        let counts = self.counts, ops = self.ops
        zero.withUnsafeMutableBufferPointer { zero in
          fast.withUnsafeBufferPointer { fast in
            instructions.withUnsafeBufferPointer { ins in
                argValueOffsets.withUnsafeBufferPointer { off in
                    argCounts.withUnsafeBufferPointer { cnt in
                        argTangentOffsets.withUnsafeBufferPointer { toff in
                            argSlots.withUnsafeBufferPointer { aslot in
                                valueOffset.withUnsafeBufferPointer { vo in
                                    tangentIndex.withUnsafeBufferPointer { ti in
                                        for i in 0..<ins.count where ins[i].varies {
                                            switch fast[i] {
                                            case .unary(let f, let x, let y):
                                                if zero[x] || ti[x] < 0 { zero[y] = true; continue }
                                                zero[y] = false
                                                let s = f.slope(values[vo[x]], values[vo[y]])
                                                let (dx, dy) = (tangents + ti[x] * k, tangents + ti[y] * k)
                                                for j in 0..<k { dy[j] = s * dx[j] }
                                                continue
                                            case .binary(let f, let a, let b, let y):
                                                let za = zero[a] || ti[a] < 0, zb = zero[b] || ti[b] < 0
                                                zero[y] = za && zb
                                                if za && zb { continue }
                                                let (va, vb, vy) = (values[vo[a]], values[vo[b]], values[vo[y]])
                                                let dy = tangents + ti[y] * k
                                                // A zero tangent's partial is never multiplied: it may be nan (log of a negative base).
                                                if za {
                                                    let (pb, db) = (f.partialB(va, vb, vy), tangents + ti[b] * k)
                                                    for j in 0..<k { dy[j] = pb * db[j] }
                                                } else if zb {
                                                    let (pa, da) = (f.partialA(va, vb, vy), tangents + ti[a] * k)
                                                    for j in 0..<k { dy[j] = pa * da[j] }
                                                } else {
                                                    let (pa, pb) = (f.partialA(va, vb, vy), f.partialB(va, vb, vy))
                                                    let (da, db) = (tangents + ti[a] * k, tangents + ti[b] * k)
                                                    for j in 0..<k { dy[j] = pa * da[j] + pb * db[j] }
                                                }
                                                continue
                                            case .element(let source, let p, let y):
                                                if zero[source] || ti[source] < 0 { zero[y] = true; continue }
                                                zero[y] = false
                                                let c = counts[source]
                                                let (dx, dy) = (tangents + ti[source] * k + p, tangents + ti[y] * k)
                                                for j in 0..<k { dy[j] = dx[j * c] }
                                                continue
                                            case .general:
                                                break
                                            }
                                            let inst = ins[i]
                                            var any = false
                                            for a in 0..<inst.arity {
                                                let s = aslot[inst.argStart + a]
                                                let z = ti[s] < 0 || zero[s]
                                                argZero[a] = z
                                                if !z { any = true }
                                            }
                                            zero[inst.slot] = !any
                                            guard any else { continue }
                                            let x = Operands(base: values, offsets: off.baseAddress! + inst.argStart,
                                                             counts: cnt.baseAddress! + inst.argStart, arity: inst.arity)
                                            let dx = Tangents(base: tangents, offsets: toff.baseAddress! + inst.argStart,
                                                              zero: argZero)
                                            ops[i].tangent(x, values + vo[inst.slot], dx,
                                                            tangents + ti[inst.slot] * k, k, scratch)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
          }
        }
    }

    /// Bytes held by the value and tangent buffers.
    public var bufferBytes: Int { (valueTotal + tangentTotal * batch) * MemoryLayout<Double>.size }
    /// Number of instructions (for reports and tests).
    public var instructionCount: Int { instructions.count }
}
