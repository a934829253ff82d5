import Foundation
import SFNNumerics

/// An elementwise function of two arguments, with its partial derivatives numerically (for
/// tangents) and its adjoints as graphs. Arguments have equal shapes, or one of them has a single
/// element and is reused for every element of the other (general broadcasting is done before,
/// by an explicit `broadcast` node, so that these kernels stay simple loops).
public protocol BinaryFunction: Sendable {
    static var name: String { get }
    static func value(_ a: Double, _ b: Double) -> Double
    /// ∂y/∂a and ∂y/∂b at (a, b) with y = value(a, b).
    static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double)
    /// Cotangents of a and b (before summing over broadcast elements) given ȳ.
    static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?)
}

/// y = F(a, b) elementwise.
public struct Binary<F: BinaryFunction>: Primitive {
    public init() {}
    public var name: String { F.name }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        let (a, b) = (x[0], x[1])
        let (na, nb) = (x.count(0), x.count(1))
        if na == nb {
            for i in 0..<na { y[i] = F.value(a[i], b[i]) }
        } else if na == 1 {
            let s = a[0]
            for i in 0..<nb { y[i] = F.value(s, b[i]) }
        } else {
            let s = b[0]
            for i in 0..<na { y[i] = F.value(a[i], s) }
        }
    }

    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let (a, b) = (x[0], x[1])
        let (na, nb) = (x.count(0), x.count(1))
        let n = max(na, nb)
        let (sa, sb) = (na == 1 ? 0 : 1, nb == 1 ? 0 : 1)
        // Partials in scratch: ∂a in [0, n), ∂b in [n, 2n) (scratch holds 2× the largest node).
        for i in 0..<n {
            let (pa, pb) = F.partials(a[i * sa], b[i * sb], y[i])
            scratch[i] = pa; scratch[n + i] = pb
        }
        for j in 0..<k {
            let o = j * n
            for i in 0..<n { dy[o + i] = 0 }
            if let da = dx[0] {
                let oa = j * na
                for i in 0..<n { dy[o + i] += scratch[i] * da[oa + i * sa] }
            }
            if let db = dx[1] {
                let ob = j * nb
                for i in 0..<n { dy[o + i] += scratch[n + i] * db[ob + i * sb] }
            }
        }
    }

    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        let (da, db) = try F.adjoint(g, x[0], x[1], y, dy)
        return [try da.map { try g.sumTo($0, g.shape(x[0])) }, try db.map { try g.sumTo($0, g.shape(x[1])) }]
    }
}

public enum Fn2 {
    public enum Add: BinaryFunction {
        public static let name = "+"
        public static func value(_ a: Double, _ b: Double) -> Double { a + b }
        public static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double) { (1, 1) }
        public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
            (dy, dy)
        }
    }
    public enum Sub: BinaryFunction {
        public static let name = "-"
        public static func value(_ a: Double, _ b: Double) -> Double { a - b }
        public static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double) { (1, -1) }
        public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
            (dy, g.neg(dy))
        }
    }
    public enum Mul: BinaryFunction {
        public static let name = "*"
        public static func value(_ a: Double, _ b: Double) -> Double { a * b }
        public static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double) { (b, a) }
        public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
            (g.varies(a) ? try g.mul(dy, b) : nil, g.varies(b) ? try g.mul(dy, a) : nil)
        }
    }
    public enum Div: BinaryFunction {
        public static let name = "/"
        public static func value(_ a: Double, _ b: Double) -> Double { a / b }
        public static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double) { (1 / b, -y / b) }
        public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
            (g.varies(a) ? try g.div(dy, b) : nil, g.varies(b) ? try g.neg(g.div(g.mul(dy, y), b)) : nil)
        }
    }
    /// aᵇ. The exponent's partial y·log a is taken as 0 where y = 0 (0ᵇ is flat in b for b > 0).
    public enum Pow: BinaryFunction {
        public static let name = "^"
        public static func value(_ a: Double, _ b: Double) -> Double {
            b == 2 ? a * a : (b == 1 ? a : Foundation.pow(a, b))
        }
        public static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double) {
            let pa = b == 0 ? 0 : (b == 1 ? 1 : (b == 2 ? 2 * a : b * Foundation.pow(a, b - 1)))
            return (pa, y == 0 ? 0 : y * Foundation.log(a))
        }
        public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
            var da: Node? = nil, db: Node? = nil
            if g.varies(a) {
                da = try g.mul(dy, g.mul(b, g.pow(a, g.sub(b, g.scalar(1)))))
            }
            if g.varies(b) {
                let ylog = try g.mul(y, g.unary(Fn.Log.self, a))
                db = try g.mul(dy, g.select(g.compare(.eq, y, g.scalar(0)), g.scalar(0), ylog))
            }
            return (da, db)
        }
    }
    /// Elementwise maximum; at a tie both partials are 0 (the contract's subgradient at a kink).
    public enum Maximum: BinaryFunction {
        public static let name = "max"
        public static func value(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
        public static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double) {
            (a > b ? 1 : 0, b > a ? 1 : 0)
        }
        public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
            (try g.mul(dy, g.compare(.gt, a, b)), try g.mul(dy, g.compare(.gt, b, a)))
        }
    }
    /// Elementwise minimum; at a tie both partials are 0.
    public enum Minimum: BinaryFunction {
        public static let name = "min"
        public static func value(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
        public static func partials(_ a: Double, _ b: Double, _ y: Double) -> (Double, Double) {
            (a < b ? 1 : 0, b < a ? 1 : 0)
        }
        public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
            (try g.mul(dy, g.compare(.lt, a, b)), try g.mul(dy, g.compare(.lt, b, a)))
        }
    }
}

/// Elementwise comparison giving 1 or 0; derivative zero.
public struct Compare: Primitive {
    public enum Kind: String, Sendable { case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!=" }
    public let kind: Kind
    public var name: String { kind.rawValue }
    public var isDifferentiable: Bool { false }

    @inline(__always) func test(_ a: Double, _ b: Double) -> Bool {
        switch kind {
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        case .eq: return a == b
        case .ne: return a != b
        }
    }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        let (a, b) = (x[0], x[1])
        let (na, nb) = (x.count(0), x.count(1))
        let (sa, sb) = (na == 1 ? 0 : 1, nb == 1 ? 0 : 1)
        for i in 0..<max(na, nb) { y[i] = test(a[i * sa], b[i * sb]) ? 1 : 0 }
    }
    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {}
    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] { [nil, nil] }
}

/// y = c ≠ 0 ? a : b elementwise: how `if … then … else` inside an objective is compiled (both
/// branches are evaluated; the condition has zero derivative).
public struct Select: Primitive {
    public init() {}
    public var name: String { "select" }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        let (c, a, b) = (x[0], x[1], x[2])
        let n = max(x.count(0), x.count(1), x.count(2))
        let (sc, sa, sb) = (x.count(0) == 1 ? 0 : 1, x.count(1) == 1 ? 0 : 1, x.count(2) == 1 ? 0 : 1)
        for i in 0..<n { y[i] = c[i * sc] != 0 ? a[i * sa] : b[i * sb] }
    }
    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let c = x[0]
        let (na, nb) = (x.count(1), x.count(2))
        let n = max(x.count(0), na, nb)
        let (sc, sa, sb) = (x.count(0) == 1 ? 0 : 1, na == 1 ? 0 : 1, nb == 1 ? 0 : 1)
        let (da, db) = (dx[1], dx[2])
        for j in 0..<k {
            for i in 0..<n {
                if c[i * sc] != 0 { dy[j * n + i] = da.map { $0[j * na + i * sa] } ?? 0 }
                else { dy[j * n + i] = db.map { $0[j * nb + i * sb] } ?? 0 }
            }
        }
    }
    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        let zero = g.scalar(0)
        let da = g.varies(x[1]) ? try g.sumTo(g.select(x[0], dy, zero), g.shape(x[1])) : nil
        let db = g.varies(x[2]) ? try g.sumTo(g.select(x[0], zero, dy), g.shape(x[2])) : nil
        return [nil, da, db]
    }
}
