// Interpreter.figureHandler: a host (the notebook mode of `sfn --machine`) takes the SVG of a plot
// drawn without file=, instead of terminal art through `output`.
import Foundation
import Testing
@testable import SFNLanguage

@Suite struct FigureHandlerTests {
    final class Figures: @unchecked Sendable { var svgs: [String] = [] }

    /// Every plot command in the registry (PlotTestsFamily's sample calls): with a handler, the
    /// SVG it would write with file= goes to the handler and nothing is printed; without one,
    /// terminal art; with file= and a handler, the file.
    @Test(arguments: Family.names(.plot))
    func plotCommandsHandTheirSVGToTheHandler(_ name: String) throws {
        let sample = try #require(PlotTestsFamily.samples[name]) + ", title=\"shown\""
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-figure-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: file) }

        let sfn = Interpreter()
        let log = OutputLog(), figures = Figures()
        sfn.output = { log.text += $0 }
        try sfn.run(sample + ")")
        #expect(log.text.contains("shown"), "\(name): terminal art without a handler")

        sfn.figureHandler = { figures.svgs.append($0) }
        log.text = ""
        try sfn.run(sample + ", file=\"\(file.path)\")")
        #expect(figures.svgs.isEmpty, "\(name): file= writes the file")
        let written = try String(contentsOf: file, encoding: .utf8)

        log.text = ""
        try sfn.run(sample + ")")
        #expect(log.text.isEmpty, "\(name) printed \(log.text)")
        #expect(figures.svgs == [written], "\(name): the handler gets the SVG file= writes")
    }
}
