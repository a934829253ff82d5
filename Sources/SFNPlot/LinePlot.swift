// Learning curves and scatter plots: the model, and its SVG renderer (the text one is in
// TerminalLinePlot.swift).
import Foundation

/// One curve (or point set) of a plot.
package struct PlotSeries {
    package var label: String
    package var xs: [Double]
    package var ys: [Double]

    package init(label: String, xs: [Double], ys: [Double]) {
        self.label = label; self.xs = xs; self.ys = ys
    }
}

/// Learning curves or a scatter plot, ready to draw: y already in plot space (log10 when `logY`).
package struct LinePlot {
    package var title: String?
    package var series: [PlotSeries]
    package var logY = false
    /// Join consecutive points (curves) or not (scatter).
    package var connect = true
    package var xLabel = "step"
    package var yLabel = "f"
    /// Whether the series names were given (label=): a scatter plot then shows its legend too.
    package var named = false
    /// x already in plot space as log10(x) (values ≤ 0 left out).
    package var logX = false
    /// A y range to draw instead of the data's (a fraction from 0 to 1, say).
    package var fixedY: ClosedRange<Double>? = nil

    /// The log-scale rule: when every finite value is positive, y is drawn as log10(y). When some
    /// value is ≤ 0, every series is shifted by the smallest value over all series first and drawn
    /// as log10(y − min + δ), δ = 1e-6·(max − min) (1 when all values are equal): the curves then
    /// show the distance to the best value reached, and the axis says so ("f − (−1)"). Non-finite
    /// values are always left out (a curve has a gap there).
    package init(title: String?, series raw: [PlotSeries], logY: Bool, connect: Bool = true,
         xLabel: String = "step", yLabel: String = "f") {
        self.title = title; self.logY = logY; self.connect = connect; self.xLabel = xLabel; self.yLabel = yLabel
        guard logY else { series = raw; return }
        let finite = raw.flatMap(\.ys).filter(\.isFinite)
        let lo = finite.min() ?? 1, hi = finite.max() ?? 1
        var shift = 0.0, delta = 0.0
        if lo <= 0 {
            shift = lo
            delta = hi > lo ? 1e-6 * (hi - lo) : 1
            self.yLabel = "\(yLabel) − (\(PlotFormat.short(lo)))"
        }
        series = raw.map { s in
            PlotSeries(label: s.label, xs: s.xs, ys: s.ys.map { $0.isFinite ? log10($0 - shift + delta) : .nan })
        }
    }

    /// The same plot with x on a log scale: every x replaced by log10(x), and x ≤ 0 by nan (left out).
    package func withLogX() -> LinePlot {
        var p = self
        p.logX = true
        p.series = series.map { s in PlotSeries(label: s.label, xs: s.xs.map { $0 > 0 ? log10($0) : .nan }, ys: s.ys) }
        return p
    }

    /// The x ticks: round values, or decades (and round values within one) on a log axis.
    package func xTicks(_ r: ClosedRange<Double>, target: Int) -> [(Double, String)] {
        (logX ? PlotFormat.logTicks(r, target: target) : PlotFormat.ticks(r, target: target))
            .map { ($0, logX ? PlotFormat.tick($0, log: true) : PlotFormat.short($0)) }
    }

    /// The finite (x, y) ranges over all series, widened when flat.
    package var ranges: (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for (x, y) in zip(s.xs, s.ys) where x.isFinite && y.isFinite { xs.append(x); ys.append(y) }
        }
        return (PlotFormat.range(xs), fixedY ?? PlotFormat.range(ys))
    }
}

extension LinePlot: PlotKind {
    package func text() -> String { TerminalPlot.render(self) }
    package func text(_ style: TextPlotStyle) -> String { TerminalPlot.render(self, style: style) }
    package func svg() -> String { SVGPlot.render(self) }
}

extension SVGPlot {
    /// Curves (one <path> each, broken at non-finite values) or a scatter plot (circles).
    package static func render(_ plot: LinePlot) -> String {
        var doc = document(title: plot.title)
        let (xr, yr) = plot.ranges
        // A margin inside the frame, so that points do not sit on it (curves span x exactly).
        let frame = SVGFrame(x: plot.connect ? xr : padded(xr), y: padded(yr))
        // Ticks over the frame's ranges (the margins included), so that a round value just outside
        // the data, such as 0 below a smallest value of 1e-9, still gets its tick.
        let yTicks = (plot.logY ? PlotFormat.logTicks(frame.y) : PlotFormat.ticks(frame.y)).map { ($0, PlotFormat.tick($0, log: plot.logY)) }
        let xTicks = plot.xTicks(frame.x, target: 6)
        frame.drawAxes(&doc, xTicks: xTicks, yTicks: yTicks, xLabel: plot.xLabel + (plot.logX ? " (log scale)" : ""),
                       yLabel: plot.yLabel + (plot.logY ? " (log scale)" : ""))
        // A run's colour is its method's (MethodColors.swift), so that it matches the other figures.
        let styles = styles(plot.series.map(\.label))
        for (k, s) in plot.series.enumerated() {
            let color = styles[k].color
            if plot.connect {
                var d = "", pen = false
                for (x, y) in zip(s.xs, s.ys) {
                    guard x.isFinite, y.isFinite else { pen = false; continue }
                    d += (pen ? "L" : (d.isEmpty ? "M" : " M")) + "\(n(frame.px(x))) \(n(frame.py(y)))"
                    pen = true
                }
                // Earlier curves a little wider, so that a curve drawn over another leaves it visible;
                // short curves get a dot per point.
                let width = max(1.2, 3.0 - 0.6 * Double(k))
                var g = "<g class=\"curve\"><path class=\"series\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" "
                    + "stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"\(dashAttribute(styles[k].dash))><title>\(escape(s.label))</title></path>"
                if s.xs.count <= 50 {
                    for (x, y) in zip(s.xs, s.ys) where x.isFinite && y.isFinite {
                        g += "<circle cx=\"\(n(frame.px(x)))\" cy=\"\(n(frame.py(y)))\" r=\"\(n(width))\" fill=\"\(color)\"/>"
                    }
                }
                doc.add(g + "</g>")
            } else {
                var g = "<g class=\"series\" fill=\"\(color)\" fill-opacity=\"0.7\"><title>\(escape(s.label))</title>"
                for (x, y) in zip(s.xs, s.ys) where x.isFinite && y.isFinite {
                    g += "<circle cx=\"\(n(frame.px(x)))\" cy=\"\(n(frame.py(y)))\" r=\"3\"/>"
                }
                doc.add(g + "</g>")
            }
        }
        if plot.series.count > 1 || plot.connect || plot.named {
            // What the legend should not hide: the points, and along curves points between them.
            var drawn: [(x: Double, y: Double)] = []
            for s in plot.series {
                var previous: (x: Double, y: Double)? = nil
                for (x, y) in zip(s.xs, s.ys) {
                    guard x.isFinite, y.isFinite else { previous = nil; continue }
                    let p = (x: frame.px(x), y: frame.py(y))
                    if plot.connect, let q = previous {
                        let pieces = min(50, Int(max(abs(p.x - q.x), abs(p.y - q.y)) / 4))
                        for k in stride(from: 1, to: pieces, by: 1) {
                            let t = Double(k) / Double(pieces)
                            drawn.append((q.x + t * (p.x - q.x), q.y + t * (p.y - q.y)))
                        }
                    }
                    drawn.append(p)
                    previous = p
                }
            }
            legend(&doc, frame, plot.series.enumerated().map { ($0.element.label, styles[$0.offset].color) },
                   swatch: plot.connect ? .line : .marker, avoid: drawn, dashes: styles.map(\.dash))
        }
        return doc.text
    }
}
