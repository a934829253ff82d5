// Number formatting and the axis arithmetic both renderers share (ticks, the log-scale rule).
import Foundation

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
