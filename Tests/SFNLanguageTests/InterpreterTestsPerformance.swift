import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// The interpreter's cost per `g = grad(f, x)` above the engine's own time. Meaningful in a
/// release build (`swift test -c release --filter InterpreterTestsPerformance`), where it must
/// stay under 2 µs; a debug build runs a short loop and only prints the numbers.
@Suite struct InterpreterTestsPerformance {
    @Test func gradInALoop() throws {
        #if DEBUG
        let n = 2_000
        #else
        let n = 100_000
        #endif
        let i = Interpreter()
        try sfn("f(x, y) = x^2 - y^2 + y^4/4\nx = [1.5, 2]\ng = grad(f, x)", i)
        let clock = ContinuousClock()
        var best = Duration.seconds(1000)
        for _ in 0..<5 {
            let t = try clock.measure { try sfn("for i in 1:\(n) { g = grad(f, x) }", i) }
            best = min(best, t)
        }
        // The engine alone: the same compiled tape called from Swift.
        let f = try #require(i.global("f"))
        guard case .function(let fn) = f else { Issue.record("f is not a function"); return }
        let here = SourceLocation(file: "t", line: 1, column: 1)
        let p = try i.prepareObjective(ObjectiveRequest(function: fn, start: .vector([1.5, 2]), startLocation: here, at: here))
        var engine = Duration.seconds(1000)
        for _ in 0..<3 {
            var sink = 0.0
            let t = clock.measure {
                for _ in 0..<n { sink += p.objective.valueAndGradient(at: p.x0).gradient[0] }
            }
            engine = min(engine, t)
            #expect(sink.isFinite)
        }
        // Where the time goes: the loop alone, an assignment, a cheap built-in call.
        for body in ["", "g = x", "g = exp(1)", "g = f(1, 2)"] {
            var t = Duration.seconds(1000)
            for _ in 0..<3 { t = min(t, try clock.measure { try sfn("for i in 1:\(n) { \(body) }", i) }) }
            print("  for i in 1:n { \(body) }: \(t / n) per iteration")
        }
        let perCall = (best - engine) / n
        let ns = Double(perCall.components.attoseconds) / 1e9 + Double(perCall.components.seconds) * 1e9
        print("grad(f, x) in a loop: \(best / n) per iteration, engine \(engine / n), interpreter overhead \(ns) ns")
        #expect(i.compileCount == 1)
        #if !DEBUG
        #expect(ns < 2000)
        #endif
    }
}
