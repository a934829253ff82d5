// The network value (LANGUAGE.md §2, §6 "Networks and data"): a stack of dense layers that maps
// rows of X to outputs, `net(w, X)`, with every parameter in one vector w.
import SFNNumerics
import SFNTape
import SFNSyntax

/// A feed-forward network of dense layers, made by `mlp(...)`, `dense(...)` and `chain(...)`.
///
/// `net(w, X)` maps the rows of X (n×d; a vector of length d is one row) to outputs (n×k): each
/// layer computes `act(h @ W + b)`. The parameter vector w holds, layer after layer, W (d×h,
/// row-major) then b (h): W₁, b₁, W₂, b₂, … — the layout of sfn-bench and of the JAX and PyTorch
/// peers, so the same w gives the same numbers. The computation goes through the interpreter's
/// graph path, so it works eagerly and inside an objective being compiled (w traced), where the
/// products become BLAS matrix multiplications of the tape.
package final class Network: ParameterisedNetwork {
    /// What a layer applies to its pre-activations.
    enum Activation {
        /// The identity (`linear`, `identity`): nothing is applied.
        case linear
        /// The softmax of each row (`softmax` names this, not the softmax over all elements).
        case softmax
        /// Any function of one argument, given the whole n×h matrix: `tanh`, `relu`, a lambda, ….
        case function(Function)

        var name: String {
            switch self {
            case .linear: return "linear"
            case .softmax: return "softmax"
            case .function(let f): return f.name ?? "function"
            }
        }

        /// The activation of h (traced or concrete); softmax is taken along h's last axis.
        func apply(to h: Value, interpreter: Interpreter, at location: SourceLocation) throws -> Value {
            switch self {
            case .linear:
                return h
            case .softmax:
                let axis = max(0, (interpreter.shape(of: h)?.count ?? 1) - 1)
                return try interpreter.graphOperation([h], at: location, what: "softmax") { g, n in try g.softmax(n[0], axis: axis) }
            case .function(let f):
                return try interpreter.call(.function(f), [h], at: location)
            }
        }
    }

    /// One dense layer: `inputs` → `outputs`, then the activation.
    struct Layer {
        let inputs: Int
        let outputs: Int
        let activation: Activation
        /// Parameters: W (inputs × outputs) then b (outputs).
        var size: Int { inputs * outputs + outputs }
    }

    let layers: [Layer]

    init(layers: [Layer]) {
        precondition(!layers.isEmpty)
        self.layers = layers
    }

    /// The number of parameters: the length of w.
    public var size: Int { layers.reduce(0) { $0 + $1.size } }
    /// The widths: inputs of the first layer, then each layer's outputs.
    public var widths: [Int] { [layers[0].inputs] + layers.map(\.outputs) }
    public var inputs: Int { layers[0].inputs }
    public var outputs: Int { layers[layers.count - 1].outputs }

    /// Where layer l's W and b start in w (0-based).
    var offsets: [Int] {
        var out: [Int] = [], o = 0
        for l in layers { out.append(o); o += l.size }
        return out
    }

    public var typeName: String { "network" }

    /// `network 64→32→10 (tanh, linear), 2410 parameters`
    public var displayText: String {
        "network " + widths.map(String.init).joined(separator: "→")
            + " (" + layers.map(\.activation.name).joined(separator: ", ") + "), \(size) parameters"
    }

    public var activationNames: [String] { layers.map(\.activation.name) }

    /// `net(w, X)`.
    public func call(_ arguments: [Value], interpreter: Interpreter, at location: SourceLocation) throws -> Value {
        guard arguments.count == 2 else {
            throw SFNError("a network is called as net(w, X) with the parameter vector w and the inputs X, got \(Arguments.count(arguments.count, "argument"))",
                           at: location)
        }
        let w = arguments[0], x = arguments[1]
        try checkParameters(w, interpreter: interpreter, at: location)
        guard let xs = interpreter.shape(of: x), xs.count == 1 || xs.count == 2, xs[xs.count - 1] == inputs else {
            let got = interpreter.shape(of: x).map { Value.describe(shape: $0) } ?? x.kindDescription
            throw SFNError("the network's inputs must be an n×\(inputs) matrix (one row per example) or a vector of length \(inputs), got \(got)",
                           at: location)
        }
        var h = x
        for (layer, offset) in zip(layers, offsets) {
            h = try interpreter.graphOperation([w, h], at: location, what: "network") { g, n in
                let (d, k) = (layer.inputs, layer.outputs)
                // Eager: sliced in Swift rather than through gather nodes.
                let weights = try Network.slice(g, n[0], offset, [d, k], label: "network")
                let bias = try Network.slice(g, n[0], offset + d * k, [k], label: "network")
                return try g.add(g.matmul(n[1], weights), bias)
            }
            h = try layer.activation.apply(to: h, interpreter: interpreter, at: location)
        }
        return h
    }

    /// A starting point: weights N(0, 1/fan_in) (fan_in = the layer's inputs), biases 0, drawn in
    /// parameter order from SplitMix64(seed).
    public func initialParameters(seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var w: [Double] = []
        w.reserveCapacity(size)
        for l in layers {
            Network.appendFanInNormals(&w, rows: l.inputs, columns: l.outputs, &rng)
            w += [Double](repeating: 0, count: l.outputs)
        }
        return w
    }
}

/// A network value that `init(net, seed=)` can make a starting point for: `mlp`/`chain` networks
/// and `rnn` networks.
package protocol ParameterisedNetwork: NativeValue {
    /// The number of parameters: the length of w.
    var size: Int { get }
    /// The widths: inputs, hidden layers, outputs.
    var widths: [Int] { get }
    var inputs: Int { get }
    var outputs: Int { get }
    /// The activations' names, for the `activations` field.
    var activationNames: [String] { get }
    /// A starting parameter vector drawn from SplitMix64(seed).
    func initialParameters(seed: UInt64) -> [Double]
}

extension ParameterisedNetwork {
    /// The fields every network has: size, sizes, inputs, outputs, activations.
    public var fieldNames: [String] { ["size", "sizes", "inputs", "outputs", "activations"] }

    public func field(_ name: String) -> Value? {
        switch name {
        case "size": return .number(Double(size))
        case "sizes": return .vector(widths.map(Double.init))
        case "inputs": return .number(Double(inputs))
        case "outputs": return .number(Double(outputs))
        case "activations": return .list(activationNames.map { .string($0) })
        default: return nil
        }
    }

    /// Checks that w is the parameter vector, of length `size` (the error points at the call).
    func checkParameters(_ w: Value, interpreter: Interpreter, at location: SourceLocation) throws {
        guard let ws = interpreter.shape(of: w), ws.count == 1, ws[0] == size else {
            let got = interpreter.shape(of: w).map { Value.describe(shape: $0) } ?? w.kindDescription
            throw SFNError("the network's parameters must be a vector of length \(size) (net.size), got \(got)", at: location)
        }
    }
}

extension Network {
    /// A rows×columns weight matrix drawn N(0, 1/rows) (rows = fan-in), appended to w: the init of
    /// every network's input-side weights.
    static func appendFanInNormals(_ w: inout [Double], rows: Int, columns: Int, _ rng: inout SplitMix64) {
        let scale = 1 / Double(rows).squareRoot()
        for _ in 0..<(rows * columns) { w.append(scale * rng.normal()) }
    }

    /// The slice w[offset ..< offset + rows·cols] as a rows×cols matrix node (a vector node when
    /// `shape` has one extent): a constant when w is concrete (eager evaluation slices in Swift),
    /// else a gather from the traced parameters.
    static func slice(_ g: Graph, _ w: Node, _ offset: Int, _ shape: [Int], label: String) throws -> Node {
        let count = shape.reduce(1, *)
        if let t = g.constantValue(w) {
            return g.constant(Tensor(shape: shape, scalars: Array(t.scalars[offset..<offset + count])))
        }
        return try g.gather(w, index: Array(offset..<offset + count), shape: shape, label: label)
    }
}
