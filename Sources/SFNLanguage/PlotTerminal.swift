// What terminal plots are drawn for (issue 19): the terminal's size and whether to colour. The
// host measures its terminal (the sfn executable: Terminal.swift); embedders get plain text.
import SFNPlot

/// The terminal that `plot`, `scatter` and `contour` draw for when they draw text.
public struct PlotTerminal: Sendable, Equatable {
    /// Columns of the terminal (80 when output is not a terminal).
    public var columns: Int
    /// Rows of the terminal; nil when output is not one (the plot's height is then not limited).
    public var rows: Int?
    /// ANSI colours (each series its own); false when output is not a terminal or NO_COLOR is
    /// set (the rule of `TerminalStyle.usesColour`, no-color.org).
    public var colour: Bool

    public init(columns: Int = 80, rows: Int? = nil, colour: Bool = false) {
        self.columns = columns; self.rows = rows; self.colour = colour
    }

    /// Not a terminal: 80 columns, no colour.
    public static let plain = PlotTerminal()

    /// The text renderers' style, with a plot area asked for by a call (width=, height=).
    package func style(width: Int? = nil, height: Int? = nil) -> TextPlotStyle {
        TextPlotStyle(columns: columns, rows: rows, colour: colour, width: width, height: height)
    }
}
