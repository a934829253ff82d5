// Elementwise functions of two arguments (add, mul, pow, atan2, …) with their derivative rules.
import Foundation
import SFNNumerics
import Synchronization

/// An elementwise function of two arguments, with its partial derivatives numerically (for
/// tangents) and its adjoints as graphs. Arguments have equal shapes, or one of them has a single
/// element and is reused for every element of the other (general broadcasting is done before,
/// by an explicit `broadcast` node, so that these kernels stay simple loops).
public protocol BinaryFunction: Primitive, ElementwiseKernels {
    /// The function (it has no state: the type is the function).
    init()
    /// The name the language and graph dumps use (`+`, `^`, `max`, …).
    static var name: String { get }
    /// y = f(a, b) for one pair of elements.
    static func value(_ a: Double, _ b: Double) -> Double
    /// ∂y/∂a at (a, b) with y = value(a, b).
    static func partialA(_ a: Double, _ b: Double, _ y: Double) -> Double
    /// ∂y/∂b at (a, b) with y = value(a, b). Asked for only when b has a tangent.
    static func partialB(_ a: Double, _ b: Double, _ y: Double) -> Double
    /// Cotangents of a and b (before summing over broadcast elements) given ȳ.
    static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?)
}

/// A binary function whose derivative is stated once, as its pullback: the cotangents of a and b
/// for a cotangent s of y, written in ``SlopeAlgebra``. With s = 1 on numbers they are the partials
/// the tangent kernels multiply by; with s = ȳ on graph nodes they are the adjoint. Writing the
/// rule with s in it (s/b for a / b, not s·(1/b)) keeps the adjoint graph as small as a
/// hand-written one: add's cotangent is ȳ itself, with no node.
protocol PullbackRule: BinaryFunction {
    /// s·∂y/∂a at (a, b), given y = value(a, b).
    static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T
    /// s·∂y/∂b at (a, b), given y = value(a, b). Asked for only when b has a tangent.
    static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T
}

extension PullbackRule {
    @inline(__always) public static func partialA(_ a: Double, _ b: Double, _ y: Double) -> Double { pullbackA(a, b, y, 1) }
    @inline(__always) public static func partialB(_ a: Double, _ b: Double, _ y: Double) -> Double { pullbackB(a, b, y, 1) }
    public static func adjoint(_ g: Graph, _ a: Node, _ b: Node, _ y: Node, _ dy: Node) throws -> (Node?, Node?) {
        let (va, vb, vy, s) = (Var(g, a), Var(g, b), Var(g, y), Var(g, dy))
        return (g.varies(a) ? pullbackA(va, vb, vy, s).node : nil, g.varies(b) ? pullbackB(va, vb, vy, s).node : nil)
    }
}

/// y = F(a, b) elementwise: the kernels every binary function shares (specialised per function,
/// as for `UnaryFunction`).
extension BinaryFunction {
    typealias F = Self
    public var name: String { F.name }
    /// Single-element applications run inline in the tape's loop, as `F.value` and the partials.
    public var scalarKernel: ScalarKernel? { .binary(F.self) }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) { binaryForward(x, y) }

    /// `forward`'s loops, for a function that handles some operands itself first (a power).
    @inline(__always) func binaryForward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
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
        binaryTangent(x, y, dx, dy, k, scratch)
    }

    /// `tangent`'s loops, for a function that handles some operands itself first (a power).
    @inline(__always) func binaryTangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                                         _ dy: UnsafeMutablePointer<Double>, _ k: Int,
                                         _ scratch: UnsafeMutablePointer<Double>) {
        let (a, b) = (x[0], x[1])
        let (na, nb) = (x.count(0), x.count(1))
        let n = max(na, nb)
        // Partials in scratch: ∂a in [0, n), ∂b in [n, 2n) (scratch holds 2× the largest node).
        // Only the ones with a tangent to multiply are computed (∂b of a power is a log). The
        // three layouts (equal sizes, a single a, a single b) get loops of their own so that the
        // equal-size case, the common one, vectorises.
        let (pa, pb) = (scratch, scratch + n)
        if dx[0] != nil {
            if na == nb { for i in 0..<n { pa[i] = F.partialA(a[i], b[i], y[i]) } }
            else if na == 1 { for i in 0..<n { pa[i] = F.partialA(a[0], b[i], y[i]) } }
            else { for i in 0..<n { pa[i] = F.partialA(a[i], b[0], y[i]) } }
        }
        if dx[1] != nil {
            if na == nb { for i in 0..<n { pb[i] = F.partialB(a[i], b[i], y[i]) } }
            else if na == 1 { for i in 0..<n { pb[i] = F.partialB(a[0], b[i], y[i]) } }
            else { for i in 0..<n { pb[i] = F.partialB(a[i], b[0], y[i]) } }
        }
        for j in 0..<k {
            let out = dy + j * n
            switch (dx[0], dx[1]) {
            case (let da?, let db?):
                let (ta, tb) = (da + j * na, db + j * nb)
                if na == nb { for i in 0..<n { out[i] = pa[i] * ta[i] + pb[i] * tb[i] } }
                else if na == 1 { let t = ta[0]; for i in 0..<n { out[i] = pa[i] * t + pb[i] * tb[i] } }
                else { let t = tb[0]; for i in 0..<n { out[i] = pa[i] * ta[i] + pb[i] * t } }
            case (let da?, nil):
                let ta = da + j * na
                if na == n { for i in 0..<n { out[i] = pa[i] * ta[i] } }
                else { let t = ta[0]; for i in 0..<n { out[i] = pa[i] * t } }
            case (nil, let db?):
                let tb = db + j * nb
                if nb == n { for i in 0..<n { out[i] = pb[i] * tb[i] } }
                else { let t = tb[0]; for i in 0..<n { out[i] = pb[i] * t } }
            case (nil, nil):
                out.update(repeating: 0, count: n)
            }
        }
    }

    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        let (da, db) = try F.adjoint(g, x[0], x[1], y, dy)
        return [try da.map { try g.sumTo($0, g.shape(x[0])) }, try db.map { try g.sumTo($0, g.shape(x[1])) }]
    }
}

/// The elementwise functions of two arguments: the arithmetic operators, `max`, `min`, `mod`
/// and `atan2`.
public enum BinaryFunctions {
    /// a + b; partials 1 and 1.
    public struct Add: PullbackRule {
        public init() {}
        public static let name = "+"
        public static func value(_ a: Double, _ b: Double) -> Double { a + b }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s }
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s }
    }
    /// a − b; partials 1 and −1.
    public struct Sub: PullbackRule {
        public init() {}
        public static let name = "-"
        public static func value(_ a: Double, _ b: Double) -> Double { a - b }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s }
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { -s }
    }
    /// a · b; partials b and a.
    public struct Mul: PullbackRule {
        public init() {}
        public static let name = "*"
        public static func value(_ a: Double, _ b: Double) -> Double { a * b }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s * b }
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s * a }
    }
    /// a / b; partials 1/b and −y/b.
    public struct Div: PullbackRule {
        public init() {}
        public static let name = "/"
        public static func value(_ a: Double, _ b: Double) -> Double { a / b }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s / b }
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { -((s * y) / b) }
    }
    /// aᵇ. The exponent's partial y·log a is taken as 0 where y = 0 (0ᵇ is flat in b for b > 0).
    public struct Pow: PullbackRule {
        public init() {}
        public static let name = "^"
        public static func value(_ a: Double, _ b: Double) -> Double { power(a, b) }
        /// s·b·aᵇ⁻¹, and 0 where b = 0 (a⁰ is flat in a, also at a = 0 where aᵇ⁻¹ is infinite). As a
        /// graph, 0 only where a = 0 too: where b = 0 and a ≠ 0 the formula's derivative in b, aᵇ⁻¹
        /// (the mixed second derivative of aᵇ), is not 0, and a graph that was 0 wherever b = 0 lost
        /// it (found by the differential harness).
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T {
            T.zeroWhere(b, alsoZero: a, else: s * (b * a.power(b - T.constant(1, like: b))))
        }
        /// s·y·log a, and 0 where y = 0.
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T {
            T.zeroWhere(y, isZero: T.constant(0, like: y), else: s * (y * a.applying(UnaryFunctions.Log.self)))
        }
        /// aᵇ, by repeated squaring for small whole exponents (as Julia does for literal powers:
        /// x^4 in a toy objective should not cost a libm pow call), else libm's pow.
        @inline(__always) static func power(_ a: Double, _ b: Double) -> Double {
            if b >= 0 && b <= 16, var n = Int(exactly: b) {
                var base = a, r = 1.0
                while n > 0 { if n & 1 == 1 { r *= base }; base *= base; n >>= 1 }
                return r
            }
            return Foundation.pow(a, b)
        }
    }
    /// Elementwise maximum; at a tie both partials are 0 (the contract's subgradient at a kink).
    public struct Maximum: PullbackRule {
        public init() {}
        public static let name = "max"
        public static func value(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s * T.indicator(.gt, a, b) }
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s * T.indicator(.gt, b, a) }
    }
    /// Elementwise minimum; at a tie both partials are 0.
    public struct Minimum: PullbackRule {
        public init() {}
        public static let name = "min"
        public static func value(_ a: Double, _ b: Double) -> Double { a.isNaN || b.isNaN ? .nan : Swift.min(a, b) }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s * T.indicator(.lt, a, b) }
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s * T.indicator(.lt, b, a) }
    }
    /// Julia's `mod(a, b)`, NumPy's `mod`: a − b·⌊a/b⌋, computed exactly through fmod, so the
    /// result has the sign of b (a zero result is ±0 with b's sign) and mod(a, 0) is nan.
    /// ∂/∂a = 1, ∂/∂b = −q where y = a − q·b (q = ⌊a/b⌋ in exact arithmetic; the jumps where a/b
    /// is whole are not differentiated).
    public struct Mod: PullbackRule {
        public init() {}
        public static let name = "mod"
        public static func value(_ a: Double, _ b: Double) -> Double {
            let r = Foundation.fmod(a, b)
            if r == 0 { return b.sign == .minus ? -0.0 : 0.0 }
            return (r > 0) != (b > 0) ? r + b : r
        }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s }
        /// −q for the whole number q = (a − y)/b that the value used: y = a − q·b. Taken from y, not
        /// as ⌊a/b⌋, because the rounded quotient a/b can land on the other side of a whole number
        /// (mod(1, 0.1) is 0.0999…, so q = 9 while ⌊1/0.1⌋ = 10).
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T {
            -(s * ((a - y) / b).applying(UnaryFunctions.Round.self))
        }
    }
    /// atan2(y, x) = Julia's `atan(y, x)`, NumPy's `arctan2`: the angle of the point (x, y) in
    /// (−π, π] by quadrant (−π for y = −0, x < 0). ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²) (nan at the origin).
    public struct Atan2: PullbackRule {
        public init() {}
        public static let name = "atan2"
        public static func value(_ a: Double, _ b: Double) -> Double { Foundation.atan2(a, b) }
        static func pullbackA<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { s * b / (a * a + b * b) }
        static func pullbackB<T: SlopeAlgebra>(_ a: T, _ b: T, _ y: T, _ s: T) -> T { -(s * a / (a * a + b * b)) }
    }
}

/// Elementwise comparison giving 1 or 0; derivative zero.
public struct Compare: Primitive {
    /// Which comparison; the raw value is the language's operator.
    public enum Kind: String, Sendable {
        /// a < b.
        case lt = "<"
        /// a ≤ b.
        case le = "<="
        /// a > b.
        case gt = ">"
        /// a ≥ b.
        case ge = ">="
        /// a = b (exactly; nan equals nothing).
        case eq = "=="
        /// a ≠ b.
        case ne = "!="
    }
    /// The comparison this primitive makes.
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
struct Select: Primitive {
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

/// The elementwise functions of two arguments, in one list: the derivative tests iterate it, so a
/// new one is tested by being added here.
public enum BinaryTable {
    public static let all: [any BinaryFunction.Type] = [
        BinaryFunctions.Add.self, BinaryFunctions.Sub.self, BinaryFunctions.Mul.self, BinaryFunctions.Div.self,
        BinaryFunctions.Pow.self, BinaryFunctions.Maximum.self, BinaryFunctions.Minimum.self,
        BinaryFunctions.Mod.self, BinaryFunctions.Atan2.self,
    ]
}

/// aⁿ for a constant whole exponent n from 0 to 4 (x^2, (1 − x)^2, y^4: the powers toy objectives
/// and losses write), with the exponent's test out of the loop so that the loop vectorises; other
/// exponents take the general kernels. Each case is the arithmetic that `power`'s repeated
/// squaring and `pullbackA` do for that n (1·x is x), so the bits are the same. Measured on
/// Rosenbrock (two squares per pair, m = 1000): the general kernels' per-element test of the
/// exponent was 38% of a Hessian-vector product.
extension BinaryFunctions.Pow {
    /// Whether powers with a whole exponent from 0 to 4 take these kernels (the default) or the
    /// general ones: the slow twin that the differential harness (SFNHarnessTests) compares them
    /// with. Process-wide; the results are the same bit for bit either way.
    public static let wholeKernels = Atomic<Bool>(true)

    /// n when b is a whole exponent from 0 to 4 (and the whole-exponent kernels are on).
    @inline(__always) static func smallWhole(_ b: Double) -> Int? {
        guard b >= 0 && b <= 4, let n = Int(exactly: b), wholeKernels.load(ordering: .relaxed) else { return nil }
        return n
    }

    /// out[c] = a[c]ⁿ for c in cols.
    @inline(__always) static func powers(_ a: UnsafePointer<Double>, _ n: Int, _ out: UnsafeMutablePointer<Double>,
                                         _ cols: Range<Int>) {
        switch n {
        case 0: for c in cols { out[c] = 1 }
        case 1: for c in cols { out[c] = a[c] }
        case 2: for c in cols { out[c] = a[c] * a[c] }
        case 3: for c in cols { out[c] = a[c] * (a[c] * a[c]) }
        default: for c in cols { let s = a[c] * a[c]; out[c] = s * s }
        }
    }

    /// body(c, n·a[c]ⁿ⁻¹) for c in cols: the slope `pullbackA` gives (0 for n = 0).
    @inline(__always) static func forEachSlope(_ a: UnsafePointer<Double>, _ n: Int, _ cols: Range<Int>,
                                               _ body: (Int, Double) -> Void) {
        switch n {
        case 0: for c in cols { body(c, 0) }
        case 1: for c in cols { body(c, 1) }
        case 2: for c in cols { body(c, 2 * a[c]) }
        case 3: for c in cols { body(c, 3 * (a[c] * a[c])) }
        default: for c in cols { body(c, 4 * (a[c] * (a[c] * a[c]))) }
        }
    }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        guard x.count(1) == 1, let n = Self.smallWhole(x[1][0]) else { return binaryForward(x, y) }
        Self.powers(x[0], n, y, 0..<x.count(0))
    }

    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        guard x.count(1) == 1, dx[1] == nil, let da = dx[0], let n = Self.smallWhole(x[1][0]) else {
            return binaryTangent(x, y, dx, dy, k, scratch)
        }
        let count = x.count(0)
        Self.forEachSlope(x[0], n, 0..<count) { i, slope in scratch[i] = slope }
        for j in 0..<k {
            let (ta, out) = (da + j * count, dy + j * count)
            for i in 0..<count { out[i] = scratch[i] * ta[i] }
        }
    }

    public func forwardBlock(_ x: UnsafePointer<Lane>, _ y: UnsafeMutablePointer<Double>, _ b: Block) {
        let (la, lb) = (x[0], x[1])
        guard la.colStride == 1, lb.colStride == 0, lb.rowStride == 0, let n = Self.smallWhole(lb.base[0]) else {
            return binaryForwardBlock(x, y, b)
        }
        for r in b.rows { Self.powers(la.row(r), n, y + r * b.width, b.cols) }
    }

    public func tangentBlock(_ x: UnsafePointer<Lane>, _ y: UnsafePointer<Double>, _ dx: UnsafePointer<Lane>,
                             _ dxZero: UnsafePointer<Bool>, _ dy: UnsafeMutablePointer<Double>, _ k: Int,
                             _ b: Block, _ scratch: UnsafeMutablePointer<Double>) {
        let (la, lb) = (x[0], x[1])
        guard la.colStride == 1, lb.colStride == 0, lb.rowStride == 0, !dxZero[0], dxZero[1],
              let n = Self.smallWhole(lb.base[0]) else {
            return binaryTangentBlock(x, y, dx, dxZero, dy, k, b, scratch)
        }
        if k == 1 {
            for r in b.rows {
                let (t, out) = (dx[0].row(r), dy + r * b.width)
                Self.forEachSlope(la.row(r), n, b.cols) { c, slope in out[c] = slope * t[c] }
            }
            return
        }
        // As the general kernel: the block's slopes in scratch, then each tangent.
        let (r0, c0, cw) = (b.rows.lowerBound, b.cols.lowerBound, b.cols.count)
        for r in b.rows {
            let sr = scratch + (r - r0) * cw - c0
            Self.forEachSlope(la.row(r), n, b.cols) { c, slope in sr[c] = slope }
        }
        for j in 0..<k {
            for r in b.rows {
                let (t, out, sr) = (dx[0].row(r, j), dy + j * b.count + r * b.width, scratch + (r - r0) * cw - c0)
                for c in b.cols { out[c] = sr[c] * t[c] }
            }
        }
    }
}
