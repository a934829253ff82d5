// Issue 19 item 5: terminal plots in braille, a colour per series with a legend, sized to the
// terminal, plain (no escape sequences) when output is not a terminal or NO_COLOR is set.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNPlot

/// An interpreter drawing for a terminal of `columns` (and `rows`), in colour or not.
private func terminal(columns: Int = 100, rows: Int? = 40, colour: Bool) -> Interpreter {
    let i = Interpreter()
    i.plotTerminal = PlotTerminal(columns: columns, rows: rows, colour: colour)
    return i
}

/// The grid rows of a plot (the text after the y axis), escape sequences kept.
private func grid(_ out: String) -> [String] {
    out.split(separator: "\n").compactMap { line in
        line.firstIndex { $0 == "│" || $0 == "┤" }.map { String(line[line.index(after: $0)...]) }
    }
}

/// The width of the x axis (its dashes and ticks).
private func axisWidth(_ out: String) -> Int {
    let axis = out.split(separator: "\n").first { $0.contains("└") } ?? ""
    return axis.filter { $0 == "─" || $0 == "┬" }.count
}

private let esc = "\u{1B}"

@Suite struct PlotTestsBraille {
    /// The three runs of examples/saddle_tour.sfn from near the quartic saddle.
    static let saddle = """
        import "saddles"
        f = quartic_saddle
        start = [1, 0.001]
        g = gd(f, start, lr=0.01, steps=100, quiet=true)
        n = newton(f, start, steps=20, quiet=true)
        s = sfn(f, start, quiet=true)

        """

    @Test func newtonsSingleStepStaysVisibleBesideTheOthers() throws {
        // The bug: Newton's curve (two points: the start, then f ≈ 0 at the saddle) shared every
        // cell with gd's or sfn's and showed only as `&`. It is drawn last now (the shortest), so
        // its marker, or its colour, is there.
        for log in ["true", "false"] {
            let (_, plain) = try sfn(Self.saddle + "plot(g, n, s, log=\(log))", terminal(colour: false))
            let cells = grid(plain).joined()
            #expect(cells.contains("+") && cells.contains("•") && cells.contains("*"), "log=\(log):\n\(plain)")
            #expect(plain.contains("• gd   + newton   * sfn"))
            let (_, coloured) = try sfn(Self.saddle + "plot(g, n, s, log=\(log))", terminal(colour: true))
            let painted = grid(coloured).joined()
            for code in ["34", "31", "32"] { #expect(painted.contains("\(esc)[\(code)m"), "log=\(log): colour \(code)") }
        }
    }

    @Test func aTerminalGetsBrailleInAColourPerSeriesWithALegend() throws {
        let (_, out) = try sfn(PlotTestsTerminal.runs + "plot(a, b)", terminal(colour: true))
        // The legend names each series in its colour: blue, then red (the SVG palette's order).
        #expect(out.contains("\(esc)[34m── gd\(esc)[0m   \(esc)[31m── sfn\(esc)[0m"))
        let cells = grid(out).joined()
        #expect(cells.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(!cells.contains("•") && !cells.contains("+"))
        // More series than colours: the seventh takes the first colour again.
        let seven = (1...7).map { "[\($0), 1]" }.joined(separator: ", ")
        let (_, many) = try sfn("plot(\(seven), log=false)", terminal(colour: true))
        #expect(many.contains("\(esc)[34m── series 7\(esc)[0m"))
    }

    @Test func plainOutputHasNoEscapeSequences() throws {
        let program = Self.saddle + """
            plot(g, n, s, title="t")
            plot(s)
            scatter([1, 2, 3], [3, 1, 2])
            hist([1, 1, 2, 3])
            contour(f, [-2, 2], [-2, 2], paths=[g, n, s])
            """
        let (_, out) = try sfn(program, terminal(colour: false))
        #expect(!out.contains(esc))
        // Braille still, where it can be told apart: one series, and the landscape.
        #expect(out.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        // The same program in colour does colour.
        let (_, coloured) = try sfn(program, terminal(colour: true))
        #expect(coloured.contains(esc))
    }

    @Test func theWidthFollowsTheTerminal() throws {
        for columns in [60, 100, 160] {
            let (_, out) = try sfn(Self.saddle + "plot(g, n, s, title=\"t\")\ncontour(f, [-2, 2], [-2, 2], paths=[g, n, s])",
                                   terminal(columns: columns, rows: 50, colour: true))
            let lines = out.split(separator: "\n").map(String.init)
            let wide = lines.filter { TerminalPlot.visibleWidth($0) > columns }
            #expect(wide.isEmpty, "\(columns) columns: \(wide)")
            #expect(axisWidth(out) == columns - 12)
        }
        // Not a terminal: 80 columns; width= and height= set the area instead.
        #expect(axisWidth(try sfn("plot([3, 2, 1])").output) == 68)
        let (_, small) = try sfn("plot([3, 2, 1], width=30, height=8)\n", terminal(colour: false))
        #expect(axisWidth(small) == 30 && grid(small).count == 8)
        let (_, land) = try sfn("f(x, y) = x^2 + y^2\ncontour(f, [-1, 1], [-1, 1], width=24, height=6)", terminal(colour: false))
        #expect(axisWidth(land) == 24 && grid(land).count == 6)
        let e = failure("plot([1, 2], width=2)")
        #expect(e?.message == "plot: 'width' must be a whole number from 10 to 1000, got 2")
        // A legend longer than the terminal wraps.
        let (_, wrapped) = try sfn("plot([1, 2], [2, 1], labels=[\"a rather long first name\", \"a rather long second name\"])",
                                   terminal(columns: 40, colour: false))
        let legend = wrapped.split(separator: "\n").suffix(3)
        #expect(legend.allSatisfy { $0.count <= 40 })
        #expect(legend.contains { $0.contains("+ a rather long second name") })
    }

    @Test func contourDrawsLevelsInBrailleAndPathsInColour() throws {
        let (_, out) = try sfn(Self.saddle + "contour(f, [-2, 2], [-2, 2], paths=[g, n, s])", terminal(colour: true))
        let cells = grid(out).joined()
        #expect(cells.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        // Level lines in grey; each path in its colour, its end an x in bold. (gd's dots all lie
        // under Newton's jump along y ≈ 0, so its own colour shows only at its end.)
        #expect(cells.contains("\(esc)[38;5;"))
        for code in ["31", "32"] { #expect(cells.contains("\(esc)[\(code)m"), "path colour \(code)") }
        for code in ["34", "31", "32"] { #expect(cells.contains("\(esc)[1;\(code)mx"), "end of the path in \(code)") }
        // The three start at one point: its o has the colour of the path drawn last, the shortest (Newton's).
        #expect(cells.contains("\(esc)[1;31mo"))
        #expect(out.contains("\(esc)[34m── gd\(esc)[0m") && out.contains("(o start, x end)"))
    }
}

/// The sfn executable on a real terminal (tmux): plots fit its width and are coloured unless
/// NO_COLOR is set.
@Suite(.enabled(if: TmuxSession.available, "needs tmux and a built sfn"), .serialized)
struct PlotTerminalSessionTests {
    @Test func aPlotAtThePromptFitsTheTerminalInColour() throws {
        let t = try TmuxSession(columns: 90, rows: 45)
        try t.send("plot([16, 8, 4, 2, 1], [16, 1, 0.01], title=\"runs\")", "Enter")
        try t.waitFor { $0.contains("series 2") }
        let screen = try t.screen(escapes: true)
        #expect(screen.contains("\(esc)[34m") && screen.contains("\(esc)[31m"))
        #expect(screen.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        #expect(axisWidth(screen) == 90 - 12)
        let plain = try TmuxSession(columns: 90, rows: 45, environment: ["NO_COLOR": "1"])
        try plain.send("plot([16, 8, 4, 2, 1], [16, 1, 0.01])", "Enter")
        try plain.waitFor { $0.contains("series 2") }
        let text = try plain.screen(escapes: true)
        #expect(!text.contains("\(esc)["))
        #expect(text.contains("• series 1   + series 2"))
    }
}
