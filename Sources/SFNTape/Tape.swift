// The tape: a compiled graph as a flat instruction list over preallocated buffers, and its passes.
//
// THE RULE (docs/testing.md): every fast path has a slow twin reachable by a switch, and the
// differential harness (Tests/SFNHarnessTests) compares them on generated programs,
// bit for bit where the arithmetic is the same, and against a separate reference. Today: fused
// groups (`fuse:`), inline scalar rules (`inlineScalars:`), whole-exponent powers
// (`Pow.wholeKernels`), a large group on two threads (`groupThreads`), split Hessian batches
// (`CompiledObjective.splitThreads`). A new fast path lands with its switch and a harness path.
import Foundation
import SFNNumerics

/// A graph compiled for evaluation: a flat instruction list over one preallocated buffer of
/// values (and, on demand, one of tangents). Evaluating allocates nothing.
///
/// Only the nodes that the outputs need are kept. Tangents are carried for the nodes that depend
/// on a parameter; a node whose tangents are all zero in a given pass (for instance a first-layer
/// activation while the tangents perturb only the last layer) is skipped, which is what makes
/// Hessians built from blocks of unit vectors cheap.
///
/// Every node the outputs need has a *slot*: its values live at `valueOffset[slot]` (`counts[slot]`
/// elements), its tangents, if it has any, at `tangentIndex[slot]` in units of one tangent. An
/// instruction writes one slot from its arguments' slots. `debugDescription` lists the
/// instructions one per line.
public final class Tape {
    struct Instruction {
        let slot: Int          // result slot
        let argStart: Int      // into the flat argument arrays
        let arity: Int
        let varies: Bool
    }

    /// The inline form of single-element instructions (slots of the arguments and result): the
    /// scalar rules of the primitive applied in the loop itself, without a call through the
    /// `Primitive` existential.
    enum InlineScalar {
        case general
        case unary(any UnaryFunction.Type, x: Int, y: Int)
        case binary(any BinaryFunction.Type, a: Int, b: Int, y: Int)
        case element(source: Int, position: Int, y: Int)
    }

    // MARK: Layout, fixed when the tape is compiled (owned buffers, read directly by the passes)

    /// The instructions in evaluation order, the primitive each applies, and its inline form.
    let instructions: OwnedBuffer<Instruction>
    let ops: OwnedBuffer<any Primitive>
    let inline: OwnedBuffer<InlineScalar>
    /// Per slot: value offset, element count, tangent index (offset in units of one tangent, −1
    /// where the slot never has a tangent).
    let valueOffset: OwnedBuffer<Int>
    let counts: OwnedBuffer<Int>
    let tangentIndex: OwnedBuffer<Int>
    /// Per argument of every instruction, from `Instruction.argStart`: its slot, value offset and
    /// element count.
    let argSlots: OwnedBuffer<Int>
    let argValueOffsets: OwnedBuffer<Int>
    let argCounts: OwnedBuffer<Int>
    /// Parameter slots (−1 where a parameter is not used) and their element counts, in θ order.
    let parameterSlots: [Int]
    let parameterCounts: [Int]
    let inputSlots: [Int]
    let outputSlots: [Int]
    /// The shape of each output, in the order given to ``init(_:outputs:fuse:inlineScalars:)``.
    public let outputShapes: [[Int]]
    /// The shape of each data input, by slot.
    public let inputShapes: [[Int]]
    /// The length of θ.
    public let dimension: Int

    // MARK: Buffers

    let values: UnsafeMutablePointer<Double>
    let valueTotal: Int
    /// Doubles per tangent (the placed tangent buffers of all slots).
    let tangentTotal: Int
    /// Kernel scratch: twice the largest node (binary kernels keep two partials there).
    let scratch: UnsafeMutablePointer<Double>
    let scratchCapacity: Int
    /// Threads a large fused group may use; nil: the thread policy's (Fusion.swift, `inParts`).
    var groupThreads: Int? = nil
    let maxArity: Int
    /// Per argument of the instruction being run: whether its tangent is zero.
    let argZero: UnsafeMutablePointer<Bool>

    // Tangent storage, laid out for `batch` tangents by `reserveTangents`; it only grows, so
    // passes of varying batch (the last batch of a Hessian, the parts of a split one) allocate
    // nothing once the largest has run.
    private(set) var batch = 0
    var tangents: UnsafeMutablePointer<Double>
    private var tangentCapacity = 1
    /// Per argument: its tangent offset for the current batch (`tangentIndex · batch`).
    let argTangentOffsets: OwnedBuffer<Int>
    /// Per slot: whether its tangents are all zero in the current pass.
    let zero: OwnedBuffer<Bool>

    // Fused elementwise groups (Fusion.swift): the plan, and per argument of a member its lane of
    // values, its lane of tangents (bases set per pass) and whether that tangent is zero.
    let fusion: FusionPlan
    /// Per instruction, for the value pass and for the tangent pass: the group that runs here
    /// (≥ 0), an instruction that its group runs (−2), or none (−1). The tangent pass runs a
    /// group at its first member with tangents. Looked up only on the general path, so the
    /// inline scalar path is as it was.
    let fusedValueAt: OwnedBuffer<Int>
    let fusedTangentAt: OwnedBuffer<Int>
    /// Whether the tape has any group (a scalar toy has none and runs the passes without lookups).
    let hasGroups: Bool
    let valueLanes: OwnedBuffer<Lane>
    let tangentLanes: OwnedBuffer<Lane>
    let laneZero: OwnedBuffer<Bool>

    /// Whether tapes fuse elementwise chains unless told otherwise: yes, unless the environment
    /// sets SFN_FUSION=0 (to compare against the unfused passes).
    public static let fusesByDefault: Bool = {
        guard let v = getenv("SFN_FUSION") else { return true }
        return String(cString: v) != "0"
    }()

    /// Compiles the part of `graph` that `outputs` need; `fuse`: run chains of elementwise
    /// instructions as fused groups; `inlineScalars`: run single-element unary and binary
    /// functions and picks inline in the pass loops (`InlineScalar`) rather than through their
    /// primitives' kernels. Either way the results are the same bit for bit (the differential
    /// harness in SFNHarnessTests compares them).
    public init(_ graph: Graph, outputs: [Node], fuse: Bool = Tape.fusesByDefault, inlineScalars: Bool = true) {
        let live = Self.liveNodes(graph, outputs: outputs)
        let slots = SlotLayout(graph, live: live)
        let code = Code(graph, live: live, slots: slots)
        let outputSlots = outputs.map { slots.slotOf[$0.id] }
        let placed = Tape.placeTangents(varies: slots.varies, counts: slots.counts, instructions: code.instructions,
                                        argSlots: code.argSlots, outputSlots: outputSlots)

        let plan = fuse ? FusionPlan(instructions: code.instructions, ops: code.ops, argSlots: code.argSlots,
                                     counts: slots.counts, outputSlots: outputSlots)
                        : FusionPlan(instructions: [], ops: [], argSlots: [], counts: [], outputSlots: [])
        fusion = plan
        var valueAt = [Int](repeating: -1, count: code.instructions.count), tangentAt = valueAt
        for (g, group) in plan.groups.enumerated() {
            let last = plan.members[group.memberRange.upperBound - 1].instruction
            let start = plan.head.firstIndex(of: g)!   // the group's first instruction (maybe a broadcast)
            // Every instruction of the group's run, absorbed broadcasts included, is the group's in
            // both passes. An absorbed broadcast must not run its own tangent rule: its slot's
            // tangent buffer is placed as if it were written at its position, so writing it there
            // (after the group has run, when the broadcast follows the group's first member with
            // tangents) overwrote a later member's tangents that share the buffer.
            for i in start...last { valueAt[i] = i == start ? g : -2; tangentAt[i] = -2 }
            if let first = group.memberRange.first(where: { plan.members[$0].varies }) {
                tangentAt[plan.members[first].instruction] = g
            }
        }
        hasGroups = !plan.groups.isEmpty
        fusedValueAt = OwnedBuffer(valueAt)
        fusedTangentAt = OwnedBuffer(tangentAt)
        instructions = OwnedBuffer(code.instructions)
        ops = OwnedBuffer(code.ops)
        inline = OwnedBuffer(inlineScalars ? Self.inlineForms(code, counts: slots.counts)
                                           : [InlineScalar](repeating: .general, count: code.instructions.count))
        valueOffset = OwnedBuffer(slots.valueOffset)
        counts = OwnedBuffer(slots.counts)
        tangentIndex = OwnedBuffer(placed.index)
        argSlots = OwnedBuffer(code.argSlots)
        argValueOffsets = OwnedBuffer(code.argSlots.map { slots.valueOffset[$0] })
        argCounts = OwnedBuffer(code.argSlots.map { slots.counts[$0] })
        parameterSlots = graph.parameters.map { slots.slotOf[$0.id] }
        parameterCounts = graph.parameters.map { graph.count($0) }
        inputSlots = graph.inputs.map { slots.slotOf[$0.id] }
        inputShapes = graph.inputs.map { graph.shape($0) }
        self.outputSlots = outputSlots
        outputShapes = outputs.map { graph.shape($0) }
        dimension = parameterCounts.reduce(0, +)

        valueTotal = slots.total
        tangentTotal = placed.total
        maxArity = code.maxArity
        values = Self.valueBuffer(graph, live: live, slots: slots)
        scratchCapacity = max(2 * (slots.counts.max() ?? 1), 2)
        scratch = .allocate(capacity: scratchCapacity)
        argZero = .allocate(capacity: code.maxArity)
        argZero.initialize(repeating: true, count: code.maxArity)
        tangents = .allocate(capacity: 1)
        argTangentOffsets = OwnedBuffer([Int](repeating: 0, count: code.argSlots.count))
        zero = OwnedBuffer([Bool](repeating: true, count: slots.counts.count))
        let vals = values
        valueLanes = OwnedBuffer(plan.args.map {
            Lane(base: UnsafePointer(vals + slots.valueOffset[$0.slot]), rowStride: $0.rowStride, colStride: $0.colStride,
                 jStride: slots.counts[$0.slot])
        })
        tangentLanes = OwnedBuffer(plan.args.map {
            Lane(base: UnsafePointer(vals), rowStride: $0.rowStride, colStride: $0.colStride, jStride: slots.counts[$0.slot])
        })
        laneZero = OwnedBuffer([Bool](repeating: true, count: plan.args.count))
    }

    deinit {
        values.deallocate(); scratch.deallocate(); argZero.deallocate(); tangents.deallocate()
        instructions.free(); ops.free(); inline.free()
        valueOffset.free(); counts.free(); tangentIndex.free()
        argSlots.free(); argValueOffsets.free(); argCounts.free(); argTangentOffsets.free(); zero.free()
        valueLanes.free(); tangentLanes.free(); laneZero.free(); fusedValueAt.free(); fusedTangentAt.free()
    }

    // MARK: Compiling, step by step

    /// Which nodes the outputs depend on (backwards from the outputs through `apply` arguments).
    static func liveNodes(_ graph: Graph, outputs: [Node]) -> [Bool] {
        var live = [Bool](repeating: false, count: graph.count)
        for o in outputs { live[o.id] = true }
        for id in stride(from: graph.count - 1, through: 0, by: -1) where live[id] {
            if case .apply(_, let args) = graph.kinds[id] { for a in args { live[a.id] = true } }
        }
        return live
    }

    /// A slot per live node, in node order, and where its values go.
    struct SlotLayout {
        var slotOf: [Int]
        var valueOffset: [Int] = []
        var counts: [Int] = []
        /// Whether the slot depends on a parameter (has tangents).
        var varies: [Bool] = []
        var total = 0

        init(_ graph: Graph, live: [Bool]) {
            slotOf = [Int](repeating: -1, count: graph.count)
            for id in 0..<graph.count where live[id] {
                slotOf[id] = counts.count
                let c = elementCount(graph.shapes[id])
                valueOffset.append(total); counts.append(c); varies.append(graph.varies[id])
                total += c
            }
        }
    }

    /// The instructions: one per live `apply` node, with its arguments' slots laid out flat.
    struct Code {
        var instructions: [Instruction] = []
        var ops: [any Primitive] = []
        var argSlots: [Int] = []
        var maxArity = 1

        init(_ graph: Graph, live: [Bool], slots: SlotLayout) {
            for id in 0..<graph.count where live[id] {
                guard case .apply(let op, let args) = graph.kinds[id] else { continue }
                instructions.append(Instruction(slot: slots.slotOf[id], argStart: argSlots.count, arity: args.count,
                                                varies: graph.varies[id]))
                ops.append(op)
                maxArity = max(maxArity, args.count)
                argSlots += args.map { slots.slotOf[$0.id] }
            }
        }
    }

    /// The inline form of each instruction: single-element unary and binary functions and
    /// single-element picks run in the pass loop; everything else calls its primitive.
    static func inlineForms(_ code: Code, counts: [Int]) -> [InlineScalar] {
        zip(code.instructions, code.ops).map { inst, op in
            guard counts[inst.slot] == 1, let kernel = op.scalarKernel else { return .general }
            let args = (0..<inst.arity).map { code.argSlots[inst.argStart + $0] }
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
    }

    /// The value buffer, zeros with the constants copied in.
    static func valueBuffer(_ graph: Graph, live: [Bool], slots: SlotLayout) -> UnsafeMutablePointer<Double> {
        let values = UnsafeMutablePointer<Double>.allocate(capacity: max(slots.total, 1))
        values.initialize(repeating: 0, count: max(slots.total, 1))
        for id in 0..<graph.count where live[id] {
            if case .constant(let t) = graph.kinds[id] {
                t.scalars.withUnsafeBufferPointer {
                    (values + slots.valueOffset[slots.slotOf[id]]).update(from: $0.baseAddress!, count: t.count)
                }
            }
        }
        return values
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

    /// Sets θ from an array of exactly ``dimension`` elements.
    public func setParameters(_ theta: [Double]) {
        precondition(theta.count == dimension, "θ has \(theta.count) elements, the tape takes \(dimension)")
        theta.withUnsafeBufferPointer { setParameters($0.baseAddress!) }
    }

    /// Takes the values of `other`, a tape compiled from the same graph and outputs (so its layout
    /// is this one's): its parameters, data inputs and everything computed from them.
    public func copyValues(from other: Tape) {
        precondition(other.valueTotal == valueTotal && other.instructions.count == instructions.count
                        && other.dimension == dimension && other.parameterSlots == parameterSlots,
                     "the tapes were compiled from different graphs")
        values.update(from: other.values, count: valueTotal)
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

    /// Output i after ``forward()``, copied into a tensor of its shape.
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

    // MARK: The value pass

    /// Computes every value from the current parameters and inputs.
    public func forward() {
        if hasGroups { forwardFused(); return }  // Fusion.swift
        for i in 0..<instructions.count { forwardStep(i) }
    }

    /// Instruction i of the value pass, inline or through its primitive.
    @inline(__always) func forwardStep(_ i: Int) {
        let vo = valueOffset
        switch inline[i] {
        case .unary(let f, let x, let y):
            values[vo[y]] = f.value(values[vo[x]])
        case .binary(let f, let a, let b, let y):
            values[vo[y]] = f.value(values[vo[a]], values[vo[b]])
        case .element(let source, let p, let y):
            values[vo[y]] = values[vo[source] + p]
        case .general:
            let inst = instructions[i]
            ops[i].forward(operands(inst), values + vo[inst.slot])
        }
    }

    /// The argument values of an instruction.
    @inline(__always) private func operands(_ inst: Instruction) -> Operands {
        Operands(base: values, offsets: argValueOffsets.base + inst.argStart,
                 counts: argCounts.base + inst.argStart, arity: inst.arity)
    }

    // MARK: The tangent pass

    /// Makes room for `k` tangents.
    func reserveTangents(_ k: Int) {
        guard k != batch else { return }
        if tangentTotal * k > tangentCapacity {
            tangents.deallocate()
            tangentCapacity = tangentTotal * k
            tangents = .allocate(capacity: tangentCapacity)
        }
        for a in 0..<argSlots.count {
            let t = tangentIndex[argSlots[a]]
            argTangentOffsets[a] = t < 0 ? 0 : t * k
        }
        batch = k
    }

    /// Propagates k tangents of θ through the tape, whose values must be current (call
    /// `forward()` first). `seeds` holds the k directions one after another (k × dimension).
    public func forwardTangents(_ seeds: UnsafePointer<Double>, count k: Int) {
        reserveTangents(k)
        seedParameters(seeds, count: k)
        if hasGroups { tangentsFused(count: k); return }  // Fusion.swift
        for i in 0..<instructions.count where instructions[i].varies { tangentStep(i, count: k) }
    }

    /// The tangent rule of instruction i, inline or through its primitive.
    @inline(__always) func tangentStep(_ i: Int, count k: Int) {
        if !inlineTangent(i, count: k) { generalTangent(i, count: k) }
    }

    /// Tangent j of parameter p is seeds[j][p's segment of θ]; a parameter all of whose tangents
    /// are zero is marked so that the pass skips what depends only on it.
    private func seedParameters(_ seeds: UnsafePointer<Double>, count k: Int) {
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
    }

    /// Whether slot s has no tangent in this pass.
    @inline(__always) func noTangent(_ s: Int) -> Bool { zero[s] || tangentIndex[s] < 0 }

    /// The k tangents of slot s.
    @inline(__always) func tangent(_ s: Int, _ k: Int) -> UnsafeMutablePointer<Double> {
        tangents + tangentIndex[s] * k
    }

    /// The tangent rule of a single-element instruction, in the loop; false for `.general`.
    @inline(__always) private func inlineTangent(_ i: Int, count k: Int) -> Bool {
        switch inline[i] {
        case .unary(let f, let x, let y):
            zero[y] = noTangent(x)
            if zero[y] { return true }
            let s = f.slope(values[valueOffset[x]], values[valueOffset[y]])
            let (dx, dy) = (tangent(x, k), tangent(y, k))
            for j in 0..<k { dy[j] = s * dx[j] }
        case .binary(let f, let a, let b, let y):
            let za = noTangent(a), zb = noTangent(b)
            zero[y] = za && zb
            if za && zb { return true }
            let (va, vb, vy) = (values[valueOffset[a]], values[valueOffset[b]], values[valueOffset[y]])
            let dy = tangent(y, k)
            // A zero tangent's partial is never multiplied: it may be nan (log of a negative base).
            if za {
                let (pb, db) = (f.partialB(va, vb, vy), tangent(b, k))
                for j in 0..<k { dy[j] = pb * db[j] }
            } else if zb {
                let (pa, da) = (f.partialA(va, vb, vy), tangent(a, k))
                for j in 0..<k { dy[j] = pa * da[j] }
            } else {
                let (pa, pb) = (f.partialA(va, vb, vy), f.partialB(va, vb, vy))
                let (da, db) = (tangent(a, k), tangent(b, k))
                for j in 0..<k { dy[j] = pa * da[j] + pb * db[j] }
            }
        case .element(let source, let p, let y):
            zero[y] = noTangent(source)
            if zero[y] { return true }
            let c = counts[source]
            let (dx, dy) = (tangent(source, k) + p, tangent(y, k))
            for j in 0..<k { dy[j] = dx[j * c] }
        case .general:
            return false
        }
        return true
    }

    /// The tangent rule of any instruction, through its primitive; skipped when every argument's
    /// tangent is zero.
    private func generalTangent(_ i: Int, count k: Int) {
        let inst = instructions[i]
        var any = false
        for a in 0..<inst.arity {
            let z = noTangent(argSlots[inst.argStart + a])
            argZero[a] = z
            if !z { any = true }
        }
        zero[inst.slot] = !any
        guard any else { return }
        let dx = Tangents(base: tangents, offsets: argTangentOffsets.base + inst.argStart, zero: argZero)
        ops[i].tangent(operands(inst), values + valueOffset[inst.slot], dx, tangent(inst.slot, k), k, scratch)
    }

    // MARK: Reports

    /// Bytes held by the value and tangent buffers.
    public var bufferBytes: Int { (valueTotal + tangentCapacity) * MemoryLayout<Double>.size }
    /// Number of instructions (for reports and tests).
    public var instructionCount: Int { instructions.count }
}

extension Tape: CustomDebugStringConvertible {
    /// One instruction per line, like clox's disassembler: index, result slot and its size, the
    /// primitive and its argument slots, and whether it carries tangents (`~`) or runs inline
    /// (`inline`). Slots are numbered in node order; parameters, inputs and constants have slots
    /// but no instruction.
    public var debugDescription: String {
        var lines = ["tape: \(instructions.count) instructions, \(counts.count) slots, \(valueTotal) values, "
                     + "\(tangentTotal) per tangent; θ has \(dimension) elements in slots \(parameterSlots)"]
        for i in 0..<instructions.count {
            let inst = instructions[i]
            let args = (0..<inst.arity).map { "s\(argSlots[inst.argStart + $0])" }.joined(separator: ", ")
            var line = pad(String(i), 5) + pad("s\(inst.slot)", 7) + pad("[\(counts[inst.slot])]", 9)
                + (inst.varies ? "~ " : "  ") + ops[i].name + "(" + args + ")"
            if case .general = inline[i] {
                let g = fusedValueAt[i]
                if g >= 0 { line += "  fused g\(g)" } else if g == -2 { line += "  in group" }
            } else {
                line += "  inline"
            }
            lines.append(line)
        }
        lines.append("outputs: " + outputSlots.map { "s\($0)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}

/// A fixed-size buffer that its owner allocates once and frees in its deinit: the tape's layout
/// arrays, read in the passes without bounds checks or `withUnsafeBufferPointer` closures.
struct OwnedBuffer<Element> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: max(count, 1))
        elements.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(start: base, count: count).initialize(from: $0) }
    }

    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    /// Deinitialises the elements and frees the memory (once, from the owner's deinit).
    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
