// A long run's progress (issue 18 item 9), on an injected clock: nothing in the first 2 s; then on
// a terminal one line redrawn in place at most 10 times a second, elsewhere plain lines at growing
// intervals; sgd with minibatches counts epochs. The terminal itself is ProgressTerminalTests.
import Foundation
import Testing
@testable import SFNMethods
@testable import SFNLanguage

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    var now = 0.0
}

@Suite struct ProgressLineTests {
    static func event(_ step: Int, method: String = "gd") -> ProgressEvent {
        ProgressEvent(method: method, step: step, f: 0.5, gnorm: 0.25, note: "")
    }

    /// A ProgressLine of `steps` steps on a manual clock, and what it wrote.
    static func line(steps: Int, perEpoch: Int? = nil, style: ProgressStyle) -> (ProgressLine, ManualClock, OutputLog) {
        let clock = ManualClock(), out = OutputLog()
        let line = ProgressLine(steps: steps, perEpoch: perEpoch, style: style, clock: { clock.now }, write: { out.text += $0 })
        return (line, clock, out)
    }

    @Test func liveLineIsRedrawnInPlaceAtMostTenTimesASecond() {
        let (line, clock, out) = Self.line(steps: 1000, style: .live(columns: 200))
        for (step, t) in [(0, 0.0), (100, 1.0), (190, 1.99)] {
            clock.now = t
            line.update(Self.event(step))
        }
        #expect(out.text.isEmpty, "nothing before 2 s")
        clock.now = 2
        line.update(Self.event(200))
        #expect(out.text == "\rgd step 200 of 1000  f = 0.5  |g| = 0.25  100 steps/s  ETA 8s\u{1B}[K")
        out.text = ""
        clock.now = 2.05
        line.update(Self.event(205))
        #expect(out.text.isEmpty, "throttled: the last redraw was 0.05 s ago")
        clock.now = 2.1
        line.update(Self.event(210))
        #expect(out.text.hasPrefix("\rgd step 210 of 1000") && out.text.hasSuffix("\u{1B}[K") && !out.text.contains("\n"))
        // A line of the short report clears the live line and starts where it began.
        out.text = ""
        line.report("gd step   300  f = 0.5  |g| = 0.25\n")
        #expect(out.text == "\r\u{1B}[Kgd step   300  f = 0.5  |g| = 0.25\n")
        out.text = ""
        line.report("next\n")
        #expect(out.text == "next\n", "nothing to clear: the live line is not redrawn until due")
    }

    @Test func theEndOfTheRunClearsTheLiveLineEvenWhenItThrows() {
        let (line, clock, out) = Self.line(steps: 10, style: .live(columns: 80))
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try line.around {
                clock.now = 3
                line.update(Self.event(5))
                throw Stop()
            }
        }
        #expect(out.text.hasSuffix("\u{1B}[K\r\u{1B}[K"), "the line is cleared: what follows starts an empty line")
        // A run that never showed the line writes nothing at its end.
        let (quick, _, quiet) = Self.line(steps: 10, style: .live(columns: 80))
        quick.around { quick.update(Self.event(1)) }
        #expect(quiet.text.isEmpty)
    }

    @Test func liveLineIsCutToTheTerminalWidth() {
        let (line, clock, out) = Self.line(steps: 1_000_000_000, style: .live(columns: 30))
        clock.now = 2.5
        line.update(Self.event(123_456))
        #expect(out.text == "\rgd step 123456 of 1000000000 \u{1B}[K", "29 columns: it never wraps")
    }

    @Test func plainLinesComeAtGrowingIntervalsWithoutEscapes() {
        let (line, clock, out) = Self.line(steps: 1_000_000_000, style: .plain)
        var times: [Double] = []
        for tenth in 0...1000 {  // 100 s, a step every tenth of a second
            clock.now = Double(tenth) / 10
            let before = out.text.count
            line.update(Self.event(tenth * 1000))
            if out.text.count != before { times.append(clock.now) }
        }
        #expect(times == [2, 4, 8, 16, 32, 62, 92])
        let lines = out.text.split(separator: "\n")
        #expect(lines.count == 7 && out.text.hasSuffix("\n"))
        #expect(!out.text.contains("\r") && !out.text.contains("\u{1B}"))
        #expect(lines[0] == "gd step 20000 of 1000000000  f = 0.5  |g| = 0.25  10000 steps/s  ETA 1d 3h")
    }

    @Test func epochsAreCountedToATenth() {
        let (line, clock, out) = Self.line(steps: 40, perEpoch: 4, style: .plain)
        clock.now = 2
        line.update(Self.event(11, method: "sgd"))
        #expect(out.text == "sgd epoch 2.7 of 10  f = 0.5  |g| = 0.25  1.38 epochs/s  ETA 6s\n")
    }

    @Test func durations() {
        #expect(ProgressLine.duration(0.2) == "1s")
        #expect(ProgressLine.duration(125) == "2m 05s")
        #expect(ProgressLine.duration(3 * 3600 + 7 * 60) == "3h 07m")
        #expect(ProgressLine.duration(12 * 86400 + 4 * 3600) == "12d 4h")
        #expect(ProgressLine.duration(.infinity) == "?")
    }
}

/// The optimisers' reports with the clock injected into the interpreter: each read of it is a
/// second later, so a run of a few steps is a long run.
@Suite struct OptimiserProgressTests {
    static func interpreter(_ style: ProgressStyle) -> Interpreter {
        let i = Interpreter()
        let clock = ManualClock()
        i.progressStyle = style
        i.progressClock = { clock.now += 1; return clock.now }
        return i
    }

    @Test func everyOptimiserShowsProgressPastTwoSecondsButNotWhenQuiet() throws {
        let i = Self.interpreter(.plain)
        try sfn("f(x, y) = (1 - x)^2 + 100*(y - x^2)^2", i)
        for name in Family.names(.optimiser) {
            let (_, out) = try sfn("r = \(name)(f, [-1.2, 1], steps=6, tol=0)", i)
            let lines = out.split(separator: "\n").map(String.init)
            // The short report as before: step 0, a line every tenth of the way (here every
            // step), the summary; between them the time-based lines, which say "of 6".
            #expect(lines.first?.hasPrefix("\(name) step     0  f = 24.2") == true, "\(name): \(out)")
            #expect(lines.last?.hasPrefix("\(name): ") == true, "\(name): \(out)")
            #expect(lines.contains { $0.hasPrefix("\(name) step 1 of 6  f = ") && $0.contains(" steps/s  ETA ") }, "\(name): \(out)")
            let (_, quiet) = try sfn("r = \(name)(f, [-1.2, 1], steps=6, tol=0, quiet=true)", i)
            #expect(quiet.isEmpty)
        }
    }

    @Test func aLiveLineIsClearedBeforeTheSummary() throws {
        let (_, out) = try sfn("f(x) = sum(x^2)\ngd(f, [1, 2], steps=30, tol=0)", Self.interpreter(.live(columns: 100)))
        #expect(out.contains("\rgd step 2 of 30  f = "))
        #expect(out.contains("\u{1B}[K\r\u{1B}[Kgd: max steps after 30 steps"), "the summary starts on a cleared line")
        #expect(out.contains("\r\u{1B}[Kgd step     3  f = "), "a report line clears the live line first")
    }

    @Test func sgdWithMinibatchesCountsEpochs() throws {
        let i = Self.interpreter(.plain)
        let (r, out) = try sfn("""
            D = randn(8, 2, seed=1)
            f(w, b) = sum((b @ w - 1)^2)
            sgd(f, [0, 0], data=D, batch=2, epochs=5, lr=0.01)
            """, i)
        let lines = out.split(separator: "\n").map(String.init)
        // 4 batches an epoch: the short report's lines are at the end of each epoch, and say so.
        #expect(lines.filter { $0.hasPrefix("sgd epoch ") && $0.contains("  f = ") && !$0.contains(" of ") }.count == 6)
        #expect(lines.contains { $0.hasPrefix("sgd epoch     5  f = ") })
        #expect(lines.contains { $0.hasPrefix("sgd epoch 0.2 of 5  f = ") && $0.contains(" epochs/s  ETA ") }, "\(out)")
        #expect(!lines.contains { $0.hasPrefix("sgd step") })
        // The record keeps counting steps, and says how many epochs they made.
        guard case .record(let record) = r else { Issue.record("not a record"); return }
        #expect(record["steps"]?.number == 20 && record["epochs"]?.number == 5)
    }
}
