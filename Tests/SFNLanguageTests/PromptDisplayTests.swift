// Issue 18, item 8: the prompt shows about 6 significant digits and fits values to the terminal
// (eliding the middle of big vectors and matrices, as NumPy and Julia do); records holding
// matrices keep their layout; `print`, `string` and scripts stay exact.
import Foundation
import Testing
@testable import SFNLanguage

@Suite struct PromptDisplayTests {
    func value(_ source: String) throws -> Value {
        let sfn = Interpreter()
        sfn.output = { _ in }
        return try sfn.run(source)
    }

    func show(_ source: String, _ options: DisplayOptions) throws -> String {
        ValueDisplay.display(try value(source), options)
    }

    @Test func sixSignificantDigits() {
        let n = { (x: Double) in ValueDisplay.number(x, digits: 6) }
        #expect(n(2.0.squareRoot()) == "1.41421")
        #expect(n(-0.9913941234) == "-0.991394")
        #expect(n(1e-8) == "1.0e-8")
        #expect(n(1.197408776834081e-111) == "1.19741e-111")
        #expect(n(2.5e20) == "2.5e20")
        #expect(n(1.9999999) == "2.0")         // rounded: the point says it is not exactly 2
        #expect(n(123456.7) == "123457.0")
        #expect(n(3) == "3")                   // whole numbers stay exact
        #expect(n(1234567890123) == "1234567890123")
        #expect(n(.nan) == "nan" && n(-.infinity) == "-inf")
        #expect(ValueDisplay.number(0.1 + 0.2, digits: nil) == "0.30000000000000004")
        #expect(ValueDisplay.number(0.1 + 0.2, digits: 17) == "0.30000000000000004")
    }

    @Test func aFiveByFiveRandomMatrixFitsEightyColumns() throws {
        let text = try show("randn(5, 5, seed=1)", .prompt(width: 80, height: 24))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(!text.contains("…"))
        // Every entry has at most 6 significant digits.
        let cells = text.split(whereSeparator: { "[],; \n".contains($0) })
        #expect(cells.count == 25)
        let significant = { (cell: Substring) in cell.filter(\.isNumber).drop { $0 == "0" }.count }
        #expect(cells.allSatisfy { significant($0) <= 6 })
        #expect(cells.contains { significant($0) == 6 })
        // The exact display (scripts) of the same matrix is wider than 80 columns.
        #expect(try show("randn(5, 5, seed=1)", .full).split(separator: "\n").contains { $0.count > 80 })
    }

    @Test func wideMatricesElideTheirMiddleColumns() throws {
        let text = try show("reshape(1.5:1:200.5, 5, 40)", .prompt(width: 60, height: 24))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.count <= 60 && $0.contains("…") })
        #expect(lines[0].hasPrefix("[  1.5,   2.5, "))   // the first columns (aligned)
        #expect(lines[0].hasSuffix(",  39.5,  40.5;"))    // and the last
        #expect(lines[4].hasSuffix(", 199.5, 200.5]"))
    }

    @Test func tallMatricesElideTheirMiddleRows() throws {
        let text = try show("reshape(1:300, 100, 3)", .prompt(width: 80, height: 24))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 20)                        // height 24 leaves 20 rows
        #expect(lines[0] == "[  1,   2,   3;")
        #expect(lines.contains { $0.contains("⋮") })
        #expect(lines.last == " 298, 299, 300]")
    }

    @Test func longVectorsElideTheirMiddle() throws {
        let text = try show("1:1000", .prompt(width: 40, height: 24))
        #expect(text.count <= 40)
        #expect(text.hasPrefix("[1, 2, ") && text.hasSuffix(", 999, 1000]") && text.contains("…"))
        // Short ones are whole.
        #expect(try show("[1, 2, 3] / 3", .prompt()) == "[0.333333, 0.666667, 1]")
        // Scripts keep NumPy's rule: corners only past 1000 elements, every element before.
        #expect(try show("1:1000", .full).count > 3000)
    }

    @Test func recordsHoldingMatricesKeepTheirLayout() throws {
        let text = try show("eig([2, 1; 1, 3])", .prompt())
        #expect(text == """
            (values = [1.38197, 3.61803],
             vectors = [-0.850651, 0.525731;
                         0.525731, 0.850651])
            """)
        let nested = try show("record(name = \"m\", m = [1, 2; 3, 4])", .full)
        #expect(nested == "(name = \"m\",\n m = [1, 2;\n      3, 4])")
        let list = try show("[eye(2), 1]", .full)
        #expect(list == "[[1, 0;\n  0, 1],\n 1]")
    }

    /// Issue 18: `print` at the prompt showed 17 digits. It follows `:precision` (but never elides
    /// elements); `string` stays exact, and scripts (the full options) print every digit.
    @Test func printFollowsThePromptDigitsAndStringStaysExact() throws {
        let sfn = Interpreter()
        var out = ""
        sfn.output = { out += $0 }
        sfn.displayOptions = .prompt(width: 40)
        try sfn.run("x = sqrt(2)\nx\nprint(x)\nprint(string(x))")
        #expect(out == "1.41421\n1.41421\n1.4142135623730951\n")
        out = ""
        try sfn.run("print((1:30) / 7)")
        #expect(!out.contains("…"))
        #expect(out.split(separator: ",").count == 30)
        #expect(out.hasPrefix("[0.142857, 0.285714,"))
        sfn.displayOptions = .full
        out = ""
        try sfn.run("print(x)")
        #expect(out == "1.4142135623730951\n")
    }
}
