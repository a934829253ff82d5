// Ranges, `for` loops, generators and comprehensions.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Interpreter {
    /// Ranges longer than this are refused (a typo like `1:1e12` must not exhaust memory).
    static let maxRangeLength = 1_000_000_000
    /// Values a generator or comprehension may produce (each is held until the consumer runs):
    /// as many as a list may hold.
    static var maxGeneratorLength: Int { ValueLimits.listItems }

    /// `lo:hi` or `lo:step:hi`, inclusive: lo, lo+step, … while not past hi.
    func rangeBounds(_ lo: Expr, _ step: Expr?, _ hi: Expr, _ env: Environment,
                     at location: SourceLocation) throws -> (lo: Double, step: Double, count: Int) {
        func bound(_ e: Expr) throws -> Double {
            let v = try eval(e, env)
            switch v {
            case .number(let x):
                guard x.isFinite else { throw SFNError("range bounds must be finite, got \(ValueDisplay.number(x))", at: e.location) }
                return x
            case .traced:
                throw SFNError("range bounds must be concrete numbers, but this one depends on the objective's parameters", at: e.location)
            default:
                throw SFNError("range bounds must be numbers, got \(v.kindDescription)", at: e.location)
            }
        }
        let a = try bound(lo)
        let s = try step.map(bound) ?? 1
        let b = try bound(hi)
        guard s != 0 else { throw SFNError("range step must not be zero", at: location) }
        let q = (b - a) / s
        guard q.isFinite else { throw SFNError("range is too long", at: location) }
        // Tolerate rounding in fractional steps (0:0.1:1 has 11 elements).
        let n = q < 0 ? 0 : (q + 1e-10 * max(1, abs(q))).rounded(.down) + 1
        guard n <= Double(Interpreter.maxRangeLength) else {
            throw SFNError("range has more than 1e9 elements", at: location)
        }
        return (a, s, Int(n))
    }

    /// Calls `body` with each item of an iterable: a range (not materialised), a vector's
    /// numbers, a matrix's rows, a list's values, a traced vector's elements (unrolled: the
    /// shape is static), or a single number.
    func forEach(_ iterable: Expr, in env: Environment, limit: (count: Int, message: String)? = nil,
                 _ body: (Value) throws -> Void) throws {
        if case .range(let lo, let step, let hi) = iterable.kind {
            let r = try rangeBounds(lo, step, hi, env, at: iterable.location)
            // A generator over a range knows its length: refuse a too-long one before running
            // its body 1e7 times.
            if let limit, r.count > limit.count { throw SFNError(limit.message, at: iterable.location) }
            for i in 0..<r.count {
                try checkCancelled(at: iterable.location)
                try body(.number(r.lo + Double(i) * r.step))
            }
            return
        }
        let v = try eval(iterable, env)
        switch v {
        case .number: try body(v)
        case .tensor(let t) where t.rank == 1:
            for x in t.scalars { try checkCancelled(at: iterable.location); try body(.number(x)) }
        case .tensor(let t):
            let rows = t.shape[0], width = t.count / max(rows, 1)
            for i in 0..<rows {
                try checkCancelled(at: iterable.location)
                try body(.from(Tensor(shape: Array(t.shape.dropFirst()), scalars: Array(t.scalars[i * width..<(i + 1) * width]))))
            }
        case .list(let items):
            for item in items { try checkCancelled(at: iterable.location); try body(item) }
        case .traced:
            guard let s = shape(of: v), let extent = s.first else {
                throw SFNError("cannot iterate over a scalar that depends on the objective's parameters", at: iterable.location)
            }
            for i in 0..<extent {
                let item = try index(v, [.single(Expr(.number(Double(i + 1)), at: iterable.location))], env, at: iterable.location)
                try body(item)
            }
        default:
            throw SFNError("cannot iterate over \(v.kindDescription)", at: iterable.location)
        }
    }

    /// The values of `body` for each item (generators and comprehensions); each item gets its
    /// own scope, so closures made in the body capture that item.
    func collect(_ body: Expr, _ variable: String, _ iterable: Expr, _ env: Environment) throws -> [Value] {
        var out: [Value] = []
        let traceID = traceID
        var scope = Environment(parent: env, traceID: traceID)
        let tooMany = "a generator of more than 1e7 values is too large to hold"
        try forEach(iterable, in: env, limit: (Interpreter.maxGeneratorLength, tooMany)) { item in
            guard out.count < Interpreter.maxGeneratorLength else { throw SFNError(tooMany, at: iterable.location) }
            // Reuse the item's scope unless a closure made in the body kept it.
            if !isKnownUniquelyReferenced(&scope) { scope = Environment(parent: env, traceID: traceID) }
            scope.removeAll()
            scope.define(variable, item)
            out.append(try eval(body, scope))
        }
        return out
    }
}
