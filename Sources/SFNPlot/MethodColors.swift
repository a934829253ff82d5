// One colour per optimisation method across every SVG figure: a series (curve, path, profile
// curve) labelled with a known method's name is drawn in that method's colour, so that SGD is the
// same blue in a learning curve, a landscape and a performance profile.
import Foundation

/// How one series is drawn: its colour and, when several series share a method's colour, a dash
/// pattern that tells them apart (nil: solid).
package struct SeriesStyle: Equatable {
    package var color: String
    package var dash: String?
}

extension SVGPlot {
    /// The methods' colours: the one place that says which colour a method has.
    package static let methodColors: [(method: String, color: String)] = [
        ("sgd", "#1f77b4"), ("gd", "#ff7f0e"), ("newton", "#d62728"), ("sfn", "#2ca02c"),
        ("sfhf", "#9467bd"), ("lbfgs", "#8c564b"),
    ]
    /// Colours of series that name no method, in order (the methods' colours left out).
    package static let otherColors = ["#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#e7969c", "#000000"]
    /// Dash patterns for the second, third, … series of one method.
    package static let dashes = ["7 4", "2 3", "9 3 2 3", "4 2 1 2"]

    /// The method a series label names, if any: its command name as a word ("sgd", "Krylov SFN
    /// (k = 20)") or its long name ("saddle-free Newton", "gradient descent, lr 0.01"). The
    /// saddle-free names are tried before "newton", and "sgd" before "gd".
    package static func method(of label: String) -> String? {
        let s = label.lowercased()
        let words = Set(s.split { !($0.isLetter || $0.isNumber || $0 == "-") }.map(String.init))
        if words.contains("sfhf") || s.contains("saddle-free hessian-free") { return "sfhf" }
        if words.contains("sfn") || s.contains("saddle-free newton") || s.contains("saddle free newton") { return "sfn" }
        if words.contains("lbfgs") || words.contains("l-bfgs") { return "lbfgs" }
        if words.contains("newton") { return "newton" }
        if words.contains("sgd") || s.contains("stochastic gradient") { return "sgd" }
        if words.contains("gd") || s.contains("gradient descent") { return "gd" }
        return nil
    }

    /// The colour of a method's name, nil for other labels.
    package static func methodColor(_ label: String) -> String? {
        method(of: label).flatMap { m in methodColors.first { $0.method == m }?.color }
    }

    /// The styles of series labelled `labels`, in order. When some label names a method, every
    /// series that names one takes its method's colour (a second series of one method is dashed)
    /// and the others take `otherColors`; when none does, the series take `fallback` in order (the
    /// palette of plots whose series are not runs: data sets, seeds).
    package static func styles(_ labels: [String], fallback: [String] = palette) -> [SeriesStyle] {
        let methods = labels.map(method(of:))
        guard methods.contains(where: { $0 != nil }) else {
            return labels.indices.map { SeriesStyle(color: fallback[$0 % fallback.count], dash: nil) }
        }
        var seen: [String: Int] = [:]
        var other = 0
        return labels.indices.map { k in
            if let c = methodColor(labels[k]), let m = methods[k] {
                let i = seen[m, default: 0]
                seen[m] = i + 1
                return SeriesStyle(color: c, dash: i == 0 ? nil : dashes[(i - 1) % dashes.count])
            }
            defer { other += 1 }
            return SeriesStyle(color: otherColors[other % otherColors.count], dash: nil)
        }
    }

    /// The SVG attribute of a dash pattern ("" when solid).
    package static func dashAttribute(_ dash: String?) -> String {
        dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
    }
}
