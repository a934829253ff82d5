// Landscapes: a two-parameter function sampled on a grid with optimiser paths over it, and its
// SVG renderer (filled bands, isolines); the text one is in TerminalContour.swift.
import Foundation

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

extension ContourData: PlotKind {
    package func text() -> String { TerminalPlot.render(self) }
    package func text(_ style: TextPlotStyle) -> String { TerminalPlot.render(self, style: style) }
    package func svg() -> String { SVGPlot.render(self) }
}

extension SVGPlot {
    /// Ten bands, dark (low) to light (high): viridis.
    package static let bands = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58",
                        "#b5de2b", "#fde725"]
    package static let pathColors = ["#ff3030", "#ff9900", "#00e5ff", "#ff66cc", "#ffffff", "#000000"]

    /// A landscape: filled bands between quantile levels (cells of the sample grid, merged along
    /// rows), contour lines at the levels (marching squares), a colour key, and the paths.
    package static func render(_ c: ContourData) -> String {
        var doc = document(title: c.title)
        var frame = SVGFrame(x: c.x, y: c.y)
        frame.width = 470; frame.top = 62; frame.height = 312
        // The paths' legend goes in rows between the title and the frame; a second row, when the
        // names do not fit in one, moves the frame down.
        let rows = legendRows(c.paths.map(\.label), width: frame.width + 5)
        if rows.count > 1 { frame.top += 16 * Double(rows.count - 1); frame.height -= 16 * Double(rows.count - 1) }
        let levels = ContourData.quantileLevels(c.values, count: bands.count - 1)
        let cellW = frame.width / Double(c.nx - 1), cellH = frame.height / Double(c.ny - 1)
        var g = "<g class=\"bands\" shape-rendering=\"crispEdges\">"
        for j in 0..<(c.ny - 1) {
            var i = 0
            while i < c.nx - 1 {
                let b = cellBand(c, i, j, levels)
                var k = i + 1
                while k < c.nx - 1, cellBand(c, k, j, levels) == b { k += 1 }
                let fill = b < 0 ? "#bbbbbb" : bands[b]
                g += "<rect x=\"\(n(frame.left + Double(i) * cellW))\" y=\"\(n(frame.top + frame.height - Double(j + 1) * cellH))\" "
                    + "width=\"\(n(Double(k - i) * cellW + 0.3))\" height=\"\(n(cellH + 0.3))\" fill=\"\(fill)\"/>"
                i = k
            }
        }
        doc.add(g + "</g>")
        var lines = "<g class=\"levels\" fill=\"none\" stroke=\"#000\" stroke-opacity=\"0.35\" stroke-width=\"0.8\">"
        for level in levels {
            let d = isoline(c, level, frame)
            if !d.isEmpty { lines += "<path class=\"level\" d=\"\(d)\"><title>\(PlotFormat.short(level))</title></path>" }
        }
        doc.add(lines + "</g>")
        let xTicks = PlotFormat.ticks(c.x, target: 6).map { ($0, PlotFormat.short($0)) }
        let yTicks = PlotFormat.ticks(c.y, target: 6).map { ($0, PlotFormat.short($0)) }
        frame.drawAxes(&doc, xTicks: xTicks, yTicks: yTicks, xLabel: c.xLabel, yLabel: c.yLabel, grid: false)
        // Colour key: the bands with the level values between them.
        let kx = frame.left + frame.width + 18, kh = frame.height / Double(bands.count)
        var key = "<g class=\"key\">"
        var keyDoc = SVGDocument(width: 0, height: 0)
        for b in 0..<bands.count {
            keyDoc.rect(kx, frame.top + frame.height - Double(b + 1) * kh, 14, kh, fill: bands[b])
        }
        for (b, level) in levels.enumerated() {
            keyDoc.text(PlotFormat.short(level), x: kx + 18, y: frame.top + frame.height - Double(b + 1) * kh + 4,
                        anchor: "start", size: 10)
        }
        keyDoc.text("f", x: kx + 7, y: frame.top - 6, size: 12)
        key += keyDoc.elements.joined() + "</g>"
        doc.add(key)
        // Paths: a polyline each, a dot per iterate, a larger ring at the start, a square at the end.
        for (k, p) in c.paths.enumerated() {
            let color = pathColors[k % pathColors.count]
            // Earlier paths wider, so that a path drawn over another leaves it visible.
            let width = max(1.2, 3.6 - 0.8 * Double(k))
            let pts = p.points.filter { $0.x.isFinite && $0.y.isFinite }
            let d = pts.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(n(frame.px($0.element.x))) \(n(frame.py($0.element.y)))" }.joined()
            var s = "<g class=\"run\">"
            s += "<path class=\"series\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"><title>\(escape(p.label))</title></path>"
            for (i, q) in pts.enumerated() {
                s += "<circle cx=\"\(n(frame.px(q.x)))\" cy=\"\(n(frame.py(q.y)))\" r=\"\(n(i == 0 ? 3 + width : 0.5 + width))\" fill=\"\(i == 0 ? "none" : color)\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
            }
            // The end: a square outlined in black, so that a path ending under another stays visible.
            if let e = pts.last, pts.count > 1 {
                let h = 2.5 + width
                s += "<rect class=\"end\" x=\"\(n(frame.px(e.x) - h))\" y=\"\(n(frame.py(e.y) - h))\" width=\"\(n(2 * h))\" height=\"\(n(2 * h))\" fill=\"\(color)\" stroke=\"#000\" stroke-width=\"1\"/>"
            }
            doc.add(s + "</g>")
        }
        // The paths' legend in rows between the title and the frame (the landscape stays clear).
        var row = "<g class=\"legend\">"
        var items = SVGDocument(width: 0, height: 0)
        var k = 0
        for (r, names) in rows.enumerated() {
            var x = frame.left
            let y = 48 + 16 * Double(r)
            for name in names {
                let color = pathColors[k % pathColors.count]
                items.line(x, y, x + 20, y, stroke: color == "#ffffff" ? "#999999" : color, width: 2.5)
                items.text(name, x: x + 25, y: y + 4, anchor: "start", size: 12)
                x += legendItemWidth(name)
                k += 1
            }
        }
        row += items.elements.joined() + "</g>"
        if !c.paths.isEmpty { doc.add(row) }
        return doc.text
    }

    /// The band of a grid cell by the mean of its corners; −1 when a corner is not finite.
    package static func cellBand(_ c: ContourData, _ i: Int, _ j: Int, _ levels: [Double]) -> Int {
        let v = (c.values[j * c.nx + i] + c.values[j * c.nx + i + 1] + c.values[(j + 1) * c.nx + i]
                 + c.values[(j + 1) * c.nx + i + 1]) / 4
        return v.isFinite ? ContourData.band(v, levels) : -1
    }

    /// Marching squares: the segments of f = level through the sample grid, as path data.
    package static func isoline(_ c: ContourData, _ level: Double, _ frame: SVGFrame) -> String {
        var d = ""
        for j in 0..<(c.ny - 1) {
            for i in 0..<(c.nx - 1) {
                // Corners counter-clockwise from bottom-left, and the edges between them.
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                let v = corners.map { c.values[$0.1 * c.nx + $0.0] }
                guard v.allSatisfy(\.isFinite) else { continue }
                var crossings: [(Double, Double)] = []
                for e in 0..<4 {
                    let a = v[e], b = v[(e + 1) % 4]
                    guard (a < level) != (b < level) else { continue }
                    let t = (level - a) / (b - a)
                    let (ia, ja) = corners[e], (ib, jb) = corners[(e + 1) % 4]
                    let x = c.xAt(ia) + t * (c.xAt(ib) - c.xAt(ia)), y = c.yAt(ja) + t * (c.yAt(jb) - c.yAt(ja))
                    crossings.append((frame.px(x), frame.py(y)))
                }
                var k = 0
                while k + 1 < crossings.count {
                    d += "M\(n(crossings[k].0)) \(n(crossings[k].1))L\(n(crossings[k + 1].0)) \(n(crossings[k + 1].1))"
                    k += 2
                }
            }
        }
        return d
    }
}
