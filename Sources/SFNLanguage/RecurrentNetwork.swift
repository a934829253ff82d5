// The recurrent network value (`rnn(...)`, beyond the contract's §6 "Networks and data"): an Elman
// network run over a minibatch of sequences, one sequence per row, so that every time step is one
// matrix product over the whole batch.
import SFNNumerics
import SFNTape
import SFNSyntax

/// An Elman recurrent network, made by `rnn([d, h, o], act=tanh, out=linear)`.
///
/// **Data layout.** A sequence of T inputs of width d is one row of T·d numbers, step after step:
/// X is n×(T·d) with step t of sequence i in row i, columns (t−1)·d+1 … t·d. `net(w, X)` is
/// n×(T·o) in the same layout. Rows are sequences so that `subset` and `sgd(..., batch=)` pick
/// whole sequences; a vector of length T·d is one sequence and gives a vector of length T·o.
///
/// **The recurrence**, in the row convention of `mlp` (h @ W + b), with h₀ = 0:
/// hₜ = act(xₜ @ W + hₜ₋₁ @ U + b) and yₜ = out(hₜ @ V + c). W is d×h, so the paper's W·xₜ is
/// xₜ @ W here. More hidden widths, `rnn([d, h₁, h₂, o])`, stack recurrent layers: layer l reads
/// the sequence of layer l−1's hidden states.
///
/// **Parameters**, one vector w of `net.size`: for each recurrent layer W (in×h, row-major), U
/// (h×h), b (h); then V (h_L×o), c (o). For one layer: W, U, b, V, c.
///
/// **Evaluation.** Each time step is two products for the whole batch, n×d @ W and n×h @ U; the
/// outputs of all steps are one (n·T)×h @ V product. It goes
/// through the interpreter's graph path like `Network`, so it runs eagerly and inside an objective
/// being compiled, where the products are BLAS matrix multiplications of the tape and the tape's
/// reverse mode is backpropagation through time.
package final class RecurrentNetwork: ParameterisedNetwork {
    /// One recurrent layer: `inputs` → `hidden`.
    struct Layer {
        let inputs: Int
        let hidden: Int
        /// Parameters: W (inputs × hidden), U (hidden × hidden), b (hidden).
        var size: Int { inputs * hidden + hidden * hidden + hidden }
    }

    let layers: [Layer]
    public let outputs: Int
    let activation: Network.Activation
    let outActivation: Network.Activation

    init(widths: [Int], activation: Network.Activation, out: Network.Activation) {
        precondition(widths.count >= 3)
        layers = (1..<widths.count - 1).map { Layer(inputs: widths[$0 - 1], hidden: widths[$0]) }
        outputs = widths[widths.count - 1]
        self.activation = activation
        outActivation = out
    }

    public var inputs: Int { layers[0].inputs }
    var lastHidden: Int { layers[layers.count - 1].hidden }
    public var widths: [Int] { [inputs] + layers.map(\.hidden) + [outputs] }
    /// The number of parameters: the length of w.
    public var size: Int { layers.reduce(0) { $0 + $1.size } + lastHidden * outputs + outputs }

    /// Where each recurrent layer's W starts in w (0-based); V starts after the last.
    var offsets: [Int] {
        var out: [Int] = [], o = 0
        for l in layers { out.append(o); o += l.size }
        return out
    }
    var outputOffset: Int { layers.reduce(0) { $0 + $1.size } }

    public var typeName: String { "network" }

    /// `rnn 28→32→28 (tanh, linear), 2876 parameters`
    public var displayText: String {
        "rnn " + widths.map(String.init).joined(separator: "→")
            + " (\(activation.name), \(outActivation.name)), \(size) parameters"
    }

    public var activationNames: [String] { [activation.name, outActivation.name] }

    /// `net(w, X)`.
    public func call(_ arguments: [Value], interpreter: Interpreter, at location: SourceLocation) throws -> Value {
        guard arguments.count == 2 else {
            throw SFNError("a recurrent network is called as net(w, X) with the parameter vector w and the sequences X (one per row), got \(Arguments.count(arguments.count, "argument"))",
                           at: location)
        }
        let w = arguments[0], x = arguments[1]
        try checkParameters(w, interpreter: interpreter, at: location)
        let d = inputs
        guard let xs = interpreter.shape(of: x), xs.count == 1 || xs.count == 2, xs[xs.count - 1] % d == 0,
              xs[xs.count - 1] > 0, xs[0] > 0 else {
            let got = interpreter.shape(of: x).map { Value.describe(shape: $0) } ?? x.kindDescription
            throw SFNError("the recurrent network's inputs must be an n×(T·\(d)) matrix (one sequence of T steps of \(d) per row) or a vector of length T·\(d), got \(got)",
                           at: location)
        }
        let one = xs.count == 1
        let n = one ? 1 : xs[0], steps = xs[xs.count - 1] / d
        let widest = Double(max(layers.map(\.hidden).max() ?? 0, outputs))
        try Builtins.checkResultCount(Double(n) * Double(steps) * widest, "the network's hidden states", at: location)

        // Step t of every sequence: the n×d block of columns t·d ..< (t+1)·d (a gather from data,
        // which has no adjoint when X does not depend on w).
        var states: [Value] = []
        states.reserveCapacity(steps)
        var index = [Int](repeating: 0, count: n * d)
        for t in 0..<steps {
            for i in 0..<n { for j in 0..<d { index[i * d + j] = i * steps * d + t * d + j } }
            states.append(try interpreter.graphOperation([x], at: location, what: "rnn") { g, nd in
                try g.gather(nd[0], index: index, shape: [n, d], label: "rnn")
            })
        }
        for (layer, offset) in zip(layers, offsets) {
            states = try recurrent(layer, at: offset, w, states, interpreter: interpreter, location: location)
        }
        // The outputs of all steps in one product: the states side by side (n×(T·h)), seen as
        // (n·T)×h, @ V + c.
        let (h, o, offset) = (lastHidden, outputs, outputOffset)
        var y = try interpreter.graphOperation([w] + states, at: location, what: "rnn") { g, nd in
            let v = try Network.slice(g, nd[0], offset, [h, o], label: "rnn")
            let c = try Network.slice(g, nd[0], offset + h * o, [o], label: "rnn")
            let all = try g.reshape(g.concat(Array(nd.dropFirst()), axis: 1), [n * steps, h])
            return try g.add(g.matmul(all, v), c)
        }
        // One row per (sequence, step), so that softmax is taken over each step's outputs.
        y = try outActivation.apply(to: y, interpreter: interpreter, at: location)
        let shape = one ? [steps * o] : [n, steps * o]
        return try interpreter.graphOperation([y], at: location, what: "rnn") { g, nd in try g.reshape(nd[0], shape) }
    }

    /// One recurrent layer over a sequence given as its steps (each n×inputs): the hidden states
    /// hₜ = act(xₜ @ W + hₜ₋₁ @ U + b), each n×hidden. Every step is its own products, so that the
    /// tape's reverse mode (backpropagation through time) costs O(T), with no step's cotangent
    /// spread over a tensor holding all steps.
    func recurrent(_ layer: Layer, at offset: Int, _ w: Value, _ inputs: [Value],
                   interpreter: Interpreter, location: SourceLocation) throws -> [Value] {
        let (d, h) = (layer.inputs, layer.hidden)
        var states: [Value] = []
        states.reserveCapacity(inputs.count)
        for x in inputs {
            let operands = states.last.map { [w, x, $0] } ?? [w, x]
            let z = try interpreter.graphOperation(operands, at: location, what: "rnn") { g, nd in
                let weights = try Network.slice(g, nd[0], offset, [d, h], label: "rnn")
                let bias = try Network.slice(g, nd[0], offset + d * h + h * h, [h], label: "rnn")
                let input = try g.add(g.matmul(nd[1], weights), bias)
                guard nd.count == 3 else { return input }   // h₀ = 0
                let u = try Network.slice(g, nd[0], offset + d * h, [h, h], label: "rnn")
                return try g.add(input, g.matmul(nd[2], u))
            }
            states.append(try activation.apply(to: z, interpreter: interpreter, at: location))
        }
        return states
    }

    /// A starting point, drawn in parameter order from SplitMix64(seed): W and V N(0, 1/fan_in)
    /// (fan_in = their rows, as `mlp`'s init), each U a random orthogonal matrix (Saxe et al. 2014:
    /// Gram–Schmidt on a matrix of standard normals, see ``/SFNNumerics/SplitMix64/orthogonal(_:)``), biases 0.
    public func initialParameters(seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var w: [Double] = []
        w.reserveCapacity(size)
        for l in layers {
            Network.appendFanInNormals(&w, rows: l.inputs, columns: l.hidden, &rng)
            w += rng.orthogonal(l.hidden)
            w += [Double](repeating: 0, count: l.hidden)
        }
        Network.appendFanInNormals(&w, rows: lastHidden, columns: outputs, &rng)
        w += [Double](repeating: 0, count: outputs)
        return w
    }
}
