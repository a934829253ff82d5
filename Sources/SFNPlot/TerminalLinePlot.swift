// Learning curves and scatter plots in the terminal: braille dots (2×4 per cell), a colour per
// series; without colour, several series get a marker character each.
import Foundation

extension TerminalPlot {
    /// Curves (or a scatter plot) over `style.area` cells: the title, the grid with its y axis,
    /// the x axis and its labels, then the legend.
    ///
    /// With colour, every series is drawn in braille dots in its own colour. Where series cross a
    /// cell, the dots of all of them are there (OR-ed) and the cell takes the colour of the one
    /// drawn last; series are drawn longest first, so that a short one (Newton's single step) is
    /// not hidden under a long one. Without colour (not a terminal, or NO_COLOR) the dots of
    /// different series could not be told apart: one series stays in braille, several are drawn
    /// at cell resolution with a marker character each (`•`, `+`, `*`, …), named in the legend.
    package static func render(_ plot: LinePlot, style: TextPlotStyle = .plain) -> String {
        let (columns, rows) = style.area
        let braille = style.colour || plot.series.count <= 1
        var canvas = DotCanvas(columns: columns, rows: rows, resolution: braille ? .braille : .cell)
        let (xr, yr) = plot.ranges
        let lengths = plot.series.map { s in zip(s.xs, s.ys).filter { $0.0.isFinite && $0.1.isFinite }.count }
        let order = plot.series.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        for k in order {
            var previous: (x: Double, y: Double)? = nil
            for (x, y) in zip(plot.series[k].xs, plot.series[k].ys) {
                guard let p = canvas.point(x, y, xr, yr) else { previous = nil; continue }
                canvas.segment(plot.connect ? previous ?? p : p, p, series: k)
                previous = p
            }
        }
        let grid = (0..<rows).map { r in
            row((0..<columns).map { c -> (Character, String?) in
                let cell = canvas[r, c]
                guard cell.bits != 0 else { return (" ", nil) }
                return (braille ? DotCanvas.braille(cell.bits) : marker(ofSeries: cell.owner),
                        style.colour ? colour(ofSeries: cell.owner) : nil)
            })
        }
        let yValues = edgeTicks(plot.logY ? PlotFormat.logTicks(yr, target: max(2, rows / 4)) : PlotFormat.ticks(yr, target: max(2, rows / 4)),
                                yr, dots: canvas.dotRows)
        let yTicks = yValues.compactMap { v in canvas.row(v, yr).map { ($0, PlotFormat.tick(v, log: plot.logY)) } }
        let xTicks = plot.xTicks(xr, target: max(2, columns / 12)).compactMap { v in canvas.column(v.0, xr).map { ($0, v.1) } }
        var lines: [String] = []
        if let t = plot.title { lines.append(centred(t, in: columns + 10)) }
        lines += framed(grid, width: columns, yTicks: yTicks, xTicks: xTicks)
        var items = plot.series.enumerated().map { k, s in
            let swatch = braille ? (plot.connect ? "──" : "•") : String(marker(ofSeries: k))
            return painted("\(swatch) \(s.label)", style.colour ? colour(ofSeries: k) : nil)
        }
        items.append("(x: \(plot.xLabel)\(plot.logX ? ", log scale" : ""), y: \(plot.yLabel)\(plot.logY ? ", log scale" : ""))")
        lines += legend(items, columns: style.columns)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Ticks with one more step at either end when it lies within half a dot of the range: a
    /// round value the data stop just short of (1 above a largest value of 0.999999) sits on the
    /// edge row and gets its label.
    static func edgeTicks(_ ticks: [Double], _ r: ClosedRange<Double>, dots: Int) -> [Double] {
        guard ticks.count >= 2 else { return ticks }
        let half = (r.upperBound - r.lowerBound) / Double(2 * max(1, dots - 1))
        var out = ticks
        let below = ticks[0] - (ticks[1] - ticks[0]), above = ticks[ticks.count - 1] + (ticks[ticks.count - 1] - ticks[ticks.count - 2])
        if below < r.lowerBound, below >= r.lowerBound - half { out.insert(below, at: 0) }
        if above > r.upperBound, above <= r.upperBound + half { out.append(above) }
        return out
    }
}
