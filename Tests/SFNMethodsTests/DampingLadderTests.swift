// The sliding damping ladder of `damping="auto"` (DampingLadder.swift), as `newton`, exact `sfn`
// and Krylov `sfn` use it: it reaches one decade lower each time its bottom rung wins, comes back
// up when a larger rung wins, and stops at DampingLadder.floor times the Hessian's scale.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct DampingLadderTests {
    /// The three methods that share the ladder, by name.
    static let methods = ["newton", "sfn", "krylov"]

    static func run(_ method: String, _ f: any Objective, from x0: [Double], steps: Int, tol: Double,
                    progress: @escaping (ProgressEvent) -> Void) -> MethodResult {
        let options = RunOptions(steps: steps, tol: tol, progress: progress)
        switch method {
        case "newton": return Methods.newton(f, x0: x0, damping: .auto, options: options)
        case "sfn": return Methods.sfn(f, x0: x0, options: options)
        default: return Methods.sfn(f, x0: x0, krylov: x0.count, options: options)
        }
    }

    /// One run's chosen λ per step and the rungs each step tried (its f evaluations, less the one
    /// of the accepted iterate).
    struct Trace {
        var result: MethodResult
        var lambdas: [Double] = []
        var rungs: [Int] = []
    }

    /// Runs `method` on an objective given by closures, counting the value calls of each step.
    static func trace(_ method: String, dimension: Int, value: @escaping ([Double]) -> Double,
                      gradient: @escaping ([Double]) -> [Double], hessian: @escaping ([Double]) -> Tensor,
                      from x0: [Double], steps: Int, tol: Double = 0) -> Trace {
        final class Counter { var calls = 0 }
        let counter = Counter()
        let f = ClosureObjective(dimension: dimension, value: { x in counter.calls += 1; return value(x) },
                                 gradient: gradient, hessian: hessian)
        var lambdas: [Double] = [], rungs: [Int] = [], last = 0
        let r = run(method, f, from: x0, steps: steps, tol: tol) { event in
            if event.step > 0 {
                lambdas.append(Double(event.note.dropFirst(2)) ?? .nan)
                rungs.append(counter.calls - last - 1)
            }
            last = counter.calls
        }
        return Trace(result: r, lambdas: lambdas, rungs: rungs)
    }

    @Test(arguments: methods)
    func slidesDownWhileTheBottomRungWins(method: String) {
        // f = x⁴: the damped Newton step (12x² + λ)Δ = −4x³ is at most a third of the way to 0,
        // so a smaller λ always lowers f more and the bottom rung wins every step.
        let t = Self.trace(method, dimension: 1, value: { x in pow(x[0], 4) },
                           gradient: { x in [4 * pow(x[0], 3)] },
                           hessian: { x in Tensor(rows: [[12 * x[0] * x[0]]]) },
                           from: [1], steps: 5)
        #expect(t.result.steps == 5)
        #expect(t.lambdas == [1e-5, 1e-6, 1e-7, 1e-8, 1e-9])
        #expect(t.rungs == [6, 7, 8, 9, 10])
        #expect(zip(t.result.history, t.result.history.dropFirst()).allSatisfy { $1 < $0 })
    }

    @Test(arguments: methods)
    func comesBackUpWhenALargerRungWins(method: String) {
        // f = x², but below |x| = 1e-22 the Hessian reported is 2 − 1.5e-7 instead of 2, so that
        // there λ = 1e-7 gives the best step (it brings H + λ nearest the true curvature 2). The
        // ladder slides to 1e-9 on the way in (the exact Hessian favours the smallest λ), then
        // comes back up to end at 1e-7 when 1e-7 wins, slides on to 1e-8 when 1e-7 is its bottom
        // and wins again, and so on.
        let t = Self.trace(method, dimension: 1, value: { x in x[0] * x[0] },
                           gradient: { x in [2 * x[0]] },
                           hessian: { x in Tensor(rows: [[abs(x[0]) < 1e-22 ? 2 - 1.5e-7 : 2]]) },
                           from: [1], steps: 7)
        #expect(t.result.steps == 7)
        #expect(t.lambdas == [1e-5, 1e-6, 1e-7, 1e-8, 1e-7, 1e-7, 1e-7])
        #expect(t.rungs == [6, 7, 8, 9, 10, 8, 9])
    }

    @Test(arguments: methods)
    func aWinAboveTheLadderOrAtItsTopReturnsToDauphinsLadder(method: String) {
        // As above with the reported Hessian 2 − 1.5e-3 below |x| = 1e-9: λ = 1e-3 wins there, a
        // rung of Dauphin's ladder, so the next ladder is {1, …, 1e-5} again.
        let t = Self.trace(method, dimension: 1, value: { x in x[0] * x[0] },
                           gradient: { x in [2 * x[0]] },
                           hessian: { x in Tensor(rows: [[abs(x[0]) < 1e-9 ? 2 - 1.5e-3 : 2]]) },
                           from: [1], steps: 4)
        #expect(t.lambdas == [1e-5, 1e-6, 1e-3, 1e-3])
        #expect(t.rungs == [6, 7, 8, 6])
    }

    @Test(arguments: methods)
    func stopsAtTheFloorTimesTheHessiansScale(method: String) {
        // f = 1e10·y² + x⁴ from (1, 0): y stays 0, so the Hessian's scale is 2e10 throughout
        // (max |eigenvalue|, or ‖H‖∞ for newton, which is the same here up to 12x²), and x alone
        // moves, with the bottom rung winning every step as on x⁴. The ladder slides down to the
        // last decade at or above floor·scale = 2e-10, which is 1e-9, and stays there.
        let t = Self.trace(method, dimension: 2, value: { v in 1e10 * v[1] * v[1] + pow(v[0], 4) },
                           gradient: { v in [4 * pow(v[0], 3), 2e10 * v[1]] },
                           hessian: { v in Tensor(rows: [[12 * v[0] * v[0], 0], [0, 2e10]]) },
                           from: [1, 0], steps: 9)
        #expect(DampingLadder.floor * 2e10 > 1e-10 && DampingLadder.floor * 2e10 <= 1e-9)
        #expect(t.lambdas == [1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-9, 1e-9, 1e-9, 1e-9])
        #expect(t.rungs == [6, 7, 8, 9, 10, 10, 10, 10, 10])
    }

    @Test(arguments: methods)
    func aZeroHessianStopsAtTheFloorItself(method: String) {
        // f = x has H = 0, so Δ = −g/λ and the smallest λ always wins. The floor is relative to
        // max(1, scale), so the ladder still stops, at 1e-20, instead of growing without end.
        let t = Self.trace(method, dimension: 1, value: { x in x[0] }, gradient: { _ in [1] },
                           hessian: { _ in Tensor(rows: [[0]]) }, from: [0], steps: 20)
        #expect(DampingLadder.floor == 1e-20)
        let lambdas: [Double] = (5...20).map { (k: Int) -> Double in pow(10, -Double(k)) } + [1e-20, 1e-20, 1e-20, 1e-20]
        #expect(t.lambdas == lambdas)
        #expect(t.rungs == Array(6...21) + [21, 21, 21, 21])
        #expect(DampingLadder().rungs(scale: 0) == DampingLadder.values)
    }

    @Test(arguments: methods)
    func fixedDampingLeavesTheLadderAlone(method: String) {
        var notes: [String] = []
        let options = RunOptions(steps: 3, tol: 0, progress: { notes.append($0.note) })
        let f = Problems.quadratic(1, 1)
        let r = method == "newton" ? Methods.newton(f, x0: [1, 1], damping: .fixed(1e-5), options: options)
            : Methods.sfn(f, x0: [1, 1], damping: .fixed(1e-5), krylov: method == "sfn" ? 0 : 2, options: options)
        #expect(r.steps == 3)
        #expect(notes == ["", "λ=1e-05", "λ=1e-05", "λ=1e-05"])
        #expect(r.evals == 1 + 3)   // no rung evaluations
    }

    @Test(arguments: methods)
    func powellsBadlyScaledFunctionConvergesInAFewHundredSteps(method: String) {
        // At the minimum the Hessian's eigenvalues are about 1.7e10 and 2.4e-8. Dauphin's floor of
        // 1e-5 left each step 1/400 of the way along the valley, about 3900 steps in all; the
        // sliding ladder goes down to 1e-9 at the end (its floor there is 1e-20·1.7e10) and
        // takes about 165.
        var notes: [String] = []
        let r = Self.run(method, Problems.powellBadlyScaled(), from: [0, 1], steps: 6000, tol: 1e-12) {
            notes.append($0.note)
        }
        #expect(r.reason == .converged)
        #expect(r.steps <= 300)
        #expect(abs(r.x[0] - 1.098159e-5) < 1e-10)
        #expect(abs(r.x[1] - 9.106146) < 1e-4)
        #expect(r.f < 1e-15)
        #expect(zip(r.history, r.history.dropFirst()).allSatisfy { $1 <= $0 })
        let lambdas = notes.dropFirst().compactMap { Double($0.dropFirst(2)) }
        #expect(lambdas.count == r.steps)
        #expect(lambdas.min() == 1e-9)
    }

    @Test func everyStepOfPowellsRunFollowsTheRule() {
        // The whole rule on a real run: the ladder after a step depends only on the rung kept and
        // the rungs tried. Bottom kept: one decade more, unless that is below the floor, 1e-20
        // times max |eigenvalue| at the next point (1.7e-10 at the end); a rung at or above 1e-5
        // kept: Dauphin's six; a rung below 1e-5 kept: the ladder ends at it.
        let p = Problems.powellBadlyScaled()
        let t = Self.trace("sfn", dimension: 2, value: { p.value(at: $0) },
                           gradient: { p.valueAndGradient(at: $0).gradient }, hessian: { p.hessian(at: $0) },
                           from: [0, 1], steps: 6000, tol: 1e-12)
        #expect(t.result.reason == .converged)
        var slides = 0, returns = 0
        for i in 0..<(t.lambdas.count - 1) {
            let tried = t.rungs[i], kept = t.lambdas[i]
            let bottom = pow(10, -Double(tried - 1))
            let expected: Int
            if kept > 1 {
                expected = 6    // a climb above the ladder
            } else if abs(kept / bottom - 1) < 1e-12 {
                let next = t.result.path[i + 1]
                let scale = (try? SymmetricEigen(p.hessian(at: next)).values.map(abs).max()) ?? .nan
                if bottom / 10 >= DampingLadder.floor * scale { expected = tried + 1; slides += 1 } else { expected = tried }
            } else {
                expected = max(6, Int((-log10(kept)).rounded()) + 1)
                if expected < tried { returns += 1 }
            }
            #expect(t.rungs[i + 1] == expected, "step \(i + 2)")
        }
        #expect(slides > 10 && returns > 10)
    }
}
