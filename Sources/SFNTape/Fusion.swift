// Elementwise fusion: runs a chain of elementwise instructions as one loop over memory.
//
// Why: in a network objective the elementwise instructions between two matrix products (bias add,
// tanh, the loss's exp, the tanh derivative 1 − y², …) each made a full pass over an
// activation-sized buffer, and a broadcast operand (the bias) was first copied to a buffer of its
// own. The HVP's tangent pass did the same once more. Here such a chain is compiled into a *group*
// that the passes run block by block: every member processes one block (a few rows) before the
// next block starts, so a block's intermediates are still in cache when the next member reads
// them, and a broadcast is read in place through strides instead of being copied. With several
// tangents at once (Hessian batches) the k tangents of a block do not fit in cache together, so
// there each member runs over the whole group in turn (partials once, then tangent by tangent);
// the broadcasts are still read in place. A tape without groups (a scalar toy) runs the old loops.
//
// Correctness: every member still writes its value and its tangents to its own slot (the
// gradient graph and later instructions read them), so only absorbed broadcasts are left
// unwritten, and only when every reader is a member of the same group. Members call the same
// per-element rules as their primitives' whole-array kernels (`value`, `slope`, `partialA/B`),
// in the same order, so fused results are bit for bit the unfused ones (SFNTapeTests compare
// both). Tangent buffers reused between slots stay safe: all members have the same element
// count, so a block of one member never overlaps another block of a buffer it shares.
import CKernels
import SFNNumerics

/// One operand of an elementwise kernel over a block of rows × columns: element (r, c) of
/// tangent j is at `base[j·jStride + r·rowStride + c·colStride]`. A full operand has strides
/// (width, 1); a row tiled to every row (a bias) (0, 1); a per-row value spread along the columns
/// (1, 0); a single element (0, 0).
public struct Lane {
    /// Element (0, 0) of tangent 0 (or of the values).
    public var base: UnsafePointer<Double>
    /// Elements from one row to the next (0: the same row for every row).
    public var rowStride: Int
    /// Elements from one column to the next (0: one value across the row).
    public var colStride: Int
    /// Elements from one tangent to the next.
    public var jStride: Int

    @inline(__always) func row(_ r: Int, _ j: Int = 0) -> UnsafePointer<Double> { base + j * jStride + r * rowStride }
}

/// The part of a result that one kernel call covers: rows × cols of a result laid out with
/// `width` columns and `count` elements in all (tangent j of the result at offset j·count).
public struct Block {
    /// The rows covered.
    public var rows: Range<Int>
    /// The columns covered (every column, or the part of a row wider than a block).
    public var cols: Range<Int>
    /// Columns of the result.
    public var width: Int
    /// Elements of the result (the offset between two of its tangents).
    public var count: Int
}

/// The block kernels of an elementwise primitive, used by fused groups. The unary and binary
/// functions implement them once (below) from their per-element rules.
public protocol ElementwiseKernels {
    /// y = op(x…) on the block; `x[i]` is argument i's lane of values.
    func forwardBlock(_ x: UnsafePointer<Lane>, _ y: UnsafeMutablePointer<Double>, _ block: Block)
    /// ẏ for the k tangents on the block, as `Primitive.tangent` (`dxZero[i]`: argument i has no
    /// tangent). `scratch` holds at least 2 × the block's elements.
    func tangentBlock(_ x: UnsafePointer<Lane>, _ y: UnsafePointer<Double>, _ dx: UnsafePointer<Lane>,
                      _ dxZero: UnsafePointer<Bool>, _ dy: UnsafeMutablePointer<Double>, _ k: Int,
                      _ block: Block, _ scratch: UnsafeMutablePointer<Double>)
}

/// Runs `body(c, a, b, ta, tb)` over the columns c of a row with the elements at c of four
/// arrays: a and ta share column stride `sa`, b and tb stride `sb` (1, or 0 for one element,
/// which is loaded once before the loop). One loop per layout, so that each vectorises. A rule
/// that branches on a constant operand still branches per element (a power's whole exponent did:
/// `BinaryFunctions.Pow` has kernels of its own for that). A kernel that needs fewer arrays
/// passes one twice; loads it does not use are dropped by the compiler.
@inline(__always) func columns(_ cols: Range<Int>, _ sa: Int, _ sb: Int,
                               _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
                               _ ta: UnsafePointer<Double>, _ tb: UnsafePointer<Double>,
                               _ body: (Int, Double, Double, Double, Double) -> Void) {
    switch (sa, sb) {
    case (1, 1): for c in cols { body(c, a[c], b[c], ta[c], tb[c]) }
    case (0, 1): let (s, t) = (a[0], ta[0]); for c in cols { body(c, s, b[c], t, tb[c]) }
    case (1, 0): let (s, t) = (b[0], tb[0]); for c in cols { body(c, a[c], s, ta[c], t) }
    default: let (s, t, u, v) = (a[0], b[0], ta[0], tb[0]); for c in cols { body(c, s, t, u, v) }
    }
}

extension UnaryFunction {
    public func forwardBlock(_ x: UnsafePointer<Lane>, _ y: UnsafeMutablePointer<Double>, _ b: Block) {
        let la = x[0], s = la.colStride
        for r in b.rows {
            let a = la.row(r), out = y + r * b.width
            columns(b.cols, s, s, a, a, a, a) { c, v, _, _, _ in out[c] = F.value(v) }
        }
    }

    /// ẏ = slope · ẋ. With one tangent the slope is multiplied where it is computed; with more,
    /// the block's slopes go to scratch first and serve every tangent, which then runs over the
    /// whole block, as `tangent` does (the same numbers either way).
    public func tangentBlock(_ x: UnsafePointer<Lane>, _ y: UnsafePointer<Double>, _ dx: UnsafePointer<Lane>,
                             _ dxZero: UnsafePointer<Bool>, _ dy: UnsafeMutablePointer<Double>, _ k: Int,
                             _ b: Block, _ scratch: UnsafeMutablePointer<Double>) {
        let (la, ld) = (x[0], dx[0])
        let s = la.colStride
        if k == 1 {
            for r in b.rows {
                let a = la.row(r), yr = y + r * b.width, d = ld.row(r), out = dy + r * b.width
                columns(b.cols, s, s, a, a, d, d) { c, v, _, t, _ in out[c] = F.slope(v, yr[c]) * t }
            }
            return
        }
        let (r0, c0, cw) = (b.rows.lowerBound, b.cols.lowerBound, b.cols.count)
        for r in b.rows {
            let a = la.row(r), yr = y + r * b.width, sr = scratch + (r - r0) * cw - c0
            columns(b.cols, s, s, a, a, a, a) { c, v, _, _, _ in sr[c] = F.slope(v, yr[c]) }
        }
        for j in 0..<k {
            for r in b.rows {
                let d = ld.row(r, j), out = dy + j * b.count + r * b.width, sr = scratch + (r - r0) * cw - c0
                columns(b.cols, s, s, d, d, d, d) { c, t, _, _, _ in out[c] = sr[c] * t }
            }
        }
    }
}

extension UnaryFunctions.Tanh {
    /// Rows of a full operand go through the C loop, as `forward` does (the same arithmetic).
    public func forwardBlock(_ x: UnsafePointer<Lane>, _ y: UnsafeMutablePointer<Double>, _ b: Block) {
        let la = x[0]
        for r in b.rows {
            let a = la.row(r), out = y + r * b.width
            if la.colStride == 1 { sfn_tanh_array(a + b.cols.lowerBound, out + b.cols.lowerBound, b.cols.count) }
            else { let v = F.value(a[0]); for c in b.cols { out[c] = v } }
        }
    }
}

extension BinaryFunction {
    public func forwardBlock(_ x: UnsafePointer<Lane>, _ y: UnsafeMutablePointer<Double>, _ b: Block) {
        binaryForwardBlock(x, y, b)
    }

    public func tangentBlock(_ x: UnsafePointer<Lane>, _ y: UnsafePointer<Double>, _ dx: UnsafePointer<Lane>,
                             _ dxZero: UnsafePointer<Bool>, _ dy: UnsafeMutablePointer<Double>, _ k: Int,
                             _ b: Block, _ scratch: UnsafeMutablePointer<Double>) {
        binaryTangentBlock(x, y, dx, dxZero, dy, k, b, scratch)
    }

    /// `forwardBlock`'s loops, for a function that handles some operands itself first (a power).
    @inline(__always) func binaryForwardBlock(_ x: UnsafePointer<Lane>, _ y: UnsafeMutablePointer<Double>, _ b: Block) {
        let (la, lb) = (x[0], x[1])
        for r in b.rows {
            let a = la.row(r), v = lb.row(r), out = y + r * b.width
            columns(b.cols, la.colStride, lb.colStride, a, v, a, v) { c, p, q, _, _ in out[c] = F.value(p, q) }
        }
    }

    /// ẏ = ∂a · ȧ + ∂b · ḃ, with only the partials whose tangent is not zero (∂b of a power is a
    /// log). With one tangent each partial is multiplied where it is computed; with more, the
    /// block's partials go to scratch first and serve every tangent, as `tangent` does.
    @inline(__always) func binaryTangentBlock(_ x: UnsafePointer<Lane>, _ y: UnsafePointer<Double>,
                                              _ dx: UnsafePointer<Lane>, _ dxZero: UnsafePointer<Bool>,
                                              _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ b: Block,
                                              _ scratch: UnsafeMutablePointer<Double>) {
        let (la, lb) = (x[0], x[1])
        let (za, zb) = (dxZero[0], dxZero[1])
        let (sa, sb) = (la.colStride, lb.colStride)  // 0 or 1
        if k == 1 {
            for r in b.rows {
                let a = la.row(r), v = lb.row(r), yr = y + r * b.width, out = dy + r * b.width
                if !za && !zb {
                    let (ta, tb) = (dx[0].row(r), dx[1].row(r))
                    columns(b.cols, sa, sb, a, v, ta, tb) { c, p, q, s, t in
                        out[c] = F.partialA(p, q, yr[c]) * s + F.partialB(p, q, yr[c]) * t
                    }
                } else if !za {
                    let ta = dx[0].row(r)
                    columns(b.cols, sa, sb, a, v, ta, v) { c, p, q, s, _ in out[c] = F.partialA(p, q, yr[c]) * s }
                } else {
                    let tb = dx[1].row(r)
                    columns(b.cols, sa, sb, a, v, a, tb) { c, p, q, _, t in out[c] = F.partialB(p, q, yr[c]) * t }
                }
            }
            return
        }
        // The block's partials: ∂a of (r, c) at pa[(r − r0)·cw + c − c0], ∂b likewise at pb.
        let (r0, c0, cw) = (b.rows.lowerBound, b.cols.lowerBound, b.cols.count)
        let (pa, pb) = (scratch, scratch + b.rows.count * cw)
        for r in b.rows {
            let a = la.row(r), v = lb.row(r), yr = y + r * b.width
            let (par, pbr) = (pa + (r - r0) * cw - c0, pb + (r - r0) * cw - c0)
            if !za { columns(b.cols, sa, sb, a, v, a, v) { c, p, q, _, _ in par[c] = F.partialA(p, q, yr[c]) } }
            if !zb { columns(b.cols, sa, sb, a, v, a, v) { c, p, q, _, _ in pbr[c] = F.partialB(p, q, yr[c]) } }
        }
        for j in 0..<k {
            for r in b.rows {
                let out = dy + j * b.count + r * b.width
                let (par, pbr) = (pa + (r - r0) * cw - c0, pb + (r - r0) * cw - c0)
                if !za && !zb {
                    let (ta, tb) = (dx[0].row(r, j), dx[1].row(r, j))
                    columns(b.cols, sa, sb, ta, tb, ta, tb) { c, s, t, _, _ in out[c] = par[c] * s + pbr[c] * t }
                } else if !za {
                    let ta = dx[0].row(r, j)
                    columns(b.cols, sa, sa, ta, ta, ta, ta) { c, s, _, _, _ in out[c] = par[c] * s }
                } else {
                    let tb = dx[1].row(r, j)
                    columns(b.cols, sb, sb, tb, tb, tb, tb) { c, t, _, _, _ in out[c] = pbr[c] * t }
                }
            }
        }
    }
}

/// The fused groups of a tape, found once when it is compiled.
struct FusionPlan {
    struct Group {
        /// Members (in evaluation order) at `members[memberRange]`.
        var memberRange: Range<Int>
        var count: Int
        var width: Int
        var rows: Int
        var blockRows: Int
        var blockCols: Int
        /// Whether any member carries tangents.
        var varies: Bool
    }
    struct Member {
        var instruction: Int
        var slot: Int
        var argStart: Int
        var arity: Int
        var varies: Bool
        /// Whether every argument is full-size or a single element, so that a block of whole rows
        /// is one flat run of elements (one kernel row instead of one per row).
        var flat: Bool
    }
    /// One argument of a member: the slot whose buffer is read and the strides it is read with.
    struct Arg {
        var slot: Int
        var rowStride: Int
        var colStride: Int
    }

    var groups: [Group] = []
    var members: [Member] = []
    var kernels: [any ElementwiseKernels] = []
    var args: [Arg] = []
    /// Per instruction: the group it heads (its first instruction), or whether it runs inside one.
    var head: [Int?]
    var inside: [Bool]

    /// Elements per block: a few buffers of this size stay in the first-level cache.
    static let blockElements = 1024

    /// The groups: maximal runs of consecutive elementwise instructions with the same element
    /// count, whose arguments are full-size, single elements, or broadcasts of the same run that
    /// tile or spread along one row width. A broadcast is absorbed (read in place, never written)
    /// only when all its readers are in its group and it is not an output; otherwise it runs on
    /// its own and the runs are found again.
    init(instructions: [Tape.Instruction], ops: [any Primitive], argSlots: [Int], counts: [Int], outputSlots: [Int]) {
        let n = instructions.count
        head = [Int?](repeating: nil, count: n)
        inside = [Bool](repeating: false, count: n)
        var readers = [[Int]](repeating: [], count: counts.count)
        for (i, inst) in instructions.enumerated() {
            for a in 0..<inst.arity { readers[argSlots[inst.argStart + a]].append(i) }
        }
        let outputs = Set(outputSlots)
        var blocked = Set<Int>()

        /// A broadcast's row width and strides (as its readers see it), if it tiles or spreads.
        func broadcastShape(_ i: Int) -> (width: Int, rowStride: Int, colStride: Int)? {
            guard !blocked.contains(i), let g = ops[i] as? Gather else { return nil }
            let count = counts[instructions[i].slot]
            guard count > 1, !outputs.contains(instructions[i].slot) else { return nil }
            switch g.pattern {
            case .tile: return g.sourceCount > 1 ? (g.sourceCount, 0, 1) : nil
            case .spread(let r): return r > 1 ? (r, 1, 0) : nil
            case .general: return nil
            }
        }

        while true {
            groups = []; members = []; kernels = []; args = []
            for i in 0..<n { head[i] = nil; inside[i] = false }
            var newlyBlocked = false
            var i = 0
            while i < n {
                let count = counts[instructions[i].slot]
                var width: Int? = nil
                var absorbed: [Int: (rowStride: Int, colStride: Int, source: Int)] = [:]  // slot → how read
                var absorbedAt: [Int] = []
                let memberStart = members.count, argStart = args.count
                var j = i
                scan: while j < n {
                    let inst = instructions[j]
                    guard counts[inst.slot] == count, count > 1 else { break }
                    if let bshape = broadcastShape(j) {
                        if let w = width, w != bshape.width { break scan }
                        width = bshape.width
                        absorbed[inst.slot] = (bshape.rowStride, bshape.colStride, argSlots[inst.argStart])
                        absorbedAt.append(j)
                        j += 1
                        continue
                    }
                    guard let kernel = ops[j] as? any ElementwiseKernels else { break }
                    var memberArgs: [Arg] = []
                    for a in 0..<inst.arity {
                        let s = argSlots[inst.argStart + a]
                        if let b = absorbed[s] {
                            memberArgs.append(Arg(slot: b.source, rowStride: b.rowStride, colStride: b.colStride))
                        } else if counts[s] == 1 {
                            memberArgs.append(Arg(slot: s, rowStride: 0, colStride: 0))
                        } else if counts[s] == count {
                            memberArgs.append(Arg(slot: s, rowStride: -1, colStride: 1))  // rowStride: the width, below
                        } else {
                            break scan
                        }
                    }
                    let flat = memberArgs.allSatisfy { $0.colStride == 0 ? $0.rowStride == 0 : $0.rowStride == -1 }
                    members.append(Member(instruction: j, slot: inst.slot, argStart: args.count, arity: inst.arity,
                                          varies: inst.varies, flat: flat))
                    kernels.append(kernel)
                    args += memberArgs
                    j += 1
                }
                let memberCount = members.count - memberStart
                // A broadcast whose readers are not all in the run, or that no member reads.
                for b in absorbedAt {
                    let bad = memberCount == 0 || readers[instructions[b].slot].contains { $0 < i || $0 >= j }
                    if bad { blocked.insert(b); newlyBlocked = true }
                }
                if memberCount == 0 || j - i < 2 || newlyBlocked {
                    members.removeSubrange(memberStart...); kernels.removeSubrange(memberStart...)
                    args.removeSubrange(argStart...)
                    if newlyBlocked { break }
                    i += 1
                    continue
                }
                let w = width ?? count
                for a in argStart..<args.count where args[a].rowStride == -1 { args[a].rowStride = w }
                let blockRows = width == nil ? 1 : max(1, Self.blockElements / w)
                let blockCols = width == nil ? min(count, Self.blockElements) : w
                groups.append(Group(memberRange: memberStart..<members.count, count: count, width: w, rows: count / w,
                                    blockRows: blockRows, blockCols: blockCols,
                                    varies: members[memberStart...].contains { $0.varies }))
                head[i] = groups.count - 1
                for m in (i + 1)..<j { inside[m] = true }
                i = j
            }
            if !newlyBlocked { break }
        }
    }
}

extension Tape {
    /// The value pass of a tape with groups: each group at its first instruction, the other
    /// instructions as `forward` runs them.
    func forwardFused() {
        for i in 0..<instructions.count {
            let g = fusedValueAt[i]
            if g == -1 { forwardStep(i) } else if g >= 0 { forwardGroup(g) }
        }
    }

    /// The tangent pass of a tape with groups: each group at its first member with tangents.
    func tangentsFused(count k: Int) {
        for i in 0..<instructions.count where instructions[i].varies {
            let g = fusedTangentAt[i]
            if g == -1 { tangentStep(i, count: k) } else if g >= 0 { tangentGroup(g, count: k) }
        }
    }

    /// The blocks of group g, in order, each as rows × columns and, for flat members, as one
    /// run of elements (row 0, the block's flat positions as columns).
    @inline(__always) func forEachBlock(_ g: FusionPlan.Group, rows range: Range<Int>? = nil,
                                        _ body: (Block, Block) -> Void) {
        let range = range ?? 0..<g.rows
        for r0 in stride(from: range.lowerBound, to: range.upperBound, by: g.blockRows) {
            let rows = r0..<min(r0 + g.blockRows, range.upperBound)
            for c0 in stride(from: 0, to: g.width, by: g.blockCols) {
                let cols = c0..<min(c0 + g.blockCols, g.width)
                let block = Block(rows: rows, cols: cols, width: g.width, count: g.count)
                // Whole rows are contiguous; a part of one row (rows.count == 1) is too.
                let start = rows.lowerBound * g.width + cols.lowerBound
                let end = (rows.upperBound - 1) * g.width + cols.upperBound
                body(block, Block(rows: 0..<1, cols: start..<end, width: g.width, count: g.count))
            }
        }
    }

    /// The value pass of group g: each block through every member in turn.
    func forwardGroup(_ gi: Int) {
        let g = fusion.groups[gi]
        inParts(g) { rows, _ in
            forEachBlock(g, rows: rows) { block, flat in
                for m in g.memberRange {
                    let member = fusion.members[m]
                    fusion.kernels[m].forwardBlock(valueLanes.base + member.argStart, values + valueOffset[member.slot],
                                                   member.flat ? flat : block)
                }
            }
        }
    }

    /// Groups of at least this many elements run their rows on two threads when the thread policy
    /// allows two (`BLAS.threads`). Measured at the defaults on the 2-core machine: the wide MLP's
    /// value_grad (groups of 1797 × 1000) went from 191–195 ms to 179–182 ms; the 64-32-10 MLP's
    /// groups (1797 × 32) stay below it, and a threshold of 2^16 timed the same there.
    static let parallelElements = 1 << 18

    /// The threads a group may use: the thread policy's count (one under `taskset -c 0`), unless
    /// `groupThreads` says otherwise (tests compare one thread with two).
    var parallelThreads: Int { groupThreads ?? BLAS.threads }

    /// Runs `body` over g's rows: in two halves on two threads for a large group (each half with
    /// its own half of the scratch buffer; the blocks of different rows touch disjoint elements
    /// of every member), else over all rows on this thread.
    @inline(__always) func inParts(_ g: FusionPlan.Group,
                                   _ body: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) {
        guard g.count >= Tape.parallelElements, g.rows >= 2 * g.blockRows, parallelThreads >= 2 else {
            body(0..<g.rows, scratch)
            return
        }
        // Split at a block boundary, so that both halves run the same blocks as one thread would.
        let middle = (g.rows / 2 + g.blockRows - 1) / g.blockRows * g.blockRows
        let second = scratch + scratchCapacity / 2
        let (first, rows) = (scratch, g.rows)
        // The two halves share the tape's buffers but write disjoint elements of them.
        Parallel.forEachPart(2) { part in
            if part == 0 { body(0..<middle, first) } else { body(middle..<rows, second) }
        }
    }

    /// The tangent pass of group g: which members have tangents (from their arguments'), then
    /// each block through every member that has.
    func tangentGroup(_ gi: Int, count k: Int) {
        let g = fusion.groups[gi]
        for m in g.memberRange {
            let member = fusion.members[m]
            var any = false
            for a in member.argStart..<(member.argStart + member.arity) {
                let s = fusion.args[a].slot
                let z = noTangent(s)
                laneZero[a] = z
                if !z {
                    tangentLanes[a].base = UnsafePointer(tangents + tangentIndex[s] * k)
                    any = true
                }
            }
            zero[member.slot] = !(member.varies && any)
        }
        guard g.varies else { return }
        if k > 1 {
            // The k tangents of a block do not stay in cache together, so with several tangents
            // each member runs over the whole group at once, tangent by tangent (as unfused, with
            // broadcasts still read in place).
            let whole = Block(rows: 0..<g.rows, cols: 0..<g.width, width: g.width, count: g.count)
            let flat = Block(rows: 0..<1, cols: 0..<g.count, width: g.width, count: g.count)
            for m in g.memberRange {
                let member = fusion.members[m]
                if zero[member.slot] { continue }
                fusion.kernels[m].tangentBlock(valueLanes.base + member.argStart, values + valueOffset[member.slot],
                                               tangentLanes.base + member.argStart, laneZero.base + member.argStart,
                                               tangent(member.slot, k), k, member.flat ? flat : whole, scratch)
            }
            return
        }
        inParts(g) { rows, scratch in
            forEachBlock(g, rows: rows) { block, flat in
                for m in g.memberRange {
                    let member = fusion.members[m]
                    if zero[member.slot] { continue }
                    fusion.kernels[m].tangentBlock(valueLanes.base + member.argStart, values + valueOffset[member.slot],
                                                   tangentLanes.base + member.argStart, laneZero.base + member.argStart,
                                                   tangent(member.slot, k), k, member.flat ? flat : block, scratch)
                }
            }
        }
    }
}
