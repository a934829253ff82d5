// The families of built-ins, read from the registry (Builtin.category): the loops here and in
// Conformance6Commands, PlotTests and MethodProblemTests go over every member, so a function,
// optimiser or plot added to the table is checked without anyone adding it to a list.
import Testing
@testable import SFNLanguage
import SFNTape

/// The members of one family, by name, from the registry the interpreter starts with.
enum Family {
    static func names(_ category: Builtin.Category) -> [String] {
        let registry = BuiltinRegistry.core
        return registry.names.filter { registry[$0]?.category == category }
    }
}

@Suite struct FamilyTests {
    let registry = BuiltinRegistry.core

    /// A name declared twice in the families is silently replaced by the later declaration (it
    /// happened to `save`, left in the plots' family when the data family gained the new one).
    @Test func everyBuiltinIsDeclaredOnce() {
        var seen: [String: Int] = [:]
        for b in Builtins.all { seen[b.name, default: 0] += 1 }
        #expect(seen.filter { $0.value > 1 }.keys.sorted() == [])
    }

    /// The families hold what the contract lists, and a member cannot leave its family unnoticed:
    /// what marks an optimiser (the shared optimiser help) or a plot (file= and title=) goes
    /// with the category, both ways.
    @Test func theCategoriesMatchWhatTheEntriesAre() {
        #expect(Set(["gd", "sgd", "newton", "sfn", "sfhf", "lbfgs"]).isSubset(of: Family.names(.optimiser)))
        #expect(Set(["plot", "hist", "scatter", "contour"]).isSubset(of: Family.names(.plot)))
        #expect(Set(UnaryTable.all.map { $0.name } + ["mod", "atan2"]).isSubset(of: Family.names(.elementwise)))
        #expect(Set(["sum", "prod", "mean", "max", "min", "softmax", "logsumexp"]).isSubset(of: Family.names(.reduction)))
        for name in registry.names {
            guard let b = registry[name] else { continue }
            #expect(b.help.contains(Builtins.optimiserHelp) == (b.category == .optimiser), "\(name): optimiser help and category disagree")
            let drawsOrWrites = Set(["file", "title"]).isSubset(of: b.parameters.map(\.name))
            // compare and spectrum draw a figure beside their work (a performance profile, a
            // histogram) but are not plot commands of the contract, which share labels=, xlabel=
            // and ylabel=: they say so with `draws`.
            if b.draws {
                #expect(drawsOrWrites && b.category != .plot, "\(name): draws beside its work but has no file= and title=")
            } else {
                #expect(drawsOrWrites == (b.category == .plot), "\(name): file= and title= but not a plot, or the other way")
            }
        }
    }

    // MARK: Elementwise functions

    /// Points for the unary functions, away from every kink and jump (0, the whole and half-whole
    /// numbers, tan's poles); a function is checked at those where it and its neighbours are finite.
    static let points: [Double] = [-1.7, -0.6, 0.3, 0.7, 1.3, 2.2]
    /// Pairs (a, b) for the binary ones, away from mod's jumps (a/b whole) and atan2's cut.
    static let pairs: [(Double, Double)] = [(0.7, 1.3), (2.2, 0.3), (-0.6, 1.3), (-1.7, 0.7), (1.3, -0.9)]
    static let h = 1e-5

    static func literal(_ xs: [Double]) -> String { "[" + xs.map { "\($0)" }.joined(separator: ", ") + "]" }

    /// Same value, where nan counts as equal to nan.
    static func same(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return false }
        return a == b || (a.isNaN && b.isNaN)
    }

    /// grad and hessian of `g` (a scalar function of the vector z) at z against central differences
    /// of the value and of grad, and the Hessian symmetric.
    static func checkDerivatives(_ definition: String, at z: [Double], _ what: String) throws {
        let setup = definition + "\nz = \(literal(z))\nh = \(h)\nn = length(z)\n"
        let grad = try #require(try Conf.doubles(setup + "grad(g, z)"), "\(what): grad")
        let fdGrad = try #require(try Conf.doubles(setup + """
            d = zeros(n)
            for j in 1:n { e = zeros(n); e[j] = 1; d[j] = (g(z + h * e) - g(z - h * e)) / (2 * h) }
            d
            """), "\(what): differences of g")
        let hess = try #require(try Conf.rows(setup + "hessian(g, z)"), "\(what): hessian")
        let fdHess = try #require(try Conf.rows(setup + """
            D = zeros(n, n)
            for j in 1:n { e = zeros(n); e[j] = 1; D[:, j] = (grad(g, z + h * e) - grad(g, z - h * e)) / (2 * h) }
            D
            """), "\(what): differences of grad")
        for i in z.indices {
            #expect(Conf.close(grad[i], fdGrad[i], tol: 1e-6), "\(what): ∂g/∂z\(i + 1) = \(grad[i]), differences \(fdGrad[i])")
            for j in z.indices {
                #expect(Conf.close(hess[i][j], fdHess[i][j], tol: 1e-5), "\(what): H[\(i + 1), \(j + 1)] = \(hess[i][j]), differences \(fdHess[i][j])")
                #expect(hess[i][j] == hess[j][i], "\(what): H is not symmetric")
            }
        }
    }

    /// Every elementwise function: a tensor gives what each element gives alone, in the tensor's
    /// shape (two arguments broadcast as a column against a row), and its derivatives to second
    /// order agree with differences, with nothing off the diagonal that couples two elements.
    @Test(arguments: Family.names(.elementwise))
    func everyElementwiseFunction(_ name: String) throws {
        let b = try #require(registry[name])
        #expect(!b.summary.isEmpty)
        switch b.parameters.filter(\.isRequired).count {
        case 1:
            let scalars = try Self.points.map { try Conf.number("\(name)(\($0))") }
            let tensor = try #require(try Conf.doubles("\(name)(\(Self.literal(Self.points)))"))
            #expect(tensor.count == Self.points.count && zip(tensor, scalars).allSatisfy(Self.same), "\(name): vector \(tensor) vs elements \(scalars)")
            #expect(try Conf.shape("\(name)(reshape(\(Self.literal(Self.points)), 2, 3))") == [2, 3])
            #expect(try Conf.rows("\(name)(reshape(\(Self.literal(Self.points)), 2, 3))")?.flatMap { $0 }.elementsEqual(tensor, by: Self.same) == true)
            // Where the function and its neighbours are finite.
            let smooth = try Self.points.filter { x in
                try [x - 2 * Self.h, x, x + 2 * Self.h].allSatisfy { (try Conf.number("\(name)(\($0))"))?.isFinite == true }
            }
            #expect(smooth.count >= 3, "\(name): too few points in its domain")
            try Self.checkDerivatives("g(z) = sum(\(name)(z))", at: smooth, name)
        case 2:
            let (a, c) = (Self.pairs.map(\.0), Self.pairs.map(\.1))
            let scalars = try Self.pairs.map { try Conf.number("\(name)(\($0.0), \($0.1))") }
            let tensor = try #require(try Conf.doubles("\(name)(\(Self.literal(a)), \(Self.literal(c)))"))
            #expect(zip(tensor, scalars).allSatisfy(Self.same) && tensor.count == a.count, "\(name): vectors \(tensor) vs elements \(scalars)")
            // A column against a row: every pairing, in an n×n matrix.
            let outer = try #require(try Conf.rows("\(name)(reshape(\(Self.literal(a)), \(a.count), 1), reshape(\(Self.literal(c)), 1, \(c.count)))"))
            for i in a.indices {
                for j in c.indices {
                    #expect(Self.same(outer[i][j], try Conf.number("\(name)(\(a[i]), \(c[j]))")), "\(name): broadcast [\(i + 1), \(j + 1)]")
                }
            }
            let n = a.count
            try Self.checkDerivatives("g(z) = sum(\(name)(z[1:\(n)], z[\(n + 1):\(2 * n)]))", at: a + c, name)
        default:
            Issue.record("\(name): an elementwise function takes one or two arguments")
        }
    }

    // MARK: Reductions

    /// A 2×3 matrix with distinct entries (so max and min have one winner everywhere), row-major.
    static let matrix: [Double] = [0.3, -0.6, 1.3, 0.7, 2.2, -1.7]
    static let matrixSource = "reshape(\(literal(matrix)), 2, 3)"

    /// Every reduction: over all elements it is the reduction of the flattened values; along an
    /// axis, each column (axis 1) or row (axis 2) alone gives its slice of the result; its
    /// derivatives to second order agree with differences, whole and along both axes.
    @Test(arguments: Family.names(.reduction))
    func everyReduction(_ name: String) throws {
        let whole = try Conf.value("\(name)(\(Self.matrixSource))")
        let flat = try Conf.value("\(name)(\(Self.literal(Self.matrix)))")
        #expect(Conf.close(whole.doubles, flat.doubles ?? [], tol: 1e-14), "\(name): all elements, \(whole) vs \(flat)")
        for axis in [1, 2] {
            let count = axis == 1 ? 3 : 2
            for k in 1...count {
                let slice = axis == 1 ? "A[:, \(k)]" : "A[\(k), :]"
                let alone = try #require(try Conf.doubles("A = \(Self.matrixSource)\n\(name)(\(slice))"), "\(name) of \(slice)")
                let r = try Conf.value("A = \(Self.matrixSource)\n\(name)(A, axis=\(axis))")
                let part: [Double]?
                switch Conf.shape(r) {
                case [count]?:  // reduced: the axis is dropped
                    part = r.doubles.map { [$0[k - 1]] }
                case [2, 3]?:   // normalised along the axis (softmax): the slice itself
                    let rows = r.matrixRows ?? []
                    part = axis == 1 ? rows.map { $0[k - 1] } : rows[k - 1]
                default:
                    part = nil
                }
                #expect(Conf.close(part, alone, tol: 1e-14), "\(name)(A, axis=\(axis)) at \(k): \(String(describing: part)) vs \(alone)")
            }
        }
        try Self.checkDerivatives("g(z) = sum(sin(\(name)(z)))", at: Self.matrix, "\(name) of all elements")
        for axis in [1, 2] {
            try Self.checkDerivatives("g(z) = sum(sin(\(name)(reshape(z, 2, 3), axis=\(axis))))", at: Self.matrix, "\(name) along axis \(axis)")
        }
    }
}

extension Conf {
    static func shape(_ v: Value) -> [Int]? {
        switch v {
        case .tensor(let t): return t.shape
        case .number: return []
        default: return nil
        }
    }
}
