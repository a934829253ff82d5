// arc and trust against hand-worked first steps on quadratics with known spectrum, the hard case
// at the method level, and a few Moré–Garbow–Hillstrom problems.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct RegularisedMethodTests {
    /// f = −x² + y² + 2x + 6y: H = diag(−2, 2), g(0) = (2, 6), not an eigenvector, so the Krylov
    /// space from g is all of ℝ². The minimiser of either model has s = −g/(θ + λ); at λ = 4 that is
    /// s = (−2/2, −6/6) = (−1, −1), ‖s‖ = √2: the trust-region solution for Δ = √2 and the cubic
    /// one for σ = λ/‖s‖ = 2√2. On a quadratic the actual decrease is at least the predicted one, so
    /// the first trial is accepted.
    static func indefiniteQuadratic() -> ClosureObjective {
        ClosureObjective(dimension: 2, value: { x in -x[0] * x[0] + x[1] * x[1] + 2 * x[0] + 6 * x[1] },
                         gradient: { x in [-2 * x[0] + 2, 2 * x[1] + 6] },
                         hessian: { _ in Tensor(rows: [[-2, 0], [0, 2]]) })
    }

    @Test func arcFirstStepIsTheCubicModelsMinimiser() {
        let r = Methods.arc(Self.indefiniteQuadratic(), x0: [0, 0], sigma: 2 * sqrt(2.0),
                            options: RunOptions(steps: 1))
        #expect(close(r.x, [-1, -1], 1e-10), "\(r.x)")
        // ρ = q/(q + σ/3‖s‖³) > 1 ≥ 0.9: very successful, σ halves.
        #expect(abs(r.extra["sigma"]! - sqrt(2.0)) < 1e-12)
        #expect(r.extra["rejected"] == 0 && r.hvps == 2)
    }

    @Test func trustLanczosFirstStepIsTheTrustRegionSolution() {
        let r = Methods.trust(Self.indefiniteQuadratic(), x0: [0, 0], radius: sqrt(2.0), solver: .lanczos,
                              options: RunOptions(steps: 1))
        #expect(close(r.x, [-1, -1], 1e-10), "\(r.x)")
        // ρ = 1 and the step is on the boundary: the radius doubles.
        #expect(abs(r.extra["radius"]! - 2 * sqrt(2.0)) < 1e-12)
    }

    /// Steihaug CG from the same point: d = −g has dᵀHd = −8 + 72 > 0 and the CG point
    /// −(40/64)g lies outside Δ = √2, so the step is −g/‖g‖·√2 = −(2, 6)/√20 — the Cauchy step, not
    /// the Lanczos solution: CG stops at the boundary where Lanczos would have turned.
    @Test func trustCGFirstStepStopsOnTheBoundaryAlongTheGradient() {
        let r = Methods.trust(Self.indefiniteQuadratic(), x0: [0, 0], radius: sqrt(2.0), solver: .cg,
                              options: RunOptions(steps: 1))
        #expect(close(r.x, [-2 / sqrt(20.0), -6 / sqrt(20.0)], 1e-12), "\(r.x)")
        #expect(r.extra["inner"] == 1)
    }

    /// The hard case at the method level: f = ½xᵀdiag(−2, 1, 3)x + (0, 1, 3)ᵀx from 0, where
    /// g ⟂ e₁. The Krylov space from g is span(e₂, e₃) (invariant after two vectors), so the model
    /// step cannot see e₁: the step lands on the saddle (0, −1, −1) where g = 0. Without escape the
    /// run stops there as converged; with it, the matrix-free escape leaves along e₁ and f falls
    /// below the saddle's value.
    @Test(arguments: ["arc", "trust-cg", "trust-lanczos"])
    func hardCaseReachesTheSaddleAndEscapeLeavesIt(method: String) throws {
        let f = ClosureObjective(dimension: 3,
                                 value: { x in -x[0] * x[0] + 0.5 * x[1] * x[1] + 1.5 * x[2] * x[2] + x[1] + 3 * x[2] },
                                 gradient: { x in [-2 * x[0], x[1] + 1, 3 * x[2] + 3] },
                                 hessian: { _ in Tensor(rows: [[-2, 0, 0], [0, 1, 0], [0, 0, 3]]) })
        func run(_ escape: Bool) -> MethodResult {
            let options = RunOptions(steps: 30)
            switch method {
            case "arc": return Methods.arc(f, x0: [0, 0, 0], sigma: 1e-3, escape: escape, options: options)
            case "trust-cg": return Methods.trust(f, x0: [0, 0, 0], radius: 10, solver: .cg, escape: escape, options: options)
            default: return Methods.trust(f, x0: [0, 0, 0], radius: 10, solver: .lanczos, escape: escape, options: options)
            }
        }
        let saddleValue = -2.0
        let stays = run(false)
        #expect(stays.reason == .converged, "\(method)")
        #expect(stays.x[0] == 0 && abs(stays.f - saddleValue) < 1e-8, "\(method): \(stays.x)")
        #expect(try Methods.classify(f, at: stays.x).kind == .saddle)
        let leaves = run(true)
        #expect(leaves.reason != .converged, "\(method)")
        #expect(leaves.f < saddleValue - 1 && abs(leaves.x[0]) > 1, "\(method): \(leaves.x)")
        #expect((leaves.extra["escapes"] ?? 0) >= 1)
        #expect(zip(leaves.history, leaves.history.dropFirst()).allSatisfy { $0 >= $1 - 1e-14 * max(1, abs($0)) })
    }

    /// With the Lanczos basis regenerated (O(m) memory) instead of kept, the steps are the same to
    /// rounding and cost more products: a second pass for each trial step, and for each escape's
    /// Ritz vector. On 8 rotated quartic saddles (m = 16) from the exact saddle at 0.
    @Test func regeneratedBasisTakesTheSameSteps() {
        let f = ScalableProblems.rotatedQuarticSaddles(pairs: 8, seed: 3)
        let x0 = [Double](repeating: 0, count: 16)
        let methods: [(String, (Int) -> MethodResult)] = [
            ("arc", { budget in var m = AdaptiveCubic(); m.basisBudget = budget; return Driver.run(m, on: f, from: x0) }),
            ("trust", { budget in
                var m = TrustRegion(solver: .lanczos); m.basisBudget = budget; return Driver.run(m, on: f, from: x0)
            }),
            ("rsfn", { budget in
                var m = RegularisedSaddleFreeNewton(); m.basisBudget = budget; return Driver.run(m, on: f, from: x0)
            }),
        ]
        for (name, run) in methods {
            let kept = run(64 << 20), regenerated = run(0)
            #expect(kept.reason == .converged && regenerated.reason == .converged, "\(name)")
            #expect(abs(kept.f + 8) < 1e-8 && abs(regenerated.f + 8) < 1e-8, "\(name)")
            #expect(kept.steps == regenerated.steps, "\(name): \(kept.steps) and \(regenerated.steps) steps")
            #expect(close(kept.x, regenerated.x, 1e-6), "\(name)")
            #expect(regenerated.hvps > kept.hvps, "\(name)")
        }
    }

    /// Four Moré–Garbow–Hillstrom problems from their standard starts, within 500 steps. (rsfn
    /// crawled on Brown's badly scaled function while λ had a floor of 10⁻¹⁶·max θ²: f = 3·10¹¹
    /// after 500 steps.)
    @Test(arguments: ["arc", "trust-cg", "trust-lanczos", "rsfn"])
    func solvesMoreGarbowHillstromProblems(method: String) {
        let problems: [(String, ClosureObjective, [Double])] = [
            ("rosenbrock", Problems.rosenbrock(), [-1.2, 1]),
            ("beale", Problems.beale(), [1, 1]),
            ("powell badly scaled", Problems.powellBadlyScaled(), [0, 1]),
            ("brown badly scaled", Problems.brownBadlyScaled(), [1, 1]),
        ]
        for (name, f, x0) in problems {
            let options = RunOptions(steps: 500)
            let r: MethodResult
            switch method {
            case "arc": r = Methods.arc(f, x0: x0, options: options)
            case "trust-cg": r = Methods.trust(f, x0: x0, solver: .cg, options: options)
            case "rsfn": r = Methods.rsfn(f, x0: x0, options: options)
            default: r = Methods.trust(f, x0: x0, solver: .lanczos, options: options)
            }
            if ProcessInfo.processInfo.environment["SFN_VERBOSE"] != nil {
                print("\(method) \(name): \(r.reason.rawValue) steps \(r.steps) f \(r.f) evals \(r.evals) hvps \(r.hvps)")
            }
            // The compare() criterion: f within 1e-6·max(1, |f*|) of f* = 0.
            #expect(r.f <= 1e-6, "\(method) \(name): f = \(r.f) after \(r.steps) steps, \(r.reason.rawValue)")
            #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $0 >= $1 - 1e-14 * max(1, abs($0)) }, "\(method) \(name)")
        }
    }
}
