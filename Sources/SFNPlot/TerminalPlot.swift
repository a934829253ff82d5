// Plots drawn as text: a character grid with axes, tick labels, one marker per series and a
// legend, written through the interpreter's output handler.
import Foundation

/// A grid of characters with a y axis (labels on the left) and an x axis (labels below).
package struct TextCanvas {
    package let width: Int
    package let height: Int
    private(set) var cells: [[Character]]

    package init(width: Int, height: Int) {
        self.width = width; self.height = height
        cells = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    /// The column of x in `r` (0 … width−1), nil when outside.
    package func column(_ x: Double, _ r: ClosedRange<Double>) -> Int? {
        guard let t = TextCanvas.fraction(x, r) else { return nil }
        return min(width - 1, max(0, Int((t * Double(width - 1)).rounded())))
    }

    /// The row of y in `r` (0 is the top), nil when outside.
    package func row(_ y: Double, _ r: ClosedRange<Double>) -> Int? {
        guard let t = TextCanvas.fraction(y, r) else { return nil }
        let fromBottom = Int((t * Double(height - 1)).rounded())
        return height - 1 - min(height - 1, max(0, fromBottom))
    }

    /// Where v lies in r as a fraction in [0, 1] (nil outside r or not finite). Halving first keeps
    /// the span finite even for ranges like [−1e308, 1e308].
    package static func fraction(_ v: Double, _ r: ClosedRange<Double>) -> Double? {
        let span = r.upperBound / 2 - r.lowerBound / 2
        guard v.isFinite, span.isFinite else { return nil }
        let t = span > 0 ? (v / 2 - r.lowerBound / 2) / span : 0.5
        guard t.isFinite, t >= -1e-12, t <= 1 + 1e-12 else { return nil }
        return min(1, max(0, t))
    }

    package subscript(row: Int, column: Int) -> Character {
        get { cells[row][column] }
        set { if (0..<height).contains(row), (0..<width).contains(column) { cells[row][column] = newValue } }
    }

    /// The grid framed by axes: `yTicks`/`xTicks` are (position, label) pairs in grid coordinates
    /// (row from the top, column from the left). Returns the lines.
    package func framed(yTicks: [(Int, String)], xTicks: [(Int, String)]) -> [String] {
        let labelWidth = yTicks.map(\.1.count).max() ?? 0
        var lines: [String] = []
        for r in 0..<height {
            let tick = yTicks.first { $0.0 == r }
            let label = tick.map { String(repeating: " ", count: labelWidth - $0.1.count) + $0.1 }
                ?? String(repeating: " ", count: labelWidth)
            var line = label + (tick == nil ? " │" : " ┤") + String(cells[r])
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        var axis = Array(repeating: Character("─"), count: width)
        for (c, _) in xTicks where (0..<width).contains(c) { axis[c] = "┬" }
        lines.append(String(repeating: " ", count: labelWidth) + " └" + String(axis))
        // Tick labels centred under their ticks, skipping any that would overlap the previous one.
        var labels = Array(repeating: Character(" "), count: width + labelWidth + 2 + 8)
        var free = 0
        for (c, text) in xTicks {
            let start = max(0, labelWidth + 2 + c - text.count / 2)
            guard start >= free, start + text.count <= labels.count else { continue }
            for (k, ch) in text.enumerated() { labels[start + k] = ch }
            free = start + text.count + 1
        }
        var last = String(labels)
        while last.last == " " { last.removeLast() }
        lines.append(last)
        return lines
    }
}

/// The terminal renderers.
package enum TerminalPlot {
    /// Plot area of curves and scatter plots (the labels add about 10 columns: ~72 in all).
    package static let plotWidth = 60
    package static let plotHeight = 20
    /// One marker per series, in order (cycled beyond eight).
    package static let markers: [Character] = ["*", "+", "o", "x", "#", "@", "%", "$"]

    /// Curves (or a scatter plot): title, `plotHeight` grid rows, the x axis and its labels, then
    /// the legend.
    package static func render(_ plot: LinePlot) -> String {
        var canvas = TextCanvas(width: plotWidth, height: plotHeight)
        let (xr, yr) = plot.ranges
        // Which series drew each cell: a cell two series pass through shows `shared`.
        var owner = Array(repeating: Array(repeating: -1, count: plotWidth), count: plotHeight)
        var meet = false
        func draw(_ r: Int, _ c: Int, _ k: Int) {
            if owner[r][c] == -1 || owner[r][c] == k {
                owner[r][c] = k; canvas[r, c] = markers[k % markers.count]
            } else {
                owner[r][c] = -2; canvas[r, c] = shared; meet = true
            }
        }
        for (k, s) in plot.series.enumerated() {
            var previous: (c: Int, y: Double)? = nil
            for (x, y) in zip(s.xs, s.ys) {
                guard let c = canvas.column(x, xr), y.isFinite, let r = canvas.row(y, yr) else { previous = nil; continue }
                if plot.connect, let p = previous, abs(c - p.c) > 1 {
                    // Fill the columns between two points by linear interpolation.
                    let step = c > p.c ? 1 : -1
                    for cc in stride(from: p.c + step, to: c, by: step) {
                        let t = Double(cc - p.c) / Double(c - p.c)
                        if let rr = canvas.row(p.y + t * (y - p.y), yr) { draw(rr, cc, k) }
                    }
                }
                draw(r, c, k)
                previous = (c, y)
            }
        }
        let yTicks = (plot.logY ? PlotFormat.logTicks(yr) : PlotFormat.ticks(yr)).compactMap { v in
            canvas.row(v, yr).map { ($0, PlotFormat.tick(v, log: plot.logY)) }
        }
        let xTicks = plot.xTicks(xr, target: 5).compactMap { v in canvas.column(v.0, xr).map { ($0, v.1) } }
        var lines: [String] = []
        if let t = plot.title { lines.append(centred(t, in: plotWidth + 10)) }
        lines += canvas.framed(yTicks: yTicks, xTicks: xTicks)
        var legend = plot.series.enumerated().map { "\(markers[$0.offset % markers.count]) \($0.element.label)" }
            .joined(separator: "   ")
        legend += meet ? "   \(shared) several" : ""
        legend += legend.isEmpty ? "" : "   "
        legend += "(x: \(plot.xLabel)\(plot.logX ? ", log scale" : ""), y: \(plot.yLabel)\(plot.logY ? ", log scale" : ""))"
        lines.append("  " + legend)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A histogram: SFNMethods.TextHistogram's bars for linear counts; with log counts the same
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

    /// Shading of a landscape by value quantile, lowest first.
    package static let shades: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]
    /// Path markers of a landscape: the letter at each iterate, its lower case along the segments.
    package static let pathMarkers: [Character] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    /// A cell of more than one series (an iterate of more than one path).
    package static let shared: Character = "&"

    /// A landscape: one cell per sample (row 0 of the data at the bottom), shaded by the quantile
    /// of its value, with the paths drawn over it.
    package static func render(_ c: ContourData) -> String {
        var canvas = TextCanvas(width: c.nx, height: c.ny)
        let levels = ContourData.quantileLevels(c.values, count: shades.count - 1)
        for j in 0..<c.ny {
            for i in 0..<c.nx {
                let v = c.values[j * c.nx + i]
                canvas[c.ny - 1 - j, i] = v.isFinite ? shades[ContourData.band(v, levels)] : "?"
            }
        }
        var outside: [String] = []
        var meet = false
        for (k, path) in c.paths.enumerated() {
            let mark = pathMarkers[k % pathMarkers.count]
            let trail = Character(mark.lowercased())
            var previous: (c: Int, r: Int)? = nil
            var missed = 0
            for p in path.points {
                guard let col = canvas.column(p.x, c.x), let row = canvas.row(p.y, c.y) else { missed += 1; previous = nil; continue }
                if let q = previous {
                    // Segment cells between iterates (not over other iterates).
                    let n = max(abs(col - q.c), abs(row - q.r))
                    if n > 1 {
                        for s in 1..<n {
                            let t = Double(s) / Double(n)
                            let cc = Int((Double(q.c) + t * Double(col - q.c)).rounded())
                            let rr = Int((Double(q.r) + t * Double(row - q.r)).rounded())
                            if !pathMarkers.contains(canvas[rr, cc]), canvas[rr, cc] != shared { canvas[rr, cc] = trail }
                        }
                    }
                }
                // An iterate on another path's iterate: both are there.
                let there = canvas[row, col]
                if there != mark, pathMarkers.contains(there) || there == shared { canvas[row, col] = shared; meet = true } else { canvas[row, col] = mark }
                previous = (col, row)
            }
            if missed > 0 { outside.append("\(path.label): \(missed) of \(path.points.count) points outside") }
        }
        let yTicks = PlotFormat.ticks(c.y, target: 4).compactMap { v in canvas.row(v, c.y).map { ($0, PlotFormat.short(v)) } }
        let xTicks = PlotFormat.ticks(c.x, target: 6).compactMap { v in canvas.column(v, c.x).map { ($0, PlotFormat.short(v)) } }
        var lines: [String] = []
        if let t = c.title { lines.append(centred(t, in: c.nx + 10)) }
        lines += canvas.framed(yTicks: yTicks, xTicks: xTicks)
        let finite = c.values.filter(\.isFinite)
        if let lo = finite.min(), let hi = finite.max() {
            lines.append("  shading by quantile of f, lowest to highest: \"\(String(shades))\"   f from \(PlotFormat.short(lo)) to \(PlotFormat.short(hi))"
                         + (finite.count < c.values.count ? "   ? not finite" : ""))
        }
        if !c.paths.isEmpty {
            lines.append("  paths (letter at each iterate, lower case between): " + c.paths.enumerated().map { k, p in
                "\(pathMarkers[k % pathMarkers.count]) \(p.label)"
            }.joined(separator: "   ") + (meet ? "   \(shared) several" : ""))
        }
        if !outside.isEmpty { lines.append("  " + outside.joined(separator: "; ")) }
        if c.xLabel != "x" || c.yLabel != "y" { lines.append("  (x: \(c.xLabel), y: \(c.yLabel))") }
        return lines.joined(separator: "\n") + "\n"
    }

    package static func centred(_ s: String, in width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: (width - s.count) / 2) + s
    }
}
