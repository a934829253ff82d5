// The mixed second derivative of aᵇ at b = 0: ∂²(aᵇ)/∂a∂b = aᵇ⁻¹(1 + b·log a) = 1/a there. The
// rule for ∂/∂a was zero wherever b = 0 (to avoid 0·∞ at a = 0), so its derivative in b was lost
// and the tape gave 0 (symmetrised: half the true value). Found by the differential harness.
import Foundation
import Testing
@testable import SFNTape

@Suite struct PowerMixedDerivativeTests {
    @Test func mixedSecondDerivativeAtZeroExponent() throws {
        let f = try CompiledObjective(parameters: [[], []]) { g, p in try g.pow(p[0], p[1]) }
        for a in [2.0, 0.5, 3.0] {
            let h = f.hessian(at: [a, 0]).scalars
            #expect(abs(h[1] - 1 / a) < 1e-14 && h[1] == h[2], "a = \(a): \(h)")
            #expect(h[0] == 0)                                            // a⁰ is flat in a
            #expect(abs(h[3] - Foundation.log(a) * Foundation.log(a)) < 1e-14)   // aᵇ·log²a
            #expect(abs(f.hessianVectorProduct(at: [a, 0], [0, 1])[0] - 1 / a) < 1e-14)
        }
        // At a = b = 0 the partial in a stays 0 (not 0·∞).
        #expect(f.valueAndGradient(at: [0, 0]).gradient[0] == 0)
    }
}
