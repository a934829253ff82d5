// Issue 19 items 6, 7 and 9 at the language: every command that draws takes file= and writes a
// well-formed SVG; hist counts linearly unless asked; several histograms share an axis; scatter
// colours groups; a method has one colour in every figure.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SFNLanguage
@testable import SFNPlot
import SFNSyntax

@Suite struct DrawingCommandTests {
    /// A call of each command that draws, with `F` for the file. A new one (a plot command, or one
    /// marked `draws`) fails `everyCommandThatDrawsWritesAnSVG` until it has a call here.
    static let calls: [String: String] = [
        "plot": "plot([16, 4, 1], file=F)",
        "hist": "hist([1, 1, 2, 3, 3, 5], file=F)",
        "scatter": "scatter([1, 2, 3], [3, 1, 2], file=F)",
        "contour": "f(x, y) = x^2 + y^2\nr = gd(f, [0.5, 0.5], steps=3, quiet=true)\ncontour(f, [-1, 1], [-1, 1], paths=r, file=F)",
        "spectrum": "f(x, y) = x^2 - y^2 + x*y\nspectrum(f, [1, 1], file=F)",
        "compare": "f(x) = sum(x^2)\ncompare([\"gd\", \"sfn\"], [record(f=f, x0=[1, 2], fstar=0)], steps=20, file=F)",
    ]

    static var drawing: [String] {
        let registry = BuiltinRegistry.core
        return registry.names.filter { registry[$0].map { $0.category == .plot || $0.draws } ?? false }
    }

    final class Failure: NSObject, XMLParserDelegate {
        var error: Error?
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
    }

    /// Runs `program` with F bound to a fresh .svg path; returns the file's text and the output.
    static func draw(_ program: String) throws -> (svg: String, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-draw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("d.svg")
        let sfn = Interpreter()
        var out = ""
        sfn.output = { out += $0 }
        sfn.bind("F", .string(file.path))
        try sfn.run(program, name: "draw.sfn")
        return (try String(contentsOf: file, encoding: .utf8), out)
    }

    @Test func theListCoversEveryCommandThatDraws() {
        #expect(Set(Self.drawing) == Set(Self.calls.keys))
        #expect(Self.drawing.contains("spectrum") && Self.drawing.contains("compare"))
    }

    @Test(arguments: drawing)
    func everyCommandThatDrawsWritesAnSVG(_ name: String) throws {
        let b = try #require(BuiltinRegistry.core[name])
        #expect(b.parameters.contains { $0.name == "file" && $0.isNamedOnly }, "\(name) has no file=")
        #expect(b.helpText.contains("file="), "\(name): :help does not say what file= does")
        let call = try #require(Self.calls[name], "\(name): add a call to DrawingCommandTests.calls")
        let (svg, out) = try Self.draw(call)
        #expect(out.contains("\(name): wrote "), "\(name): \(out)")
        let parser = XMLParser(data: Data(svg.utf8))
        let delegate = Failure()
        parser.delegate = delegate
        #expect(parser.parse() && delegate.error == nil, "\(name): \(String(describing: delegate.error))")
        #expect(svg.contains("<svg "))
    }

    /// The example, and its other methods: spectrum's histogram goes to the file instead
    /// of the terminal, its summary line stays; log=true is a log-count axis, labelled so.
    @Test func spectrumWritesItsHistogram() throws {
        let (svg, out) = try Self.draw("f(x) = sum(x^4) - sum(x^2)\nspectrum(f, [0.1, 0.2, 0.3, 1, 2], log=true, title=\"spec\", file=F)")
        #expect(out.contains("spectrum: wrote a histogram of 5 eigenvalues to"))
        #expect(out.contains("5 eigenvalues in ["))
        #expect(!out.contains("█"))
        #expect(svg.contains(">number of eigenvalues (log scale)<") && svg.contains(">spec<"))
        let (density, _) = try Self.draw("f(x) = sum(x^4) - sum(x^2)\nspectrum(f, [0.1, 0.2, 0.3, 1, 2], method=\"density\", k=3, probes=2, file=F)")
        #expect(density.contains(">density (stochastic Lanczos quadrature)<"))
        // A file name that is not .svg is refused before the work.
        let sfn = Interpreter()
        sfn.output = { _ in }
        #expect(throws: SFNError.self) { try sfn.run("f(x) = sum(x^2)\nspectrum(f, [1, 2], file=\"s.png\")", name: "t.sfn") }
    }

    /// The terminal spectrum takes log= too and says what its bars are.
    @Test func spectrumInTheTerminal() throws {
        let sfn = Interpreter()
        var out = ""
        sfn.output = { out += $0 }
        try sfn.run("f(x) = sum(x^4) - sum(x^2)\nspectrum(f, [0.1, 0.2, 0.3, 1, 2], log=true)", name: "t.sfn")
        #expect(out.contains("(bar lengths ∝ count, log scale)"))
    }

    /// hist counts linearly by default: a thousand normal samples make a bell, the middle bins
    /// many times taller than the outer ones, and the axis says "count".
    @Test func histOfNormalSamplesIsABell() throws {
        let (svg, _) = try Self.draw("hist(randn(1000, seed=3), bins=15, file=F)")
        #expect(svg.contains(">count<") && !svg.contains("log scale"))
        let heights = svg.components(separatedBy: "<rect ").compactMap { r -> (x: Double, h: Double)? in
            let r = " " + r
            guard r.contains("<title>"), let h = Self.attribute(r, "height"), let x = Self.attribute(r, "x") else { return nil }
            return (x, h)
        }.sorted { $0.x < $1.x }.map(\.h)
        try #require(heights.count >= 11)
        let middle = heights[heights.count / 2 - 1...heights.count / 2 + 1].max()!
        #expect(middle > 8 * max(heights.first!, heights.last!), "\(heights)")
        // With log=true the same data is drawn on a log-count axis.
        let (logged, _) = try Self.draw("hist(randn(1000, seed=3), bins=15, log=true, file=F)")
        #expect(logged.contains(">count (log scale)<"))
    }

    static func attribute(_ element: String, _ name: String) -> Double? {
        guard let r = element.range(of: " \(name)=\"") else { return nil }
        return Double(element[r.upperBound...].prefix { $0 != "\"" })
    }

    @Test func severalHistogramsOnOneAxis() throws {
        let (svg, out) = try Self.draw("hist([0, 0.1, 0.2], [5, 9, 9], bins=9, labels=[\"before\", \"after\"], file=F)")
        #expect(out.contains("hist: wrote 2 data sets in 9 bins"))
        #expect(svg.components(separatedBy: "<path class=\"series\"").count == 3)
        #expect(svg.contains(">before<") && svg.contains(">after<"))
        let sfn = Interpreter()
        var text = ""
        sfn.output = { text += $0 }
        try sfn.run("hist([0, 0.1, 0.2], [5, 9, 9], bins=3, labels=[\"before\", \"after\"])", name: "t.sfn")
        #expect(text.contains("before:\n0 ") && text.contains("after:\n0 "))
        #expect(throws: SFNError.self) { try sfn.run("hist([1, 2], [3], labels=[\"a\"])", name: "t.sfn") }
    }

    @Test func scatterGroupsGetAColourEach() throws {
        let (svg, _) = try Self.draw("scatter([1, 2, 3, 4], [1, 2, 3, 4], groups=[0, 1, 0, 2], labels=[\"seed 0\", \"seed 1\", \"seed 2\"], file=F)")
        for (k, name) in ["seed 0", "seed 1", "seed 2"].enumerated() {
            #expect(svg.contains("fill=\"\(SVGPlot.palette[k])\" fill-opacity=\"0.7\"><title>\(name)</title>"), "\(name)")
        }
        let (unnamed, _) = try Self.draw("scatter([1, 2], [1, 2], groups=[7, 3], file=F)")
        #expect(unnamed.contains(">group 3<") && unnamed.contains(">group 7<"))
    }

    /// One colour per method: gd, newton and sfn have the same colours in a learning-curve plot
    /// and over a landscape, whatever order they come in and however they are labelled.
    @Test func aMethodHasOneColourInEveryFigure() throws {
        let runs = """
            f(x, y) = x^2 - y^2 + y^4 / 4
            n = newton(f, [1, 0.001], steps=5, quiet=true)
            g = gd(f, [1, 0.001], steps=30, lr=0.05, quiet=true)
            s = sfn(f, [1, 0.001], steps=10, quiet=true)

            """
        let (curves, _) = try Self.draw(runs + "plot(n, g, s, file=F)")
        let (paths, _) = try Self.draw(runs + "contour(f, [-1.5, 1.5], [-2, 2], paths=[s, g, n], labels=[\"saddle-free Newton\", \"gradient descent\", \"Newton\"], file=F)")
        func colour(_ svg: String, _ title: String) -> String? {
            guard let t = svg.range(of: "><title>\(title)</title>") else { return nil }
            let head = svg[..<t.lowerBound]
            guard let s = head.range(of: "stroke=\"", options: .backwards) else { return nil }
            return String(head[s.upperBound...].prefix { $0 != "\"" })
        }
        for (method, long) in [("newton", "Newton"), ("gd", "gradient descent"), ("sfn", "saddle-free Newton")] {
            let expected = SVGPlot.methodColor(method)
            #expect(expected != nil)
            #expect(colour(curves, method) == expected, "\(method) in the plot")
            #expect(colour(paths, long) == expected, "\(long) over the landscape")
        }
    }
}
