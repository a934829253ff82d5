// Issue 17, item 1: size limits of every kind of value.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

/// Issue 17, item 1: every kind of value has a size limit, checked before it is allocated, and
/// refused with a located error (the doubling loops aborted the process at 5 GB).
@Suite struct ValueLimitTests {
    @Test func aStringPastTheLimitIsALocatedError() throws {
        let e = try #require(failure("x = \"a\"\nfor i in 1:40 { x = string(x, x) }"))
        #expect(e.message == "string: the result would have 134217728 bytes, more than the limit of 1e8 for a string")
        #expect(e.location.line == 2 && e.location.column == 27)  // the call's parenthesis, as for every call
    }

    @Test func aListPastTheLimitIsALocatedError() throws {
        let e = try #require(failure("L = [\"a\"]\nfor i in 1:40 { L = vcat(L, L) }"))
        #expect(e.message == "vcat: the list would have 16777216 items, more than the limit of 1e7 for a list")
        #expect(e.location.line == 2 && e.location.column == 25)
    }

    @Test func aListSelectionPastTheLimitIsAnError() throws {
        let e = try #require(failure("L = [\"a\", 1]\nL[ones(20000000)]"))
        #expect(e.message.hasPrefix("the selection would have 20000000 items"))
    }

    /// Values share their items, so nesting doubles what a value means at no cost in memory; its
    /// display must not double too (it would reach 2⁴⁰ items and abort).
    @Test func aDeeplySharedValueDisplaysInBoundedSpace() throws {
        let list = try sfn("L = [\"a\", 1]\nfor i in 1:40 { L = [L, L] }\nstring(L)").value
        guard case .string(let text) = list else { Issue.record("\(list)"); return }
        #expect(text == "[[[[(2-item list), (2-item list)], [(2-item list), (2-item list)]], "
                + "[[(2-item list), (2-item list)], [(2-item list), (2-item list)]]], "
                + "[[[(2-item list), (2-item list)], [(2-item list), (2-item list)]], "
                + "[[(2-item list), (2-item list)], [(2-item list), (2-item list)]]]]")
        let record = try sfn("r = record(a=1)\nfor i in 1:40 { r = record(a=r, b=r) }\nstring(r)").value
        guard case .string(let recordText) = record else { Issue.record("\(record)"); return }
        #expect(recordText.count < 2000 && recordText.contains("(record of 2 fields)"))
        // A long list shows its ends; inside another value, more than 10 items show as a count.
        #expect(try shown("L = [\"a\" for i in 1:2000]\nL") == "[\"a\", \"a\", \"a\", …, \"a\", \"a\", \"a\"]")
        #expect(try shown("[[\"a\" for i in 1:11], \"b\"]") == "[(11-item list), \"b\"]")
    }

    /// load and chars hold a file's text whole: a file past the string limit is refused from its
    /// size, before it is read (a sparse file: no disk is used).
    @Test func aFilePastTheStringLimitIsRefusedUnread() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-huge-\(getpid()).csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data("a,label\n".utf8)))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 200_000_000)
        try handle.close()
        for call in ["load", "chars"] {
            let e = try #require(failure("D = \(call)(\"\(url.path)\")"), "\(call) read it")
            #expect(e.message == "\(call): file '\(url.path)' has 200000000 bytes, more than the limit of 1e8 for a string (its text is read whole)",
                    "\(e.message)")
            #expect(e.location.column == call.count + 6)
        }
    }

    /// A Lanczos basis is held whole: k vectors of m numbers obey the tensor limit.
    @Test func aLanczosBasisPastTheLimitIsRefused() throws {
        let setup = "f(w) = sum(w^2)\nw = zeros(20000)\n"
        let e = try #require(failure(setup + "s = spectrum(f, w, method=\"lanczos\", k=10000)"))
        #expect(e.message == "spectrum: 10000 Lanczos vectors would have 200000000 elements (k = 10000, m = 20000), more than the limit of 1e8")
        #expect(e.location.line == 3 && e.location.column == 38)
        #expect(failure(setup + "s = spectrum(f, w, method=\"density\", k=6000)")?.message.hasPrefix("spectrum: 6000 Lanczos vectors") == true)
        #expect(failure(setup + "r = sfn(f, w, krylov=9000)")?.message.hasPrefix("sfn: 9000 Lanczos vectors") == true)
    }

    @Test func theLimitsAreOnePlace() {
        #expect(Builtins.maxElements == ValueLimits.tensorElements)
        #expect(Interpreter.maxGeneratorLength == ValueLimits.listItems)
        // A tensor past it: the same rule, the same words.
        #expect(failure("ones(20000, 20000)")?.message.contains("more than the limit of 1e8") == true)
    }
}
