// cumsum: running sums, whose tangent and adjoint are running sums too.
import SFNNumerics

/// Running sums of a vector, y[i] = x[0] + … + x[i] (`cumsum`). The map is linear, so its tangent
/// is the running sum of the tangent, and its adjoint the running sum taken from the other end,
/// x̄[i] = ȳ[i] + … + ȳ[n−1]: the same primitive with `reversed` set. O(n) either way.
struct CumSum: Primitive {
    /// Sum from the last element towards the first instead.
    public let reversed: Bool

    public init(reversed: Bool = false) { self.reversed = reversed }

    public var name: String { reversed ? "cumsum_reversed" : "cumsum" }

    func scan(_ a: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        var total = 0.0
        if reversed {
            for i in stride(from: n - 1, through: 0, by: -1) { total += a[i]; y[i] = total }
        } else {
            for i in 0..<n { total += a[i]; y[i] = total }
        }
    }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        scan(x[0], y, x.count(0))
    }

    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ k: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let n = x.count(0), d = dx[0]!
        for j in 0..<k { scan(d + j * n, dy + j * n, n) }
    }

    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        [g.apply(CumSum(reversed: !reversed), [dy], shape: g.shape(dy))]
    }
}
