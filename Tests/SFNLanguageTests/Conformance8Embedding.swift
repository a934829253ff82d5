// LANGUAGE.md §8: embedding in Swift — through the public API of the SFNKit module only (no
// @testable access; see examples/embed for the same calls from another package).
import Foundation
import SFNKit
import Testing

@Suite struct Conformance8Embedding {
    /// A fresh interpreter whose output is collected.
    private func make() -> (Interpreter, Conf.Log) {
        let interp = Interpreter()
        let log = Conf.Log()
        interp.output = { log.text += $0 }
        return (interp, log)
    }

    @Test func runSourceAndReadSwiftValues() throws {
        let (sfn, _) = make()
        #expect(try sfn.run("1 + 2").swiftValue as? Double == 3)
        #expect(try sfn.run("1 < 2").swiftValue as? Bool == true)
        #expect(try sfn.run("\"θ\" ").swiftValue as? String == "θ")
        #expect(try sfn.run("[1, 2, 3] * 2").swiftValue as? [Double] == [2, 4, 6])
        #expect(try sfn.run("[1, 2; 3, 4]'").swiftValue as? [[Double]] == [[1, 3], [2, 4]])
        #expect(try sfn.run("[1, 2; 3, 4]").matrixRows == [[1, 2], [3, 4]])
        #expect(try sfn.run("[\"gd\", \"sfn\"]").swiftValue as? [Any] != nil)
        #expect(try sfn.run("x = 1").swiftValue == nil)  // the value of a statement is nothing
        #expect(try sfn.run("2 + 2").number == 4)
        #expect(try sfn.run("[1, 2]").doubles == [1, 2])
        let rec = try #require(try sfn.run("f(x, y) = x^2 - y^2\nclassify(f, [0, 0], quiet=true)").swiftValue as? [String: Any])
        #expect(rec["kind"] as? String == "saddle")
        #expect(rec["index"] as? Double == 1)
        #expect(rec["eigenvalues"] as? [Double] == [-2, 2])
        #expect(rec["x"] as? [Double] == [0, 0])
        #expect("\(rec["kind"]!)" == "saddle")  // fields are plain values, not boxed Optionals
        #expect("\(rec["index"]!)" == "1.0")
        let items = try #require(try sfn.run("[\"gd\", 2]").swiftValue as? [Any])
        #expect(items.map { "\($0)" } == ["gd", "2.0"])
        // state persists between runs; globals can be read back
        try sfn.run("g = 9.5")
        #expect(sfn.global("g")?.number == 9.5)
        #expect(try sfn.run("g * 2").number == 19)
    }

    @Test func runAFile() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write("f(x) = (x - 3)^2\nr = newton(f, [0], quiet=true)\nr.x\n", to: "embed.sfn", in: dir)
        let (sfn, log) = make()
        #expect(try sfn.runFile(path: path).swiftValue as? [Double] == [3])
        #expect(log.text == "[3]\n")
    }

    @Test func bindSwiftValues() throws {
        let (sfn, _) = make()
        sfn.bind("n", .number(3))
        sfn.bind("w", .vector([1, 2, 3]))
        sfn.bind("A", .matrix([[2, 0], [0, 4]]))
        sfn.bind("label", .string("run"))
        sfn.bind("flag", .bool(true))
        #expect(try sfn.run("n * sum(w)").number == 18)
        #expect(try sfn.run("A @ [1, 1]").doubles == [2, 4])
        #expect(try sfn.run("label").swiftValue as? String == "run")
        #expect(try sfn.run("if flag then 1 else 2").number == 1)
        // from plain Swift values
        sfn.bind("B", try #require(Value(swift: [[1.0, 2.0], [3.0, 4.0]])))
        sfn.bind("v", try #require(Value(swift: [5.0, 6.0])))
        sfn.bind("k", try #require(Value(swift: 7)))
        sfn.bind("cfg", try #require(Value(swift: ["lr": 0.5, "name": "demo"] as [String: Any])))
        #expect(try sfn.run("B[2, 1] + v[2] + k").number == 16)
        #expect(try sfn.run("cfg.lr").number == 0.5)
        #expect(try sfn.run("cfg.name").swiftValue as? String == "demo")
        // a bound start point feeds a command; rebinding replaces
        sfn.bind("x0", .vector([1, 0.001]))
        #expect(try sfn.run("f(x, y) = x^2 - y^2 + y^4/4; sfn(f, x0, quiet=true).converged").swiftValue as? Bool == true)
        sfn.bind("n", .number(10))
        #expect(try sfn.run("n").number == 10)
    }

    @Test func registerASwiftBuiltinWithHelp() throws {
        let (sfn, log) = make()
        let scale = Builtin("scale", signature: "scale(x, by=2)", summary: "multiplies x by a factor",
                            help: "A built-in written in Swift: x * by, elementwise.",
                            parameters: [.required("x"), .named("by", .number(2))]) { args in
            let x = try args.tensor("x"), by = try args.number("by")
            guard by != 0 else { throw args.error("'by' must not be 0", at: "by") }
            return .vector(x.scalars.map { $0 * by })
        }
        sfn.register(scale)
        #expect(try sfn.run("scale([1, 2])").doubles == [2, 4])
        #expect(try sfn.run("scale([1, 2], by=10)").doubles == [10, 20])
        #expect(try sfn.run("s = scale; s(3)").doubles == [6])  // a first-class function like any built-in
        let help = try #require(sfn.builtins["scale"]?.helpText)
        #expect(help.contains("scale(x, by=2)"))
        #expect(help.contains("multiplies x by a factor"))
        #expect(help.contains("A built-in written in Swift"))
        #expect(sfn.completionNames.contains("scale"))
        // its errors are located like any other
        do {
            try sfn.run("y = 1\nscale([1], by=0)", name: "reg.sfn")
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.location == SourceLocation(file: "reg.sfn", line: 2, column: 12))  // at `by=0`
            #expect(e.message.contains("'by' must not be 0"))
        }
        // a built-in can print through the interpreter's handler and call back into sfn values
        sfn.register(Builtin("twice", signature: "twice(g, x)", summary: "g(g(x))",
                             parameters: [.required("g"), .required("x")]) { args in
            args.context.write("twice called\n")
            let g = try args.required("g")
            return try args.context.call(g, [try args.context.call(g, [try args.required("x")], at: args.location)], at: args.location)
        })
        #expect(try sfn.run("twice(x -> x + 1, 5)").number == 7)
        #expect(log.text.contains("twice called\n"))
    }

    @Test func outputGoesToTheHandler() throws {
        let (sfn, log) = make()
        try sfn.run("print(\"hello\", 1)\n[1, 2]\nf(x) = x^2\ngd(f, [1], steps=2)\nx = 5;")
        #expect(log.text.hasPrefix("hello 1\n[1, 2]\n"))
        #expect(log.text.contains("gd"))  // the command's report
        // replacing the handler redirects from then on
        let second = Conf.Log()
        sfn.output = { second.text += $0 }
        try sfn.run("print(\"elsewhere\")")
        #expect(second.text == "elsewhere\n")
        #expect(!log.text.contains("elsewhere"))
    }

    @Test func cancelARunningCommandFromAnotherThread() throws {
        let (sfn, _) = make()
        let stop = sfn.cancellation
        let finished = Cancellation()  // used as a flag: set when the run has returned
        let canceller = Thread {
            usleep(150_000)
            while !finished.isCancelled {
                stop.cancel()
                usleep(10_000)
            }
        }
        canceller.start()
        let started = Date()
        let v = try sfn.run("f(x, y) = x^2 - y^2 + y^4/4\ngd(f, [1, 0.1], lr=1e-9, steps=1000000000, quiet=true)")
        finished.cancel()
        let r = try #require(v.swiftValue as? [String: Any])
        #expect(r["reason"] as? String == "interrupted")
        #expect(r["converged"] as? Bool == false)
        let steps = try #require(r["steps"] as? Double)
        #expect(steps > 0 && steps < 1e9)  // the record of what was done
        // The record ends at the last step done (a long run's history is thinned: history_steps
        // says which steps its entries are).
        #expect((r["history_steps"] as? [Double])?.last == steps)
        #expect((r["history"] as? [Double])?.count == (r["history_steps"] as? [Double])?.count)
        #expect(Date().timeIntervalSince(started) < 10)
        // the next run starts with the flag cleared
        #expect(try sfn.run("f(x) = x^2; gd(f, [1], steps=3, quiet=true).reason").swiftValue as? String == "max steps")
    }

    @Test func cancelFromAnotherTask() async throws {
        let (sfn, _) = make()
        let stop = sfn.cancellation
        let canceller = Task.detached {
            try? await Task.sleep(for: .milliseconds(150))
            while !Task.isCancelled {
                stop.cancel()
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        let v = try sfn.run("f(x) = x^4\nsfn(f, [1], damping=1e9, steps=1000000000, tol=0, quiet=true)")
        canceller.cancel()
        #expect(v.swiftValue.flatMap { ($0 as? [String: Any])?["reason"] as? String } == "interrupted")
    }

    @Test func typedErrorsCarryLocationAndMessage() throws {
        let (sfn, _) = make()
        try sfn.run("x = 2")
        do {
            try sfn.run("y = x + 1\nz = y * fo(3)", name: "typed.sfn")
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.location == SourceLocation(file: "typed.sfn", line: 2, column: 9))
            #expect(e.location.description == "typed.sfn:2:9")
            #expect(e.message.hasPrefix("unknown name 'fo'"))
            #expect(e.render() == "typed.sfn:2:9: error: \(e.message)\nz = y * fo(3)\n        ^")
            #expect("\(e)" == e.render())
        }
        // earlier bindings survive an error (the REPL relies on it)
        #expect(sfn.global("x")?.number == 2)
        #expect(sfn.global("y")?.number == 3)
        // syntax errors are the same type
        do {
            try sfn.run("v = [1, 2", name: "syntax.sfn")
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.location.file == "syntax.sfn")
            #expect(e.render().hasPrefix("syntax.sfn:1:"))
            #expect(e.render().hasSuffix("^"))
        }
        // a failed assert too, with its own message
        do {
            try sfn.run("assert x == 3, \"x must be 3\"", name: "assert.sfn")
            Issue.record("expected an error")
        } catch let e as SFNError {
            #expect(e.message == "assertion failed: x must be 3")
            #expect(e.render() == "assert.sfn:1:1: error: assertion failed: x must be 3\nassert x == 3, \"x must be 3\"\n^")
        }
        // a missing file
        #expect(throws: SFNError.self) { try sfn.runFile(path: "/nonexistent/none.sfn") }
    }
}
