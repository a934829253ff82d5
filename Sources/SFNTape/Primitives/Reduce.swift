// Reductions (sum, prod, max, min) over all elements or one axis, with their derivative rules.
import SFNNumerics

/// sum, prod, max and min over all elements or along one axis. The input is viewed as
/// [outer, n, inner] with the reduced axis in the middle (n = all elements when reducing all).
/// max and min pass the tangent of the unique extreme element, and 0 at a tie (the contract's
/// subgradient at a kink). prod's adjoint is ȳ·y/x, undefined where an element is exactly 0.
public struct Reduce: Primitive {
    /// Which reduction; the raw value is the language's name for it.
    public enum Kind: String, Sendable {
        /// Σ xᵢ.
        case sum
        /// Π xᵢ.
        case prod
        /// The largest element.
        case max
        /// The smallest element.
        case min
    }
    /// The reduction this primitive makes.
    public let kind: Kind
    /// The axis reduced, or nil for all elements.
    public let axis: Int?
    let outer: Int, n: Int, inner: Int

    init(kind: Kind, shape: [Int], axis: Int?) {
        self.kind = kind
        self.axis = axis
        if let a = axis {
            outer = shape[..<a].reduce(1, *); n = shape[a]; inner = shape[(a + 1)...].reduce(1, *)
        } else {
            outer = 1; n = elementCount(shape); inner = 1
        }
    }

    public var name: String { kind.rawValue }
    /// Reducing one element is a copy for every kind (max/min of a single element passes its tangent).
    public var scalarKernel: ScalarKernel? { outer * n * inner == 1 ? .element(position: 0) : nil }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        let a = x[0]
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                var acc: Double
                switch kind {
                case .sum:
                    acc = 0
                    for r in 0..<n { acc += a[base + r * inner] }
                case .prod:
                    acc = 1
                    for r in 0..<n { acc *= a[base + r * inner] }
                case .max:
                    acc = -.infinity
                    for r in 0..<n { let v = a[base + r * inner]; if v > acc || v.isNaN { acc = v; if v.isNaN { break } } }
                case .min:
                    acc = .infinity
                    for r in 0..<n { let v = a[base + r * inner]; if v < acc || v.isNaN { acc = v; if v.isNaN { break } } }
                }
                y[o * inner + i] = acc
            }
        }
    }

    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let a = x[0], d = dx[0]!
        let size = outer * n * inner, outSize = outer * inner
        for j in 0..<k {
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = j * size + o * n * inner + i, abase = o * n * inner + i
                    let yi = y[o * inner + i]
                    var acc = 0.0
                    switch kind {
                    case .sum:
                        for r in 0..<n { acc += d[base + r * inner] }
                    case .prod:
                        for r in 0..<n { acc += yi / a[abase + r * inner] * d[base + r * inner] }
                    case .max, .min:
                        var hits = 0, at = 0
                        for r in 0..<n where a[abase + r * inner] == yi { hits += 1; at = r }
                        acc = hits == 1 ? d[base + at * inner] : 0
                    }
                    dy[j * outSize + o * inner + i] = acc
                }
            }
        }
    }

    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        let shape = g.shape(x[0])
        var keep = shape
        if let a = axis { keep[a] = 1 } else { keep = [] }
        let spread = { (v: Node) throws -> Node in try g.broadcast(g.reshape(v, keep), to: shape) }
        switch kind {
        case .sum:
            return [try spread(dy)]
        case .prod:
            return [try g.div(spread(g.mul(dy, y)), x[0])]
        case .max, .min:
            let hit = try g.compare(.eq, x[0], spread(y))
            let hits = g.apply(Reduce(kind: .sum, shape: shape, axis: axis), [hit], shape: g.shape(y))
            let unique = try g.compare(.eq, hits, g.scalar(1))
            return [try g.mul(g.mul(spread(dy), hit), spread(unique))]
        }
    }
}
