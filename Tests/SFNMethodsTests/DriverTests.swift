import Testing
import SFNMethods
import SFNNumerics

@Suite struct DriverTests {
    @Test func nonFiniteStopKeepsTheLastFiniteIterate() {
        // f = log x, lr = 0.5 from x = 1: x₁ = 1 − 0.5 = 0.5, x₂ = 0.5 − 0.5/0.5 = −0.5 → NaN.
        let r = Methods.gd(Problems.logarithm(), x0: [1], lr: 0.5)
        #expect(r.reason == .nonFinite)
        #expect(r.reason.rawValue == "non-finite")
        #expect(r.x == [0.5])
        #expect(r.steps == 1)
        #expect(r.f.isFinite)
        #expect(r.history.count == 2)
        #expect(r.evals == 3)    // x₀, x₁, and the rejected x₂
    }

    @Test func objectiveTurningNaNStopsEveryMethod() {
        // f = x² until x < 0.3, then NaN: the first step from x = 1 with gd(lr=0.4) lands at 0.2.
        let f = ClosureObjective(dimension: 1, value: { x in x[0] < 0.3 ? .nan : x[0] * x[0] },
                                 gradient: { x in [2 * x[0]] },
                                 hessian: { _ in Tensor(rows: [[2]]) })
        #expect(Methods.gd(f, x0: [1], lr: 0.4).reason == .nonFinite)
        #expect(Methods.newton(f, x0: [1]).reason == .nonFinite)            // lands on 0
        #expect(Methods.sfn(f, x0: [1], damping: .undamped).reason == .nonFinite)
        let start = Methods.gd(f, x0: [0.1])
        #expect(start.reason == .nonFinite && start.steps == 0 && start.x == [0.1])
    }

    @Test func lineSearchesBackOffFromNaN() {
        // f = 5(x − 1)², NaN for x < 0.5. From x = 1.2 (g = 2) L-BFGS's first trial,
        // α = 1/‖g‖, lands at 0.2: NaN. The line search must treat it as "too far" and back off.
        var nanTrials = 0
        let f = ClosureObjective(dimension: 1, value: { x in
            if x[0] < 0.5 { nanTrials += 1; return .nan }
            return 5 * (x[0] - 1) * (x[0] - 1)
        }, gradient: { x in [10 * (x[0] - 1)] }, hessian: { _ in Tensor(rows: [[10]]) })
        let r = Methods.lbfgs(f, x0: [1.2])
        #expect(nanTrials >= 1)
        #expect(r.reason == .converged)
        #expect(abs(r.x[0] - 1) < 1e-8)
    }

    @Test func cancellationFromProgressInterrupts() {
        let stop = Cancellation()
        var seen: [Int] = []
        let options = RunOptions(cancellation: stop, progress: { event in
            seen.append(event.step)
            if event.step == 3 { stop.cancel() }
        })
        let r = Methods.gd(Problems.quadratic(1, 1), x0: [1, 1], lr: 0.1, options: options)
        #expect(r.reason == .interrupted)
        #expect(r.reason.rawValue == "interrupted")
        #expect(!r.converged)
        #expect(r.steps == 3)
        #expect(seen == [0, 1, 2, 3])
        #expect(close(r.x, [0.512, 0.512], 1e-15))
        #expect(r.history.count == 4)
        #expect(stop.isCancelled)
        stop.reset()
        #expect(!stop.isCancelled)
    }

    @Test func cancelledBeforeStartTakesNoStep() {
        let stop = Cancellation()
        stop.cancel()
        let r = Methods.sfn(Problems.quarticSaddle(), x0: [0.1, 0.1], options: RunOptions(cancellation: stop))
        #expect(r.reason == .interrupted)
        #expect(r.steps == 0)
        #expect(r.x == [0.1, 0.1])
        #expect(close(r.history, [0.000025], 1e-18))
    }

    @Test func cancellationInsideTheLadderDiscardsThePartialStep() {
        // Cancel from inside the objective while the ladder evaluates its third trial.
        let stop = Cancellation()
        var calls = 0
        let base = Problems.quarticSaddle()
        let f = ClosureObjective(dimension: 2, value: { x in
            calls += 1
            if calls == 3 { stop.cancel() }
            return base.value(at: x)
        }, gradient: { x in base.valueAndGradient(at: x).gradient },
           hvp: { x, v in base.hessianVectorProduct(at: x, v) })
        let r = Methods.sfn(f, x0: [0.1, 0.1], options: RunOptions(cancellation: stop))
        #expect(r.reason == .interrupted)
        #expect(r.steps == 0)
        #expect(r.x == [0.1, 0.1])
    }

    @Test func countsEvaluationsAndHessianProducts() {
        // newton(0) on a 3-D quadratic: one Hessian (3 hvps), x₀ and x₁ evaluated.
        let f = ClosureObjective(dimension: 3, value: { x in x[0] * x[0] + 2 * x[1] * x[1] - x[2] * x[2] },
                                 gradient: { x in [2 * x[0], 4 * x[1], -2 * x[2]] },
                                 hvp: { _, v in [2 * v[0], 4 * v[1], -2 * v[2]] })
        let newton = Methods.newton(f, x0: [1, 2, 3])
        #expect(newton.steps == 1 && newton.converged)
        #expect(newton.evals == 2)
        #expect(newton.hvps == 3)
        // sfn(auto) for 2 steps: 2 Hessians; per step the ladder's values and one (f, ∇f). On a
        // quadratic the bottom rung 1e-5 wins the first step, so the second ladder has 7 rungs.
        let sfn = Methods.sfn(f, x0: [1, 2, 3], options: RunOptions(steps: 2))
        #expect(sfn.steps == 2)
        #expect(sfn.hvps == 6)
        #expect(sfn.evals == 1 + (6 + 1) + (7 + 1))
        // gd: one evaluation per step plus the start.
        #expect(Methods.gd(f, x0: [1, 2, 3], options: RunOptions(steps: 5)).evals == 6)
    }

    @Test func zeroStepsOnlyEvaluates() {
        let r = Methods.gd(Problems.quadratic(1, 1), x0: [1, 0], options: RunOptions(steps: 0))
        #expect(r.reason == .maxSteps && r.steps == 0 && r.evals == 1 && r.history == [1])
        let at = Methods.gd(Problems.quadratic(1, 1), x0: [0, 0], options: RunOptions(steps: 0))
        #expect(at.reason == .converged)
    }

    @Test func pathIsRecordedForSmallProblemsOnly() {
        let small = Methods.gd(Problems.quadratic(1, 1), x0: [1, 1], options: RunOptions(steps: 2))
        #expect(small.path.count == 3)
        #expect(close(small.path.flatMap { $0 }, [1, 1, 0.98, 0.98, 0.9604, 0.9604], 1e-15))
        let off = Methods.gd(Problems.quadratic(1, 1), x0: [1, 1],
                             options: RunOptions(steps: 2, recordPath: false))
        #expect(off.path.isEmpty)
    }
}
