// Horizontal bar histograms for the terminal: what `spectrum` and `hist` print.
import Foundation

/// Horizontal bar histograms for the terminal.
package enum TextHistogram {
    /// One line per bin: its left edge, a bar of block characters (eighths for the fractional end)
    /// scaled so the fullest bin is `width` cells, and the count. Bins split [min, max] evenly; the
    /// last bin includes max; non-finite values are left out. All-equal values make one bin.
    ///
    ///     -2        █████████████████▌ 3
    ///     -1.5      ░ 0
    /// With `log`, bar lengths follow log10(count) from a count of ½ (so a count of 1 shows).
    package static func render(_ values: [Double], bins: Int = 20, width: Int = 40, log: Bool = false) -> String {
        // The bins are HistogramData's, so the terminal and SVG forms of `hist` agree.
        render(HistogramData(values, bins: bins, logCounts: log, title: nil), set: 0, width: width)
    }

    /// The bars of data set `set` of a histogram, on its scale (linear or log counts).
    package static func render(_ h: HistogramData, set: Int, width: Int = 40) -> String {
        guard !h.counts.isEmpty else { return "(no finite values)" }
        let counts = h.sets[set], n = counts.count
        // lo·(1 − t) + hi·t rather than lo + (hi − lo)·t: finite even when hi − lo overflows.
        let labels = (0..<n).map { i in let t = Double(i) / Double(n); return format(h.lo * (1 - t) + h.hi * t) }
        let labelWidth = labels.map(\.count).max() ?? 0
        // The longest bar is the fullest bin of all sets, so that sets compare.
        let floor = h.height(0), most = h.height(h.sets.flatMap { $0 }.max() ?? 1) - floor
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return (0..<n).map { i in
            let cells = most > 0 ? (h.height(counts[i]) - floor) / most * Double(width) : 0
            let full = Int(cells)
            let part = Int((cells - Double(full)) * 8)
            // A non-empty bin always shows at least a sliver; an empty one shows a light shade.
            let bar = counts[i] == 0 ? "░" : String(repeating: "█", count: full) + (full + part == 0 ? "▏" : eighths[part])
            let label = labels[i].padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            return "\(label) \(bar) \(counts[i])"
        }.joined(separator: "\n")
    }

    /// Four significant digits, like `%.4g`.
    private static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}
