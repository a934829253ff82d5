/// Small vector helpers on `[Double]` used by the methods (the heavy work is in BLAS and the tape).
public enum Vec {
    /// The dot product Σ aᵢbᵢ; the lengths must be equal. O(n), no BLAS call.
    @inlinable public static func dot(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "dot: lengths \(a.count) and \(b.count) differ")
        var s = 0.0
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }
    /// The Euclidean norm ‖a‖₂, scaled by max |aᵢ| so that huge entries do not overflow; `inf` or `nan`
    /// when an entry is.
    @inlinable public static func norm(_ a: [Double]) -> Double {
        // Scaled to avoid overflow for huge entries.
        var scale = 0.0
        for x in a { scale = max(scale, abs(x)) }
        if scale == 0 || !scale.isFinite { return scale == 0 ? 0 : (scale.isNaN ? .nan : .infinity) }
        var s = 0.0
        for x in a { let y = x / scale; s += y * y }
        return scale * s.squareRoot()
    }
    /// y += alpha · x; the lengths must be equal.
    @inlinable public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        precondition(x.count == y.count)
        for i in 0..<x.count { y[i] += alpha * x[i] }
    }
    /// s · a.
    @inlinable public static func scaled(_ a: [Double], _ s: Double) -> [Double] { a.map { $0 * s } }
    /// a + b; the lengths must be equal.
    @inlinable public static func add(_ a: [Double], _ b: [Double]) -> [Double] {
        precondition(a.count == b.count)
        return (0..<a.count).map { a[$0] + b[$0] }
    }
    /// a − b; the lengths must be equal.
    @inlinable public static func sub(_ a: [Double], _ b: [Double]) -> [Double] {
        precondition(a.count == b.count)
        return (0..<a.count).map { a[$0] - b[$0] }
    }
    /// Whether no element is infinite or nan.
    @inlinable public static func allFinite(_ a: [Double]) -> Bool { a.allSatisfy { $0.isFinite } }
}
