// The plot kinds behind one protocol: each kind is a model with two renderers, so a command
// builds the model and `emit`s it to the terminal or an SVG file without knowing which kind it is.

/// A plot that can be drawn as text (the terminal) or as an SVG document.
package protocol PlotKind {
    /// The plot as text lines for the terminal, ending in a newline.
    func text() -> String
    /// The plot as text lines for a given terminal (its width, colour; PlotKind's default: as
    /// `text()`).
    func text(_ style: TextPlotStyle) -> String
    /// The plot as a self-contained SVG document.
    func svg() -> String
}

extension PlotKind {
    package func text(_ style: TextPlotStyle) -> String { text() }
}
