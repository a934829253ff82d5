import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// A fresh directory under the system's temporary directory.
private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-plot-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The grid rows of a terminal plot (lines with the y axis), each cut after the axis and padded
/// to `width` cells.
private func gridRows(_ text: String, width: Int) -> [[Character]] {
    text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> [Character]? in
        guard let axis = line.firstIndex(where: { $0 == "│" || $0 == "┤" }) else { return nil }
        var cells = Array(line[line.index(after: axis)...])
        if cells.count < width { cells += Array(repeating: " ", count: width - cells.count) }
        return cells
    }
}

/// Parses an SVG file as XML, returning the document (nil where FoundationXML is missing).
private func parsedSVG(_ url: URL) throws -> XMLDocument {
    let doc = try XMLDocument(contentsOf: url, options: [])
    #expect(doc.rootElement()?.name == "svg")
    return doc
}

private func count(_ doc: XMLDocument, _ xpath: String) throws -> Int { try doc.nodes(forXPath: xpath).count }

/// The plot area of a terminal plot when output is not a terminal (80 columns).
let plainArea = TextPlotStyle.plain.area

@Suite struct PlotTestsTerminal {
    static let runs = """
        a = record(history=[16, 8, 4, 2, 1], method="gd")
        b = record(history=[16, 1, 0.01, 0.0001], method="sfn")

        """

    @Test func curvesHaveLegendRowsAndNothingBack() throws {
        let (v, out) = try sfn(Self.runs + "plot(a, b, title=\"two runs\")")
        if case .nothing = v {} else { Issue.record("plot returned \(v)") }
        // Without colour, two series get a marker character each.
        #expect(out.contains("• gd"))
        #expect(out.contains("+ sfn"))
        #expect(out.contains("two runs"))
        #expect(out.contains("log scale"))
        let rows = gridRows(out, width: plainArea.columns)
        #expect(rows.count == plainArea.rows)
        // Both start at 16 (the top left, a cell of both): the shorter run, sfn, is drawn last and
        // shows there; sfn ends at the bottom, gd above it.
        #expect(rows[0][0] == "+")
        #expect(!out.contains("several"))
        #expect(rows.last!.contains("+"))
        #expect(rows.contains { $0.contains("•") })
        // The x axis below the grid, labels of the steps under it.
        #expect(out.contains("└"))
        let lines = out.split(separator: "\n")
        #expect(lines.count == 1 + plainArea.rows + 2 + 1)
    }

    @Test func vectorsAndListsArePlotted() throws {
        // A matrix is a series per column; a list counts as its elements.
        let (_, out) = try sfn(Self.runs + "plot([3, 2, 1], [1, 2; 2, 2; 3, 2], [a, b], log=false)")
        #expect(out.contains("• series 1"))
        #expect(out.contains("+ series 2"))
        #expect(out.contains("* series 3"))
        #expect(out.contains("# gd") && out.contains("@ sfn"))
        #expect(!out.contains("log scale"))
    }

    @Test func sameMethodTwiceGetsDistinctLabels() throws {
        let (_, out) = try sfn(Self.runs + "plot(a, a)")
        #expect(out.contains("• gd") && out.contains("+ gd #2"))
    }

    @Test func logScaleOfPositiveValuesIsLog10() {
        let p = LinePlot(title: nil, series: [PlotSeries(label: "a", xs: [0, 1, 2], ys: [100, 1, 0.01])], logY: true)
        #expect(p.series[0].ys == [2, 0, -2])
        #expect(p.yLabel == "f")
    }

    @Test func logScaleShiftsByTheMinimumWhenSomeValueIsNotPositive() {
        // Documented rule: y − min + δ with δ = 1e-6·(max − min); non-finite values are dropped.
        let p = LinePlot(title: nil, series: [PlotSeries(label: "a", xs: [0, 1, 2, 3], ys: [1, 0, -1, .nan]),
                                              PlotSeries(label: "b", xs: [0, 1], ys: [3, .infinity])], logY: true)
        let delta = 1e-6 * 4
        let ys = p.series[0].ys
        #expect(abs(ys[0] - log10(2 + delta)) < 1e-12)
        #expect(abs(ys[1] - log10(1 + delta)) < 1e-12)
        #expect(abs(ys[2] - log10(delta)) < 1e-12)
        #expect(ys[3].isNaN)
        #expect(abs(p.series[1].ys[0] - log10(4 + delta)) < 1e-12)
        #expect(p.series[1].ys[1].isNaN)
        #expect(p.yLabel == "f − (-1)")
    }

    @Test func logScaleWithZerosAndNegativesDraws() throws {
        let (_, out) = try sfn("plot([1, 0, -1, -1], [0, 0, 0, 0])")
        #expect(out.contains("f − (-1)"))
        let rows = gridRows(out, width: plainArea.columns)
        #expect(rows.count == plainArea.rows)
        // The minimum sits on the bottom row (at δ), the maximum on the top row.
        #expect(rows[0].contains("•"))
        #expect(rows.last!.contains("•"))
    }

    @Test func allEqualAndNonFiniteValuesDoNotBreakIt() throws {
        let (_, out) = try sfn("plot([2, 2, 2], [nan, inf, 1])")
        #expect(gridRows(out, width: plainArea.columns).count == plainArea.rows)
    }

    @Test func histogramCounts() throws {
        let h = HistogramData([1, 1, 2, 3, 3, 3, .nan], bins: 3, logCounts: false, title: nil)
        #expect(h.counts == [2, 1, 3])
        // Linear counts by default: exactly SFNMethods.TextHistogram's lines.
        let (_, out) = try sfn("hist([1, 1, 2, 3, 3, 3], bins=3)")
        let counts = out.split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(counts == [2, 1, 3])
        #expect(out == TextHistogram.render([1, 1, 2, 3, 3, 3], bins: 3, width: 50) + "\n")
        // Log counts on request: the same bins on a log scale, noted below.
        let (_, logged) = try sfn("hist([1, 1, 2, 3, 3, 3], bins=3, log=true)")
        let logCounts = logged.split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(logCounts == [2, 1, 3])
        #expect(logged.contains("(bar lengths ∝ count, log scale)"))
    }

    @Test func histogramOfAMatrixUsesEveryElement() {
        let h = HistogramData([0, 0, 0, 0], bins: 30, logCounts: true, title: nil)
        #expect(h.counts == [4])
        #expect(throws: Never.self) { try sfn("hist(randn(10, 10, seed=1), bins=5)") }
    }

    @Test func scatterInTheTerminal() throws {
        let (_, out) = try sfn("scatter([0, 1, 2], [0, 1, 4])")
        let rows = gridRows(out, width: plainArea.columns)
        #expect(rows.count == plainArea.rows)
        // One series: braille even without colour, a single dot per point (three cells apart).
        let dots = rows.flatMap { $0 }.filter { $0 != " " }
        #expect(dots.count == 3)
        #expect(dots.allSatisfy { c in [1, 2, 4, 8, 16, 32, 64, 128].contains(c.unicodeScalars.first!.value - 0x2800) })
        #expect(out.contains("3 points"))
    }

    @Test func contourMarksThePathPoints() throws {
        let program = """
            f(x, y) = x^2 - y^2
            r = gd(f, [1.5, 0.25], lr=0.2, steps=4, quiet=true)
            contour(f, [-2, 2], [-2, 2], paths=[r, record(x=[-1, -1.5], method="end only")])
            r.path
            """
        let (v, out) = try sfn(program)
        guard case .tensor(let path) = v else { Issue.record("no path"); return }
        let (columns, height) = plainArea
        let rows = gridRows(out, width: columns)
        #expect(rows.count == height)
        // One sample per braille dot: 2 × columns across, 4 × rows down, over [-2, 2]².
        func cell(_ x: Double, _ y: Double) -> Character {
            let c = Int(((x + 2) / 4 * Double(2 * columns - 1)).rounded()) / 2
            let r = (4 * height - 1 - Int(((y + 2) / 4 * Double(4 * height - 1)).rounded())) / 4
            return rows[r][c]
        }
        #expect(path.shape == [5, 2])
        // Without colour the paths are marker characters: o at the start, the path's marker (•)
        // at the iterates between, x at the end; a result without a path is its final x.
        #expect(cell(path.scalars[0], path.scalars[1]) == "o")
        for k in 1..<4 { #expect(cell(path.scalars[2 * k], path.scalars[2 * k + 1]) == "•") }
        #expect(cell(path.scalars[8], path.scalars[9]) == "x")
        #expect(cell(-1, -1.5) == "x")
        // The rest is the landscape: its level lines, braille patterns only.
        let landscape = rows.flatMap { $0 }.filter { !"ox•+ ".contains($0) }
        #expect(landscape.count > 100)
        #expect(landscape.allSatisfy { ($0.unicodeScalars.first!.value & ~0xFF) == 0x2800 })
        #expect(out.contains("• gd   + end only   (o start, x end)"))
        #expect(out.contains("level lines at the deciles of f"))
    }

    @Test func contourOfAVectorFunctionAndAnUncompilableOne() throws {
        // f(v) with a vector of two compiles too.
        let (_, out) = try sfn("g(v) = v[1]^2 + v[2]^2\ncontour(g, [-1, 1], [-1, 1])")
        // The middle lies inside the lowest level line: blank, with level lines around it.
        let rows = gridRows(out, width: plainArea.columns)
        #expect(rows[plainArea.rows / 2][plainArea.columns / 2] == " ")
        #expect(rows[plainArea.rows / 2].contains { $0 != " " })
        // A function that cannot be compiled as an objective is called point by point.
        let (_, slow) = try sfn("h(x, y) = if x > 0 then 1 else 2\ncontour(h, [-1, 1], [-1, 1])")
        #expect(gridRows(slow, width: plainArea.columns).count == plainArea.rows)
    }
}

@Suite struct PlotTestsLabels {
    static let runs = PlotTestsTerminal.runs

    @Test func seriesNamesAndAxisTitlesInTheTerminal() throws {
        let (_, out) = try sfn(Self.runs + "plot(a, b, labels=[\"plain\", \"saddle-free\"], xlabel=\"iteration\", ylabel=\"loss\")")
        let legend = try #require(out.split(separator: "\n").last)
        #expect(legend == "  • plain   + saddle-free   (x: iteration, y: loss, log scale)")
        // One series: label= with a string; a matrix counts a series per column.
        let (_, one) = try sfn("plot([3, 2, 1], label=\"falling\", log=false)")
        #expect(one.hasSuffix("  ── falling   (x: step, y: f)\n"))
        let (_, columns) = try sfn("plot([1, 2; 2, 2; 3, 2], labels=[\"rising\", \"flat\"], log=false)")
        #expect(columns.contains("• rising   + flat"))
        // Given names are kept as they are, even twice (only the defaults are made distinct).
        let (_, twice) = try sfn(Self.runs + "plot(a, a, labels=[\"x\", \"x\"])")
        #expect(twice.contains("• x   + x   "))
        // The log scale's shifted form says so in the y title.
        let (_, shifted) = try sfn("plot([1, 0, -1], ylabel=\"loss\")")
        #expect(shifted.contains("y: loss − (-1), log scale"))
    }

    @Test func histScatterAndContourInTheTerminal() throws {
        let (_, h) = try sfn("hist([1, 1, 2, 3, 3, 3, 5], bins=4, log=true, label=\"residuals\", xlabel=\"r\", ylabel=\"n\")")
        #expect(h.hasSuffix("\n  █ residuals   (rows: r, bar lengths ∝ n, log scale)\n"))
        let (_, linear) = try sfn("hist([1, 1, 2, 3, 3, 3, 5], bins=4, label=\"residuals\")")
        #expect(linear.hasSuffix("\n  █ residuals   (rows: value, bar lengths ∝ count)\n"))
        // Without names a log histogram still says what its bars are.
        let (_, plain) = try sfn("hist([1, 1, 2, 3, 3, 3, 5], bins=4, log=true)")
        #expect(plain.hasSuffix("\n(bar lengths ∝ count, log scale)\n"))
        let (_, sc) = try sfn("scatter([1, 2, 3], [3, 1, 2], label=\"data\", xlabel=\"time\", ylabel=\"loss\")")
        #expect(sc.hasSuffix("  • data   (x: time, y: loss)\n"))
        let (_, c) = try sfn("""
            f(x, y) = x^2 + y^2
            a = gd(f, [0.5, 0.5], steps=3, quiet=true)
            contour(f, [-1, 1], [-1, 1], paths=[a, a], labels=["first", "second"], xlabel="w1", ylabel="w2")
            """)
        #expect(c.contains("• first   + second"))
        #expect(c.hasSuffix("\n  (x: w1, y: w2)\n"))
    }

    @Test func namesAndTitlesInTheSVG() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func texts(_ name: String) throws -> [String] {
            let doc = try parsedSVG(dir.appendingPathComponent(name))
            return try doc.nodes(forXPath: "//*[local-name()='text']").map { $0.stringValue ?? "" }
        }
        func legend(_ name: String) throws -> [String] {
            let doc = try parsedSVG(dir.appendingPathComponent(name))
            return try doc.nodes(forXPath: "//*[local-name()='g'][@class='legend']//*[local-name()='text']").map { $0.stringValue ?? "" }
        }
        let d = dir.path
        try sfn(Self.runs + """
            plot(a, b, labels=["plain <gd>", "saddle-free"], xlabel="iteration", ylabel="loss", file="\(d)/p.svg")
            hist([1, 1, 2, 3, 3, 3, 5], bins=4, log=true, label="residuals", xlabel="r", ylabel="n", file="\(d)/h.svg")
            scatter([1, 2, 3], [3, 1, 2], label="data", xlabel="time", ylabel="loss", file="\(d)/s.svg")
            f(x, y) = x^2 + y^2
            r = gd(f, [0.5, 0.5], steps=3, quiet=true)
            contour(f, [-1, 1], [-1, 1], paths=r, label="descent", xlabel="w1", ylabel="w2", file="\(d)/c.svg")
            """)
        #expect(try legend("p.svg") == ["plain <gd>", "saddle-free"])
        #expect(try texts("p.svg").contains("iteration") && texts("p.svg").contains("loss (log scale)"))
        #expect(try String(contentsOf: dir.appendingPathComponent("p.svg"), encoding: .utf8).contains("plain &lt;gd&gt;"))
        #expect(try legend("h.svg") == ["residuals"])
        #expect(try texts("h.svg").contains("r") && texts("h.svg").contains("n (log scale)"))
        // A named scatter plot shows its legend (an unnamed one has none: there is one series).
        #expect(try legend("s.svg") == ["data"])
        #expect(try texts("s.svg").contains("time") && texts("s.svg").contains("loss"))
        #expect(try legend("c.svg") == ["descent"])
        #expect(try texts("c.svg").contains("w1") && texts("c.svg").contains("w2"))
        // The defaults are unchanged.
        try sfn("scatter([1, 2], [2, 1], file=\"\(d)/s0.svg\")\nhist([1, 2], file=\"\(d)/h0.svg\")")
        #expect(try legend("s0.svg").isEmpty && texts("s0.svg").contains("x") && texts("s0.svg").contains("y"))
        #expect(try legend("h0.svg").isEmpty && texts("h0.svg").contains("value") && texts("h0.svg").contains("count"))
    }

    @Test func theLegendKeepsClearOfTheData() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func attribute(_ file: String, _ xpath: String, _ name: String) throws -> [Double] {
            let doc = try parsedSVG(dir.appendingPathComponent(file))
            return try doc.nodes(forXPath: xpath + "/@" + name).compactMap { $0.stringValue }.compactMap(Double.init)
        }
        // A curve along the top of the frame: the legend box goes to a bottom corner instead of
        // the top right (the frame is y 44 to 374).
        try sfn("plot([10, 10, 10, 10, 10, 10, 10, 1], labels=\"flat, then down\", log=false, file=\"\(dir.path)/p.svg\")")
        let box = try attribute("p.svg", "//*[local-name()='g'][@class='legend']/*[local-name()='rect']", "y")
        #expect(box.count == 1 && box[0] > 200)
        // Contour's path names wrap into a second row when one does not hold them, and the frame
        // moves down to make room (from y 62).
        try sfn("""
            f(x, y) = x^2 + y^2
            r = gd(f, [0.5, 0.5], steps=3, quiet=true)
            contour(f, [-1, 1], [-1, 1], paths=[r, r, r], file="\(dir.path)/c.svg",
                    labels=["a first rather long name", "a second rather long name", "a third"])
            """)
        let rows = Set(try attribute("c.svg", "//*[local-name()='g'][@class='legend']/*[local-name()='text']", "y"))
        #expect(rows.count == 2)
        let frame = try attribute("c.svg", "//*[local-name()='rect'][@class='frame']", "y")
        #expect(frame == [78])
        let xs = try attribute("c.svg", "//*[local-name()='g'][@class='legend']/*[local-name()='text']", "x")
        #expect(xs.allSatisfy { $0 < 72 + 470 })
    }

    @Test func badNamesAreLocated() {
        var e = failure("plot([1, 2], [3, 4], labels=[\"a\"])")
        #expect(e?.message == "plot: 'labels' has 1 name for 2 series")
        #expect(e?.location.column == 22)
        e = failure("plot([1, 2], [1, 2; 3, 4], labels=[\"a\", \"b\"])")
        #expect(e?.message == "plot: 'labels' has 2 names for 3 series")
        e = failure("plot([1, 2], labels=3)")
        #expect(e?.message == "plot: 'labels' must be a string or a list of strings, one per series, got a number")
        #expect(e?.location.column == 14)
        e = failure("plot([1, 2], label=[\"a\", 2])")
        #expect(e?.message == "plot: 'label' must hold strings, but element 2 is a number")
        e = failure("plot([1, 2], label=\"a\", labels=[\"b\"])")
        #expect(e?.message == "plot: give the series names once, as label= or labels=, not both")
        #expect(e?.location.column == 25)
        e = failure("plot([1, 2], xlabel=1)")
        #expect(e?.message == "plot: 'xlabel' must be a string, got a number")
        #expect(e?.location.column == 14)
        e = failure("hist([1, 2], label=[\"a\", \"b\"])")
        #expect(e?.message == "hist: 'label' has 2 names for 1 data set")
        e = failure("hist([1, 2], ylabel=[1])")
        #expect(e?.message == "hist: 'ylabel' must be a string, got a vector of length 1")
        e = failure("scatter([1, 2], [1, 2], ylabel=true)")
        #expect(e?.message == "scatter: 'ylabel' must be a string, got a bool")
        #expect(e?.location.column == 25)
        e = failure("scatter([1, 2], [1, 2], labels=[\"a\", \"b\"])")
        #expect(e?.message == "scatter: 'labels' has 2 names for 1 series")
        e = failure("f(x, y) = x\ncontour(f, [0, 1], [0, 1], xlabel=2)")
        #expect(e?.message == "contour: 'xlabel' must be a string, got a number")
        #expect(e?.location.line == 2 && e?.location.column == 28)
        e = failure("f(x, y) = x\nr = gd(f, [0.5, 0.5], steps=1, quiet=true)\ncontour(f, [0, 1], [0, 1], paths=[r, r], labels=[\"a\"])")
        #expect(e?.message == "contour: 'labels' has 1 name for 2 paths")
        #expect(e?.location.line == 3 && e?.location.column == 42)
    }
}

@Suite struct PlotTestsSVG {
    @Test func curvesAreWellFormedWithOnePathPerSeriesAndTheTitle() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("curves.svg")
        let (v, out) = try sfn("""
            a = record(history=[16, 8, 4, 2, 1], method="gd")
            b = record(history=[16, 1, 0.01, 0], method="sfn & co")
            plot(a, b, [1, 2, 3], file="\(file.path)", title="runs <1> & <2>")
            """)
        if case .nothing = v {} else { Issue.record("plot returned \(v)") }
        #expect(out == "plot: wrote 3 curves to \(file.path)\n")
        let doc = try parsedSVG(file)
        #expect(try count(doc, "//*[local-name()='path'][@class='series']") == 3)
        #expect(try count(doc, "//*[local-name()='path']") == 3)
        let titles = try doc.nodes(forXPath: "//*[local-name()='text'][@class='title']").map { $0.stringValue ?? "" }
        #expect(titles == ["runs <1> & <2>"])
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("sfn &amp; co"))
        #expect(text.contains("log scale"))
    }

    @Test func histogramHasARectPerNonEmptyBin() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("h.svg")
        let (_, out) = try sfn("hist([1, 1, 2, 3, 3, 3, 5], bins=4, file=\"\(file.path)\", title=\"counts\")")
        #expect(out.contains("wrote 4 bins"))
        let doc = try parsedSVG(file)
        // Bins [1, 2), [2, 3), [3, 4), [4, 5]: counts 2, 1, 3, 1.
        let bars = try doc.nodes(forXPath: "//*[local-name()='g'][@class='bars']/*[local-name()='rect']")
        #expect(bars.map { $0.stringValue ?? "" } == ["2", "1", "3", "1"])
    }

    @Test func scatterHasACirclePerPoint() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.svg")
        try sfn("scatter([0, 1, 2, nan], [0, 1, 4, 9], file=\"\(file.path)\")")
        let doc = try parsedSVG(file)
        #expect(try count(doc, "//*[local-name()='circle']") == 3)
    }

    @Test func contourHasBandsLevelsAndAPathPerRun() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("c.svg")
        let (_, out) = try sfn("""
            f(x, y) = x^2 - y^2 + y^4 / 4
            g = gd(f, [1, 0.001], steps=20, quiet=true)
            s = sfn(f, [1, 0.001], quiet=true)
            contour(f, [-2, 2], [-2, 2], paths=[g, s], file="\(file.path)", title="quartic saddle")
            """)
        #expect(out.contains("contour: wrote the landscape and 2 paths to"))
        let doc = try parsedSVG(file)
        #expect(try count(doc, "//*[local-name()='path'][@class='series']") == 2)
        #expect(try count(doc, "//*[local-name()='path'][@class='level']") >= 5)
        // The bands: the lowest as a rectangle under the frame, the others one filled path each.
        #expect(try count(doc, "//*[local-name()='g'][@class='bands']/*[local-name()='path'][@class='band']") == SVGPlot.bands.count - 1)
        let titles = try doc.nodes(forXPath: "//*[local-name()='text'][@class='title']").map { $0.stringValue ?? "" }
        #expect(titles == ["quartic saddle"])
    }
}

@Suite struct PlotTestsSave {
    @Test func recordsRoundTripThroughJSONSerialization() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out.json")
        let (v, _) = try sfn("""
            f(x) = x^2
            r = record(n=3, x=0.1, v=[1, 2.5, -3], m=[1, 2; 3, 4], s="a \\"quoted\\"\\n line", ok=true, no=false,
                       inner=record(k=1, tags=["a", "b"], empty=[]), bad=[1, nan, inf, -inf], fn=f, big=1e300)
            save(r, "\(file.path)")
            """)
        if case .nothing = v {} else { Issue.record("save returned \(v)") }
        let data = try Data(contentsOf: file)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let o = try #require(object)
        #expect(o["n"] as? Int == 3)
        #expect(o["x"] as? Double == 0.1)
        #expect(o["v"] as? [Double] == [1, 2.5, -3])
        #expect(o["m"] as? [[Double]] == [[1, 2], [3, 4]])
        #expect(o["s"] as? String == "a \"quoted\"\n line")
        #expect(o["ok"] as? Bool == true && o["no"] as? Bool == false)
        let inner = try #require(o["inner"] as? [String: Any])
        #expect(inner["k"] as? Int == 1)
        #expect(inner["tags"] as? [String] == ["a", "b"])
        #expect((inner["empty"] as? [Any])?.isEmpty == true)
        // Documented: non-finite numbers as the strings "nan", "inf", "-inf".
        let bad = try #require(o["bad"] as? [Any])
        #expect(bad[0] as? Int == 1)
        #expect(bad.dropFirst().compactMap { $0 as? String } == ["nan", "inf", "-inf"])
        #expect(o["fn"] as? String == "f")
        #expect(o["big"] as? Double == 1e300)
        // Fields keep their order.
        let text = String(decoding: data, as: UTF8.self)
        let order = ["\"n\"", "\"x\"", "\"v\"", "\"m\"", "\"s\"", "\"inner\"", "\"big\""].map { text.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
    }

    @Test func optimiserResultsSave() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.json")
        try sfn("f(x, y) = x^2 + y^2\nsave(gd(f, [1, 1], steps=3, quiet=true), \"\(file.path)\")")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(o["method"] as? String == "gd")
        #expect((o["history"] as? [Double])?.count == 4)
        #expect((o["path"] as? [[Double]])?.count == 4)
    }

    @Test func aWriteFailureIsLocatedAtTheFileName() {
        let e = failure("x = 1\nsave(x, \"/nonexistent-sfn-dir/out.json\")")
        #expect(e?.message == "save: cannot write '/nonexistent-sfn-dir/out.json': No such file or directory")
        #expect(e?.location.line == 2 && e?.location.column == 9)
    }
}

@Suite struct PlotTestsErrors {
    @Test func badArgumentsAreLocated() {
        var e = failure("plot()")
        #expect(e?.message.hasPrefix("plot: give at least one optimiser result or vector") == true)

        e = failure("plot([1, 2], record(a=1))")
        #expect(e?.message == "plot: argument 2 must be an optimiser result (a record with a history) or a vector, got a record without a 'history' field")
        #expect(e?.location.column == 20)   // a call is located at its parenthesis

        e = failure("plot([1, 2], colour=1)")
        #expect(e?.message == "unknown named argument 'colour' for plot; accepted: file, log, title, label, labels, xlabel, ylabel, xs, logx, width, height")

        e = failure("plot([1, 2], log=1)")
        #expect(e?.message == "plot: 'log' must be true or false, got a number")

        e = failure("plot([1, 2], file=\"x.png\")")
        #expect(e?.message.hasPrefix("plot: file must name an .svg file") == true)
        #expect(e?.location.column == 14)   // a named argument is located at its name

        e = failure("hist([1, 2], bins=0)")
        #expect(e?.message == "hist: 'bins' must be a whole number from 1 to 10000, got 0")

        e = failure("hist(\"abc\")")
        #expect(e?.message == "hist: 'v' must be a vector, got a string")

        e = failure("scatter([1, 2], [1, 2, 3])")
        #expect(e?.message == "scatter: xs has 2 elements but ys has 3")
        #expect(e?.location.column == 17)

        e = failure("f(x, y) = x * y\ncontour(f, [1, 0], [0, 1])")
        #expect(e?.message == "contour: 'xrange' must be a range [lo, hi] of two finite numbers with lo < hi, got [1, 0]")
        #expect(e?.location.line == 2 && e?.location.column == 12)

        e = failure("f(x, y, z) = x\ncontour(f, [0, 1], [0, 1])")
        #expect(e?.message == "contour: f must take two numbers f(x, y) or one vector of two, but f takes 3 parameters")

        e = failure("f(x, y) = x\ncontour(f, [0, 1], [0, 1], paths=[1, 2, 3])")
        #expect(e?.message.hasPrefix("contour: paths: a path is a vector of length 3") == true)

        e = failure("contour(exp, [0, 1], [0, 1])")
        #expect(e?.message.hasPrefix("contour: f must return a number, got a vector of length 2") == true)

        e = failure("f(x, y) = x\ncontour(f, [0, 1], [0, 1], file=\"/nonexistent-sfn-dir/c.svg\")")
        #expect(e?.message == "contour: cannot write '/nonexistent-sfn-dir/c.svg': No such file or directory")

        e = failure("save(1)")
        #expect(e?.message.hasPrefix("save expects 2 arguments") == true)
    }

    @Test func saveHasHelp() {
        #expect(Interpreter().builtins["save"]?.helpText.contains("\n\n") == true, "save has no help text")
    }
}

/// Every plot command the registry holds (Builtin.Category.plot) draws in the terminal, writes a
/// well-formed SVG with its title, axis names and legend, and reports a file it cannot write.
@Suite struct PlotTestsFamily {
    /// A call of each plot command with one series, left open for the options. A new plot command
    /// fails `everyPlotCommand` until it has one here.
    static let samples: [String: String] = [
        "plot": "plot([16, 4, 1]",
        "hist": "hist([1, 1, 2, 3, 3, 5]",
        "scatter": "scatter([1, 2, 3], [3, 1, 2]",
        "contour": "f(x, y) = x^2 + y^2\nr = gd(f, [0.5, 0.5], steps=3, quiet=true)\ncontour(f, [-1, 1], [-1, 1], paths=r",
    ]

    @Test(arguments: Family.names(.plot))
    func everyPlotCommand(_ name: String) throws {
        let sample = try #require(Self.samples[name], "\(name): add a sample call to PlotTestsFamily.samples")
        let b = try #require(Interpreter().builtins[name])
        #expect(b.helpText.contains("\n\n"), "\(name) has no help text")
        for option in ["file", "title", "label", "labels", "xlabel", "ylabel"] {
            #expect(b.parameters.contains { $0.name == option && $0.isNamedOnly }, "\(name) has no option \(option)=")
        }
        let options = #", title="the <title>", label="the label", xlabel="across", ylabel="up""#
        let (value, terminal) = try sfn(sample + options + ")")
        if case .nothing = value {} else { Issue.record("\(name) returned \(value)") }
        #expect(terminal.contains("the <title>"), "\(name): the terminal shows no title")

        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("\(name).svg")
        let (_, out) = try sfn(sample + options + ", file=\"\(file.path)\")")
        #expect(out.hasPrefix("\(name): wrote ") && out.hasSuffix(" to \(file.path)\n"), "\(name): \(out)")
        let doc = try parsedSVG(file)
        let titles = try doc.nodes(forXPath: "//*[local-name()='text'][@class='title']").map { $0.stringValue ?? "" }
        #expect(titles == ["the <title>"], "\(name)")
        let texts = try doc.nodes(forXPath: "//*[local-name()='text']").map { $0.stringValue ?? "" }
        #expect(texts.contains("across") && texts.contains { $0.hasPrefix("up") }, "\(name): axis names \(texts)")
        let legend = try doc.nodes(forXPath: "//*[local-name()='g'][@class='legend']//*[local-name()='text']").map { $0.stringValue ?? "" }
        #expect(legend == ["the label"], "\(name): legend \(legend)")

        let e = failure(sample + ", file=\"/nonexistent-sfn-dir/p.svg\")")
        #expect(e?.message == "\(name): cannot write '/nonexistent-sfn-dir/p.svg': No such file or directory")
    }
}

/// plot's xs= and logx=, the log axes' ticks, and the marks added for readability (a histogram's
/// zero line, a path's end, ticks over the frame's margins).
@Suite struct PlotTestsAxes {
    private func texts(_ url: URL) throws -> [String] {
        try parsedSVG(url).nodes(forXPath: "//*[local-name()='text']").map { $0.stringValue ?? "" }
    }

    @Test func xsPlacesThePoints() throws {
        // One vector for every series: the x axis runs 100 … 300, not 0 … 2.
        let (_, out) = try sfn("plot([3, 2, 1], [1, 2, 3], xs=[100, 200, 300])")
        #expect(out.contains("100") && out.contains("300"))
        #expect(!out.contains("\n    0 "))
        // One vector per series, of different lengths; a matrix's rows when they are equal.
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let f1 = dir.appendingPathComponent("a.svg"), f2 = dir.appendingPathComponent("b.svg")
        try sfn("""
            a = record(history=[4, 2, 1], method="a")
            b = record(history=[4, 1], method="b")
            plot(a, b, xs=[[0, 10, 20], [0, 40]], log=false, file="\(f1.path)")
            plot([1, 2], [2, 1], xs=[[0, 5], [0, 50]], log=false, file="\(f2.path)")
            """)
        #expect(try texts(f1).contains("40"))
        #expect(try texts(f2).contains("50"))
    }

    @Test func recordsCarryTheirCostAlongTheHistory() throws {
        let (v, _) = try sfn("""
            f(x, y) = x^2 - y^2 + y^4 / 4
            r = sfn(f, [1, 0.001], quiet=true)
            checks = [length(r.history_seconds) == length(r.history), length(r.history_evals) == length(r.history),
             length(r.history_hvps) == length(r.history), r.history_evals[end] <= r.evals, r.history_hvps[end] <= r.hvps,
             all(r.history_seconds[2:end] >= r.history_seconds[1:end - 1]), r.history_evals[1] == 1, r.history_hvps[1] == 0]
            [if c then 1 else 0 for c in checks]
            """)
        #expect(v.doubles == [1, 1, 1, 1, 1, 1, 1, 1])
    }

    @Test func logxDrawsDecadesWrittenOut() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("w.svg")
        try sfn("plot([5, 4, 3, 2], xs=[1, 10, 100, 10000], logx=true, xlabel=\"work\", file=\"\(file.path)\")")
        let t = try texts(file)
        #expect(t.contains("work (log scale)"))
        #expect(t.contains("1") && t.contains("10") && t.contains("100") && t.contains("1000") && t.contains("10000"))
        #expect(!t.contains("1e3") && !t.contains("1e4"))
        // x ≤ 0 is left out on a log axis, not an error.
        let (_, out) = try sfn("plot([1, 2, 3], xs=[0, 1, 10], logx=true)")
        #expect(out.contains("log scale"))
    }

    @Test func logTicksAreReadable() {
        // A range of under two decades gets 2× and 5× ticks too: at least three labelled values.
        let t = PlotFormat.logTicks(-1.87...0.06)
        #expect(t.count >= 3)
        #expect(t.map { PlotFormat.tick($0, log: true) }.contains("0.02"))
        #expect(PlotFormat.tick(3, log: true) == "1000")
        #expect(PlotFormat.tick(-3, log: true) == "0.001")
        #expect(PlotFormat.tick(-6, log: true) == "1e-6")
        #expect(PlotFormat.tick(6, log: true) == "1e6")
        #expect(PlotFormat.tick(log10(5), log: true) == "5")
        #expect(PlotFormat.tick(log10(1.5), log: true) == "1.5" && PlotFormat.tick(log10(0.025), log: true) == "0.025")
        // Linear ticks write whole thousands out too.
        #expect(PlotFormat.short(1500) == "1500" && PlotFormat.short(1000) == "1000" && PlotFormat.short(2.5e6) == "2.5e6")
        // Several decades: decades only, as before.
        #expect(PlotFormat.logTicks(-8...0.5) == PlotFormat.logTicks(-8...0.5).filter { $0 == $0.rounded() })
    }

    @Test func badXsAreLocated() {
        var e = failure("plot([1, 2], [3, 4, 5], xs=[1, 2])")
        #expect(e?.message == "plot: 'xs' gives 2 x values for series 2 ('series 2'), which has 3 points")
        #expect(e?.location.column == 25)
        e = failure("plot([1, 2], xs=[[1, 2], [3, 4]])")
        #expect(e?.message == "plot: 'xs' has 2 rows (one per series) for 1 series")
        e = failure("plot([1, 2], [1, 2, 3], xs=[[1, 2], [1, 2]])")
        #expect(e?.message.hasPrefix("plot: 'xs' ") == true)
        e = failure("plot([1, 2], xs=\"a\")")
        #expect(e?.message == "plot: 'xs' must be a vector, or a list of vectors (one per series), got a string")
    }

    @Test func histogramMarksZeroAndScatterTicksItsMargin() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let h1 = dir.appendingPathComponent("h1.svg"), h2 = dir.appendingPathComponent("h2.svg")
        let s = dir.appendingPathComponent("s.svg")
        try sfn("""
            hist([-1, -0.5, 0.2, 2], bins=4, file="\(h1.path)")
            hist([1, 2, 3], bins=3, file="\(h2.path)")
            scatter([1e-9, 1, 2.3], [0, 0.1, 0.24], file="\(s.path)")
            """)
        #expect(try count(parsedSVG(h1), "//*[local-name()='line'][@class='zero']") == 1)
        #expect(try count(parsedSVG(h2), "//*[local-name()='line'][@class='zero']") == 0)
        // The smallest x is 1e-9: the frame's margin reaches below 0, and 0 gets its tick.
        #expect(try texts(s).contains("0"))
    }

    @Test func contourMarksEachPathsEnd() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("c.svg")
        try sfn("""
            f(x, y) = x^2 - y^2 + y^4 / 4
            n = newton(f, [1, 0.001], steps=20, quiet=true)
            g = gd(f, [1, 0.001], steps=20, quiet=true)
            contour(f, [-2, 2], [-2, 2], paths=[n, g, record(x=[0.5, 0.5], method="point")], file="\(file.path)")
            """)
        // Two paths of several points get an end square; a single point (a final x) none.
        #expect(try count(parsedSVG(file), "//*[local-name()='rect'][@class='end']") == 2)
    }
}
