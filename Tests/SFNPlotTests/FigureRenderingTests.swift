// Issue 19 items 7, 8 and 9 at the renderer: log-scale counts, long paths thinned to what the
// picture shows, round colour-key levels, and one colour per method.
import Foundation
import Testing
@testable import SFNPlot

@Suite struct FigureRenderingTests {
    /// The points of every path data string of class `cls` (M/L commands only).
    static func points(_ svg: String, cls: String) -> [[(x: Double, y: Double)]] {
        svg.components(separatedBy: "<path class=\"\(cls)\" d=\"").dropFirst().map { rest in
            let d = rest.prefix { $0 != "\"" }
            return d.split { $0 == "M" || $0 == "L" }.map { pair in
                let xy = pair.split(separator: " ").compactMap { Double($0) }
                return (xy[0], xy[1])
            }
        }
    }

    /// A 20,000-step gradient descent path on a valley (slow along it at the end) draws as one
    /// polyline of a few hundred points whose every iterate lies within a pixel of a vertex drawn;
    /// the path adds under 30 KB to the file (its line twice: halo and colour; it was 2.4 MB of circles), and the marks are bounded.
    /// The landscape itself, a steep valley whose ten bands each follow long contour lines, is
    /// about 240 KB.
    @Test func aLongPathIsThinnedToThePicture() {
        var p = (x: -1.5, y: 1.8)
        var path = [p]
        for _ in 0..<20_000 {
            // f = (x − 1)²/2 + 10 (y − x²)²: Rosenbrock-like, lr 0.002.
            let r = p.y - p.x * p.x
            let gx = (p.x - 1) - 40 * p.x * r, gy = 20 * r
            p = (p.x - 0.002 * gx, p.y - 0.002 * gy)
            path.append(p)
        }
        let x = -2.0...2.0, y = -1.0...3.0
        let values = ContourData.sample(x: x, y: y, nx: 101, ny: 101) { a, b in (a - 1) * (a - 1) / 2 + 10 * (b - a * a) * (b - a * a) }
        let c = ContourData(title: "gd", x: x, y: y, nx: 101, ny: 101, values: values, paths: [PlotPath(label: "gd", points: path)])
        let svg = c.svg()
        var bare = c
        bare.paths = [PlotPath(label: "gd", points: [path[0]])]
        #expect(svg.utf8.count - bare.svg().utf8.count < 30_000, "the path takes \(svg.utf8.count - bare.svg().utf8.count) bytes")
        #expect(svg.utf8.count < 300_000, "\(svg.utf8.count) bytes")
        let drawn = Self.points(svg, cls: "series")
        #expect(drawn.count == 1)
        let line = drawn[0]
        #expect(line.count < 2_000 && line.count > 10)
        let frame = SVGPlot.contourFrame(c)
        var worst = 0.0
        for q in path {
            let (px, py) = (frame.px(q.x), frame.py(q.y))
            worst = max(worst, line.map { hypot($0.x - px, $0.y - py) }.min()!)
        }
        #expect(worst < 1, "an iterate \(worst) px from every vertex drawn")
        // First and last iterates are vertices (to the 0.01 px the file writes).
        #expect(abs(line[0].x - frame.px(path[0].x)) < 0.01 && abs(line.last!.y - frame.py(path.last!.y)) < 0.01)
        let marks = svg.components(separatedBy: "class=\"iterate\"").count - 1
        #expect(marks <= SVGPlot.pathMarks && marks > 10)
        #expect(svg.components(separatedBy: "class=\"start\"").count == 2 && svg.components(separatedBy: "class=\"end\"").count == 2)
    }

    @Test func thinningKeepsEndsAndDropsSubPixelSteps() {
        let pts = [(x: 0.0, y: 0.0), (0.1, 0), (0.2, 0), (1, 0), (1.1, 0.1), (5, 5), (5.01, 5)]
        #expect(SVGPlot.thinned(pts, tolerance: 0.5) == [0, 3, 5, 6])
        #expect(SVGPlot.thinned([(x: 1.0, y: 1.0)], tolerance: 0.5) == [0])
    }

    /// A short path is drawn after a long one, whatever their order in paths=, so Newton's single
    /// step over gradient descent's track stays on top.
    @Test func theShortestPathIsDrawnLast() {
        let long = PlotPath(label: "gd", points: (0...100).map { (1 - Double($0) / 100, 0.0) })
        let short = PlotPath(label: "newton", points: [(1, 0), (0, 0)])
        let c = ContourData(title: nil, x: -1...1, y: -1...1, nx: 5, ny: 5, values: Array(repeating: 0, count: 25),
                            paths: [short, long])
        let svg = c.svg()
        let newton = svg.range(of: "<title>newton</title>")!, gd = svg.range(of: "<title>gd</title>")!
        #expect(gd.lowerBound < newton.lowerBound)
        // Each line lies on a white halo.
        #expect(svg.components(separatedBy: "class=\"halo\"").count == 3)
    }

    @Test func colourKeyLevelsAreRound() {
        let values = ContourData.sample(x: -1.5...1.5, y: -2...2, nx: 101, ny: 101) { x, y in x * x - y * y + y * y * y * y / 4 }
        let levels = ContourData.niceLevels(values, count: 9)
        #expect(levels.count == 9)
        #expect(zip(levels, levels.dropFirst()).allSatisfy { $0 < $1 })
        for l in levels { #expect(abs(l * 10 - (l * 10).rounded()) < 1e-9, "\(l) is not a multiple of 0.1") }
        let q = ContourData.quantileLevels(values, count: 9)
        for (a, b) in zip(levels, q) { #expect(abs(a - b) <= 0.05 + 1e-12) }
    }

    /// One colour per method: a run's colour comes from its method's name in every kind of figure.
    @Test func methodColoursAreTheSameInEveryFigure() {
        #expect(SVGPlot.method(of: "SGD (lr 0.05, momentum 0.9)") == "sgd")
        #expect(SVGPlot.method(of: "gradient descent, lr 0.01") == "gd")
        #expect(SVGPlot.method(of: "Newton (undamped): to the saddle") == "newton")
        #expect(SVGPlot.method(of: "saddle-free Newton") == "sfn")
        #expect(SVGPlot.method(of: "Krylov SFN (k = 20)") == "sfn")
        #expect(SVGPlot.method(of: "sfhf") == "sfhf")
        #expect(SVGPlot.method(of: "seed 0") == nil)
        let colours = Set(SVGPlot.methodColors.map(\.color))
        #expect(colours.count == SVGPlot.methodColors.count, "two methods share a colour")
        #expect(colours.isDisjoint(with: SVGPlot.otherColors))
        // A second run of one method keeps the colour and is dashed; unnamed data keeps the palette.
        let s = SVGPlot.styles(["SGD to the plateau", "Krylov SFN", "SGD continued", "other"])
        #expect(s[0] == SeriesStyle(color: SVGPlot.methodColor("sgd")!, dash: nil))
        #expect(s[2].color == s[0].color && s[2].dash != nil)
        #expect(s[1].color == SVGPlot.methodColor("sfn")! && !colours.contains(s[3].color))
        #expect(SVGPlot.styles(["a", "b"]).map(\.color) == Array(SVGPlot.palette.prefix(2)))
    }

    /// Log-scale counts are a true log axis: a bar's top at log10(count), ticks at 1, 10, 100.
    @Test func logCountsAreALogAxis() {
        let values = [Double](repeating: 0, count: 100) + [Double](repeating: 1, count: 10) + [2]
        var h = HistogramData(values, bins: 3, logCounts: true, title: nil)
        #expect(h.height(100) == 2 && h.height(1) == 0)
        let svg = h.svg()
        #expect(svg.contains(">count (log scale)<"))
        for t in [">1<", ">10<", ">100<"] { #expect(svg.contains(t), "no tick \(t)") }
        h.logCounts = false
        #expect(h.height(100) == 100 && h.svg().contains(">count<"))
        // Linear bars: heights in proportion to the counts.
        let heights = h.svg().components(separatedBy: "height=\"").dropFirst(2).compactMap { Double($0.prefix { $0 != "\"" }) }
        let bars = Array(heights.suffix(3))
        #expect(abs(bars[0] / bars[1] - 10) < 0.01 && abs(bars[1] / bars[2] - 10) < 0.01, "\(bars)")
    }

    @Test func logCountsInTheTerminal() {
        let values = [Double](repeating: 0, count: 100) + [Double](repeating: 1, count: 10) + [2]
        func bar(_ line: Substring) -> Int { line.filter { $0 == "█" }.count }
        let linear = TextHistogram.render(values, bins: 3, width: 40).split(separator: "\n")
        #expect(linear.map(bar) == [40, 4, 0])
        // log10(count) from a count of ½: 1 → 0.3/2.3 of the width, 10 → 1.3/2.3.
        let log = TextHistogram.render(values, bins: 3, width: 40, log: true).split(separator: "\n")
        #expect(log.map(bar) == [40, 22, 5])
    }

    /// Several data sets share one set of bins over the range of them all.
    @Test func severalHistogramsShareTheirBins() {
        let h = HistogramData(sets: [[0, 0.5, 1], [2, 3, 3, 4]], bins: 4, logCounts: false, title: nil)
        #expect(h.lo == 0 && h.hi == 4)
        #expect(h.sets == [[2, 1, 0, 0], [0, 0, 1, 3]])
        let svg = h.svg()
        #expect(svg.components(separatedBy: "<path class=\"series\"").count == 3)
    }
}
