// Indexing (1-based, `end`, ranges, `:`, vectors of positions) and field access.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Interpreter {
    /// `x[i]`, `x[2:4]`, `A[i, j]`, `A[:, 1]`, `x[end]`, `x[[1, 3]]`, `list[i]`.
    ///
    /// Each subscript is a position (the axis is dropped), a vector of positions or `:` (the axis
    /// is kept). A matrix with one subscript selects rows (NumPy). Positions are checked here, so
    /// the message names the position and the extent.
    func index(_ base: Value, _ subscripts: [Subscript], _ env: Environment, at location: SourceLocation) throws -> Value {
        if case .list(let items) = base {
            guard subscripts.count == 1 else {
                throw SFNError("a list takes 1 index, got \(subscripts.count)", at: location)
            }
            let ps = try positions(subscripts[0], extent: items.count, axisText: "a list of length \(items.count)", env, at: location)
            if let p = ps.single { return items[p] }
            try ValueLimits.check(Double(ps.positions.count), .list, "the selection", at: location)
            return .list(ps.positions.map { items[$0] })
        }
        var indexable: [Int]? = shape(of: base)
        if case .bool = base { indexable = nil }
        guard let s = indexable else { throw SFNError("cannot index \(base.kindDescription)", at: location) }
        if s.isEmpty { throw SFNError("cannot index a number", at: location) }
        let (flat, resultShape) = try selection(subscripts, of: s, env, at: location)
        if case .tensor(let t) = base {
            if resultShape.isEmpty { return .number(t.scalars[flat[0]]) }
            return .tensor(Tensor(shape: resultShape, scalars: flat.map { t.scalars[$0] }))
        }
        return try graphOperation([base], at: location, what: "index") { g, n in
            try g.gather(n[0], index: flat, shape: resultShape)
        }
    }

    /// What subscripts select from a tensor of shape `s` (rank ≥ 1): the flat row-major positions
    /// of the selected elements, in order, and the shape of the selection. Each subscript is a
    /// position (its axis is dropped), a vector of positions or `:` (the axis is kept); axes
    /// without a subscript are taken whole. Reading (`x[i]`) and indexed assignment (`x[i] = v`)
    /// both use this, so they follow exactly the same rules and report the same errors.
    func selection(_ subscripts: [Subscript], of s: [Int], _ env: Environment,
                   at location: SourceLocation) throws -> (flat: [Int], shape: [Int]) {
        guard subscripts.count <= s.count else {
            throw SFNError("\(Value.describe(shape: s)) takes at most \(s.count) \(s.count == 1 ? "index" : "indices"), got \(subscripts.count)",
                           at: location)
        }
        // Positions per axis; axes without a subscript are taken whole.
        var perAxis: [[Int]] = []
        var resultShape: [Int] = []
        for (axis, extent) in s.enumerated() {
            if axis < subscripts.count {
                let what = s.count == 1 ? "length \(extent)" : "axis \(axis + 1) of extent \(extent)"
                let ps = try positions(subscripts[axis], extent: extent, axisText: what, env, at: location)
                perAxis.append(ps.positions)
                if ps.single == nil { resultShape.append(ps.positions.count) }
            } else {
                perAxis.append(Array(0..<extent)); resultShape.append(extent)
            }
        }
        // Repeated positions can make a selection far larger than the tensor: refuse it before
        // building it (an allocation failure would abort the process).
        try Builtins.checkResultCount(perAxis.reduce(1.0) { $0 * Double($1.count) }, "the selection", at: location)
        let st = strides(of: s)
        var flat = [0]
        for (axis, ps) in perAxis.enumerated() {
            var next: [Int] = []
            next.reserveCapacity(flat.count * ps.count)
            for base in flat { for p in ps { next.append(base + p * st[axis]) } }
            flat = next
        }
        return (flat, resultShape)
    }

    /// The 0-based positions one subscript selects; `single` when it was a lone position.
    func positions(_ sub: Subscript, extent: Int, axisText: String, _ env: Environment,
                   at location: SourceLocation) throws -> (positions: [Int], single: Int?) {
        guard case .single(let e) = sub else { return (Array(0..<extent), nil) }
        endStack.append(extent)
        defer { endStack.removeLast() }
        let v = try eval(e, env)
        func position(_ x: Double) throws -> Int {
            guard x == x.rounded(), x.isFinite else {
                throw SFNError("index must be a whole number, got \(ValueDisplay.number(x))", at: e.location)
            }
            guard x >= 1, x <= Double(extent) else {
                throw SFNError("index \(ValueDisplay.number(x)) is out of bounds for \(axisText)", at: e.location)
            }
            return Int(x) - 1
        }
        switch v {
        case .number(let x):
            let p = try position(x)
            return ([p], p)
        case .tensor(let t) where t.rank == 1:
            // A vector of 0s and 1s exactly as long as the axis is a mask, since comparisons give 0/1:
            // x[x > 1] picks the elements where the condition holds, as in NumPy and Julia. (A vector
            // of positions made only of 1s and as long as the axis therefore selects everything.)
            if t.count == extent, t.scalars.allSatisfy({ $0 == 0 || $0 == 1 }) {
                return (t.scalars.indices.filter { t.scalars[$0] == 1 }, nil)
            }
            return (try t.scalars.map(position), nil)
        case .list(let items):
            guard let xs = items.allNumbers else {
                throw SFNError("an index must be a number or a vector of positions, got a list", at: e.location)
            }
            return (try xs.map(position), nil)
        case .traced:
            throw SFNError("an index must be a concrete number, but this one depends on the objective's parameters",
                           at: e.location)
        default:
            throw SFNError("an index must be a number or a vector of positions, got \(v.kindDescription)", at: e.location)
        }
    }

    /// `r.name`.
    func field(_ base: Value, _ name: String, at location: SourceLocation) throws -> Value {
        switch base {
        case .record(let r):
            if let v = r[name] { return v }
            throw noField(name, of: r.names, kind: base.kindDescription, at: location)
        case .native(let n):
            if let v = n.field(name) { return v }
            throw noField(name, of: n.fieldNames, kind: base.kindDescription, at: location)
        default:
            throw SFNError("cannot read field '\(name)' of \(base.kindDescription)", at: location)
        }
    }

    private func noField(_ name: String, of names: [String], kind: String, at location: SourceLocation) -> SFNError {
        var message = "\(kind) has no field '\(name)'"
        if let best = Suggestions.closest(to: name, among: names) {
            message += "; did you mean '\(best)'?"
        } else if !names.isEmpty {
            message += "; fields: " + names.joined(separator: ", ")
        }
        return SFNError(message, at: location)
    }
}
