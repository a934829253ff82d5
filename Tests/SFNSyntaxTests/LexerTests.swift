import Testing
@testable import SFNSyntax

/// The lexer: token kinds, values, exact locations and lexical errors (LANGUAGE.md §1).
@Suite struct LexerTests {
    func tokens(_ text: String) throws(SFNError) -> [Token] {
        try Lexer.tokenize(SourceText(name: "t.sfn", text: text))
    }

    func kinds(_ text: String) throws(SFNError) -> [TokenKind] { try tokens(text).map(\.kind) }

    func lexError(_ text: String) -> SFNError? {
        do { _ = try tokens(text); return nil } catch { return error }
    }

    @Test func numbers() throws {
        let values = try tokens("3 2.5 1e-4 .5 1. 2E+3 0.25e2").filter { $0.kind == .number }.map(\.numberValue)
        #expect(values == [3, 2.5, 1e-4, 0.5, 1, 2000, 25])
        #expect(try tokens("1e-4")[0].text == "1e-4")
        // `1.x` is a field access on 1, not `1.` then `x`.
        #expect(try kinds("1.x") == [.number, .dot, .name, .endOfInput])
    }

    @Test func malformedNumbers() {
        #expect(lexError("y = 2x")?.message == "malformed number '2x'")
        #expect(lexError("y = 2x")?.location.column == 5)
        #expect(lexError("3e")?.message == "malformed number '3e'")
    }

    @Test func strings() throws {
        let t = try tokens(#"s = "a\n\t\"q\"\\b""#)
        #expect(t[2].kind == .string)
        #expect(t[2].stringValue == "a\n\t\"q\"\\b")
        #expect(t[2].text == #""a\n\t\"q\"\\b""#)
        #expect(try tokens(#""""#)[0].stringValue == "")
        // A raw line end may sit inside a string; the next token's line counts it.
        let multi = try tokens("\"a\nb\" x")
        #expect(multi[0].stringValue == "a\nb")
        #expect(multi[1].location.line == 2 && multi[1].location.column == 4)
    }

    @Test func unknownEscapeIsLocatedAtTheBackslash() {
        let e = lexError(#"x = "ab\q""#)
        #expect(e?.message == #"unknown escape '\q' in a string (the escapes are \n \t \" \\)"#)
        #expect(e?.location.line == 1 && e?.location.column == 8)
        #expect(e?.isIncompleteInput == false)
        #expect(e?.sourceLine == #"x = "ab\q""#)
    }

    @Test func unterminatedStringIsIncomplete() {
        for text in ["\"abc", "print(\"abc", "x = \"abc\\", "\"abc\n"] {
            let e = lexError(text)
            #expect(e?.isIncompleteInput == true, "\(text)")
            #expect(e?.message == "unterminated string (missing closing '\"')")
        }
        #expect(lexError("print(\"abc")?.location.column == 7)
    }

    @Test func commentsAndShebang() throws {
        #expect(try kinds("#!/usr/bin/env sfn\nx # a comment\n\n\n# another\ny") ==
                [.name, .newline, .name, .endOfInput])
        #expect(try kinds("# only a comment") == [.endOfInput])
    }

    @Test func keywordsAndNames() throws {
        let t = try tokens("if then else for in and or not true false assert import end iff _x1 θ end2")
        #expect(t.map(\.kind) == [.ifKeyword, .thenKeyword, .elseKeyword, .forKeyword, .inKeyword,
                                  .andKeyword, .orKeyword, .notKeyword, .trueKeyword, .falseKeyword,
                                  .assertKeyword, .importKeyword, .endKeyword, .name, .name, .name,
                                  .name, .endOfInput])
        #expect(t[13].text == "iff" && t[15].text == "θ")
    }

    @Test func operators() throws {
        let text = "+ - * / ^ @ : < <= > >= == != = -> ' . , ; ( ) [ ] { }"
        let t = try tokens(text)
        let words: [String] = text.split(separator: " ").map { String($0) }
        #expect(t.dropLast().map(\.text) == words)
        #expect(t.dropLast().allSatisfy { $0.kind.rawValue == $0.text })
        // Longest match without spaces; `'` is the transpose mark.
        #expect(try kinds("a<=-b'") == [.name, .lessEqual, .minus, .name, .quote, .endOfInput])
        #expect(try kinds("x->x") == [.name, .arrow, .name, .endOfInput])
    }

    @Test func unexpectedCharacter() {
        let e = lexError("x = 1 $ 2")
        #expect(e?.message == "unexpected character '$'")
        #expect(e?.location.column == 7)
        #expect(lexError("!x")?.message == "unexpected character '!' (use 'not' for negation and '!=' for inequality)")
        #expect(lexError("a\u{7}")?.message == "unexpected character U+7")
    }

    @Test func locationsCountCharactersNotBytes() throws {
        let t = try tokens("s = \"é😀\" + x  # ünïcödé 🙂\n  y")
        let x = t.first { $0.text == "x" }
        #expect(x?.location.line == 1 && x?.location.column == 12)
        let y = t.first { $0.text == "y" }
        #expect(y?.location.line == 2 && y?.location.column == 3)
        #expect(lexError("\"ü\" $")?.location.column == 5)
    }

    @Test func lineEnds() throws {
        // Runs of line ends collapse; CRLF is one line end.
        #expect(try kinds("a\n\n\nb") == [.name, .newline, .name, .endOfInput])
        let t = try tokens("a\r\nb\r\n  c")
        #expect(t.map(\.kind) == [.name, .newline, .name, .newline, .name, .endOfInput])
        #expect(t[4].location.line == 3 && t[4].location.column == 3)
    }

    @Test func endOfInputSitsAfterTheLastToken() throws {
        let t = try tokens("f(1,   # comment\n\n")
        #expect(t.last?.kind == .endOfInput)
        #expect(t.last?.location.line == 1 && t.last?.location.column == 5)
        #expect(try tokens("")[0].location.column == 1)
    }
}
