// LANGUAGE.md §6: load of a .json file gives back the value save wrote.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNNumerics
@testable import SFNSyntax

@Suite struct JSONRoundTripTests {
    /// Saves the value of `expression`, loads it back, and compares the display and the bits.
    @Test(arguments: [
        "[1, -0.0, 0.1, 1/3, 5e-324, 1.7976931348623157e308, nan, inf, -inf]",
        "[1, 2; 3, 4]", "zeros(0, 3)", "zeros(3, 0)", "zeros(0)", "-0.0", "nan",
        "record(a=1, b=\"two\\n\\\"q\\\"\", c=[1, 2; 3, 4], d=record(e=true, f=print()))",
        "[\"a\", 1, true]", "[record(x=1), record(x=2)]", "\"λ → 😀\"",
    ])
    func loadGivesBackWhatSaveWrote(_ expression: String) throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v.json").path
        let sfn = Interpreter()
        sfn.output = { _ in }
        let original = try sfn.run("v = \(expression)\nsave(v, \"\(path)\")\nv")
        let back = try sfn.run("load(\"\(path)\")")
        #expect(ValueDisplay.display(back) == ValueDisplay.display(original))
        if case .tensor(let a) = original, case .tensor(let b) = back {
            #expect(a.shape == b.shape && a.scalars.map(\.bitPattern) == b.scalars.map(\.bitPattern))
        }
        if case .number(let a) = original, case .number(let b) = back { #expect(a.bitPattern == b.bitPattern) }
    }

    @Test func foreignJSONReads() throws {
        let v = try JSONReader.decode(#"{"s": "\u00e9\ud83d\ude00\t", "n": [1e2, -3.5E-1, 0], "m": [[1], [2]], "x": {}}"#)
        #expect(ValueDisplay.display(v).contains("é😀"))
        guard case .record(let r) = v, case .tensor(let m)? = r["m"] else { Issue.record("\(v)"); return }
        #expect(m.shape == [2, 1])
    }

    @Test(arguments: ["[1, 2", "{\"a\" 1}", "01", "[1,]", "\"abc", "tru", "{\"a\": 1, \"a\": 2}", "[1] x",
                      String(repeating: "[", count: 1000)])
    func malformedJSONIsALocatedError(_ text: String) throws {
        #expect(throws: JSONReader.Failure.self) { try JSONReader.decode(text) }
    }

    @Test func loadOfBadJSONSaysWhere() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write("{\n  \"a\": [1, 2,]\n}\n", to: "b.json", in: dir)
        do {
            try Interpreter().run("load(\"\(path)\")")
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.message == "load: '\(path)' is not valid JSON: line 2, column 14: expected a value")
        }
    }
}
