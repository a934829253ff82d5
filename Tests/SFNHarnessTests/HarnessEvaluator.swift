// The harness's reference evaluator: values of a generated program on plain arrays, written
// once more from the definitions (LANGUAGE.md) with Foundation's libm and nothing of the tape.
import Foundation

enum PlainMath {
    /// Every unary function the language has (`UnaryTable.all`), by name, from its definition.
    /// HarnessTests checks that no function of the table is missing here.
    static let unary: [String: @Sendable (Double) -> Double] = [
        "exp": { Foundation.exp($0) }, "log": { Foundation.log($0) }, "sqrt": { $0.squareRoot() },
        "abs": { Swift.abs($0) }, "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) },
        "tan": { Foundation.tan($0) }, "atan": { Foundation.atan($0) }, "tanh": { Foundation.tanh($0) },
        "sigmoid": { 1 / (1 + Foundation.exp(-$0)) }, "relu": { Swift.max($0, 0) },
        "softplus": { $0 > 0 ? $0 + Foundation.log1p(Foundation.exp(-$0)) : Foundation.log1p(Foundation.exp($0)) },
        "sign": { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, "log10": { Foundation.log10($0) }, "log2": { Foundation.log2($0) },
        "floor": { Foundation.floor($0) }, "ceil": { Foundation.ceil($0) }, "round": { $0.rounded(.toNearestOrEven) },
    ]

    /// Whether x lies inside f's smooth domain with a margin that a finite-difference step cannot
    /// cross: away from kinks, jumps, poles and the edges of the domain, and not huge.
    static func smooth(_ f: String, _ x: Double) -> Bool {
        let m = 0.05
        switch f {
        case "log", "log10", "log2", "sqrt": return x > m
        case "tan": return Swift.abs(x) < 1.3
        case "exp": return x < 6
        case "abs", "relu", "sign": return Swift.abs(x) > m
        case "floor", "ceil": return Swift.abs(x - x.rounded()) > m
        case "round": return Swift.abs(Swift.abs(x - x.rounded(.down)) - 0.5) > m
        default: return true
        }
    }

    static func binary(_ op: String, _ a: Double, _ b: Double) -> Double {
        switch op {
        case "+": return a + b
        case "-": return a - b
        case "*": return a * b
        case "/": return a / b
        case "^": return Foundation.pow(a, b)
        case "max": return Swift.max(a, b)
        case "min": return Swift.min(a, b)
        case "mod": let r = Foundation.fmod(a, b); return r != 0 && (r < 0) != (b < 0) ? r + b : r
        case "atan2": return Foundation.atan2(a, b)
        default: fatalError("unknown operator \(op)")
        }
    }

    /// Whether (a, b) lies inside op's smooth domain with a margin; `wholeExponent`: b of a power
    /// is a literal whole number (then any base is smooth).
    static func smooth(_ op: String, _ a: Double, _ b: Double, wholeExponent: Bool) -> Bool {
        let m = 0.05
        switch op {
        case "/": return Swift.abs(b) > 0.2
        case "^": return wholeExponent ? (b >= 0 || Swift.abs(a) > 0.2) : a > 0.1
        case "max", "min": return Swift.abs(a - b) > m
        case "mod": let q = a / b; return Swift.abs(b) > 0.3 && Swift.abs(q - q.rounded()) > m
        case "atan2": return a * a + b * b > 0.05 && !(b < 0 && Swift.abs(a) < 0.1)
        default: return true
        }
    }

    static func compare(_ op: String, _ a: Double, _ b: Double) -> Bool {
        switch op {
        case ">": return a > b
        case "<": return a < b
        case ">=": return a >= b
        default: return a <= b
        }
    }
}

/// Evaluates programs at given parameter values.
struct PlainEvaluator {
    var params: [PlainTensor]
    var constants: [PlainTensor]

    init(_ p: HarnessProgram, params values: [[Double]]? = nil) {
        let values = values ?? p.paramValues
        params = zip(p.paramShapes, values).map { PlainTensor($0, $1) }
        constants = p.constants.map(\.value)
    }

    /// The program's value with θ (the used parameters' values, concatenated) in place of the point.
    static func value(_ p: HarnessProgram, theta: [Double]) -> Double {
        var values = p.paramValues, at = 0
        for i in p.usedParams {
            let n = values[i].count
            values[i] = Array(theta[at..<(at + n)])
            at += n
        }
        return PlainEvaluator(p, params: values).eval(p.body).v[0]
    }

    func eval(_ e: HExpr, element: Double = .nan, i: Double = .nan) -> PlainTensor {
        evaluate(e, element: element, i: i, check: false)!
    }

    /// The value of `e`, or with `check` nil when a node's value is not finite and moderate or
    /// leaves its function's smooth domain (the generator's guards, checked again on a whole
    /// program: shrinking changes programs, and may make a tie of a max or put a log's argument
    /// at 0). One pass, children first.
    func evaluate(_ e: HExpr, element: Double = .nan, i: Double = .nan, check: Bool) -> PlainTensor? {
        let value: PlainTensor
        if case .generator(let kind, let s, _, let body) = e {
            guard let src = evaluate(s, element: element, i: i, check: check) else { return nil }
            var items: [Double] = []
            for (k, x) in src.v.enumerated() {
                guard let y = evaluate(body, element: x, i: Double(k + 1), check: check) else { return nil }
                items.append(y.v[0])
            }
            if check, kind == "max" || kind == "min", !HarnessGenerator.clearExtremum(items) { return nil }
            value = kind == "list" ? PlainTensor([items.count], items) : Self.reduce(kind, PlainTensor([items.count], items), axis: nil)
        } else {
            var kids: [PlainTensor] = []
            for c in e.children {
                guard let v = evaluate(c, element: element, i: i, check: check) else { return nil }
                kids.append(v)
            }
            if check, !Self.smooth(e, kids) { return nil }
            value = apply(e, kids, element: element, i: i)
        }
        if check, !value.v.allSatisfy({ $0.isFinite && Swift.abs($0) < 1e4 }) { return nil }
        return value
    }

    /// Whether a node's arguments lie inside its smooth domain.
    static func smooth(_ e: HExpr, _ kids: [PlainTensor]) -> Bool {
        func all(_ test: @escaping (Double, Double) -> Bool) -> Bool {
            elementwise(kids[0], kids[1]) { test($0, $1) ? 1 : 0 }.v.allSatisfy { $0 == 1 }
        }
        switch e {
        case .unary(let f, _): return kids[0].v.allSatisfy { PlainMath.smooth(f, $0) }
        case .binary(let op, _, let b):
            var whole = false
            if case .number(let x) = b, x == x.rounded() { whole = true }
            return all { PlainMath.smooth(op, $0, $1, wholeExponent: whole) }
        case .reduce(let kind, _, _) where kind == "max" || kind == "min": return HarnessGenerator.clearExtremum(kids[0].v)
        case .select: return all { Swift.abs($0 - $1) > 0.05 }
        default: return true
        }
    }

    /// A node's value from its arguments' (not for generators).
    func apply(_ e: HExpr, _ kids: [PlainTensor], element: Double, i: Double) -> PlainTensor {
        switch e {
        case .param(let k): return params[k]
        case .const(let k): return constants[k]
        case .number(let x): return PlainTensor([], [x])
        case .element: return PlainTensor([], [element])
        case .loopIndex: return PlainTensor([], [i])
        case .unary(let f, _):
            let fn = PlainMath.unary[f]!
            return PlainTensor(kids[0].shape, kids[0].v.map(fn))
        case .neg: return PlainTensor(kids[0].shape, kids[0].v.map { -$0 })
        case .binary(let op, _, _):
            switch op {
            case "+": return Self.elementwise(kids[0], kids[1], +)
            case "-": return Self.elementwise(kids[0], kids[1], -)
            case "*": return Self.elementwise(kids[0], kids[1], *)
            default: return Self.elementwise(kids[0], kids[1]) { PlainMath.binary(op, $0, $1) }
            }
        case .matmul: return Self.matmul(kids[0], kids[1])
        case .transpose:
            let x = kids[0]
            guard x.shape.count == 2 else { return x }
            let (r, c) = (x.shape[0], x.shape[1])
            return PlainTensor([c, r]) { x.v[($0 % r) * c + $0 / r] }
        case .reduce(let kind, _, let axis): return Self.reduce(kind, kids[0], axis: axis)
        case .softmax(_, let axis):
            let x = kids[0]
            let lse = Self.reduce("logsumexp", x, axis: axis)
            guard let axis else { return PlainTensor(x.shape, x.v.map { Foundation.exp($0 - lse.v[0]) }) }
            return PlainTensor(x.shape) { k in
                let (r, c) = (k / x.cols, k % x.cols)
                return Foundation.exp(x.v[k] - lse.v[axis == 1 ? c : r])
            }
        case .cumsum:
            var s = 0.0
            return PlainTensor(kids[0].shape, kids[0].v.map { s += $0; return s })
        case .reshape(_, let shape): return PlainTensor(shape, kids[0].v)
        case .index(_, let ix): return Self.index(kids[0], ix)
        case .select(let a, let op, let b, _, _):
            let (va, vb, vx, vy) = (kids[0], kids[1], kids[2], kids[3])
            // A condition that is one number known before tracing is a plain `if` (LANGUAGE.md
            // §5 selects elementwise only inside an objective): the chosen branch, not broadcast.
            var params = Set<Int>()
            a.collectParams(into: &params); b.collectParams(into: &params)
            if params.isEmpty, !a.readsLoop, !b.readsLoop, va.v.count == 1, vb.v.count == 1, va.shape.isEmpty, vb.shape.isEmpty {
                return PlainMath.compare(op, va.v[0], vb.v[0]) ? vx : vy
            }
            let shape = [vb.shape, vx.shape, vy.shape].reduce(va.shape) { plainBroadcast($0, $1)! }
            let cols = shape.isEmpty ? 1 : shape[shape.count - 1]
            return PlainTensor(shape) { k in
                let (r, c) = (k / cols, k % cols)
                return PlainMath.compare(op, va.at(r, c), vb.at(r, c)) ? vx.at(r, c) : vy.at(r, c)
            }
        case .generator: fatalError("generators are evaluated by evaluate")
        }
    }

    static func elementwise(_ a: PlainTensor, _ b: PlainTensor, _ f: (Double, Double) -> Double) -> PlainTensor {
        let shape = plainBroadcast(a.shape, b.shape)!
        // The common layouts without index arithmetic (the reference must be quick on 2^18 elements).
        if a.shape == shape && b.shape == shape { return PlainTensor(shape, zip(a.v, b.v).map { f($0, $1) }) }
        if a.shape == shape && b.v.count == 1 { let y = b.v[0]; return PlainTensor(shape, a.v.map { f($0, y) }) }
        if b.shape == shape && a.v.count == 1 { let x = a.v[0]; return PlainTensor(shape, b.v.map { f(x, $0) }) }
        let cols = shape.isEmpty ? 1 : shape[shape.count - 1]
        return PlainTensor(shape) { k in f(a.at(k / cols, k % cols), b.at(k / cols, k % cols)) }
    }

    static func matmul(_ a: PlainTensor, _ b: PlainTensor) -> PlainTensor {
        // A vector is a row on the left and a column on the right (NumPy's matmul).
        let (n, k) = a.shape.count == 2 ? (a.shape[0], a.shape[1]) : (1, a.shape[0])
        let m = b.shape.count == 2 ? b.shape[1] : 1
        var out = [Double](repeating: 0, count: n * m)
        for r in 0..<n {
            for c in 0..<m {
                var s = 0.0
                for j in 0..<k { s += a.v[r * k + j] * b.v[j * m + c] }
                out[r * m + c] = s
            }
        }
        switch (a.shape.count, b.shape.count) {
        case (2, 2): return PlainTensor([n, m], out)
        case (2, 1): return PlainTensor([n], out)
        case (1, 2): return PlainTensor([m], out)
        default: return PlainTensor([], out)
        }
    }

    static func combine(_ kind: String, _ xs: [Double]) -> Double {
        switch kind {
        case "sum": return xs.reduce(0, +)
        case "mean": return xs.reduce(0, +) / Double(xs.count)
        case "prod": return xs.reduce(1, *)
        case "max": return xs.max()!
        case "min": return xs.min()!
        case "logsumexp":
            let m = xs.max()!
            return m + Foundation.log(xs.reduce(0) { $0 + Foundation.exp($1 - m) })
        default: fatalError("unknown reduction \(kind)")
        }
    }

    static func reduce(_ kind: String, _ x: PlainTensor, axis: Int?) -> PlainTensor {
        guard let axis else { return PlainTensor([], [combine(kind, x.v)]) }
        let (r, c) = (x.rows, x.cols)
        if axis == 1 { return PlainTensor([c]) { j in combine(kind, (0..<r).map { x.v[$0 * c + j] }) } }
        return PlainTensor([r]) { i in combine(kind, Array(x.v[(i * c)..<(i * c + c)])) }
    }

    static func index(_ x: PlainTensor, _ ix: [HarnessIndex]) -> PlainTensor {
        func positions(_ i: HarnessIndex, _ extent: Int) -> [Int] {
            switch i {
            case .at(let k): return [k - 1]
            case .end: return [extent - 1]
            case .all: return Array(0..<extent)
            case .range(let a, let b): return Array((a - 1)..<b)
            }
        }
        func isRange(_ i: HarnessIndex) -> Bool { if case .all = i { return true }; if case .range = i { return true }; return false }
        if ix.count == 1 {
            let p = positions(ix[0], x.v.count)
            return isRange(ix[0]) ? PlainTensor([p.count], p.map { x.v[$0] }) : PlainTensor([], [x.v[p[0]]])
        }
        let (rs, cs) = (positions(ix[0], x.shape[0]), positions(ix[1], x.shape[1]))
        let values = rs.flatMap { r in cs.map { x.v[r * x.shape[1] + $0] } }
        switch (isRange(ix[0]), isRange(ix[1])) {
        case (true, true): return PlainTensor([rs.count, cs.count], values)
        case (false, false): return PlainTensor([], values)
        default: return PlainTensor([values.count], values)
        }
    }
}

