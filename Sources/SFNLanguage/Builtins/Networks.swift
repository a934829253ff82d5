// Networks and losses (LANGUAGE.md §6 "Networks and data"): mlp, dense, chain, rnn, init, linear,
// mse, crossentropy, seqcrossentropy, accuracy. Networks are `Network` values (Network.swift) and
// `RecurrentNetwork` values (RecurrentNetwork.swift); the losses go through the graph, so they
// work eagerly and inside objectives.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Builtins {
    static var networks: [Builtin] { [
        Builtin("linear", summary: "the identity function: the activation of a layer that applies none",
                help: "mlp(sizes, out=linear) and dense(in, out, linear) use it; identity(x) is the same function.",
                parameters: [.required("x")]) { args in try args.required("x") },
        Builtin("identity", summary: "the identity function (the same as linear)",
                parameters: [.required("x")]) { args in try args.required("x") },
        Builtin("mlp", summary: "a multilayer perceptron: dense layers of the given widths",
                help: """
                    mlp([64, 32, 10]) has layers 64→32 (act) and 32→10 (out). net(w, X) maps the rows of X
                    (n×64) to outputs (n×10): h ← act(h @ W + b) layer by layer. w is one vector of
                    net.size parameters: W₁ (64×32, row-major), b₁, W₂, b₂, … (init(net) makes one).
                    act and out are functions of one argument applied elementwise (tanh, relu, sigmoid,
                    softplus, a lambda, …) or linear (no activation); softmax is taken along each row.
                    Strings work too: act="relu". Fields: size, sizes, inputs, outputs, activations.
                    """,
                parameters: [.required("sizes"), .named("act", shown: "tanh"), .named("out", shown: "linear")]) { args in
            let widths = try networkWidths(args, atLeast: 2, "at least the inputs and the outputs, as in [64, 32, 10]")
            let act = try activation(args, "act", default: "tanh")
            let out = try activation(args, "out", default: "linear")
            let layers = (0..<widths.count - 1).map { i in
                Network.Layer(inputs: widths[i], outputs: widths[i + 1], activation: i == widths.count - 2 ? out : act)
            }
            return .native(Network(layers: layers))
        },
        Builtin("dense", summary: "one dense layer act(h @ W + b), W in×out: a network to combine with chain",
                help: "Its parameters are W (in×out, row-major) then b (out). act as for mlp.",
                parameters: [.required("in"), .required("out"), .optional("act", shown: "linear")]) { args in
            let n = try args.int("in", in: 1...10_000_000), k = try args.int("out", in: 1...10_000_000)
            return .native(Network(layers: [Network.Layer(inputs: n, outputs: k, activation: try activation(args, "act", default: "linear"))]))
        },
        Builtin("chain", summary: "a network of layers (dense(...) or networks) applied in order",
                help: "chain(dense(64, 32, tanh), dense(32, 10)) is mlp([64, 32, 10]). Each layer's inputs must\nequal the previous one's outputs. The parameters are the layers' parameters in order.",
                parameters: [], variadic: "layer1, layer2, ...") { args in
            guard !args.rest.isEmpty else { throw args.error("give at least one layer, as in chain(dense(4, 8, tanh), dense(8, 1))") }
            var layers: [Network.Layer] = []
            for (i, (v, loc)) in zip(args.rest, args.restLocations).enumerated() {
                guard case .native(let n) = v, let net = n as? Network else {
                    throw SFNError("chain: layer \(i + 1) must be a network or a dense(...) layer, got \(v.kindDescription)", at: loc)
                }
                if let last = layers.last, last.outputs != net.inputs {
                    throw SFNError("chain: layer \(i + 1) takes \(net.inputs) inputs, but the layers before it give \(last.outputs)", at: loc)
                }
                layers += net.layers
            }
            return .native(Network(layers: layers))
        },
        Builtin("rnn", summary: "an Elman recurrent network over sequences: hₜ = act(xₜ @ W + hₜ₋₁ @ U + b), yₜ = out(hₜ @ V + c)",
                help: """
                    rnn([d, h, o]) reads sequences of T inputs of width d and gives T outputs of width o, with
                    h₀ = 0 (the paper's W·xₜ is xₜ @ W here, mlp's row convention). More widths stack recurrent
                    layers: rnn([d, h₁, h₂, o]) feeds layer 1's hidden states to layer 2 as its inputs.
                    Data layout: one sequence per row, its steps side by side. X is n×(T·d), step t of
                    sequence i in row i, columns (t−1)·d+1 … t·d; net(w, X) is n×(T·o) in the same layout
                    (a vector of length T·d is one sequence). T is the number of columns over d, so rows of any
                    length that is a multiple of d work, and subset / sgd(..., batch=) pick whole sequences.
                    Each time step is one matrix product over the whole batch (backpropagation through time
                    is the tape's reverse mode).
                    w is one vector of net.size parameters: per recurrent layer W (in×h, row-major), U (h×h),
                    b (h); then V (h×o), c (o). For rnn([d, h, o]): W, U, b, V, c; net.size = dh + h² + h + ho + o.
                    init(net, seed=) draws W and V N(0, 1/fan_in) and each U orthogonal (Saxe et al. 2014).
                    act and out as for mlp; out=softmax is taken over each step's o outputs.
                    Loss: seqcrossentropy(net(w, b.x), b.y) with chars(...)'s datasets.
                    Fields: size, sizes, inputs, outputs, activations.
                    """,
                parameters: [.required("sizes"), .named("act", shown: "tanh"), .named("out", shown: "linear")]) { args in
            let widths = try networkWidths(args, atLeast: 3, "the inputs, at least one hidden width and the outputs, as in [28, 32, 28]")
            let total = (1..<widths.count - 1).reduce(0.0) { t, i in
                let (d, h) = (Double(widths[i - 1]), Double(widths[i]))
                return t + d * h + h * h + h
            } + Double(widths[widths.count - 2] + 1) * Double(widths[widths.count - 1])
            guard total <= Double(Builtins.maxElements) else {
                throw args.error("the network would have \(ValueDisplay.number(total)) parameters, more than the limit of 1e8", at: "sizes")
            }
            return .native(RecurrentNetwork(widths: widths, activation: try activation(args, "act", default: "tanh"),
                                            out: try activation(args, "out", default: "linear")))
        },
        Builtin("init", summary: "a starting parameter vector for a network: scaled normal weights, zero biases",
                help: """
                    Weights N(0, 1/fan_in) with fan_in the layer's inputs, biases 0, drawn in parameter order
                    from a SplitMix64 generator seeded with seed (the same seed gives the same vector).
                    For rnn networks W and V likewise, and each recurrent matrix U a random orthogonal matrix
                    (UᵀU = I; Gram–Schmidt on a matrix of standard normals, as Saxe et al. 2014 advise).
                    """,
                parameters: [.required("net"), .named("seed", .number(0), accepts: .whole(0...Int.max))]) { args in
            let v = try args.required("net")
            guard case .native(let n) = v, let net = n as? any ParameterisedNetwork else {
                throw args.error("'net' must be a network (mlp(...), chain(...) or rnn(...)), got \(v.kindDescription)", at: "net")
            }
            let seed = try args.int("seed")
            guard net.size <= Builtins.maxElements else {
                throw args.error("the network has \(net.size) parameters, more than the limit of \(Builtins.maxElements)", at: "net")
            }
            return .vector(net.initialParameters(seed: UInt64(seed)))
        },
        Builtin("mse", summary: "mean squared error: mean((pred − target)²)",
                help: """
                    The mean over all elements, so over rows of the per-row mean (NumPy's and PyTorch's mean
                    squared error). pred and target must have one shape, except that an n×1 prediction goes
                    with a target vector of length n (and the other way round).
                    """,
                parameters: [.required("pred"), .required("target")]) { args in
            let p = try args.required("pred"), t = try args.required("target")
            let interpreter = args.context
            guard let sp = interpreter.shape(of: p) else { throw args.error("pred must be a number or a tensor, got \(p.kindDescription)", at: "pred") }
            guard let st = interpreter.shape(of: t) else { throw args.error("target must be a number or a tensor, got \(t.kindDescription)", at: "target") }
            let column = { (a: [Int], b: [Int]) in a.count == 2 && a[1] == 1 && b == [a[0]] }
            guard sp == st || column(sp, st) || column(st, sp) else {
                throw args.error("pred is \(Value.describe(shape: sp)) and target \(Value.describe(shape: st)); they must have one shape")
            }
            return try interpreter.graphOperation([p, t], at: args.location, what: "mse") { g, n in
                let d = try g.sub(g.reshape(n[0], st), n[1])
                return try g.mean(g.mul(d, d))
            }
        },
        Builtin("crossentropy", summary: "softmax cross-entropy, mean over rows: mean(logsumexp(z, 2) − sum(y·z, 2))",
                help: """
                    logits z (n×k, e.g. net(w, X) with out=linear) and one-hot targets y (n×k, as load(...,
                    onehot=true) and digits() give). Computed with a shifted logsumexp, so large logits do not
                    overflow. Vectors z and y (one row) give logsumexp(z) − y·z.
                    """,
                parameters: [.required("logits"), .required("onehot")]) { args in
            let z = try args.required("logits"), y = try args.required("onehot")
            let interpreter = args.context
            guard let sz = interpreter.shape(of: z), sz.count == 1 || sz.count == 2 else {
                throw args.error("logits must be an n×k matrix, got \(z.kindDescription)", at: "logits")
            }
            guard let sy = interpreter.shape(of: y), sy == sz else {
                let got = interpreter.shape(of: y).map { Value.describe(shape: $0) } ?? y.kindDescription
                throw args.error("onehot must have the logits' shape (\(Value.describe(shape: sz).dropFirst(2))), got \(got)"
                                 + (sz.count == 2 && interpreter.shape(of: y) == [sz[0]] ? "; labels must be one-hot (load(..., onehot=true))" : ""),
                                 at: "onehot")
            }
            return try interpreter.graphOperation([z, y], at: args.location, what: "crossentropy") { g, n in
                let axis: Int? = sz.count == 2 ? 1 : nil
                return try g.mean(g.sub(g.logsumexp(n[0], axis: axis), g.sum(g.mul(n[1], n[0]), axis: axis)))
            }
        },
        Builtin("seqcrossentropy", summary: "softmax cross-entropy of sequences, mean over all sequences and steps",
                help: """
                    logits z: n×(T·k), each row T steps of k scores side by side (the layout of rnn's outputs);
                    targets: n×T class numbers 0 … k−1 (chars(...)'s y: the next character at each step).
                    k is z's columns over T. The value is the mean over the n·T (sequence, step) pairs of
                    logsumexp(zₜ) − zₜ[targetₜ + 1], in nats (divide by log(2) for bits per character):
                    crossentropy(reshape(z, n*T, k), Y) with Y the one-hot rows of reshape(targets, n*T).
                    A vector z of length T·k with a vector of T targets is one sequence. Targets that are data
                    inputs of an objective (data=D) are not checked: they must be whole numbers 0 … k−1.
                    Accuracy per step: accuracy(reshape(z, n*T, k), reshape(targets, n*T)).
                    """,
                parameters: [.required("logits"), .required("targets")]) { args in
            let z = try args.required("logits"), y = try args.required("targets")
            let interpreter = args.context
            guard let sz = interpreter.shape(of: z), sz.count == 1 || sz.count == 2 else {
                throw args.error("logits must be an n×(T·k) matrix, got \(z.kindDescription)", at: "logits")
            }
            let one = sz.count == 1
            guard let sy = interpreter.shape(of: y), sy.count == sz.count, one || sy[0] == sz[0] else {
                let got = interpreter.shape(of: y).map { Value.describe(shape: $0) } ?? y.kindDescription
                throw args.error("targets must be " + (one ? "a vector of T class numbers" : "a matrix of class numbers with one row per sequence (\(sz[0]) rows, T columns)")
                                 + ", got \(got)", at: "targets")
            }
            let (n, steps, columns) = (one ? 1 : sz[0], sy[sy.count - 1], sz[sz.count - 1])
            guard steps > 0, columns % steps == 0, columns > 0 else {
                throw args.error("logits have \(columns) columns, which is not T·k for the targets' T = \(steps) steps", at: "targets")
            }
            let k = columns / steps
            guard k > 1 else {
                throw args.error("targets must be class numbers 0 … k−1, one per step, not one-hot rows; for one-hot targets use crossentropy(reshape(logits, n*T, k), reshape(onehot, n*T, k))",
                                 at: "targets")
            }
            if case .tensor(let t) = y, let bad = t.scalars.first(where: { !($0 == $0.rounded() && $0 >= 0 && $0 < Double(k)) }) {
                throw args.error("targets must be class numbers 0 … \(k - 1) (k = \(k) classes per step), got \(ValueDisplay.number(bad))", at: "targets")
            }
            let rows = n * steps
            return try interpreter.graphOperation([z, y], at: args.location, what: "seqcrossentropy") { g, nd in
                let logits = try g.reshape(nd[0], [rows, k])
                let classes = g.constant(Tensor(shape: [1, k], scalars: (0..<k).map(Double.init)))
                let onehot = try g.compare(.eq, g.reshape(nd[1], [rows, 1]), classes)
                return try g.mean(g.sub(g.logsumexp(logits, axis: 1), g.sum(g.mul(onehot, logits), axis: 1)))
            }
        },
        Builtin("accuracy", summary: "the fraction of rows whose largest score is at the labelled class",
                help: """
                    scores: n×k (logits or probabilities); labels: one-hot n×k, or a vector of n class numbers
                    0 … k−1 (load(..., onehot=false) of 0-based labels). Not differentiable: use it on results,
                    not inside an objective. Ties go to the first largest score.
                    """,
                parameters: [.required("scores"), .required("labels")]) { args in
            let s = try args.matrix("scores")
            let labels = try args.tensor("labels")
            let (n, k) = (s.shape[0], s.shape[1])
            guard k > 0 else { throw args.error("scores must have at least one column (class)", at: "scores") }
            func argmax(_ t: Tensor, _ i: Int) -> Int {
                var best = 0
                for j in 1..<k where t.scalars[i * k + j] > t.scalars[i * k + best] { best = j }
                return best
            }
            var correct = 0
            if labels.shape == s.shape {
                guard Vec.allFinite(labels.scalars) else { throw args.error("one-hot labels must be finite", at: "labels") }
                for i in 0..<n where argmax(s, i) == argmax(labels, i) { correct += 1 }
            } else if labels.shape == [n] {
                // A label that is no class would silently count as wrong (nan never equals a class).
                if let bad = labels.scalars.first(where: { !($0 == $0.rounded() && $0 >= 0 && $0 < Double(k)) }) {
                    throw args.error("labels must be class numbers 0 … \(k - 1) (k = \(k) columns of scores), got \(ValueDisplay.number(bad))",
                                     at: "labels")
                }
                for i in 0..<n where Double(argmax(s, i)) == labels.scalars[i] { correct += 1 }
            } else {
                throw args.error("labels must be one-hot \(n)×\(k) or a vector of length \(n), got \(Value.from(labels).kindDescription)", at: "labels")
            }
            return .number(n == 0 ? 0 : Double(correct) / Double(n))
        },
    ] }

    /// The network in argument `name`.
    /// The `sizes` argument of mlp and rnn: at least `count` whole numbers ≥ 1 (`what` names them).
    static func networkWidths(_ args: Arguments, atLeast count: Int, _ what: String) throws -> [Int] {
        let sizes = try args.vector("sizes")
        guard sizes.count >= count else { throw args.error("sizes must list \(what)", at: "sizes") }
        return try sizes.map { x -> Int in
            guard x == x.rounded(), x >= 1, x <= 1e7 else {
                throw args.error("sizes must be whole numbers ≥ 1, got \(ValueDisplay.number(x))", at: "sizes")
            }
            return Int(x)
        }
    }

    static func network(_ args: Arguments, _ name: String) throws -> Network {
        let v = try args.required(name)
        guard case .native(let n) = v, let net = n as? Network else {
            throw args.error("'\(name)' must be a network (mlp(...) or chain(...)), got \(v.kindDescription)", at: name)
        }
        return net
    }

    /// An activation argument: a function of one argument, `linear`/`identity`, `softmax` (by rows),
    /// or the name of one of these as a string. Absent: the built-in named `fallback`.
    static func activation(_ args: Arguments, _ name: String, default fallback: String) throws -> Network.Activation {
        let v = args.value(name) ?? .string(fallback)
        switch v {
        case .function(let f):
            if f.isBuiltin, let n = f.name {
                if n == "linear" || n == "identity" { return .linear }
                if n == "softmax" { return .softmax }
                if UnaryTable.functions[n] == nil {
                    throw args.error("'\(name)' must be an elementwise function such as tanh or relu (or linear), got the built-in \(n)", at: name)
                }
            }
            return .function(f)
        case .string(let s):
            switch s {
            case "linear", "identity", "none": return .linear
            case "softmax": return .softmax
            default:
                if UnaryTable.functions[s] != nil, case .function(let f)? = args.context.builtinValue(s) { return .function(f) }
                throw args.error("'\(name)' must be a function such as tanh, relu, sigmoid, softplus, or linear; got \"\(s)\"", at: name)
            }
        default:
            throw args.error("'\(name)' must be a function such as tanh or relu, or linear; got \(v.kindDescription)", at: name)
        }
    }
}
