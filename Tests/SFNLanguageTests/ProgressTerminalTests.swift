// A long run on a real terminal (tmux; issue 18 item 9): past 2 s one progress line is redrawn in
// place, and Ctrl-C leaves it above the summary, "interrupted" and the prompt, each on its own
// line. The clock and the line's format are ProgressLineTests'.
import Foundation
import Testing

@Suite(.enabled(if: TmuxREPL.available, "needs tmux and a built sfn executable"), .serialized)
struct ProgressTerminalTests {
    @Test func aLongRunRedrawsOneLineThenCtrlCEndsIt() throws {
        let repl = try TmuxREPL()
        try repl.type("f(x, y) = (1 - x)^2 + 100*(y - x^2)^2; r = gd(f, [-1.2, 1], lr=1e-5, tol=0, steps=1000000000)")
        func live(_ lines: [String]) -> Bool {
            lines.last.map { $0.hasPrefix("gd step ") && $0.contains(" of 1000000000  f = ") && $0.contains(" steps/s  ETA ") } ?? false
        }
        #expect(repl.waitFor(seconds: 10) { live($0) })
        let first = repl.screen()
        usleep(400_000)
        let second = repl.screen()
        #expect(live(second))
        #expect(second.count == first.count, "redrawn in place: no new line")
        #expect(second.last != first.last, "the step count moved on")
        #expect(second.dropLast().last?.hasPrefix("gd step     0  f = 24.2") == true, "the short report's first line stays")
        #expect(try repl.interrupt() < 0.5)
        let end = Array(repl.screen().suffix(4))
        #expect(end.count == 4)
        guard end.count == 4 else { return }
        #expect(end[0].hasPrefix("gd step ") && end[0].hasSuffix("^C"), "the last live line, ended by ^C: \(end)")
        #expect(end[1].hasPrefix("gd: interrupted after "), "the summary on a line of its own: \(end)")
        #expect(Array(end.suffix(2)) == ["interrupted", "sfn>"])
    }
}
