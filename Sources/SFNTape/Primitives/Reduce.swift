// Reductions (sum, prod, max, min) over all elements or one axis, with their derivative rules.
import SFNNumerics

/// sum, prod, max and min over all elements or along one axis. The input is viewed as
/// [outer, n, inner] with the reduced axis in the middle (n = all elements when reducing all).
/// max and min pass the tangent of the unique extreme element, and 0 at a tie (the contract's
/// subgradient at a kink). prod's derivative along xᵣ is the product of the *other* elements,
/// formed from prefix and suffix products (`ProdOthers`), never as y/xᵣ: that division gave nan
/// at an exact zero (∂/∂x₀ of x₀·3·2 is 6, not 0/0) and 0 where y underflowed while the others'
/// product did not (1e-200·1e-200·1e200).
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
                        // Σ_r (Π_{s<r} x_s)(Π_{s>r} x_s) ẋ_r: suffix products in scratch, the
                        // prefix product running.
                        suffixProducts(a + abase, scratch)
                        var prefix = 1.0
                        for r in 0..<n {
                            acc += prefix * scratch[r] * d[base + r * inner]
                            prefix *= a[abase + r * inner]
                        }
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

    /// s[r] = Π_{q>r} x[q·inner] for the line of n elements starting at `x` (s[n−1] = 1).
    @inline(__always) func suffixProducts(_ x: UnsafePointer<Double>, _ s: UnsafeMutablePointer<Double>) {
        var p = 1.0
        for r in stride(from: n - 1, through: 0, by: -1) { s[r] = p; p *= x[r * inner] }
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
            let others = g.apply(ProdOthers(outer: outer, n: n, inner: inner), [x[0]], shape: shape)
            return [try g.mul(spread(dy), others)]
        case .max, .min:
            let hit = try g.compare(.eq, x[0], spread(y))
            let hits = g.apply(Reduce(kind: .sum, shape: shape, axis: axis), [hit], shape: g.shape(y))
            let unique = try g.compare(.eq, hits, g.scalar(1))
            return [try g.mul(g.mul(spread(dy), hit), spread(unique))]
        }
    }
}

/// The product of the other elements of each line along the reduced axis:
/// yᵣ = Π_{q≠r} x_q = (Π_{q<r} x_q)(Π_{q>r} x_q), prod's partial derivatives. Prefix and suffix
/// products, as JAX forms them, so an exact zero or an underflowing product of all elements does
/// not spoil the others' product. Its tangent (prod's second derivatives) follows the same
/// recurrences: with Pᵣ, Sᵣ the prefix and suffix products, ẏᵣ = Ṗᵣ·Sᵣ + Pᵣ·Ṡᵣ.
struct ProdOthers: Primitive {
    let outer: Int, n: Int, inner: Int

    var name: String { "prod_others" }

    func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        let a = x[0]
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                var p = 1.0
                for r in 0..<n { y[base + r * inner] = p; p *= a[base + r * inner] }
                p = 1.0
                for r in stride(from: n - 1, through: 0, by: -1) { y[base + r * inner] *= p; p *= a[base + r * inner] }
            }
        }
    }

    /// Per line: the prefix P and its tangent Ṗ run forward (Ṗ written to ẏ, P to scratch), then
    /// the suffix S and Ṡ run backward and finish ẏᵣ = Ṗᵣ·Sᵣ + Pᵣ·Ṡᵣ.
    func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                 _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let a = x[0], d = dx[0]!
        let size = outer * n * inner
        for j in 0..<k {
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i, t = j * size + base
                    var (p, dp) = (1.0, 0.0)
                    for r in 0..<n {
                        let at = r * inner
                        scratch[r] = p; dy[t + at] = dp
                        (p, dp) = (p * a[base + at], dp * a[base + at] + p * d[t + at])
                    }
                    var (s, ds) = (1.0, 0.0)
                    for r in stride(from: n - 1, through: 0, by: -1) {
                        let at = r * inner
                        dy[t + at] = dy[t + at] * s + scratch[r] * ds
                        (s, ds) = (s * a[base + at], ds * a[base + at] + s * d[t + at])
                    }
                }
            }
        }
    }

    /// Only the gradient graph holds this node, and nothing differentiates a gradient graph in
    /// reverse (Hessians are its tangents), so third derivatives of prod are not offered.
    func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        throw GraphError.invalid(op: "prod", message: "derivatives beyond the second are not available")
    }
}
