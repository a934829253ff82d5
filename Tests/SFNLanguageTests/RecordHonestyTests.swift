// Issue 17, items 2 and 8: a long run's record stays small, and NaN is named as the reason.
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

/// Issue 17, items 2 and 8 as a script sees them.
@Suite struct RecordHonestyTests {
    @Test func aLongRunsHistoryIsThinnedAndSaysSo() throws {
        let (v, _) = try sfn("f(x, y) = x^2 + y^2\nr = gd(f, [1, 1], lr=1e-9, steps=30000, tol=0, quiet=true)\nr")
        guard case .record(let r) = v, case .tensor(let h)? = r["history"], case .tensor(let s)? = r["history_steps"] else {
            Issue.record("no history"); return
        }
        #expect(h.count <= 10_000 && h.count == s.count)
        #expect(s.scalars.first == 0 && s.scalars.last == 30000)
        let help = Interpreter().registry["gd"]?.helpText ?? ""
        #expect(help.contains("every k-th (k doubling) and the last"))
    }

    /// The issue's `lbfgs(f, [1, 2], steps=50)` on a log barrier said "max steps after 1 step";
    /// an objective NaN off one line gave "max steps" with 0 steps for sfhf, lbfgs and critical.
    @Test func runningIntoNaNSaysNonFinite() throws {
        let (_, out) = try sfn("f(w) = sum(log(w)) + 0.001*sum(w^2)\nr = lbfgs(f, [1, 2], steps=50)")
        #expect(out.contains("lbfgs: non-finite after"), "\(out)")
        let prelude = "f(x, y) = (x - 2)^2 + y^2 + y + (if y == 0 then 0 else nan)\n"
        for call in ["gd(f, [0, 0])", "sgd(f, [0, 0], momentum=0.5)", "newton(f, [0, 0])", "newton(f, [0, 0], damping=\"auto\")",
                     "sfn(f, [0, 0])", "sfn(f, [0, 0], krylov=2)", "sfhf(f, [0, 0])", "sfhf(f, [0, 0], method=\"ode\")",
                     "lbfgs(f, [0, 0])", "critical(f, [0, 0])"] {
            let (v, _) = try sfn(prelude + "r = " + call.dropLast() + ", quiet=true)\n[r.reason, r.steps]")
            #expect(ValueDisplay.display(v) == "[\"non-finite\", 0]", "\(call)")
        }
    }
}
