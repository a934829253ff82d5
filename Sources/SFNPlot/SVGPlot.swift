// Plots as self-contained SVG documents: white background, axes with ticks and labels, a legend,
// the title, and one <path class="series"> per curve or optimiser path.
import Foundation

/// An SVG document being built: elements appended in drawing order.
package struct SVGDocument {
    package let width: Double
    package let height: Double
    private(set) var elements: [String] = []

    package init(width: Double, height: Double) { self.width = width; self.height = height }

    package mutating func add(_ element: String) { elements.append(element) }

    package mutating func text(_ s: String, x: Double, y: Double, anchor: String = "middle", size: Double = 12,
                       extra: String = "") {
        add("<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\"\(extra)>\(escape(s))</text>")
    }

    package mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#333",
                       width: Double = 1, extra: String = "") {
        add("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"\(extra)/>")
    }

    package mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, extra: String = "") {
        add("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(w))\" height=\"\(n(h))\" fill=\"\(fill)\"\(extra)/>")
    }

    /// The whole document.
    package var text: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="Helvetica, Arial, sans-serif">
        <rect x="0" y="0" width="\(n(width))" height="\(n(height))" fill="white"/>

        """ + elements.joined(separator: "\n") + "\n</svg>\n"
    }
}

/// A coordinate as SVG text: at most two decimals, no trailing zeros.
package func n(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    var s = String(format: "%.2f", x)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s == "-0" ? "0" : s
}

/// Text for XML: & < > " escaped.
package func escape(_ s: String) -> String {
    var out = ""
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.append(c)
        }
    }
    return out
}

/// The plot rectangle of a document and the data ranges it shows.
package struct SVGFrame {
    package var left = 72.0, top = 44.0, width = 520.0, height = 330.0
    package var x: ClosedRange<Double>
    package var y: ClosedRange<Double>

    package func px(_ v: Double) -> Double { left + (v - x.lowerBound) / (x.upperBound - x.lowerBound) * width }
    package func py(_ v: Double) -> Double { top + height - (v - y.lowerBound) / (y.upperBound - y.lowerBound) * height }

    /// Frame, ticks, tick labels, light grid lines and the axis labels.
    package func drawAxes(_ doc: inout SVGDocument, xTicks: [(Double, String)], yTicks: [(Double, String)],
                  xLabel: String, yLabel: String, grid: Bool = true) {
        if grid {
            // Light grid lines at the ticks, as <line>s: <path> elements are the data alone.
            var g = SVGDocument(width: 0, height: 0)
            for (v, _) in xTicks { g.line(px(v), top, px(v), top + height, stroke: "#e5e5e5") }
            for (v, _) in yTicks { g.line(left, py(v), left + width, py(v), stroke: "#e5e5e5") }
            doc.add("<g class=\"grid\">" + g.elements.joined() + "</g>")
        }
        doc.add("<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"none\" stroke=\"#333\"/>")
        for (v, label) in xTicks {
            doc.line(px(v), top + height, px(v), top + height + 5)
            doc.text(label, x: px(v), y: top + height + 18, size: 11)
        }
        for (v, label) in yTicks {
            doc.line(left - 5, py(v), left, py(v))
            doc.text(label, x: left - 8, y: py(v) + 4, anchor: "end", size: 11)
        }
        doc.text(xLabel, x: left + width / 2, y: top + height + 38, size: 12)
        doc.text(yLabel, x: 16, y: top + height / 2, size: 12,
                 extra: " transform=\"rotate(-90 16 \(n(top + height / 2)))\"")
    }
}

/// The SVG renderers.
package enum SVGPlot {
    package static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    package static let width = 640.0, height = 420.0

    package static func document(title: String?) -> SVGDocument {
        var doc = SVGDocument(width: width, height: height)
        if let title { doc.text(title, x: width / 2, y: 26, size: 16, extra: " class=\"title\" font-weight=\"bold\"") }
        return doc
    }

    /// How a legend entry shows its series.
    package enum Swatch { case line, marker, bar }

    /// A legend box in a corner of the frame: a swatch and a label per entry. The corner is the one
    /// whose box covers the fewest of `avoid` (points drawn, in document coordinates), the top
    /// right on a tie, as matplotlib's loc="best" does.
    package static func legend(_ doc: inout SVGDocument, _ frame: SVGFrame, _ entries: [(label: String, color: String)],
                       swatch: Swatch = .line, avoid: [(x: Double, y: Double)] = []) {
        guard !entries.isEmpty else { return }
        let w = 24 + 7.0 * Double(entries.map(\.label.count).max() ?? 0) + 12
        let h = 8 + 18 * Double(entries.count)
        let right = frame.left + frame.width - w - 8, bottom = frame.top + frame.height - h - 8
        let corners = [(right, frame.top + 8), (frame.left + 8, frame.top + 8), (right, bottom), (frame.left + 8, bottom)]
        func covered(_ c: (Double, Double)) -> Int {
            avoid.reduce(0) { $0 + ($1.x >= c.0 - 4 && $1.x <= c.0 + w + 4 && $1.y >= c.1 - 4 && $1.y <= c.1 + h + 4 ? 1 : 0) }
        }
        var (x, y) = corners[0]
        var least = covered(corners[0])
        for c in corners.dropFirst() where least > 0 {
            let k = covered(c)
            if k < least { (x, y) = c; least = k }
        }
        var g = "<g class=\"legend\">"
        var inner = SVGDocument(width: 0, height: 0)
        inner.rect(x, y, w, h, fill: "white", extra: " fill-opacity=\"0.85\" stroke=\"#999\"")
        for (k, e) in entries.enumerated() {
            let cy = y + 15 + 18 * Double(k)
            switch swatch {
            case .marker:
                inner.add("<circle cx=\"\(n(x + 16))\" cy=\"\(n(cy))\" r=\"4\" fill=\"\(e.color)\" stroke=\"#333\"/>")
            case .bar:
                inner.rect(x + 8, cy - 5, 16, 10, fill: e.color)
            case .line:
                inner.line(x + 6, cy, x + 26, cy, stroke: e.color, width: 2.5)
            }
            inner.text(e.label, x: x + 32, y: cy + 4, anchor: "start", size: 12)
        }
        g += inner.elements.joined() + "</g>"
        doc.add(g)
    }

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
        for (k, s) in plot.series.enumerated() {
            let color = palette[k % palette.count]
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
                    + "stroke-width=\"\(n(width))\" stroke-linejoin=\"round\"><title>\(escape(s.label))</title></path>"
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
            legend(&doc, frame, plot.series.enumerated().map { ($0.element.label, palette[$0.offset % palette.count]) },
                   swatch: plot.connect ? .line : .marker, avoid: drawn)
        }
        return doc.text
    }

    /// The range widened by 4% on each side.
    package static func padded(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
        let pad = 0.04 * (r.upperBound / 2 - r.lowerBound / 2) * 2  // halved: no overflow to inf
        let (lo, hi) = (r.lowerBound - pad, r.upperBound + pad)
        return lo.isFinite && hi.isFinite ? lo...hi : r
    }

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

    /// The width of one entry of a legend row: swatch, gap, the name (about 7 px a character at
    /// 12 px) and the space before the next.
    package static func legendItemWidth(_ name: String) -> Double { 45 + 7 * Double(name.count) }

    /// Names split into rows of at most `width` each, in order (a name wider than a row gets one).
    package static func legendRows(_ names: [String], width: Double) -> [[String]] {
        var rows: [[String]] = []
        var used = 0.0
        for name in names {
            let w = legendItemWidth(name)
            if rows.isEmpty || used + w - 20 > width { rows.append([name]); used = w } else { rows[rows.count - 1].append(name); used += w }
        }
        return rows
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
