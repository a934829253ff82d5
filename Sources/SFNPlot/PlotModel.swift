// What the plot renderers (TerminalPlot.swift, SVGPlot.swift) draw: series, histograms, sampled
// landscapes with paths, and the axis arithmetic they share (ticks, the log-scale rule).
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
        return (PlotFormat.range(xs), PlotFormat.range(ys))
    }
}

/// A histogram: bins split [lo, hi] evenly, the last includes hi, non-finite values are left out
/// (the rule of SFNMethods.TextHistogram, so the terminal and SVG forms agree).
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

    package init(_ values: [Double], bins: Int, logCounts: Bool, title: String?) {
        let data = values.filter(\.isFinite)
        self.title = title; self.logCounts = logCounts
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

/// A path drawn over a landscape: the iterates of one run.
package struct PlotPath {
    package var label: String
    package var points: [(x: Double, y: Double)]

    package init(label: String, points: [(x: Double, y: Double)]) {
        self.label = label; self.points = points
    }
}

/// A two-parameter function sampled on a regular grid of nodes, with paths over it.
package struct ContourData {
    package var title: String?
    package var x: ClosedRange<Double>
    package var y: ClosedRange<Double>
    /// Samples per axis.
    package var nx: Int
    package var ny: Int
    /// Row-major by y: `values[j * nx + i]` is f(xAt(i), yAt(j)); row 0 is the bottom (y0).
    package var values: [Double]
    package var paths: [PlotPath]
    /// Axis titles.
    package var xLabel = "x"
    package var yLabel = "y"

    package init(title: String?, x: ClosedRange<Double>, y: ClosedRange<Double>, nx: Int, ny: Int,
                 values: [Double], paths: [PlotPath], xLabel: String = "x", yLabel: String = "y") {
        self.title = title; self.x = x; self.y = y; self.nx = nx; self.ny = ny
        self.values = values; self.paths = paths; self.xLabel = xLabel; self.yLabel = yLabel
    }

    package func xAt(_ i: Int) -> Double { x.lowerBound + (x.upperBound - x.lowerBound) * Double(i) / Double(max(1, nx - 1)) }
    package func yAt(_ j: Int) -> Double { y.lowerBound + (y.upperBound - y.lowerBound) * Double(j) / Double(max(1, ny - 1)) }

    /// Samples `f` on an nx × ny grid of nodes spanning the ranges.
    package static func sample(x: ClosedRange<Double>, y: ClosedRange<Double>, nx: Int, ny: Int,
                       _ f: (Double, Double) throws -> Double) rethrows -> [Double] {
        var v: [Double] = []
        v.reserveCapacity(nx * ny)
        for j in 0..<ny {
            let yj = y.lowerBound + (y.upperBound - y.lowerBound) * Double(j) / Double(max(1, ny - 1))
            for i in 0..<nx {
                v.append(try f(x.lowerBound + (x.upperBound - x.lowerBound) * Double(i) / Double(max(1, nx - 1)), yj))
            }
        }
        return v
    }

    /// `count` level values splitting the finite samples into equal-sized groups (quantiles).
    package static func quantileLevels(_ values: [Double], count: Int) -> [Double] {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty, count > 0 else { return [] }
        return (1...count).map { k in sorted[min(sorted.count - 1, sorted.count * k / (count + 1))] }
    }

    /// The band of `v` among ascending `levels`: 0 below the first, `levels.count` above the last.
    package static func band(_ v: Double, _ levels: [Double]) -> Int {
        var lo = 0, hi = levels.count
        while lo < hi { let m = (lo + hi) / 2; if v >= levels[m] { lo = m + 1 } else { hi = m } }
        return lo
    }
}

/// Number formatting and axis arithmetic for plots.
package enum PlotFormat {
    /// Three significant digits, without a trailing exponent's padding: 0.001, 2.5e+06 → 2.5e6.
    /// Whole numbers from 1000 to 999999 are written out (1500, not 1.5e3), as tick labels read best.
    package static func short(_ x: Double) -> String {
        if x == 0 { return "0" }
        if abs(x) >= 1000, abs(x) < 1e6, x == x.rounded() { return String(Int(x)) }
        var s = String(format: "%.3g", x)
        if let e = s.firstIndex(of: "e") {
            var exp = String(s[s.index(after: e)...])
            let sign = exp.hasPrefix("-") ? "-" : ""
            exp = String(exp.drop { $0 == "+" || $0 == "-" || $0 == "0" })
            s = String(s[..<e]) + "e" + sign + (exp.isEmpty ? "0" : exp)
        }
        return s
    }

    /// A tick label: the value itself, or 10^v on a log axis. On a log axis the powers of ten from
    /// 0.001 to 10000 (and 2× and 5× them) are written out (1000, not 1e3, and 0.01), the
    /// others in exponent form (1e-6, 5e5).
    package static func tick(_ v: Double, log: Bool) -> String {
        guard log else { return short(v) }
        let x = pow(10, v)
        let rounded = Double(String(format: "%.2g", x)) ?? x
        if abs(v.rounded() - v) < 1e-9 || abs(rounded - x) <= 1e-9 * x {
            if rounded >= 1, rounded <= 50_000, rounded == rounded.rounded() { return String(Int(rounded)) }
            if rounded >= 0.001, rounded < 50_000 { return short(rounded) }
        }
        return short(x)
    }

    /// The range of finite values; a flat or empty range is widened so it can be drawn.
    package static func range(_ values: [Double]) -> ClosedRange<Double> {
        guard let lo = values.min(), let hi = values.max() else { return 0...1 }
        if hi > lo { return lo...hi }
        let pad = lo == 0 ? 1 : abs(lo) * 0.1
        return (lo - pad)...(hi + pad)
    }

    /// About `target` round tick values (steps of 1, 2 or 5 × 10^k) inside `r`.
    package static func ticks(_ r: ClosedRange<Double>, target: Int = 5) -> [Double] {
        let span = r.upperBound - r.lowerBound
        guard span > 0, span.isFinite else { return [r.lowerBound] }
        let raw = span / Double(max(1, target))
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out: [Double] = []
        var k = ceil(r.lowerBound / step - 1e-9)
        while k * step <= r.upperBound + step * 1e-9, out.count < 100 {
            let v = k * step
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        return out
    }

    /// Ticks for a log10 axis: whole decades when the range spans at least one, else round values.
    /// When fewer than three decades fall inside the range, 2× and 5× each decade are ticked too,
    /// so that a reader has at least three labelled values to read a curve against.
    package static func logTicks(_ r: ClosedRange<Double>, target: Int = 5) -> [Double] {
        if r.upperBound - r.lowerBound >= 1 {
            let t = ticks(r, target: target)
            let decades = t.allSatisfy { $0 == $0.rounded() } ? t : ticks(r, target: target).filter { $0 == $0.rounded() }
            guard decades.count < 3 else { return decades }
            var out: [Double] = []
            for d in Swift.stride(from: floor(r.lowerBound), through: ceil(r.upperBound), by: 1) {
                for v in [d, d + log10(2), d + log10(5)] where v >= r.lowerBound - 1e-9 && v <= r.upperBound + 1e-9 {
                    out.append(v)
                }
            }
            return out
        }
        let values = ticks(pow(10, r.lowerBound)...pow(10, r.upperBound), target: target).filter { $0 > 0 }
        return values.map(log10)
    }
}
