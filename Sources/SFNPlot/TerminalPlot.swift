// What every text plot is drawn with: a character grid with axes and tick labels. Each plot
// kind's own text renderer lives beside its model (LinePlot.swift, Histogram.swift, ...).
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

    package static func centred(_ s: String, in width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: (width - s.count) / 2) + s
    }
}
