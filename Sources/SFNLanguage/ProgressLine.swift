// A long run's sign of life (issue 18 item 9): past 2 s an iterative command shows how far it is —
// step (or epoch) of total, f, |g|, rate and ETA — on a terminal as one line redrawn in place
// (Julia's ProgressMeter, tqdm), elsewhere (a pipe, a file, a notebook) as plain lines at growing
// intervals, so a log shows life without filling up. The clock and the style are injected, so
// tests neither sleep nor need a terminal. A run under 2 s shows only its short report.
import Foundation
import SFNMethods

/// How the progress of a long run is shown (``Interpreter/progressStyle``).
package enum ProgressStyle: Equatable, Sendable {
    /// Plain lines, each ending in a newline: for output that is not a terminal. The default.
    case plain
    /// One line redrawn in place (carriage return, the text, clear to the end of the line), cut
    /// to `columns - 1` characters: a line that wrapped could not be redrawn by a carriage return.
    case live(columns: Int)
}

/// The time-based progress of one run: ``update(_:)`` is called for every step and reads the
/// clock; it formats and writes only when a line is due.
package final class ProgressLine {
    /// Seconds before the first line.
    package static let delay = 2.0
    /// Seconds between redraws of the live line: at most 10 a second.
    package static let redraw = 0.1
    /// The longest gap between plain lines: they come after about 2, 4, 8, 16 and 32 s, then
    /// every 30 s (an hour's run logs about 125 lines).
    package static let longestGap = 30.0

    private let style: ProgressStyle
    /// The run's step budget.
    private let total: Int
    /// Steps per epoch when the run counts epochs (sgd with minibatches); nil counts steps.
    private let perEpoch: Int?
    private let clock: () -> Double
    private let write: (String) -> Void
    private let start: Double
    /// When the next line is due, and the gap after the next plain line.
    private var due: Double
    private var gap = ProgressLine.delay
    /// Whether the live line is on the screen (and must be cleared before other output).
    private var showing = false

    package init(steps total: Int, perEpoch: Int? = nil, style: ProgressStyle,
                 clock: @escaping () -> Double, write: @escaping (String) -> Void) {
        self.total = total; self.perEpoch = perEpoch; self.style = style
        self.clock = clock; self.write = write
        start = clock()
        due = start + Self.delay
    }

    /// Seconds on the monotonic clock (not the wall clock, which may jump): the default clock.
    package static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Shows `e` if a line is due: one clock read per call, nothing else when none is.
    package func update(_ e: ProgressEvent) {
        let now = clock()
        guard now >= due else { return }
        let text = describe(e, seconds: now - start)
        switch style {
        case .live(let columns):
            write("\r" + String(text.prefix(max(1, columns - 1))) + "\u{1B}[K")
            showing = true
            due = now + Self.redraw
        case .plain:
            write(text + "\n")
            due = now + gap
            gap = min(2 * gap, Self.longestGap)
        }
    }

    /// Writes a line of the command's own report (ending in a newline) on a line of its own: the
    /// live line is cleared first, and redrawn below it when next due.
    package func report(_ line: String) {
        write(showing ? "\r\u{1B}[K" + line : line)
        showing = false
    }

    /// Runs `body` (the run) and then clears the live line, even when it throws, so that what
    /// follows (the summary, an error, "interrupted") starts at the beginning of an empty line.
    package func around<T>(_ body: () throws -> T) rethrows -> T {
        defer {
            if showing { write("\r\u{1B}[K") }
            showing = false
        }
        return try body()
    }

    /// `gd step 1200 of 1000000000  f = …  |g| = …  612345 steps/s  ETA 27m 12s`, or with epochs
    /// `sgd epoch 2.5 of 10  …  1.52 epochs/s  ETA 5s` (epochs completed, to a tenth).
    func describe(_ e: ProgressEvent, seconds: Double) -> String {
        let stepsPerSecond = seconds > 0 ? Double(e.step) / seconds : 0
        let per = Double(perEpoch ?? 1)
        let unit = perEpoch == nil ? "step" : "epoch"
        let done = perEpoch == nil ? String(e.step) : Self.tenths(Double(e.step) / per)
        let of = perEpoch == nil ? String(total) : Self.tenths(Double(total) / per)
        let eta = stepsPerSecond > 0 ? Self.duration(Double(max(0, total - e.step)) / stepsPerSecond) : "?"
        return "\(e.method) \(unit) \(done) of \(of)  f = \(Builtins.sci(e.f))  |g| = \(Builtins.sci(e.gnorm))  "
            + "\(Self.rate(stepsPerSecond / per)) \(unit)s/s  ETA \(eta)"
    }

    /// A count to a tenth, rounded down (2.96 epochs done is "2.9"), without ".0".
    static func tenths(_ x: Double) -> String {
        let t = (x * 10).rounded(.down) / 10
        return t == t.rounded() ? String(Int(t)) : String(format: "%.1f", t)
    }

    /// A rate: whole from 100 on, else 3 significant digits.
    static func rate(_ x: Double) -> String {
        x >= 100 ? String(Int(x.rounded())) : String(format: "%.3g", x)
    }

    /// `42s`, `27m 05s`, `3h 07m`, `12d 4h`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e15 else { return "?" }
        let s = Int(seconds.rounded(.up))
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m \(two(s % 60))s" }
        if s < 86400 { return "\(s / 3600)h \(two(s % 3600 / 60))m" }
        return "\(s / 86400)d \(s % 86400 / 3600)h"
    }
}
