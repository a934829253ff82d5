// The braille dot canvas of terminal plots (issue 19): the dot-to-bit layout, lines, clipping,
// and what a cell shows when two series draw into it.
import Testing
@testable import SFNPlot

@Suite struct BrailleTests {
    /// The character of cell (row, column).
    private func character(_ c: DotCanvas, _ row: Int, _ column: Int) -> Character { DotCanvas.braille(c[row, column].bits) }

    @Test func dotBitsFollowUnicodesNumbering() {
        // Dots 1, 2, 3, 7 down the left column, 4, 5, 6, 8 down the right; dot k is bit k − 1.
        var c = DotCanvas(columns: 1, rows: 1)
        c.set(0, 0, series: 0)
        #expect(character(c, 0, 0) == "\u{2801}")
        c = DotCanvas(columns: 1, rows: 1)
        c.set(1, 3, series: 0)
        #expect(character(c, 0, 0) == "\u{2880}")
        c = DotCanvas(columns: 1, rows: 1)
        c.set(0, 3, series: 0)
        #expect(character(c, 0, 0) == "\u{2840}")   // dot 7
        c.set(1, 0, series: 0)
        #expect(character(c, 0, 0) == "\u{2848}")   // dots 7 and 4
        for x in 0..<2 { for y in 0..<4 { c.set(x, y, series: 0) } }
        #expect(character(c, 0, 0) == "⣿")
        // The next cell over and down; a dot outside the canvas is left out.
        c = DotCanvas(columns: 2, rows: 2)
        c.set(2, 4, series: 0)
        c.set(4, 0, series: 0); c.set(-1, 0, series: 0); c.set(0, 8, series: 0)
        #expect(c[1, 1].bits == 0x01 && c[0, 0].bits == 0 && c[0, 1].bits == 0 && c[1, 0].bits == 0)
        #expect(DotCanvas.braille(0) == "\u{2800}")
    }

    @Test func linesSetEveryDotBetweenTheirEnds() {
        // A horizontal line along the top: dots 1 and 4 of both cells.
        var c = DotCanvas(columns: 2, rows: 1)
        c.line(0, 0, 3, 0, series: 0)
        #expect(character(c, 0, 0) == "⠉" && character(c, 0, 1) == "⠉")
        // A diagonal: (0,0) (1,1) in the first cell = dots 1 and 5; (2,2) (3,3) in the second =
        // dots 3 and 8.
        c = DotCanvas(columns: 2, rows: 1)
        c.line(0, 0, 3, 3, series: 0)
        #expect(c[0, 0].bits == 0x01 | 0x10 && c[0, 1].bits == 0x04 | 0x80)
        #expect(character(c, 0, 0) == "⠑" && character(c, 0, 1) == "⢄")
        // A steep line fills every row between: a column of dots, no gaps.
        c = DotCanvas(columns: 1, rows: 2)
        c.line(0, 7, 0, 0, series: 0)
        #expect(c[0, 0].bits == 0x47 && c[1, 0].bits == 0x47)
    }

    @Test func overlappingSeriesKeepBothShapesAndTheLaterColour() {
        var c = DotCanvas(columns: 1, rows: 1)
        c.line(0, 0, 0, 3, series: 0)      // the left column: dots 1, 2, 3, 7
        c.set(1, 3, series: 1)             // dot 8 by the second series
        #expect(c[0, 0].bits == 0x47 | 0x80)
        #expect(c[0, 0].owner == 1)
    }

    @Test func segmentsAreClippedToTheCanvas() {
        // From far left of the canvas to its middle: the dots from the edge on, none lost or wrapped.
        var c = DotCanvas(columns: 3, rows: 1)
        c.segment((x: -100, y: 0), (x: 3, y: 0), series: 0)
        #expect(c[0, 0].bits == 0x09 && c[0, 1].bits == 0x09 && c[0, 2].bits == 0)
        // Entirely outside: nothing.
        c = DotCanvas(columns: 3, rows: 1)
        c.segment((x: -5, y: -5), (x: 10, y: -1), series: 0)
        #expect((0..<3).allSatisfy { c[0, $0].bits == 0 })
        // A cell-resolution canvas has one dot per cell.
        var cells = DotCanvas(columns: 3, rows: 2, resolution: .cell)
        cells.segment((x: 0, y: 0), (x: 2, y: 1), series: 2)
        #expect(cells[0, 0].bits != 0 && cells[1, 2].bits != 0 && cells[1, 2].owner == 2)
    }

    @Test func valuesMapToDotsAndCells() {
        let c = DotCanvas(columns: 10, rows: 5)   // 20 × 20 dots
        #expect(DotCanvas.position(0, 0...1, dots: 20) == 0 && DotCanvas.position(1, 0...1, dots: 20) == 19)
        #expect(c.column(1, 0...1) == 9 && c.column(0, 0...1) == 0 && c.column(2, 0...1) == nil)
        // y counts from the top: the upper bound is row 0.
        #expect(c.row(1, 0...1) == 0 && c.row(0, 0...1) == 4)
        let p = c.point(0, 1, 0...1, 0...1)
        #expect(p?.x == 0 && p?.y == 0)
        #expect(c.point(.nan, 0, 0...1, 0...1) == nil)
    }

    @Test func aRoundValueJustPastTheDataIsTicked() {
        // f runs from 1 − 1e-6 down to −1: 1 is within half a dot of the top, so it is labelled.
        #expect(TerminalPlot.edgeTicks([-1, 0], -1...0.999999, dots: 56) == [-1, 0, 1])
        #expect(TerminalPlot.edgeTicks([-1, 0], -1...0.9, dots: 56) == [-1, 0])
        #expect(TerminalPlot.edgeTicks([0.5, 1], 0.00001...1, dots: 56) == [0, 0.5, 1])
        let text = TerminalPlot.render(LinePlot(title: nil, series: [PlotSeries(label: "f", xs: [0, 1], ys: [0.999999, -1])], logY: false))
        #expect(text.split(separator: "\n")[0].contains(" 1 ┤"))
    }

    @Test func plotStyleFollowsTheTerminal() {
        // The area: the terminal's width less 12, a third as tall within 6…30 and the terminal's rows.
        #expect(TextPlotStyle(columns: 100).area == (88, 29))
        #expect(TextPlotStyle(columns: 100, rows: 24).area == (88, 17))
        #expect(TextPlotStyle(columns: 200).area == (188, 30))
        #expect(TextPlotStyle(columns: 20).area == (20, 6))
        #expect(TextPlotStyle(columns: 100, rows: 24, width: 40, height: 10).area == (40, 10))
        // Colour: one escape sequence per run of a colour, none around blanks.
        #expect(TerminalPlot.row([("a", "31"), ("b", "31"), (" ", "31"), ("c", nil)]) == "\u{1B}[31mab\u{1B}[0m c")
        #expect(TerminalPlot.visibleWidth("\u{1B}[31mab\u{1B}[0m c") == 4)
    }
}
