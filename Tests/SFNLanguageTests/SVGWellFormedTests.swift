// Issue 17 item 6: every SVG file is well-formed XML whatever text it holds. Titles, labels,
// legends and axis names come from the program, and may hold characters XML 1.0 forbids (control
// characters, which not even a character reference may name) or must escape (& < > ").
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SFNLanguage
@testable import SFNPlot

@Suite struct SVGWellFormedTests {
    /// Every C0 control character, the XML specials, a non-character and some ordinary text.
    static let hostile: String = {
        var s = "t"
        for c in 1..<32 { s.unicodeScalars.append(Unicode.Scalar(UInt8(c))) }
        return s + "&<>\"' \u{FFFE}\u{FFFF} ok"
    }()

    /// Each plot kind with every text it shows set to `hostile`, bound as X.
    static let plots: [(name: String, call: String)] = [
        ("plot", "plot([1, 2, 3], title=X, label=X, xlabel=X, ylabel=X, file=F)"),
        ("plot, two series", "plot([1, 2], [2, 1], labels=[X, X], title=X, file=F)"),
        ("hist", "hist([1, 2, 2, 3], title=X, label=X, xlabel=X, ylabel=X, file=F)"),
        ("scatter", "scatter([1, 2], [2, 1], title=X, label=X, xlabel=X, ylabel=X, file=F)"),
        ("contour", "f(x, y) = x^2 - y^2\nr = record(path=[0.5, 0.5; 0, 0], method=X)\ncontour(f, [-1, 1], [-1, 1], paths=r, title=X, xlabel=X, ylabel=X, file=F)"),
        ("contour, labels", "f(x, y) = x^2 - y^2\ncontour(f, [-1, 1], [-1, 1], paths=[0.5, 0.5; 0, 0], labels=X, title=X, file=F)"),
    ]

    final class Failure: NSObject, XMLParserDelegate {
        var error: Error?
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
    }

    @Test(arguments: plots.map(\.name))
    func theFileIsWellFormedXML(_ name: String) throws {
        let call = try #require(Self.plots.first { $0.name == name }).call
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("p.svg")
        let sfn = Interpreter()
        sfn.output = { _ in }
        sfn.bind("X", .string(Self.hostile))
        sfn.bind("F", .string(file.path))
        try sfn.run(call, name: "svg.sfn")
        let data = try Data(contentsOf: file)
        let parser = XMLParser(data: data)
        let delegate = Failure()
        parser.delegate = delegate
        let ok = parser.parse()
        #expect(ok && delegate.error == nil, "\(name): \(String(describing: delegate.error ?? parser.parserError))")
        // The text is still there, the forbidden characters shown as U+FFFD.
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("&amp;&lt;&gt;&quot;' \u{FFFD}\u{FFFD} ok"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && !["\t", "\n", "\r"].contains($0) })
    }

    @Test func escapeKeepsWhatXMLAllows() {
        #expect(escape("a\tb\nc\r") == "a\tb\nc\r")
        #expect(escape("λ → 😀") == "λ → 😀")
        #expect(escape("\u{7}\u{0}\u{1B}[0m") == "\u{FFFD}\u{FFFD}\u{FFFD}[0m")
    }
}
