// Tensor arithmetic through the tape's Graph: the single implementation of broadcasting, shape
// checks and elementwise math, shared by eager evaluation and compilation.
import SFNNumerics
import SFNTape
import SFNSyntax

extension Interpreter {
    /// Applies a graph operation to values and returns the result as a value.
    ///
    /// When any operand is traced, the operation is added to the graph of the objective being
    /// compiled (concrete operands become constants of it). Otherwise the operands become
    /// constants of a fresh scratch graph, where the operation is folded immediately: eager and
    /// compiled evaluation share one implementation, so their results and shape errors agree.
    /// A `GraphError` becomes an ``/SFNSyntax/SFNError`` at `location`; `what` names the operation in the
    /// message for operands that are not numbers or tensors ("+: expected …").
    public func graphOperation(_ operands: [Value], at location: SourceLocation, what: String,
                               _ op: (Graph, [Node]) throws -> Node) throws -> Value {
        var tracedOperand = false
        for v in operands { if case .traced = v { tracedOperand = true; break } }
        let graph: Graph
        if tracedOperand {
            guard let tracer else { throw escapedTrace(at: location) }
            graph = tracer.graph
        } else {
            // A fresh graph per operation: it is a small object, and nothing it holds (copies of
            // possibly large operands) outlives the operation.
            graph = Graph()
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(operands.count)
        for v in operands { nodes.append(try lift(v, into: graph, at: location, what: what)) }
        do {
            return value(of: try op(graph, nodes), in: graph)
        } catch let e as GraphError {
            throw SFNError(e.description, at: location)
        }
    }

    /// The node for a value in `graph`.
    func lift(_ v: Value, into graph: Graph, at location: SourceLocation, what: String) throws -> Node {
        switch v {
        case .number(let x): return graph.scalar(x)
        case .bool(let b): return graph.scalar(b ? 1 : 0)
        case .tensor(let t): return graph.constant(t)
        case .traced(let t):
            guard let tracer, t.tracer == tracer.id, tracer.graph === graph else { throw escapedTrace(at: location) }
            return t.node
        default:
            throw SFNError("\(what): expected a number or a tensor, got \(v.kindDescription)", at: location)
        }
    }

    /// A node's value: concrete when the graph folded it to a constant, else traced.
    func value(of node: Node, in graph: Graph) -> Value {
        if let t = graph.constantValue(node) { return Value.from(t) }
        return .traced(Traced(node: node, tracer: traceID))
    }

    /// The shape of a number, tensor or traced value; nil for other kinds.
    func shape(of v: Value) -> [Int]? {
        switch v {
        case .number, .bool: return []
        case .tensor(let t): return t.shape
        case .traced(let t): return tracer?.graph.shape(t.node)
        default: return nil
        }
    }

    func escapedTrace(at location: SourceLocation) -> SFNError {
        SFNError("a value that depends on an objective's parameters was used outside that objective (differentiating inside an objective is not supported)",
                 at: location)
    }
}
