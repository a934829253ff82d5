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

    /// `count` ascending round levels near the quantile levels: each rounded to a multiple of a
    /// power of ten about a twentieth of their spread (finer when two would meet), so that the
    /// colour key reads 0.1 and −0.05 rather than 0.108 and −0.0544.
    package static func niceLevels(_ values: [Double], count: Int) -> [Double] {
        let q = quantileLevels(values, count: count)
        guard let lo = q.first, let hi = q.last, hi > lo else { return q }
        var step = pow(10, floor(log10((hi - lo) / 20)))
        for _ in 0..<4 {
            let r = q.map { ($0 / step).rounded() * step }.map { abs($0) < step * 1e-9 ? 0 : $0 }
            if zip(r, r.dropFirst()).allSatisfy({ $0 < $1 }) { return r }
            step /= 10
        }
        return q
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

    /// The frame of a landscape: the plot rectangle, below the paths' legend rows.
    package static func contourFrame(_ c: ContourData) -> SVGFrame {
        var frame = SVGFrame(x: c.x, y: c.y)
        frame.width = 470; frame.top = 62; frame.height = 312
        // The paths' legend goes in rows between the title and the frame; a second row, when the
        // names do not fit in one, moves the frame down.
        let rows = legendRows(c.paths.map(\.label), width: frame.width + 5)
        if rows.count > 1 { frame.top += 16 * Double(rows.count - 1); frame.height -= 16 * Double(rows.count - 1) }
        return frame
    }

    /// At most this many iterates of a path get a mark (besides its start and end).
    package static let pathMarks = 48

    /// A landscape: filled bands between round levels near the quantiles (each level's region
    /// f ≥ level one <path>, cut along the cells by the same linear interpolation as the contour
    /// lines, so the fills follow the lines), contour lines at the levels (marching squares), a
    /// colour key, and the paths.
    package static func render(_ c: ContourData) -> String {
        var doc = document(title: c.title)
        let frame = contourFrame(c)
        let rows = legendRows(c.paths.map(\.label), width: frame.width + 5)
        let levels = ContourData.niceLevels(c.values, count: bands.count - 1)
        doc.add(bandFills(c, levels, frame))
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
        // Paths: one thinned polyline each over a white halo, a mark at up to `pathMarks` iterates,
        // a ring at the start and a square at the end. The longest first and the shortest last, so
        // that a short path (Newton's single step) is not buried under a long one along it.
        let styles = styles(c.paths.map(\.label), fallback: pathColors)
        let order = c.paths.indices.sorted { (c.paths[$0].points.count, $1) > (c.paths[$1].points.count, $0) }
        // Each later path narrower, and every halo under every line, so that a path drawn along
        // another leaves the earlier one's colour showing on both sides of it.
        let width = { (drawn: Int) in max(1.6, 4.4 - 1.2 * Double(drawn)) }
        let drawn = order.map { k in
            let pts = c.paths[k].points.filter { $0.x.isFinite && $0.y.isFinite }.map { (x: frame.px($0.x), y: frame.py($0.y)) }
            let d = thinned(pts, tolerance: 0.5).enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(n(pts[$0.element].x)) \(n(pts[$0.element].y))" }.joined()
            return (k: k, pts: pts, d: d)
        }
        var halos = "<g class=\"halos\" fill=\"none\" stroke=\"white\" stroke-opacity=\"0.9\" stroke-linejoin=\"round\" stroke-linecap=\"round\">"
        for (i, p) in drawn.enumerated() { halos += "<path class=\"halo\" d=\"\(p.d)\" stroke-width=\"\(n(width(i) + 2.5))\"/>" }
        doc.add(halos + "</g>")
        for (i, p) in drawn.enumerated() {
            let (k, pts) = (p.k, p.pts)
            let color = styles[k].color, width = width(i)
            var s = "<g class=\"run\">"
            s += "<path class=\"series\" d=\"\(p.d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dashAttribute(styles[k].dash))><title>\(escape(c.paths[k].label))</title></path>"
            if pts.count > 2 {
                let every = max(1, Int((Double(pts.count - 2) / Double(pathMarks)).rounded(.up)))
                for i in stride(from: 1, to: pts.count - 1, by: every) {
                    s += "<circle class=\"iterate\" cx=\"\(n(pts[i].x))\" cy=\"\(n(pts[i].y))\" r=\"\(n(0.6 + width / 2))\" fill=\"\(color)\" stroke=\"white\" stroke-width=\"0.8\"/>"
                }
            }
            if let start = pts.first {
                s += "<circle class=\"start\" cx=\"\(n(start.x))\" cy=\"\(n(start.y))\" r=\"\(n(3 + width))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>"
            }
            // The end: a square outlined in black, so that a path ending under another stays visible.
            if let e = pts.last, pts.count > 1 {
                let h = 2.5 + width
                s += "<rect class=\"end\" x=\"\(n(e.x - h))\" y=\"\(n(e.y - h))\" width=\"\(n(2 * h))\" height=\"\(n(2 * h))\" fill=\"\(color)\" stroke=\"#000\" stroke-width=\"1\"/>"
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
                let color = styles[k].color
                items.line(x, y, x + 20, y, stroke: color == "#ffffff" ? "#999999" : color, width: 2.5, extra: dashAttribute(styles[k].dash))
                items.text(name, x: x + 25, y: y + 4, anchor: "start", size: 12)
                x += legendItemWidth(name)
                k += 1
            }
        }
        row += items.elements.joined() + "</g>"
        if !c.paths.isEmpty { doc.add(row) }
        return doc.text
    }

    /// The indices of the points a polyline keeps at a drawing's resolution: the first, each
    /// point at least `tolerance` (pixels) from the last one kept, and the last. Every point left
    /// out lies within `tolerance` of a kept one, so the line drawn is the path to within it.
    package static func thinned(_ pts: [(x: Double, y: Double)], tolerance: Double) -> [Int] {
        guard var last = pts.first else { return [] }
        var kept = [0]
        for i in pts.indices.dropFirst() where hypot(pts[i].x - last.x, pts[i].y - last.y) >= tolerance {
            kept.append(i); last = pts[i]
        }
        if pts.count > 1, kept.last != pts.count - 1 { kept.append(pts.count - 1) }
        return kept
    }

    /// The bands as one filled <path> per colour, painted lowest first: each cell in the band of
    /// its lowest corner (runs of such cells along a row as one rectangle), and where a level
    /// crosses a cell, the polygon of its corners above the level and the crossings on its edges
    /// in the next band's colour; so the fills follow the contour lines instead of the grid.
    /// Cells with a non-finite corner are grey. Coordinates to 0.1 px, which no screen shows.
    package static func bandFills(_ c: ContourData, _ levels: [Double], _ frame: SVGFrame) -> String {
        let m = coarse
        func v(_ i: Int, _ j: Int) -> Double { c.values[j * c.nx + i] }
        var paths = [String](repeating: "", count: bands.count)
        var grey = ""
        for j in 0..<(c.ny - 1) {
            let y0 = m(frame.py(c.yAt(j))), y1 = m(frame.py(c.yAt(j + 1)))
            var runStart = 0, runBand = -2
            func closeRun(_ end: Int) {
                guard runBand != -2, runBand != 0 else { return }
                let w = frame.px(c.xAt(end)) - frame.px(c.xAt(runStart))
                let d = "M\(m(frame.px(c.xAt(runStart)))) \(y0)h\(m(w))V\(y1)h\(m(-w))Z"
                if runBand < 0 { grey += d } else { paths[runBand] += d }
            }
            for i in 0..<(c.nx - 1) {
                let corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
                let vs = corners.map { v($0.0, $0.1) }
                let finite = vs.allSatisfy(\.isFinite)
                let b = finite ? ContourData.band(vs.min()!, levels) : -1
                if b != runBand { closeRun(i); runStart = i; runBand = b }
                guard finite else { continue }
                let top = ContourData.band(vs.max()!, levels)
                guard top > b else { continue }
                for k in b..<top {
                    // The polygon's first vertex absolute, the others relative (short numbers).
                    let level = levels[k]
                    var pts: [(Double, Double)] = []
                    for e in 0..<4 {
                        let (ia, ja) = corners[e], (ib, jb) = corners[(e + 1) % 4]
                        let a = vs[e], bv = vs[(e + 1) % 4]
                        if a >= level { pts.append((frame.px(c.xAt(ia)), frame.py(c.yAt(ja)))) }
                        if (a < level) != (bv < level) {
                            let t = (level - a) / (bv - a)
                            pts.append((frame.px(c.xAt(ia) + t * (c.xAt(ib) - c.xAt(ia))), frame.py(c.yAt(ja) + t * (c.yAt(jb) - c.yAt(ja)))))
                        }
                    }
                    paths[k + 1] += relativePolygon(pts)
                }
            }
            closeRun(c.nx - 1)
        }
        var g = "<g class=\"bands\">"
        g += "<rect x=\"\(n(frame.left))\" y=\"\(n(frame.top))\" width=\"\(n(frame.width))\" height=\"\(n(frame.height))\" fill=\"\(bands[0])\"/>"
        for (b, d) in paths.enumerated() where !d.isEmpty { g += "<path class=\"band\" d=\"\(d)\" fill=\"\(bands[b])\"/>" }
        if !grey.isEmpty { g += "<path class=\"nonfinite\" d=\"\(grey)\" fill=\"#bbbbbb\"/>" }
        return g + "</g>"
    }

    /// A closed polygon as path data: the first vertex absolute, each next one relative to the
    /// one before (rounded as drawn, so the errors do not add up).
    package static func relativePolygon(_ pts: [(Double, Double)]) -> String {
        guard let first = pts.first else { return "" }
        var d = "M\(coarse(first.0)) \(coarse(first.1))l"
        var at = ((first.0 * 10).rounded(), (first.1 * 10).rounded())
        for (k, p) in pts.dropFirst().enumerated() {
            let q = ((p.0 * 10).rounded(), (p.1 * 10).rounded())
            let dx = coarse((q.0 - at.0) / 10), dy = coarse((q.1 - at.1) / 10)
            d += (k == 0 ? "" : dx.hasPrefix("-") ? "" : " ") + dx + (dy.hasPrefix("-") ? "" : " ") + dy
            at = q
        }
        return d + "z"
    }

    /// A segment as path data, its end relative to its start.
    package static func relativeSegment(_ a: (Double, Double), _ b: (Double, Double)) -> String {
        let dx = coarse(((b.0 * 10).rounded() - (a.0 * 10).rounded()) / 10), dy = coarse(((b.1 * 10).rounded() - (a.1 * 10).rounded()) / 10)
        return "M\(coarse(a.0)) \(coarse(a.1))l\(dx)" + (dy.hasPrefix("-") ? "" : " ") + dy
    }

    /// A coordinate to 0.1 px, for the landscape's many band and level vertices.
    package static func coarse(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        var s = String(format: "%.1f", x)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s == "-0" ? "0" : s
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
                    d += relativeSegment(crossings[k], crossings[k + 1])
                    k += 2
                }
            }
        }
        return d
    }
}
