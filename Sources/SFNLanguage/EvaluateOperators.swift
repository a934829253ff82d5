// Unary and binary operators (LANGUAGE.md §3). Two numbers are computed directly (loops over
// numbers must be quick), using the tape's own scalar rules so the results are bit-identical to
// compiled code; everything else goes through the Graph (GraphBridge.swift).
import SFNNumerics
import SFNTape
import SFNSyntax

extension Interpreter {
    func unary(_ op: UnaryOperator, _ v: Value, at location: SourceLocation) throws -> Value {
        switch (op, v) {
        case (.negate, .number(let x)): return .number(-x)
        case (.not, .bool(let b)): return .bool(!b)
        case (.negate, _):
            return try graphOperation([v], at: location, what: "-") { g, n in g.neg(n[0]) }
        case (.not, .tensor), (.not, .traced):
            return try graphOperation([v], at: location, what: "not") { g, n in try g.compare(.eq, n[0], g.scalar(0)) }
        case (.not, _):
            throw SFNError("not: expected true or false, got \(v.kindDescription)", at: location)
        }
    }

    func binary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ env: Environment,
                at location: SourceLocation) throws -> Value {
        let a = try eval(lhs, env)
        if op == .and || op == .or {
            // Short-circuit on a bool; elementwise on tensors and traced values.
            if case .bool(let x) = a {
                if op == .and && !x { return .bool(false) }
                if op == .or && x { return .bool(true) }
                let b = try eval(rhs, env)
                if case .bool = b { return b }
                return try logical(op, a, b, at: location)
            }
            return try logical(op, a, try eval(rhs, env), at: location)
        }
        return try binary(op, a, try eval(rhs, env), at: location)
    }

    /// `a op b` on values (also used by built-ins).
    package func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        if case .number(let x) = a, case .number(let y) = b {
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply, .matmul: return .number(x * y)
            case .divide: return .number(x / y)
            case .power: return .number(BinaryFunctions.Pow.value(x, y))
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            case .and, .or: return try logical(op, a, b, at: location)
            }
        }
        try checkResultSize(a, b, matrixProduct: op == .matmul, at: location)
        switch op {
        case .add: return try graphOperation([a, b], at: location, what: "+") { g, n in try g.add(n[0], n[1]) }
        case .subtract: return try graphOperation([a, b], at: location, what: "-") { g, n in try g.sub(n[0], n[1]) }
        case .multiply: return try graphOperation([a, b], at: location, what: "*") { g, n in try g.mul(n[0], n[1]) }
        case .divide: return try graphOperation([a, b], at: location, what: "/") { g, n in try g.div(n[0], n[1]) }
        case .power: return try graphOperation([a, b], at: location, what: "^") { g, n in try g.pow(n[0], n[1]) }
        case .matmul: return try graphOperation([a, b], at: location, what: "@") { g, n in try g.matmul(n[0], n[1]) }
        case .less: return try compare(.lt, a, b, at: location)
        case .lessEqual: return try compare(.le, a, b, at: location)
        case .greater: return try compare(.gt, a, b, at: location)
        case .greaterEqual: return try compare(.ge, a, b, at: location)
        case .equal: return try compare(.eq, a, b, at: location)
        case .notEqual: return try compare(.ne, a, b, at: location)
        case .and, .or: return try logical(op, a, b, at: location)
        }
    }

    /// Refuses a broadcast whose result would be too large to allocate (`ones(1e5) + ones(1e5, 1)`
    /// would need 80 GB): an allocation failure would abort the process.
    func checkResultSize(_ a: Value, _ b: Value, matrixProduct: Bool = false, at location: SourceLocation) throws {
        guard let sa = shape(of: a), let sb = shape(of: b) else { return }
        // A matrix product's result is rows(a) × columns(b), not the broadcast shape.
        let product: [Int]? = matrixProduct && sa.count == 2 && sb.count == 2 ? [sa[0], sb[1]] : nil
        guard let s = product ?? (matrixProduct ? nil : Broadcast.shape(sa, sb)) else { return }
        try Builtins.checkResultCount(s.reduce(1.0) { $0 * Double($1) }, "the result",
                                      detail: " (shapes \(shapeText(sa)) and \(shapeText(sb)))", at: location)
    }

    /// Comparisons: numbers give a bool, tensors a tensor of 0/1 (NumPy), traced values a traced
    /// 0/1 (derivative zero). Strings, bools and nothing compare for (in)equality only; values of
    /// different kinds are unequal.
    func compare(_ kind: Compare.Kind, _ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.string(let x), .string(let y)):
            switch kind {
            case .eq: return .bool(x == y)
            case .ne: return .bool(x != y)
            case .lt: return .bool(x < y)
            case .le: return .bool(x <= y)
            case .gt: return .bool(x > y)
            case .ge: return .bool(x >= y)
            }
        case (.bool(let x), .bool(let y)) where kind == .eq || kind == .ne:
            return .bool((x == y) == (kind == .eq))
        case (.nothing, .nothing) where kind == .eq || kind == .ne:
            return .bool(kind == .eq)
        default: break
        }
        if shape(of: a) == nil || shape(of: b) == nil {
            if kind == .eq || kind == .ne { return .bool(kind == .ne) }
            throw SFNError("\(kind.rawValue): cannot compare \(a.kindDescription) with \(b.kindDescription)", at: location)
        }
        let r = try graphOperation([a, b], at: location, what: kind.rawValue) { g, n in try g.compare(kind, n[0], n[1]) }
        if case .number(let x) = r { return .bool(x != 0) }
        return r
    }

    /// `and` / `or` elementwise on tensors and traced values (nonzero is true), giving 0/1.
    func logical(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceLocation) throws -> Value {
        for v in [a, b] {
            switch v {
            case .bool, .tensor, .traced: continue
            default: throw SFNError("\(op.rawValue): expected true or false, got \(v.kindDescription)", at: location)
            }
        }
        let r = try graphOperation([a, b], at: location, what: op.rawValue) { g, n in
            let x = try g.compare(.ne, n[0], g.scalar(0)), y = try g.compare(.ne, n[1], g.scalar(0))
            return op == .and ? try g.mul(x, y) : try g.maximum(x, y)
        }
        if case .number(let x) = r { return .bool(x != 0) }
        return r
    }

    /// `A'`: the matrix transpose; a vector or number is its own transpose (vectors are 1-D).
    func transpose(_ v: Value, at location: SourceLocation) throws -> Value {
        switch v {
        case .number: return v
        case .tensor(let t) where t.rank < 2: return v
        default: return try graphOperation([v], at: location, what: "'") { g, n in try g.transpose(n[0]) }
        }
    }
}
