// Issue 17, item 8: every method stops with "non-finite" when it runs into NaN or ±inf, whether the
// non-finite value is the accepted iterate or a trial point its line search or damping loop
// cannot get past.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

/// Every iterative method of the engine, by the name a test reports.
let everyMethod = ["gd", "sgd", "newton", "newton auto", "sfn", "sfn krylov", "sfhf lanczos", "sfhf ode", "sfhf fixed",
                   "lbfgs", "critical"]

/// Runs the method called `name` in ``everyMethod``.
func run(_ name: String, _ f: any Objective, _ x: [Double], _ o: RunOptions) -> MethodResult {
    switch name {
    case "gd": return Methods.gd(f, x0: x, lr: 0.1, options: o)
    case "sgd": return Methods.sgd(f, x0: x, lr: 0.1, momentum: 0.5, options: o)
    case "newton": return Methods.newton(f, x0: x, options: o)
    case "newton auto": return Methods.newton(f, x0: x, damping: .auto, options: o)
    case "sfn": return Methods.sfn(f, x0: x, options: o)
    case "sfn krylov": return Methods.sfn(f, x0: x, krylov: 2, options: o)
    case "sfhf lanczos": return Methods.sfhf(f, x0: x, route: .lanczos, options: o)
    case "sfhf ode": return Methods.sfhf(f, x0: x, route: .ode, options: o)
    case "sfhf fixed": return Methods.sfhf(f, x0: x, damping: .fixed(0.1), options: o)
    case "lbfgs": return Methods.lbfgs(f, x0: x, options: o)
    case "critical": return Methods.critical(f, x0: x, options: o).run
    default: preconditionFailure("no method \(name)")
    }
}

@Suite struct NonFiniteStopTests {
    /// f = (x − 2)² + y² on the line y = 0 and NaN off it, with ∇f pointing off the line: every
    /// step from (0, 0) lands on NaN, whatever the method does to back off.
    static func nanOffALine() -> ClosureObjective { ClosureObjective(
        dimension: 2, value: { x in x[1] == 0 ? (x[0] - 2) * (x[0] - 2) : .nan },
        gradient: { x in [2 * (x[0] - 2), 1] }, hessian: { _ in Tensor(rows: [[2, 0], [0, 2]]) }) }

    @Test(arguments: everyMethod)
    func nanOffALineStopsAsNonFinite(_ name: String) {
        let r = run(name, Self.nanOffALine(), [0, 0], RunOptions(steps: 50))
        #expect(r.reason == .nonFinite, "\(name): \(r.reason.rawValue) after \(r.steps) steps")
        #expect(r.steps == 0)
        #expect(r.x == [0, 0] && r.f == 4)
        #expect(r.extra["stalled"] == nil)
    }

    /// f = log w₁ + log w₂ + 0.001‖w‖², unbounded below as w → 0 and NaN past it (the issue's
    /// `lbfgs(f, [1, 2], steps=50)`, which said "max steps after 1 step").
    static func logBarrier() -> ClosureObjective { ClosureObjective(
        dimension: 2, value: { w in log(w[0]) + log(w[1]) + 0.001 * (w[0] * w[0] + w[1] * w[1]) },
        gradient: { w in [1 / w[0] + 0.002 * w[0], 1 / w[1] + 0.002 * w[1]] },
        hessian: { w in Tensor(rows: [[-1 / (w[0] * w[0]) + 0.002, 0], [0, -1 / (w[1] * w[1]) + 0.002]]) }) }

    @Test func lbfgsIntoALogBarrierStopsAsNonFinite() {
        let r = Methods.lbfgs(Self.logBarrier(), x0: [1, 2], options: RunOptions(steps: 50))
        #expect(r.reason == .nonFinite, "\(r.reason.rawValue) after \(r.steps) steps")
        #expect(r.f.isFinite && r.x.allSatisfy { $0 > 0 })
    }

    /// A stall with nothing non-finite in sight is still "max steps" with `stalled`: f constant,
    /// so no line search finds a decrease.
    @Test func aStallWithoutNaNIsStillMaxSteps() {
        let flat = ClosureObjective(dimension: 1, value: { _ in 1 }, gradient: { _ in [1] },
                                    hessian: { _ in Tensor(rows: [[0]]) })
        let r = Methods.lbfgs(flat, x0: [0])
        #expect(r.reason == .maxSteps)
        #expect(r.extra["stalled"] == 1)
    }
}
