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
    package static func render(_ values: [Double], bins: Int = 20, width: Int = 40) -> String {
        // The bins are HistogramData's, so the terminal and SVG forms of `hist` agree.
        let bins = HistogramData(values, bins: bins, logCounts: false, title: nil)
        guard !bins.counts.isEmpty else { return "(no finite values)" }
        let (lo, hi, counts, n) = (bins.lo, bins.hi, bins.counts, bins.counts.count)
        let most = counts.max() ?? 1
        // lo·(1 − t) + hi·t rather than lo + (hi − lo)·t: finite even when hi − lo overflows.
        let labels = (0..<n).map { i in let t = Double(i) / Double(n); return format(lo * (1 - t) + hi * t) }
        let labelWidth = labels.map(\.count).max() ?? 0
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return (0..<n).map { i in
            let cells = Double(counts[i]) / Double(most) * Double(width)
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
