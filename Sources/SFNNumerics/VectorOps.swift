/// Small vector helpers on `[Double]` used by the methods (the heavy work is in BLAS and the tape).
public enum Vec {
    @inlinable public static func dot(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "dot: lengths \(a.count) and \(b.count) differ")
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }
    @inlinable public static func norm(_ a: [Double]) -> Double {
        // Scaled to avoid overflow for huge entries.
        var scale = 0.0
        for x in a { scale = max(scale, abs(x)) }
        if scale == 0 || !scale.isFinite { return scale == 0 ? 0 : (scale.isNaN ? .nan : .infinity) }
        var s = 0.0
        for x in a { let y = x / scale; s += y * y }
        return scale * s.squareRoot()
    }
    /// y += alpha · x
    @inlinable public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        precondition(x.count == y.count)
        for i in 0..<x.count { y[i] += alpha * x[i] }
    }
    @inlinable public static func scaled(_ a: [Double], _ s: Double) -> [Double] { a.map { $0 * s } }
    @inlinable public static func add(_ a: [Double], _ b: [Double]) -> [Double] {
        precondition(a.count == b.count)
        return (0..<a.count).map { a[$0] + b[$0] }
    }
    @inlinable public static func sub(_ a: [Double], _ b: [Double]) -> [Double] {
        precondition(a.count == b.count)
        return (0..<a.count).map { a[$0] - b[$0] }
    }
    @inlinable public static func allFinite(_ a: [Double]) -> Bool { a.allSatisfy { $0.isFinite } }
}
