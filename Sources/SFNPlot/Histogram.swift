// Histograms: the model (bins shared by both forms), and its SVG and text renderers.
import Foundation

/// A histogram: bins split [lo, hi] evenly, the last includes hi, non-finite values are left out
/// (the rule of TextHistogram, so the terminal and SVG forms agree).
package struct HistogramData {
    package var title: String?
    package var lo: Double
    package var hi: Double
    package var counts: [Int]
    /// Bar heights are log10(1 + count) instead of count.
    package var logCounts: Bool
    /// The name of the data in a legend (none by default).
    package var label: String?
    /// Axis titles: the values along x, the counts up y.
    package var xLabel = "value"
    package var yLabel = "count"
    /// The values binned (the terminal form draws linear counts from them, see ``TextHistogram``).
    package var values: [Double]

    package init(_ values: [Double], bins: Int, logCounts: Bool, title: String?) {
        let data = values.filter(\.isFinite)
        self.title = title; self.logCounts = logCounts; self.values = values
        lo = data.min() ?? 0; hi = data.max() ?? 0
        let n = hi > lo ? max(1, bins) : 1
        let span = hi / 2 - lo / 2  // halved: finite even for [−1e308, 1e308]
        counts = [Int](repeating: 0, count: data.isEmpty ? 0 : n)
        for v in data {
            let i = span > 0 ? Int(min(Double(n), max(0, (v / 2 - lo / 2) / span * Double(n)))) : 0
            counts[min(max(i, 0), n - 1)] += 1
        }
    }

    /// The left edge of bin `i` (and the right edge of the last bin at `i == counts.count`).
    package func edge(_ i: Int) -> Double {
        // lo·(1 − t) + hi·t rather than lo + (hi − lo)·t: finite even when hi − lo overflows.
        hi == lo ? lo - 0.5 + Double(i) : { let t = Double(i) / Double(counts.count); return lo * (1 - t) + hi * t }()
    }

    /// The drawn height of a count.
    package func height(_ c: Int) -> Double { logCounts ? log10(1 + Double(c)) : Double(c) }
}

extension HistogramData: PlotKind {
    package func text() -> String { TerminalPlot.render(self, values: values) }
    package func svg() -> String { SVGPlot.render(self) }
}

extension SVGPlot {
    /// A histogram: one <rect> per bin.
    package static func render(_ h: HistogramData) -> String {
        var doc = document(title: h.title)
        let top = h.height(h.counts.max() ?? 1)
        let frame = SVGFrame(x: h.edge(0)...h.edge(max(1, h.counts.count)), y: 0...max(top, 1) * 1.05)
        var yTicks: [(Double, String)]
        if h.logCounts {
            yTicks = [(0, "0")]
            var c = 1
            while h.height(c) <= frame.y.upperBound { yTicks.append((h.height(c), "\(c)")); c *= 10 }
        } else {
            yTicks = PlotFormat.ticks(frame.y).map { ($0, PlotFormat.short($0)) }
        }
        let xTicks = PlotFormat.ticks(frame.x, target: 6).map { ($0, PlotFormat.short($0)) }
        frame.drawAxes(&doc, xTicks: xTicks, yTicks: yTicks, xLabel: h.xLabel,
                       yLabel: h.yLabel + (h.logCounts ? " (log scale)" : ""))
        var g = "<g class=\"bars\" fill=\"\(palette[0])\" stroke=\"white\" stroke-width=\"0.5\">"
        for (i, c) in h.counts.enumerated() where c > 0 {
            let x0 = frame.px(h.edge(i)), x1 = frame.px(h.edge(i + 1)), y = frame.py(h.height(c))
            g += "<rect x=\"\(n(x0))\" y=\"\(n(y))\" width=\"\(n(x1 - x0))\" height=\"\(n(frame.top + frame.height - y))\"><title>\(c)</title></rect>"
        }
        doc.add(g + "</g>")
        if frame.x.lowerBound < 0, frame.x.upperBound > 0 {
            // Zero, dashed: which bars are negative values.
            doc.line(frame.px(0), frame.top, frame.px(0), frame.top + frame.height, stroke: "#333",
                     extra: " class=\"zero\" stroke-dasharray=\"4 3\"")
        }
        if let label = h.label {
            // Avoid the bars: a point at the top of each bin, and down its middle.
            var bars: [(x: Double, y: Double)] = []
            for (i, c) in h.counts.enumerated() where c > 0 {
                let x = frame.px((h.edge(i) + h.edge(i + 1)) / 2), top = frame.py(h.height(c))
                for y in stride(from: top, through: frame.top + frame.height, by: 6) { bars.append((x, y)) }
            }
            legend(&doc, frame, [(label, palette[0])], swatch: .bar, avoid: bars)
        }
        return doc.text
    }
}

extension TerminalPlot {
    /// A histogram: TextHistogram's bars for linear counts; with log counts the same
    /// layout with bars proportional to log10(1 + count).
    package static func render(_ h: HistogramData, values: [Double], width: Int = 50) -> String {
        var out = h.title.map { $0 + "\n" } ?? ""
        guard !h.counts.isEmpty else { return out + "(no finite values)\n" }
        // A legend line when the data or the axes were named: the rows are bins of x, the bars y.
        let named = h.label != nil || h.xLabel != "value" || h.yLabel != "count"
        let scale = h.logCounts ? "log10(1 + \(h.yLabel))" : h.yLabel
        let caption = (h.label.map { "  █ \($0)   " } ?? "  ") + "(rows: \(h.xLabel), bar lengths ∝ \(scale))\n"
        if !h.logCounts {
            return out + TextHistogram.render(values, bins: h.counts.count, width: width) + "\n" + (named ? caption : "")
        }
        let labels = h.counts.indices.map { String(format: "%.4g", h.edge($0)) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let most = h.height(h.counts.max() ?? 1)
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        for (i, c) in h.counts.enumerated() {
            let cells = most > 0 ? h.height(c) / most * Double(width) : 0
            let full = Int(cells), part = Int((cells - Double(full)) * 8)
            let bar = c == 0 ? "░" : String(repeating: "█", count: full) + (full + part == 0 ? "▏" : eighths[part])
            out += labels[i].padding(toLength: labelWidth, withPad: " ", startingAt: 0) + " \(bar) \(c)\n"
        }
        return out + (named ? caption : "(bar lengths ∝ log10(1 + count))\n")
    }
}
