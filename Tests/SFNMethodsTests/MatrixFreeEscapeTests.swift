// Every matrix-free method with escape leaves exact saddles (g = 0) and saddles it is led onto
// (g ⟂ the negative curvature), and converges to a minimum; Newton without damping stays (control).
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct MatrixFreeEscapeTests {
    static let methods = ["sfhf", "arc", "trust-cg", "trust-lanczos", "rsfn"]

    static func run(_ method: String, _ f: any Objective, from x0: [Double], escape: Bool = true,
                    steps: Int = 100) -> MethodResult {
        let options = RunOptions(steps: steps)
        switch method {
        case "sfhf": return Methods.sfhf(f, x0: x0, escape: escape, options: options)
        case "arc": return Methods.arc(f, x0: x0, escape: escape, options: options)
        case "trust-cg": return Methods.trust(f, x0: x0, solver: .cg, escape: escape, options: options)
        case "trust-lanczos": return Methods.trust(f, x0: x0, solver: .lanczos, escape: escape, options: options)
        default: return Methods.rsfn(f, x0: x0, escape: escape, options: options)
        }
    }

    static func neverRises(_ r: MethodResult) -> Bool {
        zip(r.history, r.history.dropFirst()).allSatisfy { $0 >= $1 - 1e-14 * max(1, abs($0)) }
    }

    /// x² − y² from exactly the saddle: g = 0, so no gradient-driven step moves; with escape the
    /// Lanczos run from a random start finds the curvature −2 and the run leaves (f unbounded below,
    /// so it never converges); without escape it reports the saddle as converged after 0 steps.
    @Test(arguments: methods)
    func leavesTheExactSaddleOfXSquaredMinusYSquared(method: String) {
        let f = Problems.saddle()
        let r = Self.run(method, f, from: [0, 0], steps: 5)
        #expect(r.reason != .converged, "\(method)")
        #expect(r.f < -1, "\(method): f = \(r.f)")
        #expect(r.extra["escapes"] == 1, "\(method)")
        #expect(Self.neverRises(r), "\(method)")
        #expect(r.hvps > 0 && r.history.count == r.steps + 1)
        let stays = Self.run(method, f, from: [0, 0], escape: false, steps: 5)
        #expect(stays.reason == .converged && stays.steps == 0, "\(method)")
    }

    /// The record counts the escape test's products: on x² − y² from 0, Lanczos from a random
    /// start is invariant after m = 2 steps (the basis is kept, so the Ritz vector costs none), and
    /// after the escape ‖g‖ > tol, so no further test runs.
    @Test func theEscapeTestsProductsAreCounted() {
        let r = Methods.sfhf(Problems.saddle(), x0: [0, 0], options: RunOptions(steps: 1))
        #expect(r.steps == 1 && r.extra["escapes"] == 1)
        #expect(r.hvps == 2)
        #expect(abs(r.x[0]) < 1e-12 && abs(r.x[1]) > 1)
    }

    /// x² − y² + y⁴/4 from [1, 0] (g = (2, 0) ⟂ the negative curvature e₂: every Krylov space from
    /// g stays on the x-axis, so the methods are led onto the saddle) and from exactly [0, 0]: with
    /// escape every method ends at a minimum (0, ±√2), f = −1.
    @Test(arguments: methods)
    func convergesToAMinimumOfTheQuarticSaddle(method: String) throws {
        let f = Problems.quarticSaddle()
        for x0 in [[1.0, 0], [0.0, 0]] {
            let r = Self.run(method, f, from: x0)
            #expect(r.reason == .converged, "\(method) from \(x0): \(r.reason.rawValue) after \(r.steps)")
            #expect(abs(r.f + 1) < 1e-10, "\(method) from \(x0): f = \(r.f)")
            #expect(abs(r.x[0]) < 1e-6 && abs(abs(r.x[1]) - sqrt(2.0)) < 1e-6, "\(method) from \(x0): \(r.x)")
            #expect(try Methods.classify(f, at: r.x).kind == .minimum)
            #expect((r.extra["escapes"] ?? 0) >= 1, "\(method) from \(x0)")
            #expect(Self.neverRises(r), "\(method) from \(x0)")
        }
    }

    /// The control: undamped Newton from [1, 0] lands on the saddle and stays there.
    @Test func newtonWithoutDampingStaysOnTheSaddle() throws {
        let f = Problems.quarticSaddle()
        for x0 in [[1.0, 0], [0.0, 0]] {
            let r = Methods.newton(f, x0: x0, damping: .undamped)
            #expect(r.reason == .converged && Vec.norm(r.x) < 1e-12)
            #expect(try Methods.classify(f, at: r.x).kind == .saddle)
        }
    }

    /// In many dimensions: 8 rotated copies of the quartic saddle (m = 16) from exactly the
    /// saddle at 0, where the Hessian has eight eigenvalues −2: sfhf and arc reach a minimum
    /// (f = −8) from H·v products only.
    @Test(arguments: ["sfhf", "arc", "trust-lanczos"])
    func leavesAHighDimensionalExactSaddle(method: String) throws {
        let f = ScalableProblems.rotatedQuarticSaddles(pairs: 8, seed: 3)
        let r = Self.run(method, f, from: [Double](repeating: 0, count: 16), steps: 300)
        #expect(r.reason == .converged, "\(method): \(r.reason.rawValue) after \(r.steps), gnorm \(r.gnorm)")
        #expect(abs(r.f + 8) < 1e-8, "\(method): f = \(r.f)")
        #expect(try Methods.classify(f, at: r.x).kind == .minimum)
    }
}
