// The compiler from sfn functions to the autodiff tape (LANGUAGE.md §5).
//
// An objective is compiled by running its body once with `traced` values for its parameters:
// every operation on a traced value adds a node to a Graph (GraphBridge.swift), everything else
// is evaluated as usual and enters the graph as a constant. So generators over constant ranges
// unroll, `if c then a else b` on a traced condition becomes a select, and values captured from
// outer scopes become constants of the tape.
import SFNMethods
import SFNNumerics
import SFNTape
import SFNSyntax

/// One compilation in progress.
final class Tracer {
    let id: Int
    let graph = Graph()
    private(set) var dependencies: [Dependency] = []
    private var seen: Set<DependencyKey> = []

    init(id: Int) { self.id = id }

    func record(_ d: Dependency) {
        if seen.insert(DependencyKey(start: ObjectIdentifier(d.start), name: d.name)).inserted { dependencies.append(d) }
    }
}

/// A name the objective read from outside its own scopes, and what it resolved to. The compiled
/// tape is reused only while every such name still resolves to the same, unchanged binding.
struct Dependency {
    let start: Environment
    let name: String
    /// The scope it was found in; nil for a built-in.
    let found: Environment?
    let slot: Int
    let version: Int
}

private struct DependencyKey: Hashable {
    let start: ObjectIdentifier
    let name: String
}

struct ObjectiveKey: Hashable {
    let function: ObjectIdentifier
    let shapes: [[Int]]
    /// Shapes of the data fields (and values of number fields), or empty without `data=`.
    let data: [String]
}

final class ObjectiveEntry {
    /// Held so that the function's identity (the key) cannot be reused by another object.
    let function: Function
    let compiled: CompiledFunction
    let dependencies: [Dependency]
    /// The starting point's shape the entry was last prepared for without `shapes=` (it
    /// determines the parameter shapes), or nil.
    var startShape: [Int]? = nil
    init(function: Function, compiled: CompiledFunction, dependencies: [Dependency]) {
        self.function = function; self.compiled = compiled; self.dependencies = dependencies
    }
}
