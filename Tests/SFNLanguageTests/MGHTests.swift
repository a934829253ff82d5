// import "mgh": the 35 Moré–Garbow–Hillstrom problems. Each f(x0) is checked against the value
// bench/mgh.py computes (sympy, written separately from the same paper), which agrees with every
// f(x0) the paper prints; f at the known minimisers against fstar; gradients finite at x0.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

@Suite struct MGHTests {
    /// (name, f(x0)) in the paper's order, from `python3 bench/mgh.py`.
    static let atStart: [(String, Double)] = [
        ("rosenbrock", 24.2), ("freudenstein_roth", 400.5), ("powell_badly_scaled", 1.13526171734838),
        ("brown_badly_scaled", 999998000003), ("beale", 14.203125), ("jennrich_sampson", 4171.30616196049),
        ("helical_valley", 2500), ("bard", 41.681695861678), ("gaussian", 3.88810699116688e-06),
        ("meyer", 1693607809.43615), ("gulf", 12.1107058255695), ("box_3d", 1031.1538106094),
        ("powell_singular", 215), ("wood", 19192), ("kowalik_osborne", 0.00531317227210854),
        ("brown_dennis", 7926693.33699743), ("osborne1", 0.87902629354464), ("biggs_exp6", 0.77907007565597),
        ("osborne2", 2.09341951421206), ("watson", 30), ("extended_rosenbrock", 121), ("extended_powell", 430),
        ("penalty1", 885.06264), ("penalty2", 2.34000880546302), ("variably_dimensioned", 2198551.1625),
        ("trigonometric", 0.00707575946622256), ("brown_almost_linear", 273.248047828674),
        ("discrete_boundary", 0.00078851910126482), ("discrete_integral", 0.0634168415794526),
        ("broyden_tridiagonal", 21), ("broyden_banded", 360), ("linear_full_rank", 50),
        ("linear_rank1", 8658670), ("linear_rank1_zero", 4067996), ("chebyquad", 0.038617698285874),
    ]

    /// (name, a minimiser the paper gives in closed form): f there must be fstar.
    static let minimisers: [(String, String)] = [
        ("rosenbrock", "[1, 1]"), ("freudenstein_roth", "[5, 4]"), ("brown_badly_scaled", "[1e6, 2e-6]"),
        ("beale", "[3, 0.5]"), ("helical_valley", "[1, 0, 0]"), ("gulf", "[50, 25, 1.5]"), ("box_3d", "[1, 10, 1]"),
        ("powell_singular", "zeros(4)"), ("wood", "ones(4)"), ("biggs_exp6", "[1, 10, 1, 5, 4, 3]"),
        ("extended_rosenbrock", "ones(10)"), ("extended_powell", "zeros(8)"), ("variably_dimensioned", "ones(10)"),
        ("brown_almost_linear", "ones(10)"), ("linear_full_rank", "-ones(10)"),
        // Σ j·xⱼ = 3/(2m + 1) and Σ_{j=2}^{n−1} j·xⱼ = 3/(2m − 3), m = 20
        ("linear_rank1", "[3 / 41, 0, 0, 0, 0, 0, 0, 0, 0, 0]"), ("linear_rank1_zero", "[7, 3 / 74, 0, 0, 0, 0, 0, 0, 0, 9]"),
    ]

    /// (name, the minimiser scipy's least_squares found, to 10 digits: bench/mgh_fstar.py): where the
    /// paper's fstar is not zero, f there must be fstar to within compare's test.
    static let found: [(String, String)] = [
        ("jennrich_sampson", "[0.2578252137, 0.2578252137]"),
        ("bard", "[0.0824105598, 1.1330360921, 2.3436951786]"),
        ("gaussian", "[0.39895613784, 1.0000190845, 0]"),
        ("kowalik_osborne", "[0.1928069342, 0.1912823362, 0.1230565083, 0.1360623341]"),
        ("brown_dennis", "[-11.5944399031, 13.2036300505, -0.40343948, 0.2367787203]"),
        ("osborne1", "[0.3754100521, 1.9358469067, -1.4646871306, 0.0128675346, 0.0221226997]"),
        ("osborne2", "[1.3099771556, 0.431553797, 0.6336616998, 0.5994305367, 0.7541832328, 0.9042885602, 1.365811846, 4.823698803, 2.3986848651, 4.5688745979, 5.6753414702]"),
        ("watson", "[-0.0157250861, 1.0124348697, -0.2329916301, 1.260430102, -1.51372894, 0.99299644]"),
        ("penalty1", "[0.2500074996, 0.2500074996, 0.2500074996, 0.2500074996]"),
        ("penalty2", "[0.1999993334, 0.1913166959, 0.4801014811, 0.5188454178]"),
        ("chebyquad", "[0.0431527879, 0.1930908904, 0.2663287498, 0.5000000608, 0.5000000503, 0.733671336, 0.8069092096, 0.9568472675]"),
    ]

    static func loaded() throws -> Interpreter {
        let i = Interpreter()
        i.output = { _ in }
        _ = try i.run("import \"mgh\"")
        return i
    }

    @Test func thirtyFiveProblemsInThePapersOrder() throws {
        let i = try Self.loaded()
        let names = try i.run("[p.name for p in mgh_problems]")
        guard case .list(let l) = names else { Issue.record("not a list"); return }
        #expect(l.map { ValueDisplay.display($0) } == Self.atStart.map { "\"\($0.0)\"" })
    }

    @Test func fAtTheStartMatchesTheIndependentValues() throws {
        let i = try Self.loaded()
        for (name, expected) in Self.atStart {
            let f = try i.run("mgh_\(name).f(mgh_\(name).x0)").number
            #expect(f.map { abs($0 - expected) <= 1e-11 * max(1, abs(expected)) } == true, "\(name): \(f ?? .nan) vs \(expected)")
        }
    }

    @Test func fAtTheKnownMinimisersIsFstar() throws {
        let i = try Self.loaded()
        for (name, x) in Self.minimisers {
            let f = try i.run("mgh_\(name).f(\(x))").number, fstar = try i.run("mgh_\(name).fstar").number
            #expect(f != nil && fstar != nil && abs(f! - fstar!) <= 1e-12 * max(1, abs(fstar!)), "\(name): \(f ?? .nan) vs \(fstar ?? .nan)")
        }
    }

    @Test func fAtTheMinimisersFoundIsFstar() throws {
        let i = try Self.loaded()
        for (name, x) in Self.found {
            let f = try i.run("mgh_\(name).f(\(x))").number, fstar = try i.run("mgh_\(name).fstar").number
            #expect(f != nil && fstar != nil && abs(f! - fstar!) <= 1e-6 * max(1, abs(fstar!)), "\(name): \(f ?? .nan) vs \(fstar ?? .nan)")
            #expect(f.map { $0 >= fstar! - 1e-12 * max(1, abs(fstar!)) } == true, "\(name): f = \(f ?? .nan) is below fstar")
        }
    }

    @Test func gradientsAreFiniteAtTheStart() throws {
        let i = try Self.loaded()
        for (name, _) in Self.atStart {
            let finite = try i.run("g = grad(mgh_\(name).f, mgh_\(name).x0); all(abs(g) < inf)")
            #expect(ValueDisplay.display(finite) == "true", "\(name)")
        }
    }

    @Test func compareRunsTheSetInOneLine() throws {
        let i = try Self.loaded()
        let v = try i.run("c = compare([\"sfn\"], mgh_problems[1:3], steps=200, quiet=true); c.solved")
        #expect(v.doubles?.count == 3)
        #expect(v.doubles?.first == 1)   // sfn solves Rosenbrock from (−1.2, 1)
    }
}
