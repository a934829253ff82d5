// SplitMix64, the seedable generator behind randn, rand, init and the randomised methods.
import Foundation

/// SplitMix64: a small, fast, seedable generator, so that `randn(…, seed=s)`, network
/// initialisation and randomised checks give the same numbers on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// A generator whose sequence is fixed by `seed` (any value, zero included).
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        var u = uniform()
        while u == 0 { u = uniform() }
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * uniform())
    }

    /// `n` independent standard normals.
    public mutating func normals(_ n: Int) -> [Double] { (0..<n).map { _ in normal() } }
    /// `n` independent draws, uniform on `r` (the upper bound itself is never drawn).
    public mutating func uniforms(_ n: Int, in r: ClosedRange<Double> = 0...1) -> [Double] {
        (0..<n).map { _ in r.lowerBound + (r.upperBound - r.lowerBound) * uniform() }
    }
}

extension SplitMix64 {
    /// A random n×n orthogonal matrix, row-major, distributed uniformly (Haar) over the orthogonal
    /// group: a matrix of standard normals orthonormalised column by column by Gram–Schmidt.
    ///
    /// Gram–Schmidt is the Q of a QR factorisation whose R has a positive diagonal, which is what
    /// makes Q Haar-distributed (Mezzadri 2007); each column is projected twice ("twice is
    /// enough", Giraud et al. 2005), so QᵀQ = I to rounding. A column that the projections leave
    /// (numerically) empty is drawn again, which happens with probability zero in exact arithmetic.
    /// This is the orthogonal initialisation of recurrent weights of Saxe et al. (2014).
    public mutating func orthogonal(_ n: Int) -> [Double] {
        precondition(n >= 0)
        var q = [Double](repeating: 0, count: n * n)   // column-major while building: column j at j*n
        var column = [Double](repeating: 0, count: n)
        var j = 0
        while j < n {
            for i in 0..<n { column[i] = normal() }
            let start = Vec.norm(column)
            for _ in 0..<2 {
                for p in 0..<j {
                    var d = 0.0
                    for i in 0..<n { d += q[p * n + i] * column[i] }
                    for i in 0..<n { column[i] -= d * q[p * n + i] }
                }
            }
            let r = Vec.norm(column)
            guard r > 1e-8 * start else { continue }
            for i in 0..<n { q[j * n + i] = column[i] / r }
            j += 1
        }
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for c in 0..<n { out[i * n + c] = q[c * n + i] } }
        return out
    }
}
