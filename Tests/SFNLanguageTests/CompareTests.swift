// compare: which runs solved which problem, at what cost, with names for functions, quiet runs,
// errors kept to their run, Ctrl-C, and the profile in the terminal and as an SVG.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNMethods

@Suite struct CompareTests {
    static let bowl = """
        bowl(x) = x[1]^2 + x[2]^2
        p1 = record(name="bowl", f=bowl, x0=[1, 1], fstar=0)
        """

    @Test func solvedAndCostUntilSolvedFromTheHistory() throws {
        let (v, _) = try sfn(Self.bowl + """

            c = compare(["sfn", "gd"], [p1], quiet=true)
            r = sfn(bowl, [1, 1], quiet=true)
            k = 0
            for i in 1:length(r.history) { if k == 0 and abs(r.history[i]) <= 1e-6 { k = i } }
            [c.solved[1, 1], c.solved[1, 2], c.cost[1, 1], r.history_evals[k] + r.history_hvps[k], r.evals + r.hvps, c.cost[1, 2]]
            """)
        let x = try #require(v.doubles)
        #expect(x[0] == 1 && x[1] == 0)      // gd at lr 0.01 is far from 0 after 100 steps
        #expect(x[2] == x[3])                 // the cost where f first came within 1e-6 of fstar
        #expect(x[2] < x[4])                  // not the whole run's (it went on to ‖g‖ ≤ tol)
        #expect(x[5] == .infinity)
    }

    @Test func withoutFstarSolvedMeansConvergedAndCostIsTheWholeRun() throws {
        let (v, _) = try sfn("""
            bowl(x) = x[1]^2 + x[2]^2
            c = compare(["sfn", "gd"], [record(f=bowl, x0=[1, 1])], steps=50, quiet=true)
            r = sfn(bowl, [1, 1], steps=50, quiet=true)
            [c.solved[1, 1], c.solved[1, 2], c.cost[1, 1] - (r.evals + r.hvps)]
            """)
        #expect(v.doubles == [1, 0, 0])
        #expect(try shown("c = compare([\"sfn\"], [record(f=(x) -> x[1]^2, x0=[1])], quiet=true); c.problems") == "[\"problem 1\"]")
    }

    @Test func functionsAreNamedByTheirSourceOrName() throws {
        let (v, _) = try sfn(Self.bowl + """

            mine(f, x) = lbfgs(f, x, quiet=true)
            c = compare([(f, x) -> sfn(f, x, krylov=1, quiet=true), mine, "newton"], [p1], quiet=true)
            c.methods
            """)
        #expect(ValueDisplay.display(v) == "[\"(f, x) -> sfn(f, x, krylov=1, quiet=true)\", \"mine\", \"newton\"]")
    }

    @Test func runsAreQuietAndTheTableAndProfileArePrinted() throws {
        let (_, out) = try sfn(Self.bowl + """

            c = compare(["sfn", (f, x) -> { print("noise"); gd(f, x) }], [p1, record(name="shifted", f=(x) -> (x[1] - 2)^2, x0=[0], fstar=0)])
            """)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(!lines.contains("noise") && !out.contains("step "))  // (the lambda's name holds print("noise"))
        #expect(lines.first?.hasPrefix("problem") == true)
        #expect(lines.contains { $0.hasPrefix("bowl") } && lines.contains { $0.hasPrefix("shifted") })
        #expect(lines.contains { $0.hasPrefix("solved") && $0.contains("2/2") })
        #expect(out.contains("performance profile") && out.contains("• sfn (2/2)"))
    }

    @Test func anErrorInOneRunIsANoteNotAnAbort() throws {
        let (v, out) = try sfn(Self.bowl + """

            bad = record(name="bad", f=(x) -> x[5], x0=[1, 2], fstar=0)
            c = compare(["sfn"], [bad, p1])
            c
            """)
        guard case .record(let c) = v else { Issue.record("no record"); return }
        #expect(c["solved"]?.doubles == [0, 1])
        guard case .list(let notes)? = c["notes"], case .string(let note)? = notes.first else { Issue.record("no note"); return }
        #expect(note.hasPrefix("bad / sfn: error:"))
        #expect(out.contains("note: bad / sfn: error:"))
        #expect(c["f"]?.doubles?[0].isNaN == true)
    }

    @Test func anFBelowFstarIsNoted() throws {
        let (v, _) = try sfn("c = compare([\"sfn\"], [record(name=\"low\", f=(x) -> x[1]^2 - 1, x0=[1], fstar=0)], quiet=true); c.notes")
        #expect(ValueDisplay.display(v).contains("is below fstar"))
    }

    @Test func badArgumentsAreLocatedErrors() {
        #expect(failure("compare([\"grad\"], [record(f=(x) -> x[1]^2, x0=[1])])")?.message.contains("\"grad\" is not an optimiser") == true)
        #expect(failure("compare([\"sfn\"], [record(f=(x) -> x[1]^2)])")?.message.contains("record with fields f and x0") == true)
        #expect(failure("compare([], [record(f=(x) -> x[1]^2, x0=[1])])")?.message.contains("methods is empty") == true)
        #expect(failure("compare([\"sfn\"], [record(f=(x) -> x[1]^2, x0=[1], fstar=\"0\")])")?.location.column == 18)
    }

    @Test func ctrlCStopsTheComparisonAndKeepsWhatWasDone() throws {
        let interpreter = Interpreter()
        let stop = interpreter.cancellation
        let finished = Cancellation()
        let canceller = Thread {
            usleep(200_000)
            while !finished.isCancelled { stop.cancel(); usleep(10_000) }
        }
        canceller.start()
        let started = Date()
        let (v, _) = try sfn("""
            f(x) = x[1]^2
            slow(f, x) = gd(f, x, lr=1e-12, steps=1000000000, tol=0, quiet=true)
            compare([slow], [record(f=f, x0=[1], fstar=-1), record(f=f, x0=[2], fstar=-1)], quiet=true)
            """, interpreter)
        finished.cancel()
        #expect(Date().timeIntervalSince(started) < 20)
        guard case .record(let c) = v, case .list(let notes)? = c["notes"] else { Issue.record("no record"); return }
        #expect(notes.contains { if case .string(let s) = $0 { return s.hasPrefix("interrupted: 1 of 2 runs made") }; return false })
        #expect(c["solved"]?.doubles == [0, 0])
    }

    @Test func fileWritesTheProfileAsSVG() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-compare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("profile.svg").path
        let (_, out) = try sfn(Self.bowl + "\ncompare([\"sfn\", \"lbfgs\"], [p1], file=\"\(file)\")")
        let svg = try String(contentsOfFile: file, encoding: .utf8)
        #expect(svg.components(separatedBy: "<path class=\"series\"").count - 1 == 2)
        #expect(out.contains("compare: wrote the performance profile of 2 methods to"))
        #expect(!out.contains("• sfn ("))  // the profile went to the file, the table to the terminal
    }
}
