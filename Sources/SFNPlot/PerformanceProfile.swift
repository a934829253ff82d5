// Dolan–Moré performance profiles: the model (the ratios and ρ), and its SVG and text renderers.
import Foundation

/// A performance profile (Dolan and Moré 2002, "Benchmarking optimization software with
/// performance profiles", Math. Program. 91:201–213): for each method s,
/// ρₛ(τ) = the fraction of problems with costₛ ≤ τ · min over methods of the cost.
/// An unsolved run has cost ∞ and never counts; a problem no method solved counts against all.
package struct PerformanceProfile {
    package var title: String?
    /// The methods' names, in the order of `ratios`.
    package var methods: [String]
    /// Per method, the finite ratios costₛ / best on the problems it solved, ascending.
    package var ratios: [[Double]]
    /// How many problems there are (the denominator of ρ).
    package var problems: Int

    /// The profile of `cost[p][s]` (problems × methods; ∞ or nan where not solved).
    package init(methods: [String], cost: [[Double]], title: String? = nil) {
        self.title = title; self.methods = methods; problems = cost.count
        var ratios = [[Double]](repeating: [], count: methods.count)
        for row in cost {
            let solved = row.filter { $0.isFinite }
            guard let best = solved.min() else { continue }
            for (s, c) in row.enumerated() where s < methods.count && c.isFinite {
                // A best cost of 0 (a method reporting no work) makes only the other zeros best.
                ratios[s].append(best > 0 ? c / best : (c == 0 ? 1 : .infinity))
            }
        }
        self.ratios = ratios.map { $0.filter(\.isFinite).sorted() }
    }

    /// ρₛ(τ): the fraction of problems method `s` solved within τ times the best cost.
    package func rho(_ s: Int, _ tau: Double) -> Double {
        guard problems > 0 else { return 0 }
        // A relative margin, so that a ratio computed as 2.0000000000000004 counts at τ = 2.
        return Double(ratios[s].filter { $0 <= tau * (1 + 1e-12) }.count) / Double(problems)
    }

    /// The largest finite ratio, in log₂: the x axis runs from τ = 1 to 2^this (at least 1).
    package var maxLog2: Double {
        let top = ratios.flatMap { $0 }.max() ?? 1
        return max(1, (log2(top) * 1.05).rounded(.up))
    }
}

extension PerformanceProfile: PlotKind {
    package func text() -> String { TerminalPlot.render(self) }
    package func text(_ style: TextPlotStyle) -> String { TerminalPlot.render(self, style: style) }
    package func svg() -> String { SVGPlot.render(self) }
}

extension SVGPlot {
    /// The palette and four more, since a comparison of ten or twelve methods is common.
    static let profileColors = palette + ["#bcbd22", "#7f7f7f", "#393b79", "#e7969c"]

    /// One step curve per method (a <path> each), x = log₂ τ labelled as τ, y = ρ from 0 to 1.
    package static func render(_ p: PerformanceProfile) -> String {
        var doc = document(title: p.title ?? "performance profile")
        let frame = SVGFrame(x: 0...p.maxLog2, y: 0...1.02)
        let every = max(1.0, (p.maxLog2 / 8).rounded(.up))
        let xTicks = stride(from: 0.0, through: p.maxLog2, by: every).map { ($0, PlotFormat.short(pow(2, $0))) }
        let yTicks = stride(from: 0.0, through: 1.0, by: 0.2).map { ($0, PlotFormat.short($0)) }
        frame.drawAxes(&doc, xTicks: xTicks, yTicks: yTicks, xLabel: "τ: cost within τ × the best (log scale)",
                       yLabel: "fraction of problems solved")
        let styles = styles(p.methods, fallback: profileColors)
        for (s, name) in p.methods.enumerated() {
            let color = styles[s].color
            var y = p.rho(s, 1)
            var d = "M\(n(frame.px(0))) \(n(frame.py(y)))"
            for r in p.ratios[s] where r > 1 {
                let x = log2(r)
                d += "H\(n(frame.px(x)))"
                y = p.rho(s, r)
                d += "V\(n(frame.py(y)))"
            }
            d += "H\(n(frame.px(p.maxLog2)))"
            // Earlier curves a little wider, so that a curve drawn over another leaves it visible.
            let width = max(1.2, 3.0 - 0.5 * Double(s))
            doc.add("<path class=\"series\" d=\"\(d)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(n(width))\"\(dashAttribute(styles[s].dash))>"
                    + "<title>\(escape(name))</title></path>")
        }
        legend(&doc, frame, p.methods.enumerated().map { ("\($0.element) (\(p.ratios[$0.offset].count)/\(p.problems))",
                                                         styles[$0.offset].color) },
               swatch: .line, avoid: curvePoints(p, frame), dashes: styles.map(\.dash))
        return doc.text
    }

    /// Points along every curve, for the legend to keep clear of.
    private static func curvePoints(_ p: PerformanceProfile, _ frame: SVGFrame) -> [(x: Double, y: Double)] {
        let samples = 120
        return p.methods.indices.flatMap { s in
            (0...samples).map { k in
                let x = Double(k) / Double(samples) * p.maxLog2
                return (frame.px(x), frame.py(p.rho(s, pow(2, x))))
            }
        }
    }
}

extension PerformanceProfile {
    /// The profile as learning-curve-like step curves: per method, ρ at `samples` values of τ
    /// evenly spaced in log τ from 1 to 2^maxLog2, x in log10 (a log axis labelled as τ).
    package func asLinePlot(samples: Int = 240) -> LinePlot {
        let taus = (0..<samples).map { pow(2, Double($0) / Double(samples - 1) * maxLog2) }
        let series = methods.indices.map { s in
            PlotSeries(label: "\(methods[s]) (\(ratios[s].count)/\(problems))", xs: taus, ys: taus.map { rho(s, $0) })
        }
        var plot = LinePlot(title: title ?? "performance profile", series: series, logY: false,
                            xLabel: "τ, cost within τ × the best", yLabel: "fraction of problems solved").withLogX()
        plot.fixedY = 0...1
        return plot
    }
}

extension TerminalPlot {
    /// The profile in the terminal, drawn as the learning curves are (braille, a colour per
    /// method; markers when there is no colour), y from 0 to 1.
    package static func render(_ p: PerformanceProfile, style: TextPlotStyle = .plain) -> String {
        render(p.asLinePlot(samples: 2 * style.area.columns), style: style)
    }
}
