// The methods on objectives compiled by the autodiff tape (not hand-written derivatives): the
// seeds' saddle story end to end through the engine.
import Foundation
import Testing
import SFNMethods
import SFNNumerics
import SFNTape

func compiled(_ build: @escaping (Var, Var) -> Var) throws -> CompiledObjective {
    try CompiledObjective(parameters: [[], []]) { g, p in build(Var(g, p[0]), Var(g, p[1])).node }
}

@Suite struct CompiledObjectiveMethodTests {
    @Test func newtonJumpsOntoTheSaddleInOneStep() throws {
        let f = try compiled { x, y in x * x - y * y }
        for start in [[0.3, -0.7], [5.0, 2.0], [-1e-3, 4.0]] {
            let r = Methods.newton(f, x0: start, options: RunOptions(steps: 5))
            #expect(r.history.count >= 2)
            #expect(abs(r.x[0]) < 1e-14 && abs(r.x[1]) < 1e-14)
            #expect(r.converged && r.steps == 1)
            let c = try Methods.classify(f, at: r.x)
            #expect(c.kind == .saddle && c.index == 1 && c.alpha == 0.5)
        }
    }

    @Test func saddleFreeNewtonReachesTheMinimumOfTheQuarticSaddle() throws {
        let f = try compiled { x, y in x * x - y * y + y.pow(4) / 4 }
        let r = Methods.sfn(f, x0: [0.1, 0.1])
        #expect(r.converged && r.reason == .converged)
        #expect(abs(r.x[0]) < 1e-8 && abs(abs(r.x[1]) - 2.0.squareRoot()) < 1e-8)
        #expect(abs(r.f - -1) < 1e-12)
        #expect(try Methods.classify(f, at: r.x).kind == .minimum)
        // Newton from the same start is attracted to the saddle instead.
        let n = Methods.newton(f, x0: [0.1, 0.1])
        #expect(Vec.norm(n.x) < 1e-8)
        #expect(try Methods.classify(f, at: n.x).kind == .saddle)
    }

    @Test func saddleFreeNewtonEscapesTheExactSaddle() throws {
        let f = try compiled { x, y in x * x - y * y + y.pow(4) / 4 }
        let r = Methods.sfn(f, x0: [0, 0])
        #expect(r.converged && abs(r.f - -1) < 1e-12)
        let stuck = Methods.sfn(f, x0: [0, 0], escape: false)
        #expect(stuck.converged && stuck.x == [0, 0] && stuck.steps == 0)
    }

    @Test func classifyTheStandardPoints() throws {
        let cases: [(CompiledObjective, [Double], CriticalKind)] = [
            (try compiled { x, y in x * x - y * y }, [0, 0], .saddle),
            (try compiled { x, y in x * x + y * y }, [0, 0], .minimum),
            (try compiled { x, y in -(x * x) - y * y }, [0, 0], .maximum),
            (try compiled { x, y in x.pow(3) - 3 * x * y * y }, [0, 0], .degenerate),
            (try compiled { x, y in (x * x + y * y - 1).pow(2) }, [0, 0], .maximum),
            (try compiled { x, y in (x * x + y * y - 1).pow(2) }, [0.6, 0.8], .degenerate),
            (try compiled { x, y in x * x + y * y }, [1, 0], .notCritical),
        ]
        for (f, x, kind) in cases { #expect(try Methods.classify(f, at: x).kind == kind) }
    }

    @Test func checkAgreesWithTheTape() throws {
        let f = try compiled { x, y in 100 * (y - x * x).pow(2) + (1 - x).pow(2) }
        let c = Methods.check(f, at: [-1.2, 1])
        #expect(c.ok && c.gradErr < 1e-8 && c.hvpErr < 1e-8 && c.hessianErr < 1e-8)
    }
}
