import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot
@testable import SFNDigits

/// A tiny 2→2→1 tanh network with hand-picked parameters and its output computed by hand.
enum TinyNet {
    static let w: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, -0.5, 1, -1, 0.25]
    static let setup = "w = [0.1, 0.2, 0.3, 0.4, 0.5, -0.5, 1, -1, 0.25]\nX = [1, 2; -1, 0.5]\n"
    /// Row 1: x@W₁ + b₁ = [0.7, 1.0] + [0.5, −0.5]; row 2: [0.05, 0] + [0.5, −0.5]; then ·[1, −1] + 0.25.
    static let expected: [Double] = [tanh(1.2) - tanh(0.5) + 0.25, tanh(0.55) - tanh(-0.5) + 0.25]
}

@Suite struct NetworkTestsModel {
    @Test func mlpOutputMatchesAHandComputation() throws {
        let (v, _) = try sfn(TinyNet.setup + "net = mlp([2, 2, 1], act=tanh, out=linear)\nnet(w, X)")
        guard case .tensor(let t) = v else { Issue.record("not a tensor: \(v)"); return }
        #expect(t.shape == [2, 1])
        #expect(close(t.scalars, TinyNet.expected, tol: 1e-14))
    }

    @Test func chainOfDenseLayersIsTheSameNetwork() throws {
        let out = try doubles(TinyNet.setup + "net = chain(dense(2, 2, tanh), dense(2, 1))\nnet(w, X)")
        #expect(close(out, TinyNet.expected, tol: 1e-14))
        // One row as a vector.
        #expect(close(try doubles(TinyNet.setup + "mlp([2, 2, 1])(w, [1, 2])"), [TinyNet.expected[0]], tol: 1e-14))
        #expect(try shown("chain(dense(64, 32, tanh), dense(32, 10))") == "network 64→32→10 (tanh, linear), 2410 parameters")
    }

    /// The benchmark's mlp problem (bench/peers.py: θᵢ = 0.1·sin(i), 64→32→10 tanh, all digits,
    /// direction vᵢ = cos(i)) against JAX's checksums in bench/results/peers.jsonl.
    @Test func matchesJAXOnTheBenchmarkMLP() throws {
        let i = Interpreter()
        try sfn("""
            D = digits()
            net = mlp([64, 32, 10])
            theta = 0.1 * sin(1:net.size)
            loss(w, b) = crossentropy(net(w, b.x), b.y)
            """, i)
        let f = try #require(try sfn("loss(theta, D)", i).value.number)
        #expect(abs(f - 2.305853458898576) < 1e-12)
        let g = try #require(try sfn("sum(grad(loss, theta, data=D))", i).value.number)
        #expect(abs(g - 0.009984940570019814) < 1e-12)
        let hv = try #require(try sfn("sum(hvp(loss, theta, cos(1:net.size), data=D))", i).value.number)
        #expect(abs(hv - -0.07295083263899148) < 1e-12)
    }

    @Test func sizeAndFields() throws {
        #expect(try number("mlp([64, 32, 10]).size") == 2410)
        #expect(try number("chain(dense(3, 5, relu), dense(5, 2)).size") == 32)
        #expect(try doubles("mlp([4, 3, 2]).sizes") == [4, 3, 2])
        #expect(try shown("mlp([4, 3, 2], act=relu, out=softmax).activations") == "[\"relu\", \"softmax\"]")
        #expect(try shown("mlp([4, 3, 2], act=\"sigmoid\", out=\"identity\")") == "network 4→3→2 (sigmoid, linear), 23 parameters")
    }

    @Test func activations() throws {
        // A lambda, relu, and softmax by rows.
        let lambda = try doubles(TinyNet.setup + "mlp([2, 2, 1], act=x -> 2*x)(w, X)")
        let byHand = [2 * 1.2 - 2 * 0.5 + 0.25, 2 * 0.55 + 2 * 0.5 + 0.25]
        #expect(close(lambda, byHand, tol: 1e-14))
        let relu = try doubles(TinyNet.setup + "mlp([2, 2, 1], act=relu)(w, X)")
        #expect(close(relu, [1.2 - 0.5 + 0.25, 0.55 + 0.25], tol: 1e-14))
        let p = try doubles("net = mlp([2, 3], out=softmax)\nsum(net(init(net, seed=4) + 0.3, [1, 2; 3, 4; 5, 6]), 2)")
        #expect(close(p, [1, 1, 1], tol: 1e-14))
    }

    @Test func initIsDeterministicAndScaled() throws {
        let a = try doubles("init(mlp([3, 4, 2]), seed=7)"), b = try doubles("init(mlp([3, 4, 2]), seed=7)")
        #expect(a == b)
        #expect(a != (try doubles("init(mlp([3, 4, 2]), seed=8)")))
        #expect(a?.count == 26)
        // Biases are zero.
        let zeroed: [Double]? = a.map { (w: [Double]) -> [Double] in Array(w[12..<16]) + Array(w[24..<26]) }
        #expect(zeroed == [Double](repeating: 0, count: 6))
        #expect(try doubles("init(mlp([3, 4, 2]))") == (try doubles("init(mlp([3, 4, 2]), seed=0)")))
        // Weights N(0, 1/fan_in): sample standard deviations within a few percent.
        let w = try #require(try doubles("init(mlp([400, 100, 50]), seed=1)"))
        func std(_ xs: ArraySlice<Double>) -> Double {
            let m = xs.reduce(0, +) / Double(xs.count)
            return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot()
        }
        #expect(abs(std(w[0..<40_000]) / (1 / 20.0) - 1) < 0.03)
        #expect(abs(std(w[40_100..<45_100]) / (1 / 10.0) - 1) < 0.05)
    }

    @Test func errors() throws {
        #expect(failure("mlp([4])")?.message.contains("at least the inputs and the outputs") == true)
        #expect(failure("mlp([4, 0])")?.message.contains("whole numbers ≥ 1") == true)
        #expect(failure("mlp([4, 2], act=sum)")?.message.contains("elementwise") == true)
        #expect(failure("mlp([4, 2], act=\"tanhh\")")?.message.contains("tanh") == true)
        #expect(failure("chain(dense(4, 3), dense(2, 1))")?.message.contains("layer 2 takes 2 inputs, but the layers before it give 3") == true)
        #expect(failure("chain(dense(4, 3), 5)")?.message.contains("must be a network") == true)
        #expect(failure("net = mlp([2, 2])\nnet([1, 2], [1, 2])")?.message.contains("vector of length 6") == true)
        #expect(failure("net = mlp([2, 2])\nnet(zeros(6), [1, 2, 3])")?.message.contains("n×2 matrix") == true)
        #expect(failure("net = mlp([2, 2])\nnet(zeros(6))")?.message.contains("net(w, X)") == true)
        #expect(failure("init(5)")?.message.contains("must be a network") == true)
        #expect(failure("mlp([2, 2]).weights")?.message.contains("has no field 'weights'") == true)
    }
}

@Suite struct NetworkTestsLosses {
    @Test func mseByHand() throws {
        #expect(try number("mse([1, 2; 3, 4], [1, 0; 0, 4])") == 13.0 / 4)
        #expect(close(try doubles("mse([1, 2, 3], [1, 1, 1])"), [5.0 / 3], tol: 1e-15))
        // An n×1 prediction with a target vector.
        #expect(close(try doubles("mse(reshape([1, 2, 3], 3, 1), [1, 1, 1])"), [5.0 / 3], tol: 1e-15))
        #expect(failure("mse([1, 2; 3, 4], [1, 2])")?.message.contains("must have one shape") == true)
    }

    @Test func crossentropyByHand() throws {
        let lse = log(exp(1.0) + exp(2) + exp(3))
        let v = try number("crossentropy([1, 2, 3; 0, 0, 0], [0, 0, 1; 1, 0, 0])")
        #expect(abs(try #require(v) - ((lse - 3) + log(3)) / 2) < 1e-14)
        // Large logits do not overflow.
        let big = try number("crossentropy([1000, 0; 0, 1000], [1, 0; 0, 1])")
        #expect(abs(try #require(big) - log(1 + exp(-1000.0))) < 1e-14)
        let one = try number("crossentropy([1, 2, 3], [0, 0, 1])")
        #expect(abs(try #require(one) - (lse - 3)) < 1e-14)
        #expect(failure("crossentropy([1, 2; 3, 4], [1, 0])")?.message.contains("one-hot") == true)
    }

    @Test func lossesAreDifferentiable() throws {
        // grad of crossentropy in z: (softmax(z) − y) / n.
        let g = try doubles("y = [0, 1; 1, 0]\nl(z) = crossentropy(z, y)\ngrad(l, [1, 2; 3, 5])")
        let s1 = [exp(1.0), exp(2.0)].map { $0 / (exp(1.0) + exp(2.0)) }
        let s2 = [exp(3.0), exp(5.0)].map { $0 / (exp(3.0) + exp(5.0)) }
        #expect(close(g, [s1[0] / 2, (s1[1] - 1) / 2, (s2[0] - 1) / 2, s2[1] / 2], tol: 1e-14))
        #expect(close(try doubles("l(p) = mse(p, [1, 1])\ngrad(l, [2, 4])"), [1, 3]))
    }

    @Test func accuracy() throws {
        #expect(try number("accuracy([1, 2; 3, 0; 0, 1], [0, 1; 0, 1; 0, 1])") == 2.0 / 3)
        #expect(try number("accuracy([1, 2; 3, 0; 0, 1], [1, 0, 0])") == 2.0 / 3)
    }
}

@Suite struct NetworkTestsData {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func tempFile(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sfn-net-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static let csv = "a, b ,label\n1,2,0\n\n3,4.5,2\r\n-1,1e-3,1\n"

    @Test func loadWithAndWithoutOnehot() throws {
        let f = try Self.tempFile("t.csv", Self.csv).path
        let i = Interpreter()
        try sfn("D = load(\"\(f)\", target=\"label\", onehot=true)", i)
        #expect(try sfn("D.x", i).value.doubles == [1, 2, 3, 4.5, -1, 1e-3])
        #expect(try sfn("size(D.x)", i).value.doubles == [3, 2])
        #expect(try sfn("D.y", i).value.doubles == [1, 0, 0, 0, 0, 1, 0, 1, 0])
        #expect(try sfn("D.n", i).value.number == 3)
        #expect(try sfn("D", i).value.kindDescription == "a dataset")
        try sfn("E = load(\"\(f)\", target=\"b\")", i)
        #expect(try sfn("E.y", i).value.doubles == [2, 4.5, 1e-3])
        #expect(try sfn("E.x", i).value.doubles == [1, 0, 3, 2, -1, 1])
        // The default target is "label", without one-hot.
        #expect(try sfn("load(\"\(f)\").y", i).value.doubles == [0, 2, 1])
    }

    @Test func loadIsRelativeToTheScript() throws {
        let data = try Self.tempFile("d.csv", Self.csv)
        let script = data.deletingLastPathComponent().appendingPathComponent("s.sfn")
        try "D = load(\"d.csv\")\nD.n".write(to: script, atomically: true, encoding: .utf8)
        let i = Interpreter()
        i.output = { _ in }
        #expect(try i.runFile(path: script.path).number == 3)
    }

    @Test func loadErrors() throws {
        let missing = failure("x = 1\nD = load(\"/nonexistent/none.csv\")")
        #expect(missing?.message == "load: cannot read file '/nonexistent/none.csv': No such file or directory")
        #expect(missing?.location.line == 2 && missing?.location.column == 10)
        // (A label column may hold names since issue 19; the other columns must hold numbers.)
        let bad = try Self.tempFile("bad.csv", "a,label\n1,0\nx,1\n").path
        #expect(failure("load(\"\(bad)\")")?.message == "load: '\(bad)' line 3, column 'a': 'x' is not a number (only the target column, 'label', may hold names)")
        let short = try Self.tempFile("short.csv", "a,b,label\n1,2,0\n2,1\n").path
        #expect(failure("load(\"\(short)\")")?.message.contains("line 3: expected 3 values (as in the header), got 2") == true)
        let f = try Self.tempFile("t.csv", Self.csv).path
        let e = failure("load(\"\(f)\", target=\"lable\")")
        #expect(e?.message.contains("has no column 'lable'") == true)
        #expect(e?.message.contains("did you mean 'label'?") == true)
        #expect(e?.location.column == f.count + 10)
        #expect(failure("load(\"\(f)\", target=\"b\", onehot=true)")?.message.contains("line 4 has b = 4.5") == true)
        let empty = try Self.tempFile("e.csv", "a,label\n").path
        #expect(failure("load(\"\(empty)\")")?.message.contains("no rows") == true)
    }

    @Test func digitsShapeScalingAndLabels() throws {
        let i = Interpreter()
        try sfn("D = digits()", i)
        #expect(try sfn("[D.n, size(D.x, 1), size(D.x, 2), size(D.y, 1), size(D.y, 2)]", i).value.doubles == [1797, 1797, 64, 1797, 10])
        #expect(try sfn("[min(D.x), max(D.x)]", i).value.doubles == [0, 1])
        // Every row is one-hot; the class counts of the UCI test set.
        #expect(try sfn("sum(D.y, 2)", i).value.doubles == [Double](repeating: 1, count: 1797))
        #expect(try sfn("sum(D.y, 1)", i).value.doubles == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        // Pixels are multiples of 1/16.
        #expect(try sfn("D.x", i).value.doubles?.allSatisfy { ($0 * 16).rounded() == $0 * 16 } == true)
    }

    @Test func embeddedDigitsMatchTheCSV() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("data/digits.csv"), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).dropFirst()
        let raw = DigitsData.decoded()
        #expect(lines.count == DigitsData.rows)
        #expect(raw.pixels.count == 1797 * 64 && raw.labels.count == 1797)
        var mismatches = 0
        for (r, line) in lines.enumerated() {
            let values = line.split(separator: ",").map { UInt8($0.trimmingCharacters(in: .whitespaces)) }
            if values.count != 65 || Array(values[0..<64]) != raw.pixels[r * 64..<(r + 1) * 64].map(Optional.some)
                || values[64] != raw.labels[r] { mismatches += 1 }
        }
        #expect(mismatches == 0, "data/digits.csv differs from DigitsData.swift: run scripts/embed-digits.sh")
    }

    @Test func subsetRows() throws {
        let i = Interpreter()
        try sfn("D = digits()\nS = subset(D, [3, 1, 1797])", i)
        #expect(try sfn("S.n", i).value.number == 3)
        #expect(try sfn("S.x[1, :]", i).value.doubles == (try sfn("D.x[3, :]", i).value.doubles))
        #expect(try sfn("S.y", i).value.doubles == (try sfn("[D.y[3, :]; D.y[1, :]; D.y[1797, :]]", i).value.doubles))
        #expect(try sfn("subset(D, 1:100).n", i).value.number == 100)
        #expect(try sfn("size(subset(D, 5).x)", i).value.doubles == [1, 64])
        #expect(try sfn("subset(D, 1:10)", i).value.kindDescription == "a dataset")
        #expect(failure("subset(digits(), [0, 1])")?.message.contains("row 0 is out of range: the dataset has rows 1 … 1797") == true)
        #expect(failure("subset([1, 2], [1])")?.message.contains("must be a dataset") == true)
    }
}

@Suite struct NetworkTestsTraining {
    /// 64→4→10 on the first 60 digits.
    static let setup = """
        D = subset(digits(), 1:60)
        net = mlp([64, 4, 10])
        w0 = init(net, seed=2)
        loss(w, b) = crossentropy(net(w, b.x), b.y)

        """

    @Test func gradWithDataMatchesFiniteDifferences() throws {
        let i = Interpreter()
        let (c, _) = try sfn(Self.setup + "check(loss, w0, data=D)", i)
        guard case .record(let r) = c else { Issue.record("not a record"); return }
        #expect(r["ok"]?.swiftValue as? Bool == true)
        #expect((r["grad_err"]?.number ?? 1) < 1e-6)
        // The same gradient as the objective with the data captured as constants.
        let g1 = try sfn("grad(loss, w0, data=D)", i).value.doubles
        let g2 = try sfn("l2(w) = crossentropy(net(w, D.x), D.y)\ngrad(l2, w0)", i).value.doubles
        #expect(close(g1, try #require(g2), tol: 1e-12))
        // Eager and traced values agree.
        let f = try sfn("loss(w0, D)", i).value.number
        let r2 = try sfn("gd(loss, w0, data=D, steps=0, quiet=true).f", i).value.number
        #expect(abs(try #require(f) - (try #require(r2))) < 1e-13)
    }

    @Test func everyCommandAcceptsData() throws {
        let i = Interpreter()
        try sfn("""
            X = randn(8, 3, seed=1)
            Y = [1, 0; 0, 1; 1, 0; 0, 1; 1, 0; 0, 1; 1, 0; 0, 1]
            D = record(x=X, y=Y, n=8)
            net = mlp([3, 2, 2])
            w = init(net, seed=1)
            loss(w, b) = crossentropy(net(w, b.x), b.y) + 0.01 * sum(w^2)
            """, i)
        let m = 14
        #expect(try sfn("length(grad(loss, w, data=D))", i).value.number == Double(m))
        #expect(try sfn("size(hessian(loss, w, data=D))", i).value.doubles == [Double(m), Double(m)])
        #expect(try sfn("length(hvp(loss, w, ones(\(m)), data=D))", i).value.number == Double(m))
        #expect(try sfn("classify(loss, w, data=D, quiet=true).kind", i).value.swiftValue as? String == "not critical")
        #expect(try sfn("length(spectrum(loss, w, data=D, quiet=true).eigenvalues)", i).value.number == Double(m))
        #expect(try sfn("spectrum(loss, w, data=D, method=\"lanczos\", k=5, quiet=true).max > 0", i).value.swiftValue as? Bool == true)
        #expect(try sfn("check(loss, w, data=D, quiet=true).ok", i).value.swiftValue as? Bool == true)
        let f0 = try #require(try sfn("loss(w, D)", i).value.number)
        for cmd in ["gd(loss, w, data=D, lr=0.1, steps=20", "newton(loss, w, data=D, damping=\"auto\", steps=10",
                    "sfn(loss, w, data=D, steps=10", "lbfgs(loss, w, data=D, steps=20", "sgd(loss, w, data=D, lr=0.1, steps=20"] {
            let f = try sfn("\(cmd), quiet=true).f", i).value.number
            #expect(try #require(f) < f0, "\(cmd)")
        }
        // critical: Newton on the gradient; from a trained point it finds a critical point.
        let c = try sfn("s = sfn(loss, w, data=D, steps=30, quiet=true)\ncritical(loss, s.x, data=D, quiet=true)", i).value
        guard case .record(let r) = c else { Issue.record("not a record"); return }
        #expect(r["converged"]?.swiftValue as? Bool == true)
        #expect(r["kind"]?.swiftValue as? String == "minimum")
    }

    @Test func classifyAndSpectrumWithData() throws {
        let i = Interpreter()
        try sfn(Self.setup, i)
        let m = 310
        let c = try sfn("c = classify(loss, w0, data=D, quiet=true)\nc", i).value
        guard case .record(let r) = c else { Issue.record("not a record"); return }
        #expect(r["kind"]?.swiftValue as? String == "not critical")
        #expect((r["eigenvalues"]?.doubles?.count ?? 0) == m)
        #expect(try sfn("abs(c.f - loss(w0, D)) < 1e-12", i).value.swiftValue as? Bool == true)
        let s = try sfn("spectrum(loss, w0, data=D, quiet=true)", i).value
        guard case .record(let sr) = s else { Issue.record("not a record"); return }
        #expect(sr["eigenvalues"]?.doubles == r["eigenvalues"]?.doubles)
    }

    @Test func sgdMinibatchesDecreaseTheLossAndAreReproducible() throws {
        let i = Interpreter()
        try sfn(Self.setup + "r = sgd(loss, w0, data=D, batch=16, epochs=5, lr=0.5, momentum=0.5, seed=3, quiet=true)", i)
        // 60 rows in batches of 16: 4 per epoch, the last of 12 rows.
        #expect(try sfn("r.steps", i).value.number == 20)
        #expect(try sfn("length(r.history)", i).value.number == 21)
        #expect(try sfn("[r.batch, r.epochs]", i).value.doubles == [16, 5])
        #expect(try sfn("r.f < loss(w0, D) - 0.3", i).value.swiftValue as? Bool == true)
        // f is the loss on all of D at r.x.
        #expect(try sfn("abs(r.f - loss(r.x, D)) < 1e-12", i).value.swiftValue as? Bool == true)
        let x1 = try sfn("r.x", i).value.doubles
        try sfn("r2 = sgd(loss, w0, data=D, batch=16, epochs=5, lr=0.5, momentum=0.5, seed=3, quiet=true)", i)
        #expect(try sfn("r2.x", i).value.doubles == x1)
        #expect(try sfn("r2.history", i).value.doubles == (try sfn("r.history", i).value.doubles))
        try sfn("r3 = sgd(loss, w0, data=D, batch=16, epochs=5, lr=0.5, momentum=0.5, seed=4, quiet=true)", i)
        #expect(try sfn("r3.x", i).value.doubles != x1)
        // The full batch (the default) is plain descent with momentum: gd's steps when momentum=0.
        let full = try sfn("sgd(loss, w0, data=D, lr=0.5, steps=5, quiet=true).x", i).value.doubles
        let gd = try sfn("gd(loss, w0, data=D, lr=0.5, steps=5, quiet=true).x", i).value.doubles
        #expect(close(full, try #require(gd), tol: 1e-14))
        #expect(try sfn("sgd(loss, w0, data=D, epochs=3, quiet=true).steps", i).value.number == 3)
    }

    @Test func sgdOptionErrors() throws {
        #expect(failure("f(x) = x^2\nsgd(f, 1, batch=2)")?.message.contains("need data=") == true)
        #expect(failure(Self.setup + "sgd(loss, w0, data=D, epochs=2, steps=3)")?.message.contains("not both") == true)
        #expect(failure(Self.setup + "sgd(loss, w0, data=D, batch=0)")?.message.contains("'batch' must be a whole number ≥ 1") == true)
    }

    /// Minibatch runs count epochs (issue 18 item 9): a line at the start and at the end of
    /// every tenth of the epochs, here each of the 10 epochs of 2 batches.
    @Test func sgdProgressPrintsEveryTenthEpoch() throws {
        let (_, out) = try sfn(Self.setup + "r = sgd(loss, w0, data=D, batch=30, epochs=10, lr=0.5)")
        let lines = out.split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("sgd epoch ") }.count == 11)
        #expect(lines.contains { $0.hasPrefix("sgd epoch    10  f = ") })
        #expect(!lines.contains { $0.hasPrefix("sgd step") })
        #expect(out.contains("sgd: max steps after 20 steps"))
    }
}
