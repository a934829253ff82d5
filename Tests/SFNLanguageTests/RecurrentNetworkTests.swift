import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// A small RNN, its data, and the same network unrolled by hand in the language from the documented
/// parameter layout (W, U, b, V, c), with the loss written through `crossentropy` on one-hot rows.
enum SmallRNN {
    static let setup = """
        d = 3; h = 4; o = 3; T = 5; n = 6
        net = rnn([d, h, o])
        w0 = init(net, seed=3) + 0.1 * randn(net.size, seed=4)
        X = randn(n, T * d, seed=5)
        Y = reshape([mod(i * i + 2 * i, o) for i in 1:(n * T)], n, T)
        OH = reshape(Y, n * T, 1) == reshape(0:(o - 1), 1, o)
        D = record(x=X, y=Y, n=n)
        byhand(w, X) = {
            W = reshape(w[1:d*h], d, h)
            U = reshape(w[d*h+1:d*h+h*h], h, h)
            b = w[d*h+h*h+1:d*h+h*h+h]
            V = reshape(w[d*h+h*h+h+1:d*h+h*h+h+h*o], h, o)
            c = w[d*h+h*h+h+h*o+1:end]
            H = tanh(X[:, 1:d] @ W + b)
            out = H @ V + c
            for t in 2:T {
                H = tanh(X[:, (t-1)*d+1:t*d] @ W + H @ U + b)
                out = hcat(out, H @ V + c)
            }
            out
        }
        loss(w, b) = seqcrossentropy(net(w, b.x), b.y)
        unrolled(w) = crossentropy(reshape(byhand(w, X), n * T, o), OH)
        v = randn(net.size, seed=9)

        """
}

@Suite struct RecurrentTestsModel {
    /// d = h = o = 1, T = 2, w = (W, U, b, V, c): h₁ = tanh(W x₁ + b), h₂ = tanh(W x₂ + U h₁ + b).
    @Test func outputMatchesAHandComputation() throws {
        let out = try doubles("rnn([1, 1, 1])([0.5, -0.8, 0.1, 2, 0.3], [1, -2; 0, 3])")
        let h1 = [tanh(0.6), tanh(0.1)]
        let h2 = [tanh(-1 - 0.8 * h1[0] + 0.1), tanh(1.5 - 0.8 * h1[1] + 0.1)]
        #expect(close(out, [2 * h1[0] + 0.3, 2 * h2[0] + 0.3, 2 * h1[1] + 0.3, 2 * h2[1] + 0.3], tol: 1e-15))
        // One sequence as a vector gives a vector.
        #expect(close(try doubles("rnn([1, 1, 1])([0.5, -0.8, 0.1, 2, 0.3], [1, -2])"), [2 * h1[0] + 0.3, 2 * h2[0] + 0.3], tol: 1e-15))
        #expect(try shown("size(rnn([1, 1, 1])([0.5, -0.8, 0.1, 2, 0.3], [1, -2]))") == "[2]")
    }

    @Test func equalsTheNetworkUnrolledByHand() throws {
        let i = Interpreter()
        try sfn(SmallRNN.setup, i)
        #expect(try sfn("size(net(w0, X))", i).value.doubles == [6, 15])
        #expect(try #require(try sfn("max(abs(net(w0, X) - byhand(w0, X)))", i).value.number) < 1e-14)
        // Row i of the batch is sequence i run alone.
        #expect(try #require(try sfn("max(abs(net(w0, X[4, :]) - net(w0, X)[4, :]))", i).value.number) == 0)
        // seqcrossentropy is crossentropy over the (sequence, step) rows.
        #expect(try #require(try sfn("abs(loss(w0, D) - unrolled(w0))", i).value.number) < 1e-14)
    }

    @Test func stackedLayersFeedTheHiddenStatesOn() throws {
        let i = Interpreter()
        try sfn("""
            net = rnn([2, 3, 2, 2], act=relu)
            w = randn(net.size, seed=1)
            X = randn(4, 6, seed=2)
            b = rnn([3, 2, 2], act=relu)
            """, i)
        // Layer 1 (W₁ U₁ b₁: 6 + 9 + 3) then layer 2 (W₂ U₂ b₂: 6 + 4 + 2) then V, c (4 + 2).
        #expect(try sfn("net.size", i).value.number == 36)
        // Layer 1 alone is rnn([2, 3, ·]) with V = I, c = 0 and a linear output; feed its states to layer 2.
        let out = try sfn("""
            l1 = rnn([2, 3, 3], act=relu)
            w1 = vcat(w[1:18], reshape(eye(3), 9), zeros(3))
            H1 = l1(w1, X)
            max(abs(net(w, X) - b(w[19:end], H1)))
            """, i).value.number
        #expect(try #require(out) < 1e-14)
        #expect(try shown("rnn([2, 3, 2, 2], act=relu)") == "rnn 2→3→2→2 (relu, linear), 36 parameters")
    }

    @Test func sizeFieldsAndDisplay() throws {
        // dh + h² + h + ho + o
        #expect(try number("rnn([28, 32, 28]).size") == Double(28 * 32 + 32 * 32 + 32 + 32 * 28 + 28))
        #expect(try doubles("rnn([5, 4, 3]).sizes") == [5, 4, 3])
        #expect(try number("rnn([5, 4, 3]).inputs") == 5)
        #expect(try number("rnn([5, 4, 3]).outputs") == 3)
        #expect(try shown("rnn([5, 4, 3], out=softmax).activations") == "[\"tanh\", \"softmax\"]")
        #expect(try shown("rnn([28, 32, 28])") == "rnn 28→32→28 (tanh, linear), 2876 parameters")
        #expect(try sfn("rnn([2, 2, 2])").value.kindDescription == "a network")
    }

    @Test func softmaxOutputIsPerStep() throws {
        let p = try doubles("net = rnn([2, 3, 4], out=softmax)\nY = net(init(net, seed=1) + 0.2, randn(2, 6, seed=3))\nsum(reshape(Y, 6, 4), 2)")
        #expect(close(p, [1, 1, 1, 1, 1, 1], tol: 1e-14))
    }

    @Test func errorsAreLocated() throws {
        var e = failure("x = 1\nnet = rnn([3, 2])")
        #expect(e?.message == "rnn: sizes must list the inputs, at least one hidden width and the outputs, as in [28, 32, 28]")
        #expect(e?.location.line == 2 && e?.location.column == 11)
        e = failure("rnn([3, 0, 2])")
        #expect(e?.message.contains("whole numbers ≥ 1, got 0") == true)
        #expect(e?.location.column == 5)
        #expect(failure("rnn([3, 2.5, 2])")?.message.contains("whole numbers ≥ 1, got 2.5") == true)
        #expect(failure("rnn([3, 4, 2], act=sum)")?.message.contains("elementwise") == true)
        #expect(failure("rnn([1e6, 1e4, 2])")?.message.contains("more than the limit of 1e8") == true)
        e = failure("net = rnn([2, 3, 2])\nnet(zeros(5), zeros(4, 6))")
        #expect(e?.message == "the network's parameters must be a vector of length 26 (net.size), got a vector of length 5")
        #expect(e?.location.line == 2 && e?.location.column == 4)
        e = failure("net = rnn([2, 3, 2])\nY = net(zeros(26), zeros(4, 5))")
        #expect(e?.message == "the recurrent network's inputs must be an n×(T·2) matrix (one sequence of T steps of 2 per row) or a vector of length T·2, got a 4×5 matrix")
        #expect(e?.location.line == 2 && e?.location.column == 8)
        #expect(failure("net = rnn([2, 3, 2])\nnet(zeros(26), zeros(0, 4))")?.message.contains("n×(T·2) matrix") == true)
        #expect(failure("net = rnn([2, 3, 2])\nnet(zeros(26))")?.message.contains("net(w, X)") == true)
        #expect(failure("init(rnn)")?.message.contains("must be a network (mlp(...), chain(...) or rnn(...))") == true)
    }
}

@Suite struct RecurrentTestsDerivatives {
    @Test func gradientsAndHVPsMatchFiniteDifferences() throws {
        let i = Interpreter()
        try sfn(SmallRNN.setup, i)
        let c = try sfn("check(loss, w0, data=D, quiet=true)", i).value
        guard case .record(let r) = c else { Issue.record("not a record"); return }
        #expect(r["ok"]?.swiftValue as? Bool == true)
        #expect((r["grad_err"]?.number ?? 1) < 1e-7)
        #expect((r["hvp_err"]?.number ?? 1) < 1e-6)
        #expect((r["hessian_err"]?.number ?? 1) < 1e-6)
        // A stacked relu network with a softmax output and an mse loss too.
        let c2 = try sfn("""
            s = rnn([3, 3, 2, 2], act=sigmoid, out=softmax)
            l2(w, b) = mean((s(w, b.x) - 0.5)^2)
            check(l2, init(s, seed=1) + 0.3 * randn(s.size, seed=2), data=D, quiet=true).ok
            """, i).value
        #expect(c2.swiftValue as? Bool == true)
    }

    @Test func derivativesEqualTheUnrolledNetworks() throws {
        let i = Interpreter()
        try sfn(SmallRNN.setup, i)
        let scale = try #require(try sfn("norm(grad(unrolled, w0))", i).value.number)
        #expect(try #require(try sfn("norm(grad(loss, w0, data=D) - grad(unrolled, w0))", i).value.number) < 1e-14 * max(1, scale))
        let hv = try #require(try sfn("norm(hvp(unrolled, w0, v))", i).value.number)
        #expect(hv > 0.1)
        #expect(try #require(try sfn("norm(hvp(loss, w0, v, data=D) - hvp(unrolled, w0, v))", i).value.number) < 1e-13 * hv)
        #expect(try #require(try sfn("max(abs(hessian(loss, w0, data=D) - hessian(unrolled, w0)))", i).value.number) < 1e-13)
        // Eager and compiled values agree.
        #expect(try #require(try sfn("abs(loss(w0, D) - gd(loss, w0, data=D, steps=0, quiet=true).f)", i).value.number) < 1e-14)
    }
}

@Suite struct RecurrentTestsInit {
    @Test func recurrentMatricesAreOrthogonal() throws {
        let i = Interpreter()
        try sfn("net = rnn([5, 16, 3, 4])\nw = init(net, seed=7)", i)
        // Layer 1: W 5×16 at 1:80, U 16×16 at 81:336, b at 337:352; layer 2: W 16×3, U 3×3, b; V, c.
        let u1 = try #require(try sfn("U = reshape(w[81:336], 16, 16)\nmax(abs(U' @ U - eye(16)))", i).value.number)
        #expect(u1 < 1e-13)
        #expect(try #require(try sfn("max(abs(U @ U' - eye(16)))", i).value.number) < 1e-13)
        let u2 = try #require(try sfn("U2 = reshape(w[353 + 48:353 + 48 + 8], 3, 3)\nmax(abs(U2' @ U2 - eye(3)))", i).value.number)
        #expect(u2 < 1e-13)
        // Biases are zero: b₁, b₂ and c.
        #expect(try sfn("[sum(abs(w[337:352])), sum(abs(w[410:412])), sum(abs(w[end-3:end]))]", i).value.doubles == [0, 0, 0])
        // Not the identity, and a different seed gives another U.
        #expect(try #require(try sfn("max(abs(U - eye(16)))", i).value.number) > 0.1)
        #expect(try #require(try sfn("max(abs(reshape(init(net, seed=8)[81:336], 16, 16) - U))", i).value.number) > 0.1)
        #expect(try sfn("init(net, seed=7) == w", i).value.doubles?.allSatisfy { $0 == 1 } == true)
    }

    @Test func inputAndOutputWeightsAreScaledNormal() throws {
        let w = try #require(try doubles("init(rnn([400, 100, 50]), seed=1)"))
        func std(_ xs: ArraySlice<Double>) -> Double {
            let m = xs.reduce(0, +) / Double(xs.count)
            return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)).squareRoot()
        }
        #expect(abs(std(w[0..<40_000]) / (1 / 20.0) - 1) < 0.03)
        let v = 40_000 + 10_000 + 100
        #expect(abs(std(w[v..<v + 5000]) / (1 / 10.0) - 1) < 0.05)
        // An orthogonal U's entries have variance 1/h.
        #expect(abs(std(w[40_000..<50_000]) / (1 / 10.0) - 1) < 0.05)
    }

    @Test func orthogonalMatricesFromTheGenerator() {
        for n in [1, 2, 7, 40] {
            var rng = SplitMix64(seed: UInt64(n))
            let q = Tensor(shape: [n, n], scalars: rng.orthogonal(n))
            let qtq = BLAS.matmul(q, q, transA: true)
            var err = 0.0
            for r in 0..<n { for c in 0..<n { err = max(err, abs(qtq[r, c] - (r == c ? 1 : 0))) } }
            #expect(err < 1e-14, "n = \(n)")
        }
        // Haar: the sign of a 1×1 "matrix" is ±1 with even odds, so both turn up.
        var signs = Set<Double>()
        for s in 0..<20 { var rng = SplitMix64(seed: UInt64(s)); signs.insert(rng.orthogonal(1)[0]) }
        #expect(signs == [-1, 1])
    }
}

@Suite struct RecurrentTestsLoss {
    @Test func seqcrossentropyByHand() throws {
        // One sequence of two steps of three classes: targets 2 then 0.
        let step1 = log(exp(1.0) + exp(2) + exp(3)) - 3, step2 = log(exp(0.5) + exp(-1) + exp(0)) - 0.5
        let v = try #require(try number("seqcrossentropy([1, 2, 3, 0.5, -1, 0], [2, 0])"))
        #expect(abs(v - (step1 + step2) / 2) < 1e-15)
        // Two sequences: the mean over all four (sequence, step) pairs.
        let m = try #require(try number("seqcrossentropy([1, 2, 3, 0.5, -1, 0; 0, 0, 0, 1000, 0, 0], [2, 0; 1, 0])"))
        let byHand: Double = (step1 + step2 + log(3.0) + 0) / 4
        #expect(abs(m - byHand) < 1e-13)
        // Its gradient in z is (softmax(zₜ) − onehotₜ) / (n·T).
        let g = try #require(try doubles("l(z) = seqcrossentropy(z, [2, 0])\ngrad(l, [1, 2, 3, 0.5, -1, 0])"))
        let s1 = [1.0, 2, 3].map { exp($0) / (exp(1.0) + exp(2) + exp(3)) }
        let s2 = [0.5, -1.0, 0].map { exp($0) / (exp(0.5) + exp(-1) + exp(0)) }
        #expect(close(g, [s1[0] / 2, s1[1] / 2, (s1[2] - 1) / 2, (s2[0] - 1) / 2, s2[1] / 2, s2[2] / 2], tol: 1e-15))
    }

    @Test func seqcrossentropyErrors() throws {
        var e = failure("z = zeros(2, 6)\nseqcrossentropy(z, [0, 1, 0; 1, 1, 1; 0, 0, 0])")
        #expect(e?.message == "seqcrossentropy: targets must be a matrix of class numbers with one row per sequence (2 rows, T columns), got a 3×3 matrix")
        #expect(e?.location.line == 2 && e?.location.column == 20)
        e = failure("seqcrossentropy(zeros(2, 6), [0, 1, 0, 1; 1, 1, 1, 1])")
        #expect(e?.message == "seqcrossentropy: logits have 6 columns, which is not T·k for the targets' T = 4 steps")
        e = failure("seqcrossentropy(zeros(2, 6), [0, 1; 1, 3])")
        #expect(e?.message == "seqcrossentropy: targets must be class numbers 0 … 2 (k = 3 classes per step), got 3")
        e = failure("seqcrossentropy(zeros(2, 6), [0, 1; 1, 0.5])")
        #expect(e?.message.contains("got 0.5") == true)
        e = failure("seqcrossentropy([1, 2; 3, 4], [0, 1; 1, 0])")
        #expect(e?.message.contains("not one-hot rows") == true)
        #expect(failure("seqcrossentropy(\"a\", [1])")?.message.contains("logits must be an n×(T·k) matrix") == true)
    }
}

@Suite struct RecurrentTestsText {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// 40 characters over "abcd\n"; the first 30 train, the last 10 validate.
    static let text = "abcd\nabcd\nbadc\nabcd\ncdab\nabcd\nddcc\nbbaa\n"

    @Test func windowsTargetsAndTheSplit() throws {
        let f = try NetworkTestsData.tempFile("t.txt", Self.text).path
        let i = Interpreter()
        try sfn("C = chars(\"\(f)\", T=4, valid=0.25)", i)
        #expect(try sfn("C.alphabet", i).value.swiftValue as? String == "\nabcd")
        #expect(try sfn("[C.k, C.T]", i).value.doubles == [5, 4])
        // 30 training characters: windows of 5 start at 0, 4, …, 24 (7 of them); 10 validation: 0, 4 (2).
        #expect(try sfn("[C.train.n, C.valid.n]", i).value.doubles == [7, 2])
        #expect(try sfn("size(C.train.x)", i).value.doubles == [7, 20])
        #expect(try sfn("size(C.train.y)", i).value.doubles == [7, 4])
        #expect(try sfn("C.train", i).value.kindDescription == "a dataset")
        // Decode: each step of x is one-hot; y is the next character's code.
        let codes = Array(Self.text.unicodeScalars).map { "\nabcd".unicodeScalars.firstIndex(of: $0)! }
            .map { "\nabcd".unicodeScalars.distance(from: "\nabcd".unicodeScalars.startIndex, to: $0) }
        let x = try #require(try sfn("C.train.x", i).value.doubles)
        let y = try #require(try sfn("C.train.y", i).value.doubles)
        for r in 0..<7 {
            for t in 0..<4 {
                let onehot = Array(x[(r * 4 + t) * 5..<(r * 4 + t + 1) * 5])
                #expect(onehot == (0..<5).map { $0 == codes[r * 4 + t] ? 1 : 0 })
                #expect(y[r * 4 + t] == Double(codes[r * 4 + t + 1]))
            }
        }
        let vy = try #require(try sfn("C.valid.y", i).value.doubles)
        #expect(vy == [31, 32, 33, 34, 35, 36, 37, 38].map { Double(codes[$0]) })
        // stride=1 overlaps the windows: 30 − 5 + 1 of them.
        #expect(try sfn("chars(\"\(f)\", T=4, stride=1, valid=0.25).train.n", i).value.number == 26)
        // Minibatches and subsets keep whole sequences.
        #expect(try sfn("S = subset(C.train, [3, 1])\n[S.n, size(S.x, 2), size(S.y, 2)]", i).value.doubles == [2, 20, 4])
        #expect(try sfn("S.y[1, :] == C.train.y[3, :]", i).value.doubles == [1, 1, 1, 1])
    }

    @Test func theShippedCorpus() throws {
        let i = Interpreter()
        try sfn("C = chars(\"\(Self.root.appendingPathComponent("data/grammar.txt").path)\")", i)
        #expect(try sfn("C.alphabet", i).value.swiftValue as? String == "\n ,.abcdefghiklmnopqrstuvwxy")
        #expect(try sfn("[C.k, C.T, size(C.train.x, 2), size(C.train.y, 2)]", i).value.doubles == [28, 20, 560, 20])
        let n = try #require(try sfn("[C.train.n, C.valid.n]", i).value.doubles)
        #expect(n[0] > 1700 && n[1] > 150 && n[0] > 8 * n[1])
    }

    @Test func errors() throws {
        let f = try NetworkTestsData.tempFile("t.txt", Self.text).path
        var e = failure("x = 1\nC = chars(\"/nonexistent/none.txt\")")
        #expect(e?.message == "chars: cannot read file '/nonexistent/none.txt': No such file or directory")
        #expect(e?.location.line == 2 && e?.location.column == 11)
        e = failure("chars(\"\(f)\", T=10, valid=0.25)")
        #expect(e?.message == "chars: '\(f)' has 40 characters; its validation part (the last 25%, 10 characters) is too short for one window of T + 1 = 11")
        #expect(e?.location.column == f.count + 11)
        e = failure("chars(\"\(f)\", T=40)")
        #expect(e?.message.contains("training part (the first 90%, 36 characters) is too short for one window of T + 1 = 41") == true)
        #expect(failure("chars(\"\(f)\", T=0)")?.message.contains("'T' must be a whole number from 1 to 1000000, got 0") == true)
        #expect(failure("chars(\"\(f)\", stride=0)")?.message.contains("'stride' must be a whole number ≥ 1") == true)
        e = failure("chars(\"\(f)\", valid=1)")
        #expect(e?.message.contains("'valid' must be a number in (0, 1), got 1") == true)
        #expect(e?.location.column == f.count + 11)
        let binary = try NetworkTestsData.tempFile("b.txt", "").path
        try Data([0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: binary))
        #expect(failure("chars(\"\(binary)\")")?.message.contains("is not UTF-8 text") == true)
    }
}

@Suite struct RecurrentTestsTraining {
    @Test func minibatchSGDLearnsTheCorpus() throws {
        let i = Interpreter()
        let root = RecurrentTestsText.root.appendingPathComponent("data/grammar.txt").path
        try sfn("""
            C = chars("\(root)", T=8)
            D = subset(C.train, 1:64)
            net = rnn([C.k, 8, C.k])
            loss(w, b) = seqcrossentropy(net(w, b.x), b.y)
            w0 = init(net, seed=1)
            r = sgd(loss, w0, data=D, batch=16, epochs=15, lr=1, momentum=0.9, clip=5, seed=2, quiet=true)
            """, i)
        // From about log(28) ≈ 3.3 nats to below the unigram entropy of the text (≈ 2.9).
        #expect(try #require(try sfn("loss(w0, D)", i).value.number) > 3.2)
        #expect(try #require(try sfn("r.f", i).value.number) < 2.8)
        #expect(try sfn("abs(r.f - loss(r.x, D)) < 1e-12", i).value.swiftValue as? Bool == true)
    }
}
