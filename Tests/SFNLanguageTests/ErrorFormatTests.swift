// Issue 17 items 11–14: an error is one line `file:line:col: error: message` located at what it is
// about, then the source line and a caret under the column.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

private func runError(_ source: String, name: String = "e.sfn") -> SFNError? {
    let sfn = Interpreter()
    sfn.output = { _ in }
    do { try sfn.run(source, name: name) } catch let e as SFNError { return e } catch {}
    return nil
}

@Suite struct ErrorFormatTests {
    // MARK: Item 11: an argument's error keeps its own location and is not wrapped again

    /// Arguments read while a command runs (here inside the spectrum methods) fail at the argument,
    /// with one "spectrum:" and no second located error inside the message.
    @Test(arguments: [
        "spectrum(f, [1, 1], method=\"density\", probes=0)",
        "spectrum(f, [1, 1], method=\"density\", grid=1)",
        "spectrum(f, [1, 1], method=\"density\", k=0)",
        "spectrum(f, [1, 1], method=\"lanczos\", k=0)",
    ])
    func argumentErrorsAreLocatedAtTheArgument(_ call: String) throws {
        let e = try #require(runError("f(x, y) = x^2 + y^2\n" + call))
        let argument = String(call.split(separator: " ").last!.prefix { $0 != "=" })
        let column = try #require(call.range(of: argument + "=")).lowerBound.utf16Offset(in: call) + 1
        #expect(e.location.line == 2 && e.location.column == column, "\(e.render())")
        #expect(e.message.hasPrefix("spectrum: ") && !e.message.dropFirst(10).contains("spectrum:"))
        #expect(!e.message.contains("error:") && !e.message.contains("e.sfn:"))
        #expect(e.message.contains("'\(argument)'"))
    }

    // MARK: Item 12: every message is one line

    @Test func aStringTokenAcrossLinesIsQuotedEscaped() throws {
        let e = try #require(runError("print(1 \"a\nb\")"))
        #expect(e.message == "expected ')' to close '(' at 1:6, found \"a\\nb\"")
        #expect(e.render().split(separator: "\n", omittingEmptySubsequences: false).count == 3)
    }

    /// Whatever a message quotes (a user's string, an assert's text), it stays one line.
    @Test(arguments: ["assert false, \"two\nlines\"", "x = record(a=1)\nx.b\r\n", "load(\"no\nsuch\u{7}file.csv\")",
                      "q = \"a\u{2028}b\"\nassert false, q"])
    func everyMessageIsOneLine(_ source: String) throws {
        let e = try #require(runError(source))
        #expect(!e.message.unicodeScalars.contains { ($0.properties.generalCategory == .control && $0 != "\t") || $0 == "\u{2028}" },
                "\(e.message)")
    }

    @Test func oneLineEscapesOnlyWhatBreaksALine() {
        #expect(SFNError.oneLine("a\nb\r\nc\td\u{7}e\u{2029}") == "a\\nb\\r\\nc\td\\u{7}e\\u{2029}")
        #expect(SFNError.oneLine("plain λ text") == "plain λ text")
    }

    // MARK: Item 13: a file that is not UTF-8 is located at its first bad byte

    @Test func aScriptThatIsNotUTF8IsLocatedAtTheBadByte() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.sfn").path
        let bytes: [UInt8] = Array("x = 1\ny = \"é".utf8) + [0xFF, 0xFE] + Array("\"\nz = 3\n".utf8)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let sfn = Interpreter()
        do {
            try sfn.runFile(path: path)
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.location == SourceLocation(file: path, line: 2, column: 7))
            #expect(e.message == "'\(path)' is not UTF-8 text: an invalid sequence starts with byte 0xFF")
            #expect(e.render().hasSuffix("\ny = \"é\u{FFFD}\u{FFFD}\"\n      ^"))
        }
        // An import of it is located the same way, in the imported file.
        let main = try Conf.write("import \"bad\"\n", to: "main.sfn", in: dir)
        do {
            try Interpreter().runFile(path: main)
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.location.line == 2 && e.location.column == 7 && e.location.file.hasSuffix("bad.sfn"))
        }
    }

    @Test func aTruncatedCharacterAtTheEndIsLocated() throws {
        switch UTF8Text.decode(Array("ab\n\tcd".utf8) + [0xE2, 0x82]) {
        case .success: Issue.record("expected invalid UTF-8")
        case .failure(let bad):
            #expect(bad.line == 2 && bad.column == 4 && bad.byte == 0xE2 && bad.lineText == "\tcd\u{FFFD}")
        }
        guard case .success("a€\n") = UTF8Text.decode(Array("a€\n".utf8)) else {
            Issue.record("valid UTF-8 refused"); return
        }
        // A byte order mark is not part of the text (the lexer would refuse it).
        guard case .success("print(1)") = UTF8Text.decode([0xEF, 0xBB, 0xBF] + Array("print(1)".utf8)) else {
            Issue.record("the byte order mark was kept"); return
        }
    }

    @Test func aDataFileThatIsNotUTF8SaysWhere() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.csv").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(Array("a,label\n1,".utf8) + [0xC3, 0x28] + Array("\n".utf8)))
        let e = try #require(runError("load(\"\(path)\")"))
        #expect(e.message == "load: file '\(path)' is not UTF-8 text: line 2, column 3: an invalid sequence starts with byte 0xC3")
        #expect(e.location.column == 6)
    }

    // MARK: Item 14: the caret line copies the tabs of the source line

    @Test func theCaretFollowsTabs() throws {
        let e = try #require(runError("if true {\n\t\tprint(1 +)\n}\n"))
        #expect(e.render().hasSuffix("\n\t\tprint(1 +)\n\t\t         ^"))
        // Columns past the end of the line (an error at the end of the input) are padded.
        #expect(SFNError.caretIndent("\tab", column: 6) == "\t    ")
    }
}
