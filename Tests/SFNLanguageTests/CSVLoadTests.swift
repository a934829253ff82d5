// Issue 19 item 3: load reads the CSV files real data comes in: quoted fields, a UTF-8 BOM, CRLF
// line ends, and a label column of names (mapped to class indices, the names kept in classes).
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNNumerics
@testable import SFNSyntax

@Suite struct CSVLoadTests {
    /// Loads `text` written to a file; the dataset record, or the error.
    static func load(_ text: String, _ options: String = "") throws -> Record {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write(text, to: "t.csv", in: dir)
        return try #require(try Conf.record("load(\"\(path)\"\(options))"))
    }

    static func error(_ text: String, _ options: String = "") throws -> SFNError {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write(text, to: "t.csv", in: dir)
        return try #require(Conf.error("load(\"\(path)\"\(options))"))
    }

    @Test func quotedFieldsBOMAndCRLF() throws {
        // Quoted header names with a comma, a doubled quote and a line break; quoted numbers;
        // CRLF line ends; a BOM before the header; blank lines skipped.
        let text = "\u{FEFF}\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\",label\r\n1,\" 2\",3,0\r\n\r\n\"4\",5,6,1\r\n"
        let d = try Self.load(text)
        guard case .tensor(let x)? = d["x"], case .tensor(let y)? = d["y"] else { Issue.record("\(d)"); return }
        #expect(x.shape == [2, 3] && x.scalars == [1, 2, 3, 4, 5, 6])
        #expect(y.scalars == [0, 1])
        // The header names survive the quoting: a wrong target lists them.
        let e = try Self.error(text, ", target=\"nope\"")
        #expect(e.message.contains("columns: a, b, say \"hi\", two") && e.message.hasSuffix("lines, label"))
    }

    @Test func aLabelColumnOfNamesBecomesClasses() throws {
        let text = "x1,x2,species\n1,2,virginica\n3,4,setosa\n5,6,\"versicolor\"\n7,8,setosa\n"
        let d = try Self.load(text, ", target=\"species\"")
        guard case .tensor(let y)? = d["y"], case .list(let classes)? = d["classes"] else { Issue.record("\(d)"); return }
        // Sorted names, so the indices do not depend on the order of the rows.
        #expect(classes.map { if case .string(let s) = $0 { s } else { "?" } } == ["setosa", "versicolor", "virginica"])
        #expect(y.scalars == [2, 0, 1, 0])
        #expect(d.names == ["x", "y", "n", "classes"])
        let h = try Self.load(text, ", target=\"species\", onehot=true")
        guard case .tensor(let onehot)? = h["y"] else { Issue.record("\(h)"); return }
        #expect(onehot.shape == [4, 3] && onehot.scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0])
        // A numeric label column gets no classes field (the dataset is as before).
        #expect(try Self.load("a,label\n1,0\n2,1\n").names == ["x", "y", "n"])
        // subset keeps the names.
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write(text, to: "t.csv", in: dir)
        let s = try #require(try Conf.record("subset(load(\"\(path)\", target=\"species\"), [2])"))
        if case .list(let c)? = s["classes"] { #expect(c.count == 3) } else { Issue.record("\(s)") }
    }

    /// Errors name the file, the line the row starts on (counting line breaks inside quoted fields)
    /// and the column.
    @Test(arguments: [
        ("a,label\n1,\"two\nlines\"\nx,1\n", "line 4, column 'a': 'x' is not a number (only the target column, 'label', may hold names)"),
        ("a,label\r\n1,0\r\n2\r\n", "line 3: expected 2 values (as in the header), got 1"),
        ("a,label\n1,0\n\"2,1\n3,0\n", "line 3: expected 2 values (as in the header), got 1; a quoted field runs on from line 3 (is a closing quote missing?)"),
        ("a,label\n1,\"\"\n", "line 2, column 'label': the label is empty"),
        ("a,,label\n1,2,0\n", "line 1: the header's column 2 has no name"),
    ])
    func badRowsAreLocated(_ text: String, _ message: String) throws {
        let e = try Self.error(text)
        #expect(e.message.hasSuffix(message), "\(e.message)")
        #expect(e.location.column == 6)
    }
}
