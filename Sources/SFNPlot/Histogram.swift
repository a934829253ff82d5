// Histograms: the model (bins shared by both forms), and its SVG and text renderers.
import Foundation

/// A histogram: bins split [lo, hi] evenly, the last includes hi, non-finite values are left out
/// (the rule of TextHistogram, so the terminal and SVG forms agree). Several data sets share one
/// set of bins over the range of them all (`hist(v1, v2, …)`), so that their shapes can be compared.
package struct HistogramData {
    package var title: String?
    package var lo: Double
    package var hi: Double
    /// The counts of each data set, bin by bin.
    package var sets: [[Int]]
    /// The counts of the first (often the only) data set.
    package var counts: [Int] { sets.first ?? [] }
    /// Counts on a log scale: bar heights log10(count), the axis from ½ up (a count of 1 still
    /// shows), ticked at counts 1, 10, 100, …; an empty bin shows no bar.
    package var logCounts: Bool
    /// The names of the data sets in a legend (none by default; with several sets, one each).
    package var labels: [String] = []
    /// The name of the first data set in a legend.
    package var label: String? {
        get { labels.first }
        set { labels = newValue.map { [$0] + labels.dropFirst() } ?? Array(labels.dropFirst()) }
    }
    /// Axis titles: the values along x, the counts up y.
    package var xLabel = "value"
    package var yLabel = "count"
    /// The values binned, per set.
    package var values: [[Double]]

    package init(_ values: [Double], bins: Int, logCounts: Bool, title: String?) {
        self.init(sets: [values], bins: bins, logCounts: logCounts, title: title)
    }

    package init(sets: [[Double]], bins: Int, logCounts: Bool, title: String?) {
        let data = sets.map { $0.filter(\.isFinite) }
        self.title = title; self.logCounts = logCounts; self.values = sets
        let all = data.joined()
        lo = all.min() ?? 0; hi = all.max() ?? 0
        let n = hi > lo ? max(1, bins) : 1
        let span = hi / 2 - lo / 2  // halved: finite even for [−1e308, 1e308]
        let (lo, empty) = (lo, all.isEmpty)
        self.sets = data.map { d in
            var counts = [Int](repeating: 0, count: empty ? 0 : n)
            for v in d {
                let i = span > 0 ? Int(min(Double(n), max(0, (v / 2 - lo / 2) / span * Double(n)))) : 0
                counts[min(max(i, 0), n - 1)] += 1
            }
            return counts
        }
    }

    /// The left edge of bin `i` (and the right edge of the last bin at `i == counts.count`).
    package func edge(_ i: Int) -> Double {
        // lo·(1 − t) + hi·t rather than lo + (hi − lo)·t: finite even when hi − lo overflows.
        hi == lo ? lo - 0.5 + Double(i) : { let t = Double(i) / Double(counts.count); return lo * (1 - t) + hi * t }()
    }

    /// Where the bars start on a log axis: a count of ½, so that a count of 1 has a bar.
    package static let logFloor = log10(0.5)

    /// The drawn height of a count: the count, or log10 of it (the floor for 0: no bar).
    package func height(_ c: Int) -> Double { logCounts ? (c > 0 ? log10(Double(c)) : HistogramData.logFloor) : Double(c) }
}

extension HistogramData: PlotKind {
    package func text() -> String { TerminalPlot.render(self) }
    package func svg() -> String { SVGPlot.render(self) }
}

extension SVGPlot {
    /// A histogram: one <rect> per bin; several data sets as outlined, translucent step shapes
    /// over one x axis, the first set drawn first.
    package static func render(_ h: HistogramData) -> String {
        var doc = document(title: h.title)
        let most = h.sets.flatMap { $0 }.max() ?? 1
        let x = h.edge(0)...h.edge(max(1, h.counts.count))
        let frame = h.logCounts
            ? SVGFrame(x: x, y: HistogramData.logFloor...(log10(Double(max(most, 2))) + 0.15))
            : SVGFrame(x: x, y: 0...Double(max(most, 1)) * 1.05)
        let yTicks: [(Double, String)] = h.logCounts
            ? PlotFormat.logTicks(frame.y).filter { $0 >= -1e-9 }.map { ($0, PlotFormat.tick($0, log: true)) }
            : PlotFormat.ticks(frame.y).map { ($0, PlotFormat.short($0)) }
        let xTicks = PlotFormat.ticks(frame.x, target: 6).map { ($0, PlotFormat.short($0)) }
        frame.drawAxes(&doc, xTicks: xTicks, yTicks: yTicks, xLabel: h.xLabel,
                       yLabel: h.yLabel + (h.logCounts ? " (log scale)" : ""))
        let base = frame.top + frame.height
        let colors = h.sets.count > 1 ? styles(h.labels.count == h.sets.count ? h.labels : h.sets.indices.map { "set \($0)" }).map(\.color)
                                      : [palette[0]]
        if h.sets.count == 1 {
            var g = "<g class=\"bars\" fill=\"\(palette[0])\" stroke=\"white\" stroke-width=\"0.5\">"
            for (i, c) in h.counts.enumerated() where c > 0 {
                let x0 = frame.px(h.edge(i)), x1 = frame.px(h.edge(i + 1)), y = frame.py(h.height(c))
                g += "<rect x=\"\(n(x0))\" y=\"\(n(y))\" width=\"\(n(x1 - x0))\" height=\"\(n(base - y))\"><title>\(c)</title></rect>"
            }
            doc.add(g + "</g>")
        } else {
            // A step outline per set, closed along the axis, filled lightly so the overlap shows.
            for (k, counts) in h.sets.enumerated() {
                var d = "M\(n(frame.px(h.edge(0)))) \(n(base))"
                for (i, c) in counts.enumerated() {
                    let y = frame.py(h.height(c))
                    d += "V\(n(y))H\(n(frame.px(h.edge(i + 1))))"
                }
                d += "V\(n(base))Z"
                let title = k < h.labels.count ? h.labels[k] : "set \(k + 1)"
                doc.add("<path class=\"series\" d=\"\(d)\" fill=\"\(colors[k])\" fill-opacity=\"0.25\" stroke=\"\(colors[k])\" "
                        + "stroke-width=\"1.8\" stroke-linejoin=\"miter\"><title>\(escape(title))</title></path>")
            }
        }
        if frame.x.lowerBound < 0, frame.x.upperBound > 0 {
            // Zero, dashed: which bars are negative values.
            doc.line(frame.px(0), frame.top, frame.px(0), frame.top + frame.height, stroke: "#333",
                     extra: " class=\"zero\" stroke-dasharray=\"4 3\"")
        }
        if !h.labels.isEmpty {
            // Avoid the bars: a point at the top of each bin, and down its middle.
            var bars: [(x: Double, y: Double)] = []
            for counts in h.sets {
                for (i, c) in counts.enumerated() where c > 0 {
                    let x = frame.px((h.edge(i) + h.edge(i + 1)) / 2), top = frame.py(h.height(c))
                    for y in stride(from: top, through: base, by: 6) { bars.append((x, y)) }
                }
            }
            legend(&doc, frame, h.labels.enumerated().map { ($0.element, colors[$0.offset % colors.count]) }, swatch: .bar, avoid: bars)
        }
        return doc.text
    }
}

extension TerminalPlot {
    /// A histogram: TextHistogram's bars, one block of lines per data set (each under its name
    /// when there are several), the bins shared.
    package static func render(_ h: HistogramData, width: Int = 50) -> String {
        var out = h.title.map { $0 + "\n" } ?? ""
        guard !h.counts.isEmpty else { return out + "(no finite values)\n" }
        // A legend line when the data or the axes were named: the rows are bins of x, the bars y.
        let named = !h.labels.isEmpty || h.xLabel != "value" || h.yLabel != "count"
        let scale = h.yLabel + (h.logCounts ? ", log scale" : "")
        for k in h.sets.indices {
            if h.sets.count > 1 { out += (k < h.labels.count ? h.labels[k] : "set \(k + 1)") + ":\n" }
            out += TextHistogram.render(h, set: k, width: width) + "\n"
        }
        let first = h.sets.count == 1 ? h.label.map { "  █ \($0)   " } ?? "  " : "  "
        return out + (named ? first + "(rows: \(h.xLabel), bar lengths ∝ \(scale))\n"
                            : h.logCounts ? "(bar lengths ∝ count, log scale)\n" : "")
    }
}
