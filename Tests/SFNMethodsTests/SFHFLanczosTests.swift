// SFHF's Lanczos route (the default): the direction −(H² + λI)⁻¹|H|g against an eigendecomposition,
// λ = 0 on a singular Hessian, reuse of the Krylov space across rejected λ's, and the counts.
import Foundation
import Testing
import SFNMethods
import SFNNumerics
import SFNTape

@Suite struct SFHFLanczosTests {
    static let storages: [LanczosFunction.Storage] = [.keep, .regenerate]

    @Test(arguments: storages)
    func directionMatchesTheExactOne(storage: LanczosFunction.Storage) throws {
        let settings = SFHFSettings(storage: storage)
        for (name, f, x) in try SFHFTests.problems() {
            let exact = try ExactSaddleFree(f, at: x)
            let top = exact.values.map { $0 * $0 }.max() ?? 1
            // H is singular to rounding on the MLP (eigenvalues ~1e-18): λ = 0 is not meaningful there.
            for relative in name == "mlp" ? [1e-4, 1e-2] : [0, 1e-4, 1e-2] {
                let lambda = relative * top
                let d = try Methods.sfhfDirection(f, at: x, damping: lambda, settings: settings)
                let reference = exact.direction(damping: lambda)
                let cos = cosine(d.direction, reference), err = relativeError(d.direction, reference: reference)
                let absError = relativeError(d.absGradient, reference: exact.absGradient)
                if SFHFTests.verbose {
                    print("lanczos \(storage) \(name) λ/λmax²=\(relative): dir cos \(cos) rel \(err) | |H|g rel \(absError) | hvps \(d.hvps) steps \(d.lanczosSteps)")
                }
                #expect(cos > 0.99999, "\(name) λ/λmax²=\(relative): cosine \(cos)")
                #expect(err < 5e-3, "\(name) λ/λmax²=\(relative): relative error \(err)")
                #expect(absError < 5e-3, "\(name): |H|g relative error \(absError)")
                // At most m steps; a second pass costs one fewer.
                let m = x.count
                #expect(d.lanczosSteps <= m)
                #expect(d.hvps == (storage == .keep ? d.lanczosSteps : 2 * d.lanczosSteps - 1))
            }
        }
    }

    /// The Lanczos route costs far fewer products than the ODE route for a direction at least as
    /// accurate (the point of the route).
    @Test func fewerProductsThanTheODERoute() throws {
        let (f, x) = try ScalableProblems.mlp([4, 6, 3])
        let exact = try ExactSaddleFree(f, at: x)
        let lambda = 1e-4 * (exact.values.map { $0 * $0 }.max() ?? 1)
        let lanczos = try Methods.sfhfDirection(f, at: x, damping: lambda)
        let ode = try Methods.sfhfDirection(f, at: x, damping: lambda, route: .ode)
        let reference = exact.direction(damping: lambda)
        #expect(relativeError(lanczos.direction, reference: reference) <= relativeError(ode.direction, reference: reference))
        #expect(lanczos.hvps * 20 < ode.hvps, "lanczos \(lanczos.hvps) hvps, ode \(ode.hvps)")
    }

    /// H = U diag(−2, −0.5, 0, 0, 1, 3) Uᵀ and λ = 0: the direction is the limit λ → 0⁺ of the
    /// damped one, −|H|⁺g — no step along the null space — whether or not g has a component there.
    @Test func zeroDampingOnASingularHessianIsThePseudoInverse() throws {
        let eigenvalues: [Double] = [-2, -0.5, 0, 0, 1, 3]
        let f = ScalableProblems.quadratic(eigenvalues: eigenvalues, seed: 11)
        let x = [0.3, -0.2, 0.1, 0.4, -0.5, 0.25]
        let exact = try ExactSaddleFree(f, at: x)
        let pseudo = exact.apply { abs($0) < 1e-10 ? 0 : -1 / abs($0) }
        // g has a component in the null space here (the quadratic's linear term is random).
        let nullPart = exact.apply { abs($0) < 1e-10 ? 1 : 0 }
        #expect(Vec.norm(nullPart) > 0.1 * Vec.norm(exact.gradient))
        for storage in Self.storages {
            let d = try Methods.sfhfDirection(f, at: x, damping: 0, settings: SFHFSettings(storage: storage))
            #expect(relativeError(d.direction, reference: pseudo) < 1e-8, "\(storage)")
            // And it is the limit of the damped directions.
            let damped = try Methods.sfhfDirection(f, at: x, damping: 1e-12, settings: SFHFSettings(storage: storage))
            #expect(relativeError(damped.direction, reference: pseudo) < 1e-3)
        }
    }

    /// f = Σ cᵢ√(1 + xᵢ²) from xᵢ = 3: the first λ's Newton-like step overshoots to xᵢ ≈ −27 and is
    /// rejected several times. The Krylov space (invariant after m = 6 steps) is built once: with the
    /// basis kept, no rejected λ costs a product; regenerated, one second pass serves three λ's.
    @Test(arguments: storages)
    func rejectedDampingReusesTheKrylovSpace(storage: LanczosFunction.Storage) throws {
        let c: [Double] = [1, 1.5, 2, 3, 4.5, 7]
        var products = 0
        let f = ClosureObjective(
            dimension: 6,
            // Closures typed in full: inferring these took the type checker 20 s.
            value: { (x: [Double]) -> Double in
                var s = 0.0
                for i in 0..<6 { s += c[i] * (1 + x[i] * x[i]).squareRoot() }
                return s
            },
            gradient: { (x: [Double]) -> [Double] in
                (0..<6).map { (i: Int) -> Double in c[i] * x[i] / (1 + x[i] * x[i]).squareRoot() }
            },
            hvp: { (x: [Double], v: [Double]) -> [Double] in
                products += 1
                return (0..<6).map { (i: Int) -> Double in c[i] * pow(1 + x[i] * x[i], -1.5) * v[i] }
            })
        let r = Methods.sfhf(f, x0: [Double](repeating: 3, count: 6), settings: SFHFSettings(storage: storage),
                             options: RunOptions(steps: 1, tol: 0))
        let rejected = Int(r.extra["rejected"] ?? 0)
        #expect(r.steps == 1 && r.f < r.history[0])
        #expect(rejected >= 3, "rejected \(rejected)")
        #expect(r.extra["lanczos_steps"] == 6)
        // The Lanczos run, the second passes (5 products each, one per three trials), ρ's product.
        let passes = storage == .keep ? 0 : (rejected + 1 + 2) / 3
        #expect(r.hvps == 6 + 5 * passes + 1, "hvps \(r.hvps), rejected \(rejected)")
        #expect(products == r.hvps)
        // Every trial cost one evaluation, the accepted one included.
        #expect(r.evals == 1 + rejected + 1)
    }

    @Test func stepCapAndCounts() throws {
        let f = ScalableProblems.quadratic(eigenvalues: (0..<40).map { (i: Int) -> Double in -3 + Double(i) * 0.2 + 0.01 }, seed: 5)
        let x0 = [Double](repeating: 0.2, count: 40)
        let r = Methods.sfhf(f, x0: x0, damping: .fixed(1e-2), lanczos: 5, options: RunOptions(steps: 3, tol: 0))
        #expect(r.extra["lanczos_steps"] == 15)
        #expect(r.hvps == 15)  // the basis is kept at this size; fixed damping needs no ρ
        let two = Methods.sfhf(f, x0: x0, damping: .fixed(1e-2), lanczos: 5,
                               settings: SFHFSettings(storage: .regenerate), options: RunOptions(steps: 3, tol: 0))
        #expect(two.hvps == 3 * (5 + 4))
        #expect(close(two.x, r.x, 1e-10))
    }

    @Test func cancelledDuringTheLanczosRun() {
        let base = ScalableProblems.quadratic(eigenvalues: (0..<30).map { (i: Int) -> Double in -1 + Double(i) * 0.1 + 0.05 }, seed: 6)
        let stop = Cancellation()
        var products = 0
        let f = ClosureObjective(dimension: 30, value: base.value(at:), gradient: { base.valueAndGradient(at: $0).gradient },
                                 hvp: { x, v in
                                     products += 1
                                     if products == 5 { stop.cancel() }
                                     return base.hessianVectorProduct(at: x, v)
                                 })
        let x0 = [Double](repeating: 0.1, count: 30)
        let r = Methods.sfhf(f, x0: x0, options: RunOptions(cancellation: stop))
        #expect(r.reason == .interrupted && r.steps == 0 && r.x == x0)
        #expect(products == 5)
    }
}
