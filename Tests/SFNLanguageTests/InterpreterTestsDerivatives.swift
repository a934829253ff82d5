import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

func close(_ a: [Double]?, _ b: [Double], tol: Double = 1e-10) -> Bool {
    guard let a, a.count == b.count else { return false }
    return zip(a, b).allSatisfy { abs($0 - $1) <= tol * max(1, abs($1)) }
}

@Suite struct InterpreterTestsDerivatives {
    static let saddle = "f(x, y) = x^2 - y^2 + y^4/4\n"

    @Test func gradHessianHvpClosedForms() throws {
        // ∇f = (2x, -2y + y³), H = diag(2, -2 + 3y²)
        #expect(close(try doubles(Self.saddle + "grad(f, [1.5, 2])"), [3, -4 + 8]))
        #expect(close(try doubles(Self.saddle + "hessian(f, [1.5, 2])"), [2, 0, 0, -2 + 12]))
        #expect(close(try doubles(Self.saddle + "hvp(f, [1.5, 2], [1, 1])"), [2, 10]))
    }

    @Test func scalarStart() throws {
        #expect(try number("g(t) = t^3\ngrad(g, 2)") == 12)
        #expect(try number("g(t) = t^3\nhessian(g, 2)") == 12)
    }

    @Test func vectorParameterWithGenerator() throws {
        let src = "n = 3\nf(x) = sum((x[i] - 1)^2 for i in 1:n)\ngrad(f, [0, 1, 3])"
        #expect(close(try doubles(src), [-2, 0, 4]))
    }

    @Test func capturedConstants() throws {
        let i = Interpreter()
        try sfn("A = [2, 1; 1, 3]\nb = [1, 1]\nq(x) = 0.5 * x @ (A @ x) - b @ x", i)
        #expect(close(try sfn("grad(q, [1, 1])", i).value.doubles, [2, 3]))
        #expect(i.compileCount == 1)
        // Rebinding a captured name recompiles.
        try sfn("b = [0, 0]", i)
        #expect(close(try sfn("grad(q, [1, 1])", i).value.doubles, [3, 4]))
        #expect(i.compileCount == 2)
    }

    @Test func conditionalSelects() throws {
        let src = "h(x) = sum(if x > 0 then x^2 else -x)\n"
        #expect(close(try doubles(src + "grad(h, [2, -3])"), [4, -1]))
        #expect(close(try doubles("a(x) = abs(x[1]) + relu(x[2]) + max(x[1], 0)\ngrad(a, [0, 0])"), [0, 0]))
    }

    @Test func compileCaching() throws {
        let i = Interpreter()
        try sfn(Self.saddle + "for k in 1:50 { g = grad(f, [k, 1]) }\nh = hessian(f, [1, 2])", i)
        #expect(i.compileCount == 1)
        try sfn("s(x) = sum(x^2)\ngrad(s, [1, 2])\ngrad(s, [3, 4])", i)
        #expect(i.compileCount == 2)
        try sfn("grad(s, [1, 2, 3])", i)   // another shape compiles again
        #expect(i.compileCount == 3)
    }

    @Test func shapesOption() throws {
        let src = "f(W, b) = sum((W @ [1, 1] + b)^2)\ngrad(f, [1, 0, 0, 1, 0, 0], shapes=[[2, 2], [2]])"
        // W@[1,1]+b = [1, 1]; ∂/∂W_ij = 2 r_i, ∂/∂b = 2 r
        #expect(close(try doubles(src), [2, 2, 2, 2, 2, 2]))
        #expect(failure("f(W, b) = 0\ngrad(f, [1, 2, 3], shapes=[[2, 2], [2]])")?.message
                == "starting point has 3 elements, f takes 6")
    }

    @Test func dataOption() throws {
        let src = """
            D = record(x=[1, 2; 3, 4], y=[1, 2], n=2)
            loss(w, batch) = mean((batch.x @ w - batch.y)^2)
            grad(loss, [0, 0], data=D)
            """
        // r = -y; ∇ = 2/n Xᵀ r = [-(1 + 6), -(2 + 8)]
        #expect(close(try doubles(src), [-7, -10]))
    }

    @Test func nonScalarObjective() {
        let e = failure("f(x) = x * 2\ngrad(f, [1, 2])")
        #expect(e?.message == "objective must return a scalar, got shape (2,)")
        #expect(e?.location.line == 2 && e?.location.column == 5)
    }

    @Test func wrongStartingPointLength() {
        #expect(failure("f(x, y) = x * y\ngrad(f, [1, 2, 3])")?.message == "starting point has 3 elements, f takes 2")
        #expect(failure("f(x) = sum(x)\nhvp(f, [1, 2], [1])")?.message == "direction has 1 elements, f takes 2")
    }

    @Test func tracedValuesNeedingConcreteValues() {
        #expect(failure("f(x) = { print(x); x^2 }\ngrad(f, 1)")?.message.hasPrefix("print: cannot print a value that depends") == true)
        #expect(failure("f(x) = sum(i for i in 1:x)\ngrad(f, 3)")?.message
                == "range bounds must be concrete numbers, but this one depends on the objective's parameters")
        #expect(failure("f(x) = { if x > 0 { y = 1 } else { y = 2 }; y }\ngrad(f, 3)")?.message.hasPrefix("the condition of if depends") == true)
    }
}

@Suite struct InterpreterTestsImports {
    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func modulesRunOnce() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "import \"b\"\nimport \"b\"\nfrom_a = from_b + 1\n".write(to: dir.appendingPathComponent("a.sfn"), atomically: true, encoding: .utf8)
        try "count = 0\ncount = count + 1\nfrom_b = 10\nprint(\"b ran\")\n".write(to: dir.appendingPathComponent("b.sfn"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("main.sfn")
        try "import \"a\"\nimport \"b.sfn\"\nfrom_a + count".write(to: main, atomically: true, encoding: .utf8)
        let i = Interpreter()
        let out = OutputLog()
        i.output = { out.text += $0 }
        #expect(try i.runFile(path: main.path).number == 12)
        #expect(out.text == "b ran\n12\n")
    }

    @Test func cycleReported() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "import \"y\"\n".write(to: dir.appendingPathComponent("x.sfn"), atomically: true, encoding: .utf8)
        try "import \"x\"\n".write(to: dir.appendingPathComponent("y.sfn"), atomically: true, encoding: .utf8)
        let main = dir.appendingPathComponent("m.sfn")
        try "import \"x\"\n".write(to: main, atomically: true, encoding: .utf8)
        do {
            try Interpreter().runFile(path: main.path)
            Issue.record("expected an import cycle error")
        } catch let e as SFNError {
            #expect(e.message == "import cycle: x.sfn -> y.sfn -> x.sfn")
            #expect(e.location.file.hasSuffix("y.sfn"))
            #expect(e.sourceLine == "import \"x\"")
        }
    }

    @Test func stdlibByName() throws {
        #expect(try number("import \"saddles\"\nsaddle(1, 2)") == -3)
        #expect(failure("import \"no_such_module\"")?.message.hasPrefix("cannot read file") == true)
    }
}

@Suite struct InterpreterTestsMore {
    @Test func cancellationStopsALoop() {
        let i = Interpreter()
        let stop = i.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { stop.cancel() }
        let e = failure("s = 0\nfor k in 1:100000000 { s = s + k }", i)
        #expect(e?.message == "interrupted")
    }

    @Test func iteratingTracedVectors() throws {
        #expect(close(try doubles("f(x) = sum(xi^2 for xi in x)\ngrad(f, [1, 2, 3])"), [2, 4, 6]))
        #expect(close(try doubles("f(x) = { s = 0; for xi in x { s = s + xi^3 }; s }\ngrad(f, [1, 2])"), [3, 12]))
        #expect(close(try doubles("f(x) = norm([x[1], 2 * x[2]])^2\ngrad(f, [1, 1])"), [2, 8]))
    }

    @Test func forOverMatrixRows() throws {
        #expect(try doubles("t = [0, 0]\nfor r in [1, 2; 3, 4] { t = t + r }\nt") == [4, 6])
    }

    @Test func swiftValues() throws {
        let v = try sfn("record(a=1, m=[1, 2; 3, 4], s=\"x\")").value
        let d = v.swiftValue as? [String: Any]
        #expect(d?["a"] as? Double == 1)
        #expect(d?["m"] as? [[Double]] == [[1, 2], [3, 4]])
        #expect(d?["s"] as? String == "x")
    }

    @Test func longRecordsDisplayOnLines() throws {
        let s = try shown("record(history=1:20, kind=\"saddle\", eigenvalues=[-1, 2], note=\"a fairly long piece of text to pass 100 columns\")")
        #expect(s == "(history = (20-element vector),\n kind = \"saddle\",\n eigenvalues = [-1, 2],\n note = \"a fairly long piece of text to pass 100 columns\")")
    }

    @Test func helpAndCompletion() {
        let i = Interpreter()
        #expect(i.builtins["grad"]?.helpText.hasPrefix("grad(f, x)\n    the gradient") == true)
        #expect(i.completionNames.contains("hessian"))
        #expect(i.completionNames.contains("pi"))
    }
}

@Suite struct InterpreterTestsClosuresInLoops {
    @Test func eachIterationCapturesItsOwnVariable() throws {
        #expect(try doubles("fs = [() -> i for i in 1:3]\n[g() for g in fs]") == [1, 2, 3])
        #expect(try doubles("fs = []\nfor i in 1:3 { h = () -> i * 10; fs = [fs, [h]] }\n[1]") == [1])
        #expect(try number("acc = 0\nkeep = 0\nfor i in 1:3 { k = () -> i; if i == 2 { keep = k } }\nkeep()") == 2)
    }
}
