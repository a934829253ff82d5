import Testing
import SFNMethods
import SFNNumerics

@Suite struct SpectrumTests {
    @Test func fullSpectrumOfAKnownMatrix() throws {
        // f = ½ θᵀAθ with A = diag(−3, 0, 1e-9, 2, 5): α counts −3 only; 0 and 1e-9 are near zero.
        let d: [Double] = [2, -3, 5, 0, 1e-9]
        let f = ClosureObjective(dimension: 5,
                                 value: { (x: [Double]) -> Double in 0.5 * (0..<5).reduce(0.0) { (s: Double, i: Int) -> Double in s + d[i] * x[i] * x[i] } },
                                 gradient: { x in (0..<5).map { d[$0] * x[$0] } },
                                 hvp: { _, v in (0..<5).map { d[$0] * v[$0] } })
        let s = try Methods.spectrum(f, at: [1, 2, 3, 4, 5])
        #expect(s.eigenvalues == [-3, 0, 1e-9, 2, 5])
        #expect(s.min == -3)
        #expect(s.max == 5)
        #expect(s.alpha == 0.2)
        #expect(s.nearZero == 2)
    }
}
