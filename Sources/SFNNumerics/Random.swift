import Foundation

/// SplitMix64: a small, fast, seedable generator, so that `randn(…, seed=s)`, network
/// initialisation and randomised checks give the same numbers on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

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

    public mutating func normals(_ n: Int) -> [Double] { (0..<n).map { _ in normal() } }
    public mutating func uniforms(_ n: Int, in r: ClosedRange<Double> = 0...1) -> [Double] {
        (0..<n).map { _ in r.lowerBound + (r.upperBound - r.lowerBound) * uniform() }
    }
}
