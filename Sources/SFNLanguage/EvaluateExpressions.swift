// Expression evaluation: the dispatch over AST kinds, names, literals, blocks, lambdas and
// conditionals. Operators are in EvaluateOperators.swift, indexing in EvaluateIndexing.swift,
// calls in EvaluateCalls.swift, loops and generators in EvaluateIteration.swift.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Interpreter {
    func eval(_ e: Expr, _ env: Environment) throws -> Value {
        switch e.kind {
        case .number(let x): return .number(x)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .name(let name): return try lookup(name, at: e.location, in: env)
        case .bracket(let rows): return try bracket(rows, env, at: e.location)
        case .comprehension(let body, let variable, let iterable):
            return try stack(try collect(body, variable, iterable, env), at: e.location)
        case .generator(let body, let variable, let iterable):
            // A generator is handed to its consumer as a list; sum/prod/max/min reduce lists.
            return .list(try collect(body, variable, iterable, env))
        case .range(let lo, let step, let hi):
            let r = try rangeBounds(lo, step, hi, env, at: e.location)
            guard r.count <= Builtins.maxElements else {
                throw SFNError("a range of more than 1e8 elements is too large to hold as a vector; loop over it instead", at: e.location)
            }
            var xs = [Double](); xs.reserveCapacity(r.count)
            for i in 0..<r.count { xs.append(r.lo + Double(i) * r.step) }
            return .tensor(Tensor(xs))
        case .unary(let op, let operand):
            return try unary(op, try eval(operand, env), at: e.location)
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs, env, at: e.location)
        case .call(let callee, let arguments):
            return try evalCall(callee, arguments, env, at: e.location)
        case .index(let base, let subscripts):
            return try index(try eval(base, env), subscripts, env, at: e.location)
        case .field(let base, let name):
            return try field(try eval(base, env), name, at: e.location)
        case .transpose(let operand):
            return try transpose(try eval(operand, env), at: e.location)
        case .lambda(let parameters, let body):
            return .function(Function(name: nil, parameters: parameters, body: body, environment: env, location: e.location))
        case .block(let statements):
            let scope = Environment(parent: env, traceID: traceID)
            var last = Value.nothing
            for (i, s) in statements.enumerated() {
                try checkCancelled(at: s.location)  // as between top-level statements
                let v = try execute(s, in: scope)
                if i == statements.count - 1, case .expression = s.kind { last = v }
            }
            return last
        case .conditional(let condition, let then, let otherwise):
            let c = try eval(condition, env)
            switch c {
            case .bool(let b): return try eval(b ? then : otherwise, env)
            case .traced, .tensor:
                // Inside an objective (or on tensors): both branches, selected elementwise.
                let a = try eval(then, env), b = try eval(otherwise, env)
                return try graphOperation([c, a, b], at: e.location, what: "if") { g, n in try g.select(n[0], n[1], n[2]) }
            default:
                throw SFNError("the condition of if must be true or false, got \(c.kindDescription)", at: condition.location)
            }
        }
    }

    // MARK: Names

    /// The value of a name: `end` inside an index, then the scopes from the innermost out, then
    /// the built-ins. While compiling an objective, names found outside the objective's own
    /// scopes are recorded: they are the constants its tape depends on.
    @inline(__always)
    func lookup(_ name: String, at location: SourceLocation, in env: Environment) throws -> Value {
        if let tracer { return try tracedLookup(name, at: location, in: env, tracer) }
        if !endStack.isEmpty, name == "end" { return .number(Double(endStack[endStack.count - 1])) }
        var e: Environment? = env
        while let s = e {
            if let i = s.slot(of: name) { return s.value(at: i) }
            e = s.parent
        }
        if let b = registry.values[name] { return b }
        throw unknownName(name, at: location, in: env)
    }

    func tracedLookup(_ name: String, at location: SourceLocation, in env: Environment, _ tracer: Tracer) throws -> Value {
        if !endStack.isEmpty, name == "end" { return .number(Double(endStack[endStack.count - 1])) }
        var e: Environment? = env
        var boundary: Environment? = nil
        while let s = e {
            if boundary == nil && s.traceID != tracer.id { boundary = s }
            if let i = s.slot(of: name) {
                if let boundary { tracer.record(Dependency(start: boundary, name: name, found: s, slot: i, version: s.version(at: i))) }
                return s.value(at: i)
            }
            e = s.parent
        }
        if let b = registry.values[name] {
            if let boundary { tracer.record(Dependency(start: boundary, name: name, found: nil, slot: 0, version: 0)) }
            return b
        }
        throw unknownName(name, at: location, in: env)
    }

    // MARK: Bracket literals

    /// `[a, b, c]`, `[a, b; c, d]`, `[x; y]`.
    ///
    /// One row: numbers make a vector; tensors of one shape stack along a new first axis
    /// (`[[1, 2], [3, 4]]` is a 2×2 matrix, as in NumPy); anything else is a list. Several rows
    /// of numbers make a matrix; rows of one element each are concatenated (`[x; y]` joins two
    /// vectors, `[A; B]` stacks matrices, as in Julia).
    func bracket(_ rows: [[Expr]], _ env: Environment, at location: SourceLocation) throws -> Value {
        if rows.isEmpty || (rows.count == 1 && rows[0].isEmpty) { return .tensor(Tensor([Double]())) }
        if rows.count == 1 {
            var values: [Value] = []
            values.reserveCapacity(rows[0].count)
            for e in rows[0] { values.append(try eval(e, env)) }
            return try stack(values, at: location)
        }
        let values = try rows.map { try $0.map { try eval($0, env) } }
        if values.allSatisfy({ $0.count == 1 }) {
            let items = values.map { $0[0] }
            if items.allSatisfy({ shape(of: $0).map { $0.count <= 2 } ?? false }) {
                let ranks = Set(items.map { max(shape(of: $0)!.count, 1) })
                if ranks.count == 1 {
                    return try graphOperation(items, at: location, what: "[;]") { g, n in
                        try g.concat(n.map { g.shape($0).isEmpty ? try g.reshape($0, [1]) : $0 }, axis: 0)
                    }
                }
            }
        }
        let width = values[0].count
        for (i, row) in values.enumerated() {
            guard row.count == width else {
                throw SFNError("rows of a matrix must have the same length: row 1 has \(width) elements, row \(i + 1) has \(row.count)",
                               at: location)
            }
            for v in row where shape(of: v) != [] {
                throw SFNError("elements of a matrix literal must be numbers, got \(v.kindDescription)", at: location)
            }
        }
        let flat = values.flatMap { $0 }
        if let numbers = flat.allNumbers {
            return .tensor(Tensor(shape: [values.count, width], scalars: numbers))
        }
        return try graphOperation(flat, at: location, what: "[;]") { g, n in
            try g.reshape(g.concat(try n.map { try g.reshape($0, [1]) }, axis: 0), [values.count, width])
        }
    }

    /// Values of one bracket row or comprehension: a vector of numbers, a stack of equal-shaped
    /// tensors, or a list.
    func stack(_ values: [Value], at location: SourceLocation) throws -> Value {
        if values.isEmpty { return .tensor(Tensor([Double]())) }
        var numbers: [Double] = []
        numbers.reserveCapacity(values.count)
        for v in values {
            guard case .number(let x) = v else { break }
            numbers.append(x)
        }
        if numbers.count == values.count { return .tensor(Tensor(numbers)) }
        guard let s = shape(of: values[0]), values.allSatisfy({ v in
            if case .bool = v { return false }
            return shape(of: v) == s
        }) else { return .list(values) }
        try Builtins.checkResultCount(Double(values.count) * Double(elementCount(s)), "the stacked result", at: location)
        if values.allSatisfy({ if case .tensor = $0 { return true }; return false }) {
            var scalars: [Double] = []
            scalars.reserveCapacity(values.count * elementCount(s))
            for case .tensor(let t) in values { scalars += t.scalars }
            return .tensor(Tensor(shape: [values.count] + s, scalars: scalars))
        }
        return try graphOperation(values, at: location, what: "[]") { g, n in
            try g.concat(try n.map { try g.reshape($0, [1] + s) }, axis: 0)
        }
    }
}

extension Array where Element == Value {
    /// The numbers, when every element is one.
    var allNumbers: [Double]? {
        var out: [Double] = []
        out.reserveCapacity(count)
        for v in self { guard case .number(let x) = v else { return nil }; out.append(x) }
        return out
    }
}
