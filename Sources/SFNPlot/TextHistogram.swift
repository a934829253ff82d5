// Horizontal bar histograms for the terminal: what `spectrum` and `plot(..., kind="hist")` print.
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
        let data = values.filter { $0.isFinite }
        guard let lo = data.min(), let hi = data.max() else { return "(no finite values)" }
        let n = hi > lo ? Swift.max(1, bins) : 1
        let span = hi / 2 - lo / 2  // halved: finite even for [−1e308, 1e308]
        var counts = [Int](repeating: 0, count: n)
        for v in data {
            let i = span > 0 ? Int(Swift.min(Double(n), Swift.max(0, (v / 2 - lo / 2) / span * Double(n)))) : 0
            counts[Swift.min(Swift.max(i, 0), n - 1)] += 1
        }
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
