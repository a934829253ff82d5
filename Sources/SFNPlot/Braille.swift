// The dot canvas of terminal plots: braille characters, 2×4 dots per character cell (U+2800 plus
// one bit per dot), as UnicodePlots.jl draws; or one dot per cell, for marker characters.
import Foundation

/// A grid of character cells, each holding the dots drawn into it (OR-ed, so that every shape
/// drawn stays visible) and the series that drew last (whose colour the cell takes).
package struct DotCanvas {
    /// Dots per cell: braille's 2 across × 4 down, or 1 × 1 (a marker character per cell).
    package enum Resolution { case braille, cell }

    /// Size in character cells.
    package let columns: Int
    package let rows: Int
    package let resolution: Resolution
    /// The dots of each cell as braille bits (a cell-resolution canvas uses bit 0x01).
    private(set) var bits: [UInt8]
    /// The series that last drew into each cell; −1 for none.
    private(set) var owners: [Int]

    package init(columns: Int, rows: Int, resolution: Resolution = .braille) {
        self.columns = max(1, columns); self.rows = max(1, rows); self.resolution = resolution
        bits = Array(repeating: 0, count: self.columns * self.rows)
        owners = Array(repeating: -1, count: self.columns * self.rows)
    }

    /// Dots across and down.
    package var dotColumns: Int { resolution == .braille ? 2 * columns : columns }
    package var dotRows: Int { resolution == .braille ? 4 * rows : rows }

    /// The bit of the dot at (dx, dy) in its cell, dx in 0…1 and dy in 0…3 from the top: Unicode
    /// numbers the dots 1, 2, 3, 7 down the left column and 4, 5, 6, 8 down the right, bit k − 1
    /// for dot k.
    package static func bit(dx: Int, dy: Int) -> UInt8 {
        let left: [UInt8] = [0x01, 0x02, 0x04, 0x40], right: [UInt8] = [0x08, 0x10, 0x20, 0x80]
        return dx == 0 ? left[dy] : right[dy]
    }

    /// The braille character of a cell's dots (U+2800, the blank pattern, for none).
    package static func braille(_ bits: UInt8) -> Character {
        Character(Unicode.Scalar(0x2800 + UInt32(bits))!)
    }

    /// Sets the dot at (x, y), counted from the top left; a dot outside the canvas is left out.
    package mutating func set(_ x: Int, _ y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotColumns, y < dotRows else { return }
        let (cx, cy) = resolution == .braille ? (x / 2, y / 4) : (x, y)
        let i = cy * columns + cx
        bits[i] |= resolution == .braille ? DotCanvas.bit(dx: x % 2, dy: y % 4) : 1
        owners[i] = series
    }

    /// The dots of the straight line from (x0, y0) to (x1, y1), both ends included (Bresenham).
    package mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, series: Int) {
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var (x, y, err) = (x0, y0, dx + dy)
        while true {
            set(x, y, series: series)
            if x == x1 && y == y1 { return }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The line between two points in dot coordinates (fractional, possibly outside the canvas),
    /// clipped to the canvas (Liang–Barsky), so that a path leaving the picture runs to its edge.
    package mutating func segment(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), series: Int) {
        var t0 = 0.0, t1 = 1.0
        let d = (x: b.x - a.x, y: b.y - a.y)
        let hiX = Double(dotColumns - 1) + 0.5, hiY = Double(dotRows - 1) + 0.5
        for (p, q) in [(-d.x, a.x + 0.5), (d.x, hiX - a.x), (-d.y, a.y + 0.5), (d.y, hiY - a.y)] {
            if p == 0 { if q < 0 { return } else { continue } }
            let t = q / p
            if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            if t0 > t1 { return }
        }
        func dot(_ t: Double) -> (Int, Int) {
            (min(dotColumns - 1, max(0, Int((a.x + t * d.x).rounded()))), min(dotRows - 1, max(0, Int((a.y + t * d.y).rounded()))))
        }
        let (p, q) = (dot(t0), dot(t1))
        line(p.0, p.1, q.0, q.1, series: series)
    }

    /// Where v lies along a range of `dots` dots: dot 0 at the lower bound, dot dots − 1 at the
    /// upper; outside the range the position is outside 0…dots − 1 (nil when not finite).
    package static func position(_ v: Double, _ r: ClosedRange<Double>, dots: Int) -> Double? {
        let span = r.upperBound / 2 - r.lowerBound / 2
        guard v.isFinite, span.isFinite else { return nil }
        let t = span > 0 ? (v / 2 - r.lowerBound / 2) / span : 0.5
        guard t.isFinite else { return nil }
        return t * Double(dots - 1)
    }

    /// The dot coordinates of (x, y) over the ranges, y counted from the top; nil when either is
    /// not finite. Points outside the ranges fall outside the canvas.
    package func point(_ x: Double, _ y: Double, _ xr: ClosedRange<Double>, _ yr: ClosedRange<Double>) -> (x: Double, y: Double)? {
        guard let px = DotCanvas.position(x, xr, dots: dotColumns), let py = DotCanvas.position(y, yr, dots: dotRows) else { return nil }
        return (px, Double(dotRows - 1) - py)
    }

    /// The cell row (from the top) holding the value y of range r; nil outside it.
    package func row(_ y: Double, _ r: ClosedRange<Double>) -> Int? {
        guard let p = DotCanvas.position(y, r, dots: dotRows), p > -0.5, p < Double(dotRows) - 0.5 else { return nil }
        return (dotRows - 1 - Int(p.rounded())) / (resolution == .braille ? 4 : 1)
    }

    /// The cell column holding the value x of range r; nil outside it.
    package func column(_ x: Double, _ r: ClosedRange<Double>) -> Int? {
        guard let p = DotCanvas.position(x, r, dots: dotColumns), p > -0.5, p < Double(dotColumns) - 0.5 else { return nil }
        return Int(p.rounded()) / (resolution == .braille ? 2 : 1)
    }

    /// The dots of a cell (braille bits) and the series that drew last (−1: none).
    package subscript(row: Int, column: Int) -> (bits: UInt8, owner: Int) {
        let i = row * columns + column
        return (bits[i], owners[i])
    }

    /// Clears a cell (a mark drawn over it replaces its dots).
    package mutating func clear(row: Int, column: Int) {
        bits[row * columns + column] = 0; owners[row * columns + column] = -1
    }
}
