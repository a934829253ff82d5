// What every text plot is drawn with: the terminal's size and colour, and the axes with their
// tick labels. Each plot kind's own text renderer lives beside its model (TerminalLinePlot.swift,
// TextHistogram.swift, ...).
import Foundation

/// The terminal a text plot is drawn for: its width in columns, its height in rows when it is a
/// terminal, whether to colour, and the plot area when a call asks for one (width=, height=).
package struct TextPlotStyle: Sendable, Equatable {
    package var columns: Int
    package var rows: Int?
    package var colour: Bool
    package var width: Int?
    package var height: Int?

    package init(columns: Int = 80, rows: Int? = nil, colour: Bool = false, width: Int? = nil, height: Int? = nil) {
        self.columns = columns; self.rows = rows; self.colour = colour; self.width = width; self.height = height
    }

    /// Not a terminal: 80 columns, no colour.
    package static let plain = TextPlotStyle()

    /// The plot area in character cells: `width` columns, else the terminal's less 12 (the y axis
    /// and its labels), at least 20; `height` rows, else a third of the width (a cell is about
    /// twice as tall as wide, so the area's shape is 3:2), from 6 to 30 and, on a terminal, at
    /// most its rows less 7 (the title, the x axis and its labels, the legend and the prompt).
    package var area: (columns: Int, rows: Int) {
        let w = width ?? max(20, columns - 12)
        var h = height ?? min(30, max(6, w / 3))
        if height == nil, let rows { h = max(6, min(h, rows - 7)) }
        return (w, h)
    }
}

/// The terminal renderers.
package enum TerminalPlot {

    package static func centred(_ s: String, in width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: (width - s.count) / 2) + s
    }

    // MARK: Colour

    /// The colours of series in order (ANSI: blue, red, green, yellow, magenta, cyan), cycled
    /// beyond six. The first five follow the SVG palette's order (blue, red, green, orange,
    /// purple), so that a series has the same colour in the terminal and in a file. The terminal's
    /// own palette shows them, so they suit its background.
    package static let seriesColours = ["34", "31", "32", "33", "35", "36"]
    /// One marker per series when there is no colour to tell them apart (cycled beyond eight). No
    /// `o` and `x`: they mark where a path over a landscape starts and ends.
    package static let seriesMarkers: [Character] = ["•", "+", "*", "#", "@", "%", "=", "~"]

    package static func colour(ofSeries k: Int) -> String { seriesColours[k % seriesColours.count] }
    package static func marker(ofSeries k: Int) -> Character { seriesMarkers[k % seriesMarkers.count] }

    /// Text in an ANSI colour (an SGR code such as "34" or "38;5;244"), reset after.
    package static func painted(_ text: String, _ code: String?) -> String {
        guard let code, !text.isEmpty else { return text }
        return "\u{1B}[\(code)m" + text + "\u{1B}[0m"
    }

    /// A row of cells, each a character and its colour (nil: none): one escape sequence per run
    /// of a colour, and spaces never coloured (so that trailing spaces can be trimmed).
    package static func row(_ cells: [(Character, String?)]) -> String {
        var out = "", run = "", current: String? = nil
        for (ch, code) in cells {
            let c = ch == " " ? nil : code
            if c != current { out += painted(run, current); run = ""; current = c }
            run.append(ch)
        }
        return out + painted(run, current)
    }

    /// The number of columns a line takes: its characters, escape sequences left out.
    package static func visibleWidth(_ line: String) -> Int {
        var n = 0, escape = false
        for ch in line.unicodeScalars {
            if escape { if ch == "m" { escape = false } } else if ch == "\u{1B}" { escape = true } else { n += 1 }
        }
        return n
    }

    // MARK: Layout

    /// Grid rows (text `width` columns wide, possibly coloured) framed by axes: `yTicks`/`xTicks`
    /// are (position, label) pairs in grid coordinates (row from the top, column from the left).
    /// Returns the lines, trailing spaces trimmed.
    package static func framed(_ rows: [String], width: Int, yTicks: [(Int, String)], xTicks: [(Int, String)]) -> [String] {
        let labelWidth = yTicks.map(\.1.count).max() ?? 0
        var lines: [String] = []
        for (r, cells) in rows.enumerated() {
            let tick = yTicks.first { $0.0 == r }
            let label = tick.map { String(repeating: " ", count: labelWidth - $0.1.count) + $0.1 }
                ?? String(repeating: " ", count: labelWidth)
            var line = label + (tick == nil ? " │" : " ┤") + cells
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

    /// Legend items (each as shown, possibly coloured) three spaces apart, in lines of at most
    /// `columns` visible columns, each indented by two.
    package static func legend(_ items: [String], columns: Int) -> [String] {
        var lines: [String] = [], line = ""
        for item in items {
            if !line.isEmpty, 2 + visibleWidth(line) + 3 + visibleWidth(item) > columns {
                lines.append("  " + line); line = ""
            }
            line += (line.isEmpty ? "" : "   ") + item
        }
        if !line.isEmpty { lines.append("  " + line) }
        return lines
    }
}
