// Landscapes in the terminal: the level lines of f in braille dots, one sample per dot, and the
// optimiser paths over them in colour (marker characters without colour), starts and ends marked.
import Foundation

extension TerminalPlot {
    /// The level lines' colours, lowest f darkest: xterm's 256-colour grey ramp (grey 240 to
    /// 252), so that they stay behind the paths' bright colours.
    package static let levelColours = (0..<10).map { "38;5;\(240 + $0 * 4 / 3)" }
    /// Where a path over a landscape starts and where it ends.
    package static let startMark: Character = "o"
    package static let endMark: Character = "x"

    /// A landscape sampled at one sample per braille dot (`c.nx` × `c.ny` samples over
    /// ⌈nx/2⌉ × ⌈ny/4⌉ cells, row 0 of the samples at the bottom): a dot wherever the sample lies
    /// just below one of nine levels (the deciles of the samples, so each band between two levels
    /// covers about a tenth of the picture) — the level lines; with colour they are grey, darker
    /// for lower f. A cell where f is nowhere finite shows `?`.
    ///
    /// The paths go over the lines (a cell a path passes through shows only the paths): with
    /// colour, braille dots in the path's colour (the SVG palette's order); without, the path's
    /// marker character per cell. Longer paths are drawn first, so that a short one stays
    /// visible. `o` marks where a path starts and `x` where it ends (a single point, such as a
    /// result's final x, is an `x`), over every path's dots.
    package static func render(_ c: ContourData, style: TextPlotStyle = .plain) -> String {
        let columns = (c.nx + 1) / 2, rows = (c.ny + 3) / 4
        let levels = ContourData.quantileLevels(c.values, count: levelColours.count - 1)
        func band(_ i: Int, _ j: Int) -> Int? {
            guard i >= 0, j >= 0, i < c.nx, j < c.ny, c.values[j * c.nx + i].isFinite else { return nil }
            return ContourData.band(c.values[j * c.nx + i], levels)
        }
        // Sample (i, j) is dot (i, ny − 1 − j): the top row of samples is the top row of dots.
        var land = DotCanvas(columns: columns, rows: rows)
        var finiteInCell = Array(repeating: false, count: columns * rows)
        for j in 0..<c.ny {
            for i in 0..<c.nx {
                guard let b = band(i, j) else { continue }
                finiteInCell[(c.ny - 1 - j) / 4 * columns + i / 2] = true
                let higher = [(i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)].contains { n in band(n.0, n.1).map { $0 > b } ?? false }
                if higher { land.set(i, c.ny - 1 - j, series: b) }
            }
        }
        // Paths: on the dots of the samples (braille), or on cells (markers) without colour.
        let braille = style.colour
        var trail = DotCanvas(columns: columns, rows: rows, resolution: braille ? .braille : .cell)
        func dot(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
            guard let px = DotCanvas.position(x, c.x, dots: c.nx), let py = DotCanvas.position(y, c.y, dots: c.ny) else { return nil }
            let d = (x: px, y: Double(c.ny - 1) - py)
            return braille ? d : (d.x / 2 - 0.25, d.y / 4 - 0.375)
        }
        func cell(_ d: (x: Double, y: Double)) -> Int? {
            let (x, y) = braille ? (Int(d.x.rounded()) / 2, Int(d.y.rounded()) / 4) : (Int(d.x.rounded()), Int(d.y.rounded()))
            guard d.x > -0.5, d.y > -0.5, x < columns, y < rows else { return nil }
            return y * columns + x
        }
        let lengths = c.paths.map { $0.points.count }
        let order = c.paths.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }
        var outside: [String] = []
        var ends: [(start: Int?, end: Int?)] = Array(repeating: (nil, nil), count: c.paths.count)
        for k in order {
            var previous: (x: Double, y: Double)? = nil
            var missed = 0
            for p in c.paths[k].points {
                guard let d = dot(p.x, p.y) else { missed += 1; previous = nil; continue }
                if !c.x.contains(p.x) || !c.y.contains(p.y) { missed += 1 }
                trail.segment(previous ?? d, d, series: k)
                if ends[k].start == nil && previous == nil { ends[k].start = cell(d) ?? -1 }
                ends[k].end = cell(d) ?? -1
                previous = d
            }
            if missed > 0 { outside.append("\(c.paths[k].label): \(missed) of \(c.paths[k].points.count) points outside") }
        }
        // Starts, then ends, over every path's dots: where a run stopped is what a reader looks for.
        var marks: [Int: (Character, Int)] = [:]
        for k in order { if let s = ends[k].start, s >= 0 { marks[s] = (startMark, k) } }
        for k in order { if let e = ends[k].end, e >= 0 { marks[e] = (endMark, k) } }
        let grid = (0..<rows).map { r in
            row((0..<columns).map { col -> (Character, String?) in
                if let (mark, k) = marks[r * columns + col] { return (mark, style.colour ? "1;" + colour(ofSeries: k) : nil) }
                let t = trail[r, col]
                if t.bits != 0 {
                    return (braille ? DotCanvas.braille(t.bits) : marker(ofSeries: t.owner), style.colour ? colour(ofSeries: t.owner) : nil)
                }
                let l = land[r, col]
                if l.bits != 0 { return (DotCanvas.braille(l.bits), style.colour ? levelColours[l.owner] : nil) }
                return (finiteInCell[r * columns + col] ? " " : "?", nil)
            })
        }
        func tickRow(_ y: Double) -> Int? {
            guard let p = DotCanvas.position(y, c.y, dots: c.ny), p > -0.5, p < Double(c.ny) - 0.5 else { return nil }
            return (c.ny - 1 - Int(p.rounded())) / 4
        }
        func tickColumn(_ x: Double) -> Int? {
            guard let p = DotCanvas.position(x, c.x, dots: c.nx), p > -0.5, p < Double(c.nx) - 0.5 else { return nil }
            return Int(p.rounded()) / 2
        }
        let yTicks = PlotFormat.ticks(c.y, target: max(2, rows / 5)).compactMap { v in tickRow(v).map { ($0, PlotFormat.short(v)) } }
        let xTicks = PlotFormat.ticks(c.x, target: max(2, columns / 10)).compactMap { v in tickColumn(v).map { ($0, PlotFormat.short(v)) } }
        var lines: [String] = []
        if let t = c.title { lines.append(centred(t, in: columns + 10)) }
        lines += framed(grid, width: columns, yTicks: yTicks, xTicks: xTicks)
        let finite = c.values.filter(\.isFinite)
        if let lo = finite.min(), let hi = finite.max() {
            lines += legend(["level lines at the deciles of f" + (style.colour ? " (darker: lower)" : ""),
                             "f from \(PlotFormat.short(lo)) to \(PlotFormat.short(hi))"]
                            + (finite.count < c.values.count ? ["? f not finite"] : []), columns: style.columns)
        }
        if !c.paths.isEmpty {
            var items = c.paths.enumerated().map { k, p in
                painted("\(braille ? "──" : String(marker(ofSeries: k))) \(p.label)", style.colour ? colour(ofSeries: k) : nil)
            }
            items.append("(\(startMark) start, \(endMark) end)")
            lines += legend(items, columns: style.columns)
        }
        if !outside.isEmpty { lines += legend(outside, columns: style.columns) }
        if c.xLabel != "x" || c.yLabel != "y" { lines.append("  (x: \(c.xLabel), y: \(c.yLabel))") }
        return lines.joined(separator: "\n") + "\n"
    }
}
