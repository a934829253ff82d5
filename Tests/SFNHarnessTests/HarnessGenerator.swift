// Random, well-typed objectives over the whole primitive set, drawn from a seed. Each node is
// built for a target shape and evaluated at the point as it is built; a node whose value leaves
// its function's smooth domain (HarnessEvaluator.swift: poles, kinks, jumps, edges, with margins
// that the finite-difference steps cannot cross) is drawn again, so points are inside every
// function's smooth domain by construction.
import Foundation
import Synchronization

/// SplitMix64: a seeded generator of our own (nothing shared with the code under test).
struct HarnessRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    /// A value of a parameter or constant: often round (0 exactly, quarters), else uniform.
    mutating func value() -> Double {
        switch int(0...9) {
        case 0: return 0
        case 1, 2: return Double(int(-6...6)) / 4
        default: return (unit() * 3 - 1.5)
        }
    }
}

struct HarnessGenerator {
    typealias Built = (e: HExpr, v: PlainTensor)

    var rng: HarnessRandom
    var program = HarnessProgram(paramShapes: [], paramValues: [], constants: [], body: .number(0))
    /// Large mode: one R × W shape with R·W = 2^18, no products or indexing, small parameters.
    var large: (rows: Int, width: Int)? = nil
    let maxDepth: Int
    let maxTheta = 24

    init(seed: UInt64, large: Bool) {
        rng = HarnessRandom(seed: seed)
        if large {
            let w = rng.pick([2, 4, 8])
            self.large = ((1 << 18) / w, w)
        }
        maxDepth = large ? 4 : 5
    }

    /// A program: a scalar objective reading at least one parameter.
    static func program(seed: UInt64, large: Bool) -> HarnessProgram {
        var attempt: UInt64 = 0
        while true {
            var g = HarnessGenerator(seed: seed &* 1_000_003 &+ attempt, large: large)
            let body = g.top()
            g.program.body = body.e
            g.program.large = large
            if !g.program.usedParams.isEmpty, g.program.isSmooth { return g.program }
            attempt += 1
        }
    }

    mutating func top() -> Built {
        if let large {
            let x = expr([large.rows, large.width], 0)
            return finish(.reduce(rng.pick(["sum", "mean"]), x.e, axis: nil))
        }
        let shape = randomShape()
        if shape.isEmpty, rng.chance(0.5) { return expr([], 0) }
        let x = expr(shape, 1)
        return finish(.reduce(rng.pick(["sum", "sum", "mean", "prod", "logsumexp", "max"]), x.e, axis: nil)) ?? expr([], 0)
    }

    mutating func randomShape() -> [Int] {
        switch rng.int(0...5) {
        case 0: return []
        case 1, 2: return [rng.int(1...4)]
        case 3: return [rng.int(1...4), 1]
        case 4: return [1, rng.int(1...4)]
        default: return [rng.int(1...4), rng.int(1...4)]
        }
    }

    // MARK: Nodes

    /// An expression of exactly `shape`.
    mutating func expr(_ shape: [Int], _ depth: Int) -> Built {
        if depth >= maxDepth || rng.chance(0.12 + 0.16 * Double(depth)) { return leaf(shape) }
        for _ in 0..<6 {
            if let b = node(shape, depth + 1) {
                if b.v.shape == shape { return b }
                // A slip of the generator, not of the code under test: said once per campaign
                // (with the node, to mend the generator) and drawn again, instead of stopping a
                // campaign of 100,000 programs at the first.
                HarnessMisdraws.note("drew \(b.v.shape) for \(shape): \(b.e)")
            }
        }
        return leaf(shape)
    }

    /// Evaluates a candidate; nil when its value is not finite or too large.
    /// (Mutating only so that the compiler refuses `finish(expr(…))`, whose argument would change
    /// the program after `self` was read.)
    mutating func finish(_ e: HExpr) -> Built? {
        let v = PlainEvaluator(program).eval(e)
        guard v.v.allSatisfy({ $0.isFinite && Swift.abs($0) < 1e4 }) else { return nil }
        return (e, v)
    }
    /// Evaluates without a check (the caller checks).
    mutating func finish(_ e: HExpr) -> Built { (e, PlainEvaluator(program).eval(e)) }

    mutating func node(_ shape: [Int], _ d: Int) -> Built? {
        let elementwise = ["unary", "unary", "binary", "binary", "binary", "binary"]
        let structural = ["matmul", "transpose", "reduceAxis", "reduceWhole", "softmax", "cumsum", "reshape",
                          "index", "select", "generator"]
        // Large shapes: elementwise chains only (a guard over 2^18 elements, such as a max's
        // margin, would almost never hold).
        let form = large != nil ? rng.pick(elementwise) : rng.pick(elementwise + elementwise + structural)
        switch form {
        case "unary": return unary(shape, d)
        case "binary": return binary(shape, d)
        case "matmul": return matmul(shape, d)
        case "transpose":
            guard shape.count == 2 else { return nil }
            return finish(.transpose(expr([shape[1], shape[0]], d).e))
        case "reduceAxis":
            guard shape.count == 1 else { return nil }
            let m = rng.int(1...4), axis = rng.int(1...2)
            let x = expr(axis == 1 ? [m, shape[0]] : [shape[0], m], d)
            return finish(.reduce(rng.pick(["sum", "mean", "prod", "logsumexp"]), x.e, axis: axis))
        case "reduceWhole":
            guard shape.isEmpty else { return nil }
            let x = expr(randomShape(), d)
            let kind = rng.pick(["sum", "mean", "prod", "max", "min", "logsumexp"])
            if kind == "max" || kind == "min", !Self.clearExtremum(x.v.v) { return nil }
            return finish(.reduce(kind, x.e, axis: nil))
        case "softmax":
            guard !shape.isEmpty else { return nil }
            let axis: Int? = shape.count == 2 && rng.chance(0.6) ? rng.int(1...2) : nil
            return finish(.softmax(expr(shape, d).e, axis: axis))
        case "cumsum":
            guard shape.count == 1 else { return nil }
            return finish(.cumsum(expr(shape, d).e))
        case "reshape": return reshape(shape, d)
        case "index": return index(shape, d)
        case "select": return select(shape, d)
        default: return generator(shape, d)
        }
    }

    static func clearExtremum(_ xs: [Double]) -> Bool {
        let s = xs.sorted()
        return s.count < 2 || (s[s.count - 1] - s[s.count - 2] > 0.05 && s[1] - s[0] > 0.05)
    }

    mutating func unary(_ shape: [Int], _ d: Int) -> Built? {
        let names = large != nil && shape.count == 2 ? ["exp", "tanh", "sin", "cos", "sigmoid", "atan", "softplus", "log", "sqrt", "neg"]
                                                     : Array(PlainMath.unary.keys).sorted() + ["neg"]
        let f = rng.pick(names)
        var x = expr(shape, d)
        if f == "neg" { return finish(.neg(x.e)) }
        if !x.v.v.allSatisfy({ PlainMath.smooth(f, $0) }), ["log", "log10", "log2", "sqrt"].contains(f) {
            // Into the domain: x² + ½ (or eˣ for a moderate x).
            let wrapped: HExpr = x.v.maxAbs < 3 && rng.chance(0.5)
                ? .unary("exp", x.e) : .binary("+", .binary("^", x.e, .number(2)), .number(0.5))
            x = finish(wrapped)
        }
        guard x.v.v.allSatisfy({ PlainMath.smooth(f, $0) }) else { return nil }
        return finish(.unary(f, x.e))
    }

    /// Shapes that broadcast into `shape` (scalar, row, column, itself…).
    mutating func operandShape(_ shape: [Int]) -> [Int] {
        var options: [[Int]] = [shape, shape, []]
        if shape.count == 2 {
            options += [[shape[1]], [1, shape[1]], [shape[0], 1]]
        } else if shape.count == 1 {
            options += [[1, shape[0]].prefix(0) + [shape[0]]]
        }
        return rng.pick(options)
    }

    /// Two operand shapes whose broadcast is exactly `shape`.
    mutating func operandShapes(_ shape: [Int]) -> ([Int], [Int]) {
        while true {
            let (a, b) = (operandShape(shape), operandShape(shape))
            if plainBroadcast(a, b) == shape { return (a, b) }
        }
    }

    mutating func binary(_ shape: [Int], _ d: Int) -> Built? {
        let op = large != nil && shape.count == 2 ? rng.pick(["+", "+", "-", "*", "*", "/", "^"])
                                                  : rng.pick(["+", "+", "-", "*", "*", "/", "^", "^", "max", "min", "mod", "atan2"])
        var (sa, sb) = operandShapes(shape)
        if op == "^" {
            let a = expr(shape, d)
            let literal = rng.chance(0.7)
            let b: Built = literal ? finish(.number(rng.pick([2, 2, 3, 4, 0, 1, -1, 0.5, 1.5, -0.5, 2.5])))
                                   : expr(rng.chance(0.7) ? [] : shape, d)
            var base = a
            let whole = literal && b.v.v[0] == b.v.v[0].rounded()
            let ok = { (x: PlainTensor) in
                PlainEvaluator.elementwise(x, b.v) { PlainMath.smooth("^", $0, $1, wholeExponent: whole) ? 1 : 0 }.v.allSatisfy { $0 == 1 }
            }
            if !ok(base.v) { base = finish(.binary("+", .binary("^", a.e, .number(2)), .number(0.5))) }
            guard ok(base.v), abs(b.v.maxAbs) <= 4 else { return nil }
            return finish(.binary("^", base.e, b.e))
        }
        if op == "mod" { sb = rng.chance(0.7) ? [] : sb }
        if op == "atan2" || op == "mod" { (sa, sb) = plainBroadcast(sa, sb) == shape ? (sa, sb) : (shape, sb) }
        let literal = op == "mod" && rng.chance(0.6)
        if literal { sa = shape }   // a literal divisor is a scalar: the dividend has the shape
        let a = expr(sa, d)
        var b = literal ? finish(.number(rng.pick([1.5, 2.5, -2, 0.75]))) : expr(sb, d)
        if op == "/", b.v.v.contains(where: { abs($0) <= 0.2 }) {
            b = finish(rng.chance(0.5) ? .binary("+", .binary("^", b.e, .number(2)), .number(1)) : .unary("exp", b.e))
                ?? b
        }
        let smooth = PlainEvaluator.elementwise(a.v, b.v) { PlainMath.smooth(op, $0, $1, wholeExponent: false) ? 1 : 0 }
        guard smooth.v.allSatisfy({ $0 == 1 }) else { return nil }
        return finish(.binary(op, a.e, b.e))
    }

    mutating func matmul(_ shape: [Int], _ d: Int) -> Built? {
        let k = rng.int(1...4)
        switch shape.count {
        case 0: return finish(.matmul(expr([k], d).e, expr([k], d).e))
        case 1:
            return rng.chance(0.5) ? finish(.matmul(expr([shape[0], k], d).e, expr([k], d).e))
                                   : finish(.matmul(expr([k], d).e, expr([k, shape[0]], d).e))
        default: return finish(.matmul(expr([shape[0], k], d).e, expr([k, shape[1]], d).e))
        }
    }

    mutating func reshape(_ shape: [Int], _ d: Int) -> Built? {
        switch shape.count {
        case 2 where shape[0] == 1 || shape[1] == 1:
            return finish(.reshape(expr([shape[0] * shape[1]], d).e, shape))
        case 1:
            let n = shape[0]
            let from = rng.pick([[1, n], [n, 1]] + (n == 4 ? [[2, 2]] : []))
            return finish(.reshape(expr(from, d).e, shape))
        default: return nil
        }
    }

    mutating func index(_ shape: [Int], _ d: Int) -> Built? {
        switch shape.count {
        case 0:
            if rng.chance(0.5) {
                let n = rng.int(1...4)
                let i: HarnessIndex = rng.chance(0.25) ? .end : .at(rng.int(1...n))
                return finish(.index(expr([n], d).e, [i]))
            }
            let (r, c) = (rng.int(1...4), rng.int(1...4))
            return finish(.index(expr([r, c], d).e, [.at(rng.int(1...r)), rng.chance(0.2) ? .end : .at(rng.int(1...c))]))
        case 1:
            let n = shape[0], m = rng.int(1...3)
            switch rng.int(0...2) {
            case 0: return finish(.index(expr([m, n], d).e, [.at(rng.int(1...m)), .all]))
            case 1: return finish(.index(expr([n, m], d).e, [.all, .at(rng.int(1...m))]))
            default:
                let extra = rng.int(0...2), start = rng.int(1...(extra + 1))
                return finish(.index(expr([n + extra], d).e, [.range(start, start + n - 1)]))
            }
        default:
            let (er, ec) = (rng.int(0...2), rng.int(0...2))
            let (r0, c0) = (rng.int(1...(er + 1)), rng.int(1...(ec + 1)))
            return finish(.index(expr([shape[0] + er, shape[1] + ec], d).e,
                                 [.range(r0, r0 + shape[0] - 1), .range(c0, c0 + shape[1] - 1)]))
        }
    }

    mutating func select(_ shape: [Int], _ d: Int) -> Built? {
        let (sa, sb) = (operandShape(shape), operandShape(shape))
        let (a, b) = (expr(sa, d), expr(sb, d))
        guard let gap = Optional(PlainEvaluator.elementwise(a.v, b.v) { abs($0 - $1) }), gap.v.allSatisfy({ $0 > 0.05 }),
              let cond = plainBroadcast(sa, sb), plainBroadcast(cond, shape) == shape else { return nil }
        // A condition of two scalars known before tracing is a plain `if`: the chosen branch is
        // the value, not broadcast, so the else branch must have the whole shape too.
        var params = Set<Int>()
        a.e.collectParams(into: &params); b.e.collectParams(into: &params)
        let plainIf = params.isEmpty && !a.e.readsLoop && !b.e.readsLoop && sa.isEmpty && sb.isEmpty
        let x = expr(shape, d), y = expr(plainIf ? shape : operandShape(shape), d)
        return finish(.select(a.e, rng.pick([">", "<", ">=", "<="]), b.e, x.e, y.e))
    }

    /// `kind(body for i in 1:n)` over a vector (a scalar), or `[body for i in 1:n]` (a vector).
    mutating func generator(_ shape: [Int], _ d: Int) -> Built? {
        guard shape.count <= 1 else { return nil }
        let n = shape.count == 1 ? shape[0] : rng.int(1...4)
        let source = expr([n], d)
        let body = loopBody(2)
        let kind = shape.count == 1 ? "list" : rng.pick(["sum", "sum", "prod", "max", "min"])
        let e = HExpr.generator(kind, source.e, n: n, body: body)
        if kind == "max" || kind == "min" {
            let items = source.v.v.enumerated().map {
                PlainEvaluator(program).eval(body, element: $0.element, i: Double($0.offset + 1)).v[0]
            }
            guard Self.clearExtremum(items) else { return nil }
        }
        return finish(e)
    }

    /// A generator's body: smooth functions of the element, the index, numbers and scalar
    /// parameters (no domain to leave).
    mutating func loopBody(_ depth: Int) -> HExpr {
        if depth == 0 || rng.chance(0.3) {
            switch rng.int(0...5) {
            case 0, 1, 2: return .element
            case 3: return .loopIndex
            case 4: return .number(rng.value())
            default: return leaf([]).e
            }
        }
        if rng.chance(0.4) { return .unary(rng.pick(["sin", "cos", "tanh", "sigmoid", "atan", "softplus"]), loopBody(depth - 1)) }
        return .binary(rng.pick(["+", "-", "*"]), loopBody(depth - 1), loopBody(depth - 1))
    }

    // MARK: Leaves

    mutating func leaf(_ shape: [Int]) -> Built {
        let count = shape.reduce(1, *)
        let smallEnough = large == nil || count <= 8
        let theta = program.paramValues.reduce(0) { $0 + $1.count }
        if smallEnough, rng.chance(0.65) {
            let existing = program.paramShapes.indices.filter { program.paramShapes[$0] == shape }
            if let i = existing.first, rng.chance(0.6) { return finish(.param(i)) }
            if theta + count <= maxTheta, program.paramShapes.count < 5 {
                program.paramShapes.append(shape)
                program.paramValues.append((0..<count).map { _ in rng.value() })
                return finish(.param(program.paramShapes.count - 1))
            }
            if let i = existing.first { return finish(.param(i)) }
        }
        if shape.isEmpty, rng.chance(0.6) { return finish(.number(rng.value())) }
        let formula = count > 64
        let value = formula ? HarnessProgram.formulaValues(shape) : PlainTensor(shape) { _ in rng.value() }
        program.constants.append(.init(value: value, formula: formula))
        return finish(.const(program.constants.count - 1))
    }
}

/// Nodes the generator drew in a shape other than the one asked for (a generator bug): the first
/// is printed, all are counted.
enum HarnessMisdraws {
    static let count = Mutex(0)

    static func note(_ what: String) {
        let first = count.withLock { n -> Bool in n += 1; return n == 1 }
        if first { print("harness: generator misdraw (drawn again): \(what)") }
    }
}
