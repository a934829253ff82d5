// Lexical scopes: the global scope, one per function call, block, loop iteration and generator step.
import SFNSyntax

/// A scope: names bound to values, with a link to the enclosing scope.
///
/// Local scopes hold a handful of names, so they are one array searched linearly (lengths first,
/// then the strings), which is faster than hashing; the global scope, and any scope that grows
/// beyond `indexThreshold` names, also has a dictionary. Measured in a release build, the
/// interpreter adds about 1.1 µs to each `g = grad(f, x)` in a loop (a plain `g = x` iteration
/// costs about 0.25 µs); most of that is reference counting of AST payloads and values.
///
/// Each slot has a version, bumped on every assignment: a compiled objective remembers the
/// versions of the outer variables it read as constants and is recompiled when one changes.
///
/// Assignment rule (Julia's): `x = v` rebinds `x` in the nearest scope that has it, searching
/// outward but not past the innermost function call; otherwise it creates `x` in the current
/// scope. So a loop at top level can accumulate into a global, a function can never rebind a
/// global (it makes a local instead), and names created inside a block or a loop body are local
/// to it.
package final class Environment {
    /// One name and its value.
    struct Binding {
        let name: String
        var value: Value
        /// Bumped on every assignment.
        var version: Int
    }

    let parent: Environment?
    /// A function call's scope: assignment does not look past it.
    let isFunctionScope: Bool
    /// The compilation that created this scope (0: none). Lookups that leave the scopes of the
    /// current compilation are recorded as the objective's captured constants.
    let traceID: Int
    // Unchecked exclusivity: these are read on every name lookup, and the dynamic check (a
    // thread-local access set) cost more than the lookup itself; nothing here holds an access
    // across a call that could re-enter the same scope.
    @exclusivity(unchecked) private(set) var slots: [Binding] = []
    @exclusivity(unchecked) private var index: [String: Int]? = nil
    static let indexThreshold = 8

    init(parent: Environment?, isFunctionScope: Bool = false, traceID: Int = 0) {
        self.parent = parent; self.isFunctionScope = isFunctionScope; self.traceID = traceID
        // The global scope holds many names from the start (and `pi`, `inf`, … are rarely the
        // ones looked up): hash it.
        if parent == nil { index = [:] }
    }

    /// The slot of `name` in this scope only.
    @inline(__always) func slot(of name: String) -> Int? {
        if let index { return index[name] }
        // Comparing lengths first skips the general string comparison for most mismatches.
        let n = name.utf8.count
        for i in 0..<slots.count {
            let other = slots[i].name
            if other.utf8.count == n && other == name { return i }
        }
        return nil
    }

    @inline(__always) func value(at slot: Int) -> Value { slots[slot].value }
    @inline(__always) func version(at slot: Int) -> Int { slots[slot].version }

    /// Binds `name` in this scope (new or replacing).
    func define(_ name: String, _ value: Value) {
        if let i = slot(of: name) { set(i, value); return }
        slots.append(Binding(name: name, value: value, version: 0))
        if index != nil {
            index?[name] = slots.count - 1
        } else if slots.count > Environment.indexThreshold {
            index = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1.name, $0) })
        }
    }

    @inline(__always) func set(_ slot: Int, _ value: Value) {
        slots[slot].value = value
        slots[slot].version &+= 1
    }

    /// Empties a local scope for reuse (a loop reuses its iteration scope when no closure kept it).
    func removeAll() {
        slots.removeAll(keepingCapacity: true)
        if parent != nil { index = nil }
    }

    /// Finds `name` in this scope or an enclosing one.
    func lookup(_ name: String) -> (env: Environment, slot: Int)? {
        var e: Environment? = self
        while let env = e {
            if let s = env.slot(of: name) { return (env, s) }
            e = env.parent
        }
        return nil
    }

    /// Assigns by the rule above.
    func assign(_ name: String, _ value: Value) {
        var e: Environment? = self
        while let env = e {
            if let s = env.slot(of: name) { env.set(s, value); return }
            if env.isFunctionScope { break }
            e = env.parent
        }
        define(name, value)
    }

    /// The scope of the innermost function call (or the top level): where an indexed assignment
    /// into an outer binding keeps its copy, so that the copy lasts for the rest of the call, not
    /// just the loop body or block that made it.
    var enclosingFunctionScope: Environment {
        var e = self
        while !e.isFunctionScope, let p = e.parent { e = p }
        return e
    }

    /// The binding `assign(name, …)` would rebind, or nil when it would create a new one.
    func assignmentSlot(_ name: String) -> (env: Environment, slot: Int)? {
        var e: Environment? = self
        while let env = e {
            if let s = env.slot(of: name) { return (env, s) }
            if env.isFunctionScope { break }
            e = env.parent
        }
        return nil
    }

    /// Moves a slot's value out, leaving nothing there (the version is unchanged), so that the
    /// caller holds the only reference to its storage and can change it in place without a copy.
    /// The caller must put a value back with `set` before anything can read the slot.
    func take(_ slot: Int) -> Value {
        let v = slots[slot].value
        slots[slot].value = .nothing
        return v
    }

    /// The names bound in this scope.
    var names: [String] { slots.map(\.name) }

    /// Every name visible from here (innermost first), for suggestions.
    func visibleNames() -> [String] {
        var out: [String] = []
        var e: Environment? = self
        while let env = e { out += env.names; e = env.parent }
        return out
    }

    /// Each name's version (bumped by every assignment), in the order the names were bound.
    var versions: [(name: String, version: Int)] { slots.map { ($0.name, $0.version) } }

    /// The bindings of this scope, in the order they were made.
    var bindings: [(name: String, value: Value)] { slots.map { ($0.name, $0.value) } }
}
