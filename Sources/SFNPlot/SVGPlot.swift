// What every SVG plot is drawn with: the document, the frame and its axes, the palette and the
// legend. Each plot kind's own SVG renderer lives beside its model (LinePlot.swift, ...).
import Foundation

/// An SVG document being built: elements appended in drawing order.
package struct SVGDocument {
    package let width: Double
    /// Grows when a legend is placed below the frame (``SVGPlot/legend(_:_:_:swatch:avoid:dashes:)``).
    package var height: Double
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

/// Text for XML, the one function every text of an SVG (titles, labels, legends, ticks) goes
/// through: & < > " escaped, and each character that XML 1.0 does not allow in a document (the
/// control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF), which not
/// even a character reference may name, replaced by U+FFFD, so the file stays well-formed.
package func escape(_ s: String) -> String {
    var out = ""
    out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
    for u in s.unicodeScalars {
        switch u {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "\t", "\n", "\r": out.unicodeScalars.append(u)
        case _ where u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF:
            out.unicodeScalars.append("\u{FFFD}")
        default: out.unicodeScalars.append(u)
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
    /// whose box covers none of `avoid` (points drawn, in document coordinates), the top right
    /// first; when every corner would cover some, the legend goes below the frame instead, in rows
    /// under the x axis title (the document grows to hold them), so that it hides no data.
    /// `dashes` gives the entries' dash patterns (nil or missing: solid).
    package static func legend(_ doc: inout SVGDocument, _ frame: SVGFrame, _ entries: [(label: String, color: String)],
                       swatch: Swatch = .line, avoid: [(x: Double, y: Double)] = [], dashes: [String?] = []) {
        guard !entries.isEmpty else { return }
        let w = 24 + 7.0 * Double(entries.map(\.label.count).max() ?? 0) + 12
        let h = 8 + 18 * Double(entries.count)
        let right = frame.left + frame.width - w - 8, bottom = frame.top + frame.height - h - 8
        let corners = [(right, frame.top + 8), (frame.left + 8, frame.top + 8), (right, bottom), (frame.left + 8, bottom)]
        func covered(_ c: (Double, Double)) -> Int {
            avoid.reduce(0) { $0 + ($1.x >= c.0 - 4 && $1.x <= c.0 + w + 4 && $1.y >= c.1 - 4 && $1.y <= c.1 + h + 4 ? 1 : 0) }
        }
        func swatchOf(_ k: Int, _ color: String, x: Double, y cy: Double, into inner: inout SVGDocument) {
            switch swatch {
            case .marker:
                inner.add("<circle cx=\"\(n(x + 10))\" cy=\"\(n(cy))\" r=\"4\" fill=\"\(color)\" stroke=\"#333\"/>")
            case .bar:
                inner.rect(x + 2, cy - 5, 16, 10, fill: color, extra: " fill-opacity=\"0.6\" stroke=\"\(color)\"")
            case .line:
                let dash = k < dashes.count ? dashes[k] : nil
                inner.line(x, cy, x + 20, cy, stroke: color, width: 2.5, extra: dashAttribute(dash))
            }
        }
        var inner = SVGDocument(width: 0, height: 0)
        if let corner = corners.first(where: { covered($0) == 0 }) {
            let (x, y) = corner
            inner.rect(x, y, w, h, fill: "white", extra: " fill-opacity=\"0.85\" stroke=\"#999\"")
            for (k, e) in entries.enumerated() {
                let cy = y + 15 + 18 * Double(k)
                swatchOf(k, e.color, x: x + 6, y: cy, into: &inner)
                inner.text(e.label, x: x + 32, y: cy + 4, anchor: "start", size: 12)
            }
        } else {
            // Below the x axis title, in rows as wide as the frame.
            let rows = legendRows(entries.map(\.label), width: frame.width)
            let y0 = frame.top + frame.height + 58
            var k = 0
            for (r, names) in rows.enumerated() {
                var x = frame.left
                let cy = y0 + 16 * Double(r)
                for name in names {
                    swatchOf(k, entries[k].color, x: x, y: cy, into: &inner)
                    inner.text(name, x: x + 25, y: cy + 4, anchor: "start", size: 12)
                    x += legendItemWidth(name)
                    k += 1
                }
            }
            doc.height = max(doc.height, y0 + 16 * Double(rows.count - 1) + 12)
        }
        doc.add("<g class=\"legend\">" + inner.elements.joined() + "</g>")
    }


    /// The range widened by 4% on each side.
    package static func padded(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
        let pad = 0.04 * (r.upperBound / 2 - r.lowerBound / 2) * 2  // halved: no overflow to inf
        let (lo, hi) = (r.lowerBound - pad, r.upperBound + pad)
        return lo.isFinite && hi.isFinite ? lo...hi : r
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
}
