// `spectrum`: the Hessian's eigenvalue distribution at a point, and its text histogram.
import Foundation
import SFNNumerics

/// The record of `spectrum(f, x, method="full")`.
public struct Spectrum: Sendable {
    /// All eigenvalues, ascending.
    public var eigenvalues: [Double]
    /// The smallest eigenvalue (0 for an empty problem).
    public var min: Double
    /// The largest eigenvalue (0 for an empty problem).
    public var max: Double
    /// Fraction of eigenvalues that are negative and not zero by the `classify` rule: the index
    /// density α of Dauphin et al. (2014), Fig. 1.
    public var alpha: Double
    /// How many eigenvalues count as zero: |λ| ≤ tol·max(1, max|λ|), the `classify` rule.
    public var nearZero: Int

    /// Summarises a set of eigenvalues with the `classify` zero rule.
    public init(eigenvalues: [Double], tol: Double = 1e-6) {
        let values = eigenvalues.sorted()
        let zero = tol * Swift.max(1, values.reduce(0) { Swift.max($0, abs($1)) })
        self.eigenvalues = values
        self.min = values.first ?? 0
        self.max = values.last ?? 0
        let negative = values.filter { $0 < -zero }.count
        self.alpha = values.isEmpty ? 0 : Double(negative) / Double(values.count)
        self.nearZero = values.filter { abs($0) <= zero }.count
    }

    /// The histogram the command prints (see ``TextHistogram/render(_:bins:width:)``).
    public func histogram(bins: Int = 20, width: Int = 40) -> String {
        TextHistogram.render(eigenvalues, bins: bins, width: width)
    }
}

extension Methods {
    /// `spectrum(f, x, method="full")`: every eigenvalue of the full Hessian (m hvps, `dsyevd`).
    /// `tol` is the zero rule of `classify`. Throws when H is not finite at x.
    public static func spectrum(_ objective: any Objective, at x: [Double],
                                tol: Double = 1e-6) throws(AnalysisError) -> Spectrum {
        precondition(x.count == objective.dimension,
                     "point has \(x.count) entries, the objective takes \(objective.dimension)")
        return Spectrum(eigenvalues: try hessianEigenvalues(objective, at: x), tol: tol)
    }
}

/// Horizontal bar histograms for the terminal.
public enum TextHistogram {
    /// One line per bin: its left edge, a bar of block characters (eighths for the fractional end)
    /// scaled so the fullest bin is `width` cells, and the count. Bins split [min, max] evenly; the
    /// last bin includes max; non-finite values are left out. All-equal values make one bin.
    ///
    ///     -2        █████████████████▌ 3
    ///     -1.5      ░ 0
    public static func render(_ values: [Double], bins: Int = 20, width: Int = 40) -> String {
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
