// Indexed assignment: `x[i] = v`, `A[i, j] = v`, `x[2:3] = [7, 8]`, `A[:, 1] = [1, 2]`,
// `A[1, :] = 0`, `x[end] = 1`, `L[2] = "b"`. LANGUAGE.md is silent on it; this follows what Julia
// and NumPy users expect, with the value semantics the language has for every value.
//
// Semantics:
// - `x[i] = v` means `x = (a copy of x whose selected elements are replaced by v)`. The selection
//   follows exactly the rules of reading `x[i]` (1-based, inclusive ranges, `end`, `:`, vectors
//   of positions, a matrix with one subscript selects rows): both use `selection`/`positions` in
//   EvaluateIndexing.swift, so they also give the same out-of-range and non-integer messages.
// - Only a plain name can be the base (`x[i] = v`); `r.x[1] = 0` and `x[1][2] = 0` are syntax
//   errors (ParserStatements.swift).
// - The name is rebound by the rule of `x = …` (Environment.assign): the nearest binding, not
//   past the innermost function call. So in a block `{ v = w * 1; v[1] = 0; sum(v) }` it rebinds
//   the block's `v`; inside a function (or an objective) an assignment into a global's elements
//   makes a copy local to the whole call (even when made in a loop or block inside it, so that
//   `k() = { for i in 1:3 { x[i] = i }; x }` returns the filled copy, as Julia's result would be)
//   and the global is unchanged; a loop at top level changes the global.
// - Value semantics: nothing else sees the change. Another name bound to the old value (`y = x`
//   before), a list or record holding it, a function's argument, or a value a closure captured as
//   a parameter (`mk(v) = w -> dot(v, w); g = mk(x)`) keep the old elements. A function that
//   reads `x` by name looks it up when called, so it sees the new value at its next call, exactly
//   as after `x = …` (the language's rule for rebinding); a compiled objective that read `x` as a
//   constant is recompiled, because the binding's version changes.
// - The value: into a tensor, a number (a bool as 1/0) or a tensor that broadcasts (NumPy) to the
//   selection's shape, so `A[1, :] = 0` fills the row; into a list, any value at one position,
//   and at several positions a list or vector of as many values, or any other value copied to
//   each. Repeated positions (`x[[1, 1]] = [5, 6]`): the last write wins, as in NumPy and Julia.
// - Order of evaluation (Python's): the right side, then the name, then the subscripts.
// - Inside an objective being compiled, when the tensor or the value is traced, the result is a
//   Concat of the old elements and the new ones followed by a Gather that picks, for each
//   element, the old one or its replacement. Derivatives therefore flow to both (the gather's
//   adjoint is ScatterAdd, the concat's slices), and overwritten elements get none.
// - Without a copy when possible: when nothing else holds the tensor's (or list's) storage it is
//   changed in place (Swift's copy-on-write decides), so `for i in 1:n { x[i] = … }` costs O(1)
//   per step, not O(n); when something does hold it, the write copies first.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Interpreter {
    /// What an indexed assignment writes, worked out (and checked) before anything changes.
    private enum ElementWrite {
        /// Concrete elements of a tensor of `count` elements: `values` at the flat `positions`.
        case tensor(positions: [Int], count: Int, values: NewElements)
        /// Items of a list of `count` items: `values[j]` at `positions[j]`.
        case list(positions: [Int], count: Int, values: [Value])
        /// A new value for the name (a traced result while compiling an objective).
        case replace(Value)
    }

    private enum NewElements {
        /// One number for every selected element (a scalar broadcast).
        case one(Double)
        /// One number per selected element, in the selection's order.
        case each([Double])
    }

    /// Runs `name[subscripts] = valueExpr`. `location` is the name's, `index` the `[`'s.
    func assignElements(of name: String, _ subscripts: [Subscript], _ valueExpr: Expr, in env: Environment,
                        at location: SourceLocation, index: SourceLocation) throws {
        let write = try elementWrite(of: name, subscripts, valueExpr, in: env, at: location, index: index)
        if case .replace(let v) = write {
            if env.assignmentSlot(name) != nil { env.assign(name, v) } else { env.enclosingFunctionScope.define(name, v) }
            return
        }
        // The binding `x = …` would rebind; its value is moved out so that, when nothing else
        // holds the storage, the change below happens in place. Nothing from here on can throw
        // until the value is put back.
        let target = env.assignmentSlot(name)
        var current: Value
        if let (scope, slot) = target {
            current = scope.take(slot)
        } else if let (scope, slot) = env.lookup(name) {
            current = scope.value(at: slot)  // an outer binding (a function reads a global): copied
        } else {
            throw SFNError("internal error: '\(name)' vanished during an indexed assignment", at: location)
        }
        switch write {
        case .tensor(let positions, let count, let values):
            if case .tensor(var t) = current, t.count == count {
                current = .nothing  // t is now the only reference to the storage
                switch values {
                case .one(let x): for p in positions { t.scalars[p] = x }
                case .each(let xs): for (j, p) in positions.enumerated() { t.scalars[p] = xs[j] }
                }
                current = .tensor(t)
            }
        case .list(let positions, let count, let values):
            if case .list(var items) = current, items.count == count {
                current = .nothing
                for (j, p) in positions.enumerated() { items[p] = values[j] }
                current = .list(items)
            }
        case .replace:
            break
        }
        if let (scope, slot) = target { scope.set(slot, current) } else { env.enclosingFunctionScope.define(name, current) }
    }

    /// Evaluates the value, the name and the subscripts, and checks them, without changing
    /// anything.
    private func elementWrite(of name: String, _ subscripts: [Subscript], _ valueExpr: Expr, in env: Environment,
                              at location: SourceLocation, index: SourceLocation) throws -> ElementWrite {
        let value = try eval(valueExpr, env)
        guard env.lookup(name) != nil || registry.values[name] != nil else {
            throw undefinedElementTarget(name, at: location, in: env)
        }
        let base = try lookup(name, at: location, in: env)

        if case .list(let items) = base {
            guard subscripts.count == 1 else {
                throw SFNError("a list takes 1 index, got \(subscripts.count)", at: index)
            }
            let ps = try positions(subscripts[0], extent: items.count, axisText: "a list of length \(items.count)",
                                   env, at: index)
            if ps.single != nil { return .list(positions: ps.positions, count: items.count, values: [value]) }
            let k = ps.positions.count
            func mismatch(_ what: String) -> SFNError {
                SFNError("shape mismatch: cannot assign \(what) to a selection of \(k) \(k == 1 ? "element" : "elements") of a list",
                         at: valueExpr.location)
            }
            switch value {
            case .list(let vs):
                guard vs.count == k else { throw mismatch("a list of length \(vs.count)") }
                return .list(positions: ps.positions, count: items.count, values: vs)
            case .tensor(let t) where t.rank == 1:
                guard t.count == k else { throw mismatch(value.kindDescription) }
                return .list(positions: ps.positions, count: items.count, values: t.scalars.map(Value.number))
            case .traced where shape(of: value)?.count == 1:
                let m = shape(of: value)![0]
                guard m == k else { throw mismatch("a vector of length \(m)") }
                let vs = try (0..<m).map { j in
                    try graphOperation([value], at: valueExpr.location, what: "indexed assignment") { g, n in
                        try g.gather(n[0], index: [j], shape: [])
                    }
                }
                return .list(positions: ps.positions, count: items.count, values: vs)
            default:
                return .list(positions: ps.positions, count: items.count, values: Array(repeating: value, count: k))
            }
        }

        var baseShape = shape(of: base)
        if case .bool = base { baseShape = nil }
        guard let s = baseShape, !s.isEmpty else {
            let kind = baseShape == [] ? "a number" : base.kindDescription
            throw SFNError("cannot assign to elements of '\(name)': it is \(kind) (only the elements of a tensor or a list can be assigned)",
                           at: index)
        }
        let sel = try selection(subscripts, of: s, env, at: index)
        guard let valueShape = shape(of: value) else {
            throw SFNError("cannot assign \(value.kindDescription) to elements of \(Value.describe(shape: s)): a tensor holds numbers only",
                           at: valueExpr.location)
        }
        guard Broadcast.canStretch(valueShape, to: sel.shape) else {
            let target = sel.shape.isEmpty ? "a single element" : "a selection of shape \(shapeText(sel.shape))"
            throw SFNError("shape mismatch: cannot assign a value of shape \(shapeText(valueShape)) to \(target)",
                           at: valueExpr.location)
        }
        if base.isTraced || value.isTraced {
            return .replace(try tracedElementWrite(base, shape: s, sel, value, at: valueExpr.location))
        }
        let values: NewElements
        switch value {
        case .number(let x): values = .one(x)
        case .bool(let b): values = .one(b ? 1 : 0)
        case .tensor(let t) where t.count == 1: values = .one(t.scalars[0])
        case .tensor(let t) where t.shape == sel.shape: values = .each(t.scalars)
        case .tensor(let t): values = .each(Broadcast.sourceIndices(from: t.shape, to: sel.shape).map { t.scalars[$0] })
        default:
            throw SFNError("internal error: cannot assign \(value.kindDescription)", at: valueExpr.location)
        }
        return .tensor(positions: sel.flat, count: elementCount(s), values: values)
    }

    /// The tensor `base` (of shape `s`) with the selected elements replaced by `value` (already
    /// checked to broadcast to the selection), as graph operations: the old elements and the new
    /// ones are joined, and a gather picks each element of the result from one or the other.
    private func tracedElementWrite(_ base: Value, shape s: [Int], _ sel: (flat: [Int], shape: [Int]), _ value: Value,
                                    at location: SourceLocation) throws -> Value {
        let n = elementCount(s), k = sel.flat.count
        if k == 0 { return base }
        // Element p of the result reads element source[p] of [old elements; new elements]: itself,
        // or n + j for the last j that writes p.
        var source = Array(0..<n)
        for (j, p) in sel.flat.enumerated() { source[p] = n + j }
        return try graphOperation([base, value], at: location, what: "indexed assignment") { g, x in
            let new = try g.reshape(try g.broadcast(x[1], to: sel.shape), [k])
            let joined = try g.concat([try g.reshape(x[0], [n]), new], axis: 0)
            return try g.gather(joined, index: source, shape: s)
        }
    }

    /// `unknown name 'xs'; did you mean 'x'?`, or a hint that the name must exist first.
    private func undefinedElementTarget(_ name: String, at location: SourceLocation, in env: Environment) -> SFNError {
        if let best = Suggestions.closest(to: name, among: env.visibleNames() + registry.names) {
            return SFNError("unknown name '\(name)'; did you mean '\(best)'?", at: location)
        }
        return SFNError("unknown name '\(name)': assigning to its elements needs an existing value (create it first, e.g. \(name) = zeros(3))",
                        at: location)
    }
}
