// `clip=` of newton and sfn (Dauphin et al., appendix F.3, after Pascanu et al.): a candidate step
// longer than the clip is scaled to that length before f is evaluated, for every rung alike.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct StepClipTests {
    /// Lengths of the steps of a run (from its path).
    static func stepLengths(_ r: MethodResult) -> [Double] {
        zip(r.path, r.path.dropFirst()).map { Vec.norm(Vec.sub($1, $0)) }
    }

    @Test(arguments: ["newton", "sfn", "krylov"])
    func longStepsAreScaledToTheClip(method: String) {
        // x² + 2y² from (3, 4): the undamped Newton step (to the origin) has length 5.
        let f = Problems.quadratic(1, 2)
        let options = RunOptions(steps: 40, tol: 1e-10)
        let r: MethodResult
        switch method {
        case "newton": r = Methods.newton(f, x0: [3, 4], damping: .undamped, clip: 0.5, options: options)
        case "sfn": r = Methods.sfn(f, x0: [3, 4], damping: .undamped, clip: 0.5, options: options)
        default: r = Methods.sfn(f, x0: [3, 4], damping: .undamped, krylov: 2, clip: 0.5, options: options)
        }
        let lengths = Self.stepLengths(r)
        #expect(r.converged)
        // Ten steps of exactly 0.5 along the Newton direction, then the remaining Newton step.
        #expect(lengths.count == 10, "\(lengths)")
        for l in lengths { #expect(l <= 0.5 * (1 + 1e-12)) }
        for l in lengths.prefix(9) { #expect(abs(l - 0.5) < 1e-12) }
        #expect(Vec.norm(r.x) < 1e-10)
    }

    @Test func everyRungOfTheLadderIsClipped() {
        // With damping="auto" each rung's step is clipped before f is evaluated, so no trial
        // point lies farther than the clip and the run still descends.
        let f = Problems.rosenbrock()
        let r = Methods.sfn(f, x0: [-1.2, 1], clip: 0.1, options: RunOptions(steps: 300, tol: 1e-9))
        #expect(r.converged)
        #expect(Self.stepLengths(r).allSatisfy { $0 <= 0.1 * (1 + 1e-12) })
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(abs(r.x[0] - 1) < 1e-6 && abs(r.x[1] - 1) < 1e-6)
        // Unclipped, the same run takes longer steps.
        let free = Methods.sfn(f, x0: [-1.2, 1], options: RunOptions(steps: 300, tol: 1e-9))
        #expect((Self.stepLengths(free).max() ?? 0) > 0.1)
    }
}
