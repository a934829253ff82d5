// The differential harness's programs: expression trees over sfn's primitives that print as sfn
// source, and a deliberately simple evaluator of their values on plain arrays. The evaluator is
// the harness's reference: it shares no code with the tape, its kernels, the graph's constant
// folding (which the interpreter's plain evaluation goes through: it runs the primitives'
// `forward` kernels) or SFNNumerics; only Foundation's libm.
import Foundation

/// A plain tensor of rank 0, 1 (read as one row) or 2, row-major.
struct PlainTensor {
    var shape: [Int]
    var v: [Double]

    init(_ shape: [Int], _ v: [Double]) { self.shape = shape; self.v = v }
    init(_ shape: [Int], fill: (Int) -> Double) { self.init(shape, (0..<shape.reduce(1, *)).map(fill)) }

    var rows: Int { shape.count == 2 ? shape[0] : 1 }
    var cols: Int { shape.isEmpty ? 1 : shape[shape.count - 1] }
    var maxAbs: Double { v.reduce(0) { max($0, abs($1)) } }
    /// Element (r, c) of the rows × cols grid, broadcast: an extent of 1 repeats.
    @inline(__always) func at(_ r: Int, _ c: Int) -> Double { v[(rows == 1 ? 0 : r) * cols + (cols == 1 ? 0 : c)] }
}

/// NumPy broadcasting of two shapes of rank ≤ 2 (aligned at the last axis), nil when they clash.
func plainBroadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
    let n = max(a.count, b.count)
    var out: [Int] = []
    for i in 0..<n {
        let x = i < n - a.count ? 1 : a[i - (n - a.count)]
        let y = i < n - b.count ? 1 : b[i - (n - b.count)]
        if x == y || y == 1 { out.append(x) } else if x == 1 { out.append(y) } else { return nil }
    }
    return out
}

/// One index of `e[...]`: a position (1-based), `end`, `:`, or an inclusive range.
enum HarnessIndex {
    case at(Int), end, all, range(Int, Int)
}

/// An expression of a generated objective. Generator bodies read `element` (the source's element
/// i) and `loopIndex` (i) of the innermost generator.
indirect enum HExpr {
    case param(Int)
    case const(Int)
    case number(Double)
    case unary(String, HExpr)
    case neg(HExpr)
    /// `+ - * / ^` infix; `max min mod atan2` as calls; broadcasting.
    case binary(String, HExpr, HExpr)
    case matmul(HExpr, HExpr)
    case transpose(HExpr)
    /// sum, prod, mean, max, min, logsumexp; axis 1-based.
    case reduce(String, HExpr, axis: Int?)
    case softmax(HExpr, axis: Int?)
    case cumsum(HExpr)
    case reshape(HExpr, [Int])
    case index(HExpr, [HarnessIndex])
    /// if a op b then x else y (op a comparison).
    case select(HExpr, String, HExpr, HExpr, HExpr)
    /// kind(body for i in 1:n) over the source vector's n elements; kind "list" is [body for …].
    case generator(String, HExpr, n: Int, body: HExpr)
    case element
    case loopIndex

    var children: [HExpr] {
        switch self {
        case .param, .const, .number, .element, .loopIndex: return []
        case .unary(_, let a), .neg(let a), .transpose(let a), .reduce(_, let a, _), .softmax(let a, _),
             .cumsum(let a), .reshape(let a, _), .index(let a, _):
            return [a]
        case .binary(_, let a, let b), .matmul(let a, let b): return [a, b]
        case .select(let a, _, let b, let x, let y): return [a, b, x, y]
        case .generator(_, let s, _, let body): return [s, body]
        }
    }

    func with(_ c: [HExpr]) -> HExpr {
        switch self {
        case .param, .const, .number, .element, .loopIndex: return self
        case .unary(let f, _): return .unary(f, c[0])
        case .neg: return .neg(c[0])
        case .transpose: return .transpose(c[0])
        case .reduce(let k, _, let axis): return .reduce(k, c[0], axis: axis)
        case .softmax(_, let axis): return .softmax(c[0], axis: axis)
        case .cumsum: return .cumsum(c[0])
        case .reshape(_, let s): return .reshape(c[0], s)
        case .index(_, let ix): return .index(c[0], ix)
        case .binary(let op, _, _): return .binary(op, c[0], c[1])
        case .matmul: return .matmul(c[0], c[1])
        case .select(_, let op, _, _, _): return .select(c[0], op, c[1], c[2], c[3])
        case .generator(let k, _, let n, _): return .generator(k, c[0], n: n, body: c[1])
        }
    }

    /// Nodes in pre-order (the root first).
    var size: Int { 1 + children.reduce(0) { $0 + $1.size } }

    /// Whether the expression reads a generator's element or index (its value depends on i).
    var readsLoop: Bool {
        switch self {
        case .element, .loopIndex: return true
        case .generator(_, let s, _, _): return s.readsLoop   // the body's reads are its own
        default: return children.contains { $0.readsLoop }
        }
    }

    func collectParams(into set: inout Set<Int>) {
        if case .param(let i) = self { set.insert(i) }
        for c in children { c.collectParams(into: &set) }
    }

    func collectConsts(into set: inout Set<Int>) {
        if case .const(let i) = self { set.insert(i) }
        for c in children { c.collectConsts(into: &set) }
    }
}

/// A generated objective: parameters (with their values at the point), captured constants, and
/// the body, a scalar expression.
struct HarnessProgram {
    struct Constant {
        var value: PlainTensor
        /// A large constant is printed as a formula: sin(k · 0.37 + 0.2) for k = 1…n, reshaped.
        var formula: Bool
    }
    var paramShapes: [[Int]]
    var paramValues: [[Double]]
    var constants: [Constant]
    var body: HExpr
    /// Drawn with fused groups past `Tape.parallelElements` (the threaded paths).
    var large = false

    /// Whether every node is finite, moderate and inside its function's smooth domain at the point.
    var isSmooth: Bool { PlainEvaluator(self).evaluate(body, check: true) != nil }

    /// The parameters the body reads, in θ order.
    var usedParams: [Int] { var s = Set<Int>(); body.collectParams(into: &s); return s.sorted() }
    var shapes: [[Int]] { usedParams.map { paramShapes[$0] } }
    /// θ: the used parameters' values, concatenated.
    var theta: [Double] { usedParams.flatMap { paramValues[$0] } }

    /// The program as sfn source: the constants, then `f(x…) = body`.
    var source: String {
        var lines: [String] = []
        var consts = Set<Int>()
        body.collectConsts(into: &consts)
        for c in consts.sorted() { lines.append("C\(c + 1) = " + Self.literal(constants[c])) }
        var printer = Printer()
        let params = usedParams.map { "x\($0 + 1)" }.joined(separator: ", ")
        lines.append("f(\(params)) = " + printer.print(body))
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ x: Double) -> String { x < 0 || (x == 0 && x.sign == .minus) ? "(\(x))" : "\(x)" }

    static func literal(_ c: Constant) -> String {
        let t = c.value
        if c.formula {
            return "reshape(sin((1:\(t.v.count)) * 0.37 + 0.2), [\(t.shape.map(String.init).joined(separator: ", "))])"
        }
        let items = t.v.map { "\($0)" }
        switch t.shape.count {
        case 0: return items[0]
        case 1: return "[" + items.joined(separator: ", ") + "]"
        default:
            let (r, c) = (t.shape[0], t.shape[1])
            if r == 1 || c == 1 { return "reshape([" + items.joined(separator: ", ") + "], [\(r), \(c)])" }
            return "[" + (0..<r).map { items[($0 * c)..<($0 * c + c)].joined(separator: ", ") }.joined(separator: "; ") + "]"
        }
    }

    /// The values the large constants take from their formula (as the interpreter computes them).
    static func formulaValues(_ shape: [Int]) -> PlainTensor {
        PlainTensor(shape) { Foundation.sin(Double($0 + 1) * 0.37 + 0.2) }
    }

    /// Prints expressions fully parenthesised; each generator gets names of its own.
    struct Printer {
        var next = 0
        var loop: (t: String, i: String)? = nil

        mutating func print(_ e: HExpr) -> String {
            switch e {
            case .param(let i): return "x\(i + 1)"
            case .const(let i): return "C\(i + 1)"
            case .number(let x): return HarnessProgram.number(x)
            case .unary(let f, let a): return "\(f)(\(print(a)))"
            case .neg(let a): return "(-\(print(a)))"
            case .binary(let op, let a, let b):
                if ["+", "-", "*", "/", "^"].contains(op) { return "(\(print(a)) \(op) \(print(b)))" }
                return "\(op)(\(print(a)), \(print(b)))"
            case .matmul(let a, let b): return "(\(print(a)) @ \(print(b)))"
            case .transpose(let a): return "(\(print(a)))'"
            case .reduce(let k, let a, let axis): return "\(k)(\(print(a))" + (axis.map { ", \($0)" } ?? "") + ")"
            case .softmax(let a, let axis): return "softmax(\(print(a))" + (axis.map { ", \($0)" } ?? "") + ")"
            case .cumsum(let a): return "cumsum(\(print(a)))"
            case .reshape(let a, let s): return "reshape(\(print(a)), [\(s.map(String.init).joined(separator: ", "))])"
            case .index(let a, let ix):
                let parts = ix.map { (i: HarnessIndex) -> String in
                    switch i {
                    case .at(let k): return "\(k)"
                    case .end: return "end"
                    case .all: return ":"
                    case .range(let a, let b): return "\(a):\(b)"
                    }
                }
                return "(\(print(a)))[\(parts.joined(separator: ", "))]"
            case .select(let a, let op, let b, let x, let y):
                return "(if \(print(a)) \(op) \(print(b)) then \(print(x)) else \(print(y)))"
            case .generator(let kind, let s, let n, let body):
                next += 1
                let names = (t: "t\(next)", i: "i\(next)")
                let source = print(s)
                let saved = loop
                loop = names
                defer { loop = saved }
                let inner = print(body)
                let range = "1:\(n)"
                if kind == "list" { return "{ \(names.t) = \(source); [\(inner) for \(names.i) in \(range)] }" }
                return "{ \(names.t) = \(source); \(kind)(\(inner) for \(names.i) in \(range)) }"
            case .element: return "\(loop!.t)[\(loop!.i)]"
            case .loopIndex: return loop!.i
            }
        }
    }
}
